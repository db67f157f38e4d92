package dev.tandem.gateway.ws;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tandem.gateway.config.SharedLimitsConfig;
import dev.tandem.gateway.observe.ClientErrors;
import dev.tandem.protocol.SizeLimits;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;
import io.vertx.ext.web.Router;

/**
 * Puts a {@link FrameGuard} on the channel of every request to {@code /ws/docs/*}, before WebSockets Next upgrades
 * it: just in front of Vert.x's own handler, so after the upgrade it sees the decoded (and inflated) frames before
 * Vert.x aggregates them. (Neither Vert.x nor WebSockets Next offers a UTF-8 check or a close on an oversized
 * message; this uses Vert.x's {@code ConnectionBase}, public but internal, to reach the Netty pipeline.)
 */
@ApplicationScoped
public class FrameGuardRoute {

    private static final Logger LOG = Logger.getLogger(FrameGuardRoute.class);

    private final int hardLimit;
    private final ClientErrors errors;

    public FrameGuardRoute(SharedLimitsConfig limits, ClientErrors errors) {
        this.hardLimit = SizeLimits.hardFrameBytes(limits.maxFrameBytes());
        this.errors = errors;
    }

    void routes(@Observes Router router) {
        router.route("/ws/docs/*").order(-10_000).handler(ctx -> {
            install(ctx.request().connection(), ctx.request().remoteAddress() == null ? "unknown"
                    : ctx.request().remoteAddress().host());
            ctx.next();
        });
    }

    private void install(HttpConnection connection, String remoteAddress) {
        if (!(connection instanceof ConnectionBase base)) {
            LOG.warnf("no frame guard on %s: not a Vert.x connection", connection);
            return;
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        if (pipeline.get(FrameGuard.NAME) != null) {
            return; // a second request on a kept-alive connection
        }
        ChannelHandlerContext vertx = pipeline.context(VertxHandler.class);
        if (vertx == null) {
            LOG.warnf("no frame guard on %s: no Vert.x handler in %s", remoteAddress, pipeline.names());
            return;
        }
        pipeline.addBefore(vertx.name(), FrameGuard.NAME, new FrameGuard(hardLimit, remoteAddress, errors));
    }
}
