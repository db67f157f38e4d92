package dev.tandem.gateway.ws;

import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import dev.tandem.gateway.session.Outbound;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Sends to one WebSockets Next connection without blocking. {@code sendText} writes at subscription, and Vert.x
 * keeps the order of writes made one after another, from any thread, so messages leave in call order.
 */
final class ConnectionOutbound implements Outbound {
    private static final Logger LOG = Logger.getLogger(ConnectionOutbound.class);

    private final WebSocketConnection connection;
    private final AtomicInteger pending = new AtomicInteger();

    ConnectionOutbound(WebSocketConnection connection) {
        this.connection = connection;
    }

    @Override
    public void send(String text) {
        pending.incrementAndGet();
        connection.sendText(text).subscribe().with(ok -> pending.decrementAndGet(), failure -> {
            pending.decrementAndGet();
            LOG.debugf("send to %s failed: %s", connection.id(), failure.toString());
        });
    }

    @Override
    public void close(int code, String reason) {
        connection.close(new CloseReason(code, reason)).subscribe().with(ok -> {
        }, failure -> LOG.debugf("close of %s failed: %s", connection.id(), failure.toString()));
    }

    @Override
    public int pendingSends() {
        return pending.get();
    }
}
