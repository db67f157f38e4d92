package dev.tandem.gateway.document;

import java.util.List;

import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.Participant;

/**
 * A connection as a {@link LiveDocument} sees it. The document calls these methods while it holds its lock, in
 * revision order, so each subscriber receives every revision once, in order, and nothing between a snapshot and
 * the revision after it.
 */
public interface Subscriber {

    /** The author identity of this connection: its own revisions arrive as {@code ack}. */
    String clientId();

    /** This connection (unique per WebSocket connection). */
    String sessionId();

    /** The first answer to a join without knownRevision: the document at {@code revision}. */
    void snapshot(int revision, String text, String language, List<Participant> present);

    /** The first answer to a join with knownRevision {@code known}; the revisions after it follow. */
    void resumed(int known, int head, List<Participant> present);

    /** The next revision: {@code ack} when it is this client's edit, {@code committed} otherwise. */
    void deliver(OpCommitted op);

    /** The sequencer refused an edit of this clientId. */
    void rejected(EditRejected rejected);

    /**
     * The sequencer recognised a resend of an edit of this clientId as committed at {@code duplicate.revision()}.
     * Called under the document's lock, like a delivery, so whether that revision has been delivered to this
     * subscriber is known exactly.
     */
    void duplicate(EditDuplicate duplicate);

    /** Another participant's presence, in the coordinates of the last revision delivered to this subscriber. */
    void presence(Participant participant);

    /** Another participant's last connection closed or expired. */
    void left(String clientId);

    /** The document cannot be served any more: a fatal error, then the connection closes. */
    void fail(ErrorCode code, String message);
}
