package dev.tandem.snapshot.api;

import dev.tandem.protocol.history.HistoryError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every refusal or failure of the history API as a {@link HistoryError} body with its code's status. */
public class HistoryExceptionMapper {
    private static final Logger LOG = Logger.getLogger(HistoryExceptionMapper.class);

    @ServerExceptionMapper
    public Response refused(HistoryException e) {
        if (e.code() == HistoryError.Code.INTERNAL_ERROR) {
            LOG.error(e.getMessage());
        }
        return answer(e.toError());
    }

    /**
     * Anything else that escapes a request (the database is down, a bug): 500 with an {@code INTERNAL_ERROR} body,
     * so clients read every failure the same way. The framework's own answers (an unknown path) pass through.
     */
    @ServerExceptionMapper
    public Response failed(RuntimeException e) {
        if (e instanceof WebApplicationException web) {
            return web.getResponse();
        }
        LOG.error("a history request failed", e);
        return answer(new HistoryError(HistoryError.Code.INTERNAL_ERROR, "the snapshot service failed to answer ("
                + e.getClass().getSimpleName() + "); its log has the details"));
    }

    private static Response answer(HistoryError error) {
        return Response.status(error.code().status()).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
    }
}
