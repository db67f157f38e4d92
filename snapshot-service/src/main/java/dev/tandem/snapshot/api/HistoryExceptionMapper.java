package dev.tandem.snapshot.api;

import dev.tandem.protocol.history.HistoryError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every refusal or failure of the history API as a {@link HistoryError} body with its code's status, the
 * framework's own refusals (no such path, a method or media type the path does not take) included. A client's
 * mistake is logged at DEBUG only (anyone can make them, as often as they like); a failure of the service at ERROR.
 */
public class HistoryExceptionMapper {
    private static final Logger LOG = Logger.getLogger(HistoryExceptionMapper.class);

    @ServerExceptionMapper
    public Response refused(HistoryException e) {
        if (e.code() == HistoryError.Code.INTERNAL_ERROR) {
            LOG.error(e.getMessage());
        } else {
            LOG.debug(e.getMessage());
        }
        return answer(e.toError());
    }

    /**
     * Anything else that escapes a request. The framework's refusals (404, 405, 406, 400, 413, 415) are answered
     * with their code; anything else (the database is down, a bug) is 500 with an {@code INTERNAL_ERROR} body, so
     * clients read every failure the same way.
     */
    @ServerExceptionMapper
    public Response failed(RuntimeException e, UriInfo uri) {
        if (e instanceof WebApplicationException web) {
            return refusedByFramework(web.getResponse(), uri);
        }
        LOG.error("a history request failed", e);
        return answer(new HistoryError(HistoryError.Code.INTERNAL_ERROR, "the snapshot service failed to answer ("
                + e.getClass().getSimpleName() + "); its log has the details"));
    }

    private static Response refusedByFramework(Response response, UriInfo uri) {
        String path = uri == null ? "this path" : HistoryRequests.quote(uri.getPath());
        HistoryError error = switch (response.getStatus()) {
            case 400 -> new HistoryError(HistoryError.Code.MALFORMED_REQUEST, "the request to " + path
                    + " cannot be read");
            case 404 -> new HistoryError(HistoryError.Code.NOT_FOUND, "no resource " + path + "; the API has"
                    + " /api/docs/{docId} and its /revisions/{revision}, /authorship, /ops, /revisions, /timeline,"
                    + " /chat, /versions");
            case 405 -> new HistoryError(HistoryError.Code.METHOD_NOT_ALLOWED, "the method is not allowed on "
                    + path + "; allowed: " + response.getHeaderString(HttpHeaders.ALLOW));
            case 406 -> new HistoryError(HistoryError.Code.NOT_ACCEPTABLE, "every answer of the API is "
                    + MediaType.APPLICATION_JSON + ", which the request does not accept");
            case 413 -> new HistoryError(HistoryError.Code.REQUEST_TOO_LARGE, "the request's body is too large");
            default -> null;
        };
        if (error == null) {
            return response;
        }
        LOG.debugf("%s: %s", error.code(), error.message());
        Response.ResponseBuilder answer = Response.status(error.code().status())
                .type(MediaType.APPLICATION_JSON_TYPE).entity(error);
        if (response.getHeaderString(HttpHeaders.ALLOW) != null) {
            answer.header(HttpHeaders.ALLOW, response.getHeaderString(HttpHeaders.ALLOW));
        }
        return answer.build();
    }

    private static Response answer(HistoryError error) {
        return Response.status(error.code().status()).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
    }
}
