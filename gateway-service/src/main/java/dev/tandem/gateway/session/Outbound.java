package dev.tandem.gateway.session;

/** The sending half of one WebSocket connection. Calls must not block; text goes out in call order. */
public interface Outbound {

    void send(String text);

    /**
     * The client joined with {@code batches}: from now on, messages ready at once may leave as one text message
     * holding a JSON array of them (docs/protocol.md, section 3).
     */
    default void acceptBatches() {
    }

    /** Closes the connection with a WebSocket close code, after what was sent before. */
    void close(int code, String reason);

    /** Messages handed to {@link #send} and not yet written. */
    int pendingSends();
}
