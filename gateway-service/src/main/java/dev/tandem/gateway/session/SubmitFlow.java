package dev.tandem.gateway.session;

import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

import dev.tandem.protocol.ClientMessage;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.ForkOrigin;

/**
 * One connection's submits (docs/protocol.md, sections 4 and 10, the gateway): at most one in flight, consecutive
 * clientSeqs, a base revision it was sent, and the pace of the submit limit. A submit beyond that pace is not an
 * error: it becomes the connection's edit in flight and is <em>held</em> until the bucket has a token, while the
 * client composes its next edits (section 5), so a client that follows the protocol never trips the limit.
 * Not thread-safe: used under the session's lock.
 */
final class SubmitFlow {

    /** What to do with a submit. */
    sealed interface Outcome permits Refuse, Publish, Hold {
    }

    /** Refuse it (fatal). */
    record Refuse(Refusal refusal) implements Outcome {
    }

    /** Publish it now. */
    record Publish() implements Outcome {
    }

    /** It is in flight; publish it after {@code delayNanos} ({@link #takeHeldToken}). */
    record Hold(long delayNanos) implements Outcome {
    }

    private final SessionLimits limits;
    private final TokenBucket submits;

    /** clientSeq of the submit awaiting its ack or error; 0 when none. */
    private long inFlight;
    private long inFlightSinceNanos;
    /** Whether the one in flight waits for a submit token (it has not been published yet). */
    private boolean held;
    /** clientSeq of a resend of an acknowledged edit, awaiting the sequencer's answer; 0 when none. */
    private long resendInFlight;
    /** The clientSeq of this connection's previous submit; 0 before the first. */
    private long lastSubmitted;
    /** The highest clientSeq acknowledged on this connection. */
    private long lastAcked;

    SubmitFlow(SessionLimits limits, long nowNanos) {
        this.limits = limits;
        this.submits = new TokenBucket(limits.submitsPerSecond(), limits.submitBurst(), nowNanos);
    }

    /**
     * Decides a submit made on {@code delivered}, the last revision sent to the connection, to a document now
     * {@code documentLength} code points long.
     * <p>
     * A resend of a clientSeq whose ack this connection was already sent (a client resends its in-flight edit on
     * {@code resumed}, and the replay after it may hold the ack) goes to the sequencer like any submit, which
     * answers EditDuplicate (then ALREADY_COMMITTED here) or CLIENT_SEQ_REUSED if it is another edit. It does not
     * occupy the in-flight slot: the client already holds that ack and may submit its next edit at once. One such
     * resend at a time; it is not paced (each needs an ack and costs an ALREADY_COMMITTED from the error budget).
     */
    Outcome submit(ClientMessage.Submit submit, int delivered, boolean readOnly, int documentLength, long nowNanos) {
        long seq = submit.clientSeq();
        if (readOnly) {
            return refuse(ErrorCode.READ_ONLY, "this document was joined by its read-only id", seq);
        }
        if (submit.edit() instanceof ForkOrigin) {
            return refuse(ErrorCode.INVALID_EDIT, "a fork edit is made by POST /api/docs/{docId}/forks, never"
                    + " submitted by a client", seq);
        }
        boolean resend = seq <= lastAcked;
        if (resend ? resendInFlight != 0 || inFlight != 0 : inFlight != 0) {
            return refuse(ErrorCode.EDIT_IN_FLIGHT, "submit " + seq + " arrived while submit "
                    + (inFlight != 0 ? inFlight : resendInFlight) + " awaits its answer", seq);
        }
        long previous = Math.max(lastSubmitted, lastAcked);
        if (!resend && previous != 0 && seq != previous + 1) {
            return refuse(ErrorCode.CLIENT_SEQ_OUT_OF_ORDER, "submit.clientSeq must be " + (previous + 1)
                    + " (or the resend of an acknowledged one), was " + seq, seq);
        }
        if (submit.baseRevision() > delivered) {
            return refuse(ErrorCode.BASE_REVISION_AHEAD, "submit.baseRevision " + submit.baseRevision()
                    + " is ahead of revision " + delivered + ", the last one sent to this connection", seq);
        }
        // an edit keeps its inserted length through any transform and can only lose deletions, so this bound
        // refuses only edits the sequencer would certainly refuse too
        long atLeast = (long) documentLength + submit.edit().operation().insertedLength()
                - submit.edit().operation().deletedLength();
        if (atLeast > limits.maxDocumentLength()) {
            return refuse(ErrorCode.DOCUMENT_TOO_LARGE, "the edit would make the document at least " + atLeast
                    + " code points long; the maximum is " + limits.maxDocumentLength(), seq);
        }
        if (resend) {
            resendInFlight = seq;
            return new Publish();
        }
        inFlight = seq;
        inFlightSinceNanos = nowNanos;
        lastSubmitted = seq;
        if (submits.tryTake(nowNanos)) {
            return new Publish();
        }
        held = true;
        return new Hold(submits.nanosUntilToken(nowNanos));
    }

    /**
     * The held submit's turn: true if it is still held and a token was taken (publish it now); false if it was
     * settled meanwhile or must wait longer ({@link #heldWaitNanos} says how long).
     */
    boolean takeHeldToken(long nowNanos) {
        if (!held) {
            return false;
        }
        if (submits.tryTake(nowNanos)) {
            held = false;
            return true;
        }
        return false;
    }

    /** How long the held submit still waits; -1 when none is held. */
    long heldWaitNanos(long nowNanos) {
        return held ? Math.max(1, submits.nanosUntilToken(nowNanos)) : -1;
    }

    /** This clientId's revision for {@code clientSeq} was delivered; returns the ack latency if it settled ours. */
    long acked(long clientSeq, long nowNanos) {
        lastAcked = Math.max(lastAcked, clientSeq);
        if (inFlight == clientSeq) {
            inFlight = 0;
            held = false;
            return nowNanos - inFlightSinceNanos;
        }
        return -1;
    }

    /**
     * The sequencer recognised a resend: true if it settles a submit of this connection now, because the revision
     * it names was already delivered here (it will not come again as an ack): then the client is told
     * ALREADY_COMMITTED. A revision not delivered yet arrives in order as the ack and settles it then.
     */
    boolean duplicate(EditDuplicate duplicate, int delivered) {
        if (duplicate.revision() > delivered) {
            return false;
        }
        if (resendInFlight != 0 && resendInFlight == duplicate.clientSeq()) {
            resendInFlight = 0;
            return true;
        }
        if (inFlight != 0 && inFlight == duplicate.clientSeq()) {
            lastAcked = Math.max(lastAcked, duplicate.clientSeq());
            inFlight = 0;
            held = false;
            return true;
        }
        return false;
    }

    /** Whether a refusal of {@code clientSeq} is about a submit of this connection awaiting its answer. */
    boolean awaitsAnswer(long clientSeq) {
        return clientSeq != 0 && (inFlight == clientSeq || resendInFlight == clientSeq);
    }

    /**
     * What the client is told when Kafka did not take its edit: an edit too large for a record can never be
     * taken (MESSAGE_TOO_LARGE, RESYNC: resending it would fail for ever); anything else is transient
     * (UNAVAILABLE: the client resumes and resends).
     */
    static Refusal publishFailed(Throwable failure, long clientSeq) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException) {
                return Refusal.of(ErrorCode.MESSAGE_TOO_LARGE, "the edit is larger than the largest record the"
                        + " log takes: " + t.getMessage(), clientSeq);
            }
        }
        return Refusal.of(ErrorCode.UNAVAILABLE, "the edit could not be handed to Kafka: " + failure.getMessage(),
                clientSeq);
    }

    private static Refuse refuse(ErrorCode code, String message, long seq) {
        return new Refuse(Refusal.of(code, message, seq));
    }
}
