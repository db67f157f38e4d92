package dev.tandem.gateway.session;

import java.time.Duration;
import java.util.List;

import org.jboss.logging.Logger;

import dev.tandem.gateway.document.LiveDocument;
import dev.tandem.gateway.document.Subscriber;
import dev.tandem.protocol.ClientMessage;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.Participant;
import dev.tandem.protocol.ServerMessage;
import dev.tandem.protocol.TandemJson;

/**
 * One connection's state and everything sent to it: what its {@link LiveDocument} delivers (under the document's
 * lock, in revision order), and the errors and closes {@link DocumentSession} decides. This object is the
 * connection's one lock: every send happens under it, so the connection sees messages in the order they were
 * decided. A session never takes its document's lock while holding this one.
 */
final class SessionSubscriber implements Subscriber {

    private static final Logger LOG = Logger.getLogger(SessionSubscriber.class);
    private static final TandemJson JSON = TandemJson.shared();

    enum Phase { OPEN, JOINING, JOINED, CLOSED }

    final String sessionId;
    final String pathDocId;
    final String remoteAddress;
    private final Outbound out;
    private final SessionEnvironment env;
    private final SessionLimits limits;
    final FrameAdmission admission;
    final SubmitFlow submits;
    private final Runnable cleanUp;

    Phase phase = Phase.OPEN;
    ClientMessage.Join join;
    String docId;
    boolean readOnly;
    LiveDocument document;
    boolean attached;
    /** The last revision sent to this connection (snapshot, resumed, ack or committed). */
    int delivered;
    /** The submit in flight that waits for a token of the submit limit, or null. */
    EditSubmitted held;

    SessionSubscriber(String sessionId, String pathDocId, String remoteAddress, Outbound out, SessionEnvironment env,
                      Runnable cleanUp) {
        this.sessionId = sessionId;
        this.pathDocId = pathDocId;
        this.remoteAddress = remoteAddress;
        this.out = out;
        this.env = env;
        this.limits = env.limits();
        this.cleanUp = cleanUp;
        long now = env.nanoTime();
        this.admission = new FrameAdmission(limits, now);
        this.submits = new SubmitFlow(limits, now);
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public synchronized String clientId() {
        return join == null ? "" : join.clientId();
    }

    // ---- from the document (under its lock) -------------------------------------------------------------------

    @Override
    public synchronized void snapshot(int revision, String text, String language, List<Participant> present) {
        delivered = revision;
        send(new ServerMessage.Snapshot(pathDocId, revision, text, language, readOnly, present));
    }

    @Override
    public synchronized void resumed(int known, int head, List<Participant> present) {
        delivered = known;
        send(new ServerMessage.Resumed(pathDocId, known, head, readOnly, present));
    }

    @Override
    public synchronized void deliver(OpCommitted op) {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (op.revision() != delivered + 1) {
            // the document guarantees this never happens; if it did, the client would diverge: make it resync
            LOG.errorf("revision %d of %s offered to session %s at revision %d", op.revision(), docId, sessionId,
                    delivered);
            fatal(Refusal.of(ErrorCode.INTERNAL_ERROR, "revision " + op.revision() + " offered after "
                    + delivered));
            return;
        }
        delivered = op.revision();
        if (op.clientId().equals(join.clientId())) {
            long latency = submits.acked(op.clientSeq(), env.nanoTime());
            if (latency >= 0) {
                held = null;
                env.recordAckLatency(docId, latency);
            }
            send(ServerMessage.Ack.of(op));
        } else {
            sendFrame(CommittedFrames.of(op));
        }
        if (out.pendingSends() > limits.maxPendingSends()) {
            // a reader slower than the document: close without an error, so the client resumes where it was
            closeQuietly(1013, "too slow: " + out.pendingSends() + " messages waiting");
        }
    }

    @Override
    public synchronized void duplicate(EditDuplicate duplicate) {
        if (phase != Phase.CLOSED && submits.duplicate(duplicate, delivered)) {
            nonFatal(Refusal.of(ErrorCode.ALREADY_COMMITTED, "submit " + duplicate.clientSeq()
                    + " was committed at revision " + duplicate.revision() + "; this resend was ignored",
                    duplicate.clientSeq()));
        }
    }

    @Override
    public synchronized void rejected(EditRejected rejected) {
        if (submits.awaitsAnswer(rejected.clientSeq())) {
            fatal(Refusal.of(rejected.code(), rejected.message(), rejected.clientSeq()));
        }
    }

    @Override
    public synchronized void presence(Participant participant) {
        if (phase != Phase.CLOSED) {
            send(new ServerMessage.Presence(participant.movedTo(delivered, participant.selections(),
                    participant.view())));
        }
    }

    @Override
    public synchronized void left(String clientId) {
        if (phase != Phase.CLOSED) {
            send(new ServerMessage.Left(clientId));
        }
    }

    @Override
    public void fail(ErrorCode code, String message) {
        fatal(Refusal.of(code, message));
    }

    // ---- sending ------------------------------------------------------------------------------------------------

    /** A non-fatal error, within the connection's budget of them; past it, a fatal RATE_LIMITED instead. */
    synchronized void nonFatal(Refusal refusal) {
        if (phase == Phase.CLOSED) {
            return;
        }
        Refusal overBudget = admission.spendNonFatalError(refusal.code(), env.nanoTime());
        if (overBudget != null) {
            fatal(overBudget);
        } else {
            send(refusal.toError());
        }
    }

    /**
     * Sends a fatal error and closes; may be called with the lock held (from a delivery, under the document's):
     * the clean-up, which takes the document's lock, runs afterwards on another thread.
     */
    void fatal(Refusal refusal) {
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            send(refusal.toError());
            phase = Phase.CLOSED;
            out.close(refusal.closeCode(), refusal.code().name());
        }
        env.schedule(Duration.ZERO, cleanUp);
    }

    /** Closes without an error (the client resumes if it wants to); the clean-up runs as after {@link #fatal}. */
    void closeQuietly(int code, String reason) {
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            out.close(code, reason);
        }
        env.schedule(Duration.ZERO, cleanUp);
    }

    synchronized void acceptBatches() {
        out.acceptBatches();
    }

    private void sendFrame(String frame) {
        if (phase != Phase.CLOSED) {
            out.send(frame);
        }
    }

    synchronized void send(ServerMessage message) {
        if (phase != Phase.CLOSED) {
            out.send(JSON.encode(message));
            if (message instanceof ServerMessage.Error error) {
                env.errorSent(error.code(), remoteAddress, sessionId);
            }
        }
    }
}
