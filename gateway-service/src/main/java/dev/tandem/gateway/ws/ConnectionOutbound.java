package dev.tandem.gateway.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import dev.tandem.gateway.session.Outbound;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Sends to one WebSockets Next connection without blocking. {@code sendText} writes at subscription, and Vert.x
 * keeps the order of writes made one after another, from any thread, so messages leave in call order.
 *
 * <p>Once the client has said it takes batches (docs/protocol.md, section 3), messages go through a queue that a
 * task on the connection's Vert.x context drains: what is queued when the task runs leaves as one text message
 * (a JSON array), what is alone leaves alone. Nothing waits for company, so a quiet document's ops go out as
 * before; a busy one's pile up while the writes of the previous ones are made, and leave together: one frame, one
 * write, instead of one per op per connection. The close goes through the same queue, so it follows what was
 * sent before it.
 */
final class ConnectionOutbound implements Outbound {
    private static final Logger LOG = Logger.getLogger(ConnectionOutbound.class);
    /** A batch's most characters (docs/protocol.md section 3; each of its messages is within the frame limit). */
    static final int MAX_BATCH_CHARS = 256 * 1024;

    private final WebSocketConnection connection;
    private final Context context;
    private final AtomicInteger pending = new AtomicInteger();
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean batches;

    /** Call on the connection's own thread (its {@code @OnOpen}): batches are drained on its Vert.x context. */
    ConnectionOutbound(WebSocketConnection connection) {
        this.connection = connection;
        this.context = Vertx.currentContext();
    }

    @Override
    public void acceptBatches() {
        batches = context != null;
    }

    @Override
    public void send(String text) {
        pending.incrementAndGet();
        if (!batches) {
            write(text, 1);
            return;
        }
        queue.add(text);
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> drain());
        }
    }

    /** Everything queued so far leaves, in order, as batches of at most {@link #MAX_BATCH_CHARS}. */
    private void drain() {
        drainScheduled.set(false); // a message queued from now on schedules the next drain
        List<String> batch = new ArrayList<>();
        int chars = 0;
        for (String text; (text = queue.poll()) != null; ) {
            if (!batch.isEmpty() && chars + text.length() + 1 > MAX_BATCH_CHARS) {
                writeBatch(batch);
                batch = new ArrayList<>();
                chars = 0;
            }
            batch.add(text);
            chars += text.length() + 1;
        }
        if (!batch.isEmpty()) {
            writeBatch(batch);
        }
    }

    private void writeBatch(List<String> batch) {
        write(batch.size() == 1 ? batch.get(0) : "[" + String.join(",", batch) + "]", batch.size());
    }

    private void write(String text, int messages) {
        connection.sendText(text).subscribe().with(ok -> pending.addAndGet(-messages), failure -> {
            pending.addAndGet(-messages);
            LOG.debugf("send to %s failed: %s", connection.id(), failure.toString());
        });
    }

    @Override
    public void close(int code, String reason) {
        if (batches) {
            // after the drain of what is queued (tasks of one context run in order)
            context.runOnContext(ignored -> {
                drain();
                closeNow(code, reason);
            });
        } else {
            closeNow(code, reason);
        }
    }

    private void closeNow(int code, String reason) {
        connection.close(new CloseReason(code, reason)).subscribe().with(ok -> {
        }, failure -> LOG.debugf("close of %s failed: %s", connection.id(), failure.toString()));
    }

    @Override
    public int pendingSends() {
        return pending.get();
    }
}
