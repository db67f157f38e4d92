package dev.tandem.system.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * One attacker's connection: sends a frame and waits, at most the answer window, for what answers it. Broadcast
 * traffic (other clients' {@code committed}, {@code presence}, {@code left}) is not an answer and is skipped. After
 * a fatal error or a close the connection is {@link #isOpen() closed}.
 */
final class HostileConnection implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BROADCAST = Set.of("committed", "presence", "left");

    private final FuzzTarget target;
    private final RawWebSocket socket;
    private boolean open = true;
    private int lastRevision = -1;

    HostileConnection(FuzzTarget target, RawWebSocket socket) {
        this.target = target;
        this.socket = socket;
    }

    Outcome exchange(String frame) throws InterruptedException {
        return exchange(RawWebSocket.TEXT, frame.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one whole frame of {@code opcode} and returns its answer. */
    Outcome exchange(int opcode, byte[] payload) throws InterruptedException {
        send(opcode, true, payload);
        return await();
    }

    /** Sends one frame without waiting (floods, fragments). */
    void send(int opcode, boolean fin, byte[] payload) {
        target.tally.sent();
        socket.send(opcode, fin, payload);
    }

    /** The next answer within the window; after a fatal error, also waits for the close (not counted). */
    Outcome await() throws InterruptedException {
        return await(target.answerWindow);
    }

    Outcome await(Duration window) throws InterruptedException {
        long deadline = System.nanoTime() + window.toNanos();
        while (open) {
            long left = deadline - System.nanoTime();
            RawWebSocket.Event event = left > 0 ? socket.next(Duration.ofNanos(left)) : null;
            if (event == null) {
                return Outcome.silent();
            }
            if (event instanceof RawWebSocket.Closed closed) {
                open = false;
                return Outcome.close(closed.code());
            }
            if (event instanceof RawWebSocket.Ended) {
                open = false;
                return Outcome.ended();
            }
            String text = ((RawWebSocket.Text) event).text();
            JsonNode message = parse(text);
            String type = message.path("type").asText("");
            if (message.has("revision") && ("committed".equals(type) || "ack".equals(type)
                    || "snapshot".equals(type))) {
                lastRevision = message.get("revision").asInt();
            }
            if (BROADCAST.contains(type)) {
                continue;
            }
            if ("error".equals(type)) {
                boolean fatal = message.path("fatal").asBoolean(false);
                Long retryAfter = message.has("retryAfterMs") ? message.get("retryAfterMs").asLong() : null;
                Outcome error = Outcome.error(message.path("code").asText("(no code)"), fatal, retryAfter);
                return fatal ? closeAfter(error, deadline) : error;
            }
            return Outcome.reply(type.isEmpty() ? "(no type: " + text + ")" : type);
        }
        return Outcome.ended();
    }

    /** After a fatal error: the close that follows it, awaited until {@code deadline} (or a second). */
    private Outcome closeAfter(Outcome error, long deadline) throws InterruptedException {
        open = false;
        long until = Math.max(deadline, System.nanoTime() + 1_000_000_000L);
        while (true) {
            long left = until - System.nanoTime();
            RawWebSocket.Event event = left > 0 ? socket.next(Duration.ofNanos(left)) : null;
            if (event == null || event instanceof RawWebSocket.Ended) {
                return error;
            }
            if (event instanceof RawWebSocket.Closed closed) {
                return error.closedWith(closed.code());
            }
        }
    }

    /** The last revision this connection saw (snapshot, committed or ack); -1 before any. */
    int lastRevision() {
        return lastRevision;
    }

    boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        socket.close();
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return JSON.createObjectNode().put("type", "(not JSON: " + text + ")");
        }
    }
}
