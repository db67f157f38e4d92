package dev.tandem.gateway.session;

/** The sending half of one WebSocket connection. Calls must not block; text goes out in call order. */
public interface Outbound {

    void send(String text);

    /** Closes the connection with a WebSocket close code, after what was sent before. */
    void close(int code, String reason);

    /** Messages handed to {@link #send} and not yet written. */
    int pendingSends();
}
