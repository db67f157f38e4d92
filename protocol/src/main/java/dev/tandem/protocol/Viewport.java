package dev.tandem.protocol;

/**
 * What a client shows of its document, in code points of that document (like a {@link Selection}): from the start
 * of the first line in view to the end of the last. A follower scrolls to it (docs/protocol.md, section 8). JSON:
 * {@code {"from":120,"to":2048}}.
 */
public record Viewport(int from, int to) {
    public Viewport {
        Check.nonNegative("from", from);
        Check.nonNegative("to", to);
        if (to < from) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "to must be >= from " + from + ", was " + to);
        }
    }
}
