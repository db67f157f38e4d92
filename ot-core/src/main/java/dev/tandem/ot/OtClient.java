package dev.tandem.ot;

import java.util.Optional;

/**
 * The client side of the protocol (ot.js's three-state client): at most one operation in flight, later local
 * edits composed into one buffer, and remote operations transformed against both before they are shown.
 *
 * <p>The server transforms a submitted operation against every operation committed since its base revision with
 * the submitted one on {@link Side#RIGHT} (see {@link OtServer}); the client transforms its own in-flight and
 * buffered operations the same way, so both sides compute the same operations.
 *
 * <p>Not thread-safe: drive it from one thread (the UI thread, or a test).
 */
public final class OtClient {
    private int revision;
    /** Sent and not yet acknowledged; {@code null} when synchronized. */
    private TextOperation inFlight;
    /** Local edits made while {@link #inFlight} was out, composed; {@code null} when none. */
    private TextOperation buffer;

    /** A client whose document is at {@code revision}. */
    public OtClient(int revision) {
        this.revision = revision;
    }

    /** The last server revision this client has incorporated. */
    public int revision() {
        return revision;
    }

    public State state() {
        if (inFlight == null) {
            return State.SYNCHRONIZED;
        }
        return buffer == null ? State.AWAITING_ACK : State.AWAITING_ACK_WITH_BUFFER;
    }

    /** The operation awaiting acknowledgement, if any (to resend after a reconnect). */
    public Optional<TextOperation> inFlight() {
        return Optional.ofNullable(inFlight);
    }

    /** The composed local edits not yet sent, if any. */
    public Optional<TextOperation> buffer() {
        return Optional.ofNullable(buffer);
    }

    /**
     * The user edited the document (already applied locally). Returns the operation to send now, if the
     * client was synchronized; otherwise the edit is buffered.
     */
    public Optional<TextOperation> applyLocal(TextOperation op) {
        if (op.isNoop()) {
            return Optional.empty();
        }
        if (inFlight == null) {
            inFlight = op;
            return Optional.of(op);
        }
        buffer = buffer == null ? op : Ot.compose(buffer, op);
        return Optional.empty();
    }

    /**
     * The server committed someone else's {@code op} at the next revision. Returns it transformed to apply to
     * the local document, which already holds the in-flight and buffered edits.
     */
    public TextOperation applyServer(TextOperation op) {
        revision++;
        if (inFlight == null) {
            return op;
        }
        TextOperation remote = Ot.transform(op, inFlight, Side.LEFT);
        inFlight = Ot.transform(inFlight, op, Side.RIGHT);
        if (buffer == null) {
            return remote;
        }
        TextOperation shown = Ot.transform(remote, buffer, Side.LEFT);
        buffer = Ot.transform(buffer, remote, Side.RIGHT);
        return shown;
    }

    /**
     * The server committed our in-flight operation at the next revision. Returns the buffered edits to send next,
     * if any.
     */
    public Optional<TextOperation> serverAck() {
        if (inFlight == null) {
            throw new IllegalStateException("acknowledgement with no operation in flight");
        }
        revision++;
        inFlight = buffer;
        buffer = null;
        return Optional.ofNullable(inFlight);
    }

    /** Where the client is in the protocol. */
    public enum State {
        SYNCHRONIZED,
        AWAITING_ACK,
        AWAITING_ACK_WITH_BUFFER
    }
}
