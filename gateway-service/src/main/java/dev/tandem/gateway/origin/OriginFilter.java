package dev.tandem.gateway.origin;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tandem.gateway.api.ApiErrors;
import dev.tandem.protocol.history.HistoryError.Code;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's origin rule and CORS policy (docs/protocol.md section 3, docs/operations.md), before any route:
 * <ul>
 *   <li>a WebSocket handshake on {@code /ws/} from a page whose origin {@link OriginPolicy} refuses gets 403 with
 *       an {@code ORIGIN_NOT_ALLOWED} body ({@link OriginUpgradeCheck} refuses it again at the endpoint, where
 *       WebSockets Next can answer only a bare status);</li>
 *   <li>so does a POST, PUT, PATCH or DELETE under {@code /api} (a cross-origin form or fetch would otherwise
 *       create documents in the name of whoever visits the page);</li>
 *   <li>CORS, hand-written because Quarkus' filter cannot say "the origin the Host header names" and answers its
 *       refusals without a body: a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) under
 *       {@code /api} from an allowed origin is answered 204 with the methods and headers the API takes; an allowed
 *       origin's requests under {@code /api} get {@code Access-Control-Allow-Origin} naming it. Other origins get
 *       no CORS header, so their pages cannot read an answer (a GET still runs: it changes nothing).</li>
 * </ul>
 * A refusal is logged at DEBUG: any page can cause them.
 */
@ApplicationScoped
public class OriginFilter {
    static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
    static final String ALLOWED_HEADERS = "Accept, Content-Type";
    /** Before the API's body limit and Quarkus' own handlers. */
    private static final int PRIORITY = 200;
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    private static final Logger LOG = Logger.getLogger(OriginFilter.class);

    private final OriginPolicy policy;

    public OriginFilter(OriginPolicy policy) {
        this.policy = policy;
    }

    void filters(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = request.path() == null ? "" : request.path();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        boolean api = path.equals("/api") || path.startsWith("/api/");
        boolean allowed = policy.allows(origin, request.getHeader(HttpHeaders.HOST));
        if (path.startsWith("/ws/") && isWebSocketHandshake(request) && !allowed) {
            refuse(ctx, origin, "open a WebSocket");
            return;
        }
        if (!api) {
            ctx.next();
            return;
        }
        if (allowed && origin != null) {
            ctx.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .putHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        }
        if (request.method() == HttpMethod.OPTIONS && origin != null
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
            if (!allowed) {
                refuse(ctx, origin, "ask for cross-origin access to the API");
                return;
            }
            ctx.response().setStatusCode(204)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600")
                    .end();
            return;
        }
        if (WRITES.contains(request.method()) && !allowed) {
            refuse(ctx, origin, request.method() + " to the API");
            return;
        }
        ctx.next();
    }

    private void refuse(RoutingContext ctx, String origin, String what) {
        LOG.debugf("origin %s may not %s (%s %s)", origin, what, ctx.request().method(), ctx.request().path());
        ApiErrors.send(ctx, Code.ORIGIN_NOT_ALLOWED, "pages from " + ApiErrors.quote(origin) + " may not " + what
                + " on this gateway; it allows " + String.join(", ", policy.allowed())
                + " (tandem.gateway.origins.allowed)");
    }

    static boolean isWebSocketHandshake(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }
}
