package dev.tandem.gateway.api;

import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tandem.protocol.history.HistoryError.Code;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What the HTTP layer would otherwise answer itself under {@code /api}, answered as the API's other errors are:
 * a {@code HistoryError} body (docs/protocol.md, section 14): no route for the path (404 NOT_FOUND), a method the
 * path does not take (405 METHOD_NOT_ALLOWED, with {@code Allow}), a client that accepts no JSON (406
 * NOT_ACCEPTABLE), a body too large (413 REQUEST_TOO_LARGE). Elsewhere the router's answers stay as they are. (A
 * request line with an invalid %-escape never gets this far: Vert.x's HTTP server answers it 400 with no body.)
 * A client's mistake is logged at DEBUG only: anyone can send them, as fast as they like.
 */
@ApplicationScoped
public class ApiFallbackRoutes {
    /** The largest body a request under /api may carry: none of its requests has one (no POST takes a body). */
    static final long MAX_BODY_BYTES = 4096;
    /** After the origin filter, before Quarkus' own body limit (route order -2, which answers 413 without a body). */
    private static final int GUARD_PRIORITY = 100;
    private static final Logger LOG = Logger.getLogger(ApiFallbackRoutes.class);
    private static final String DEFAULT_404 = "<html><body><h1>Resource not found</h1></body></html>";
    private static final Pattern DOCUMENT_PATHS = Pattern.compile("/api/docs/[^/]+(/.*)?");
    private static final Pattern LINK_PATHS = Pattern.compile("/api/links/[^/]+");
    private static final Pattern FORK_PATHS = Pattern.compile("/api/docs/[^/]+/forks");
    private static final String ROUTES = "POST /api/docs, GET /api/docs/{docId} (and /revisions/{revision}, /authorship,"
            + " /ops, /revisions, /timeline, /chat, /versions), POST /api/docs/{docId}/forks, GET /api/links/{docId}";

    void routes(@Observes Router router) {
        router.errorHandler(404, ctx -> noRoute(ctx, 404));
        router.errorHandler(405, ctx -> noRoute(ctx, 405));
    }

    void filters(@Observes Filters filters) {
        filters.register(this::guard, GUARD_PRIORITY);
    }

    /** 413 for a body announced larger than {@link #MAX_BODY_BYTES}, 406 for a client that accepts no JSON. */
    private void guard(RoutingContext ctx) {
        if (!isApi(ctx)) {
            ctx.next();
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        if (length != null && exceeds(length)) {
            // the body is not read: close the connection rather than drain it
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            refuse(ctx, Code.REQUEST_TOO_LARGE, "a request under /api carries at most " + MAX_BODY_BYTES
                    + " bytes of body, this one " + ApiErrors.quote(length));
        } else if (accept != null && !acceptsJson(accept)) {
            refuse(ctx, Code.NOT_ACCEPTABLE, "every answer of the API is " + ApiErrors.JSON
                    + ", and the request accepts only " + ApiErrors.quote(accept));
        } else {
            ctx.next();
        }
    }

    /** No route took the request: 404, or 405 when the path is the API's but not for this method. */
    private void noRoute(RoutingContext ctx, int status) {
        if (!isApi(ctx)) {
            plain(ctx, status);
            return;
        }
        String path = ctx.request().path();
        String allowed = path.equals("/api/docs") || FORK_PATHS.matcher(path).matches() ? "POST"
                : DOCUMENT_PATHS.matcher(path).matches() || LINK_PATHS.matcher(path).matches() ? "GET" : null;
        if (allowed == null || allowed.equals(ctx.request().method().name())) {
            refuse(ctx, Code.NOT_FOUND, "no resource " + ApiErrors.quote(path) + "; the API has " + ROUTES);
        } else {
            ctx.response().putHeader(HttpHeaders.ALLOW, allowed);
            refuse(ctx, Code.METHOD_NOT_ALLOWED, ctx.request().method() + " is not allowed on "
                    + ApiErrors.quote(path) + "; allowed: " + allowed);
        }
    }

    private static void refuse(RoutingContext ctx, Code code, String message) {
        LOG.debugf("%s %s answered %s: %s", ctx.request().method(), ctx.request().path(), code, message);
        ApiErrors.send(ctx, code, message);
    }

    /** What the router answers without an error handler. */
    private static void plain(RoutingContext ctx, int status) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status);
        if (status == 404) {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(DEFAULT_404);
        } else {
            ctx.response().end();
        }
    }

    private static boolean exceeds(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Whether an {@code Accept} header admits application/json (media ranges only; q-values are not weighed). */
    static boolean acceptsJson(String accept) {
        for (String range : accept.split(",")) {
            String type = range.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals("*/*") || type.equals("application/*") || type.equals(ApiErrors.JSON)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the request is under /api, by its raw path (which may not decode). */
    static boolean isApi(RoutingContext ctx) {
        String path = ctx.request().path();
        return path != null && (path.equals("/api") || path.startsWith("/api/"));
    }
}
