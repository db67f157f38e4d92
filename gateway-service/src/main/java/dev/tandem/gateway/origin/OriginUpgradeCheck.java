package dev.tandem.gateway.origin;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The origin rule at every WebSocket endpoint, as WebSockets Next checks an upgrade: a handshake from a page whose
 * origin {@link OriginPolicy} refuses is not upgraded (403). {@link OriginFilter} refuses the same handshakes
 * earlier, with a JSON body, which an upgrade check cannot give (WebSockets Next 3.34 ends a refused upgrade with
 * the status alone); this check keeps the rule where the endpoint is, whatever runs before it.
 */
@ApplicationScoped
public class OriginUpgradeCheck implements HttpUpgradeCheck {
    private final OriginPolicy policy;

    public OriginUpgradeCheck(OriginPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return Uni.createFrom().item(check(context.httpRequest()));
    }

    CheckResult check(HttpServerRequest request) {
        return policy.allows(request.getHeader(HttpHeaders.ORIGIN), request.getHeader(HttpHeaders.HOST))
                ? CheckResult.permitUpgradeSync() : CheckResult.rejectUpgradeSync(403);
    }
}
