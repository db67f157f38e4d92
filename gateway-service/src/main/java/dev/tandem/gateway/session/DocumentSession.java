package dev.tandem.gateway.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.jboss.logging.Logger;

import dev.tandem.gateway.document.JoinRefusedException;
import dev.tandem.gateway.document.LiveDocument;
import dev.tandem.gateway.document.Subscriber;
import dev.tandem.gateway.ids.ReadOnlyIds;
import dev.tandem.protocol.ClientMessage;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.Participant;
import dev.tandem.protocol.PresenceUpdate;
import dev.tandem.protocol.ProtocolException;
import dev.tandem.protocol.Selection;
import dev.tandem.protocol.ServerMessage;
import dev.tandem.protocol.TandemJson;

/**
 * One WebSocket connection to one document: the gateway's rules of docs/protocol.md, sections 4 and 10 (the
 * gateway). Incoming frames arrive one at a time ({@link #onText}, on a worker thread, in order); revisions and
 * presence arrive from the document's fan-out, under its lock. Everything sent goes through {@link #send}, under
 * this object's lock, so the connection sees messages in the order they were decided. The frame limits are
 * {@link FrameAdmission}'s, the submit rules {@link SubmitFlow}'s, the presence pace {@link PresenceCoalescer}'s;
 * this class joins, delivers and closes. Every message a client sends is answered or changes what it is sent.
 */
public final class DocumentSession implements Subscriber {

    private static final Logger LOG = Logger.getLogger(DocumentSession.class);
    private static final TandemJson JSON = TandemJson.shared();

    private enum Phase { OPEN, JOINING, JOINED, CLOSED }

    private final String sessionId;
    private final String pathDocId;
    private final String remoteAddress;
    private final Outbound out;
    private final SessionEnvironment env;
    private final SessionLimits limits;
    private final long openedAtMillis;
    private final FrameAdmission admission;
    private final SubmitFlow submits;
    private final PresenceCoalescer presencePace;

    private Phase phase = Phase.OPEN;
    private volatile long lastActivityMillis;
    private ClientMessage.Join join;
    private String docId;
    private boolean readOnly;
    private LiveDocument document;
    private boolean attached;
    private boolean cleanedUp;

    /** The last revision sent to this connection (snapshot, resumed, ack or committed). */
    private int delivered;
    /** The submit in flight that waits for a token of the submit limit, or null. */
    private EditSubmitted held;
    private PresenceUpdate lastPresence;

    public DocumentSession(String sessionId, String pathDocId, String remoteAddress, Outbound out,
                           SessionEnvironment env) {
        this.sessionId = sessionId;
        this.pathDocId = pathDocId;
        this.remoteAddress = remoteAddress;
        this.out = out;
        this.env = env;
        this.limits = env.limits();
        this.openedAtMillis = env.currentTimeMillis();
        this.lastActivityMillis = openedAtMillis;
        long now = env.nanoTime();
        this.admission = new FrameAdmission(limits, now);
        this.submits = new SubmitFlow(limits, now);
        this.presencePace = new PresenceCoalescer(limits.presencePerSecond());
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public synchronized String clientId() {
        return join == null ? "" : join.clientId();
    }

    public synchronized boolean isJoined() {
        return phase == Phase.JOINED;
    }

    public synchronized boolean isClosed() {
        return phase == Phase.CLOSED;
    }

    /** The real document id, once joined. */
    public synchronized String documentId() {
        return docId;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    // ---- incoming ---------------------------------------------------------------------------------------------

    /** A text frame from the client (valid UTF-8 and within the hard limit: the WebSocket edge checked both). */
    public void onText(String frame) {
        lastActivityMillis = env.currentTimeMillis();
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            Refusal refusal = admission.admit(frame, env.nanoTime());
            if (refusal != null) {
                fatal(refusal);
                return;
            }
        }
        ClientMessage message;
        try {
            message = JSON.decodeClientMessage(frame);
        } catch (ProtocolException e) {
            Refusal refusal = new Refusal(e.code(), e.getMessage(), e.clientSeq(), OptionalLong.empty());
            if (e.code().fatal()) {
                fatal(refusal);
            } else {
                nonFatal(refusal);
            }
            return;
        }
        if (message instanceof ClientMessage.Ping) {
            send(new ServerMessage.Pong());
        } else if (message instanceof ClientMessage.Join j) {
            onJoin(j);
        } else if (!isJoined()) {
            fatal(Refusal.of(ErrorCode.NOT_JOINED, "message.type \"" + message.type() + "\" before join"));
        } else if (message instanceof ClientMessage.Submit submit) {
            onSubmit(submit);
        } else if (message instanceof ClientMessage.Presence presence) {
            onPresence(presence);
        }
    }

    /** A binary frame: not a message of this protocol. */
    public void onBinary() {
        lastActivityMillis = env.currentTimeMillis();
        fatal(Refusal.of(ErrorCode.MALFORMED_MESSAGE,
                "binary frames are not messages of this protocol; send text frames"));
    }

    private void onJoin(ClientMessage.Join j) {
        Optional<ReadOnlyIds.Address> address;
        synchronized (this) {
            if (phase != Phase.OPEN) {
                fatal(Refusal.of(ErrorCode.ALREADY_JOINED, "this connection has already joined document "
                        + pathDocId));
                return;
            }
            if (!j.docId().equals(pathDocId)) {
                fatal(Refusal.of(ErrorCode.MALFORMED_MESSAGE, "join.docId must equal the document of the path ("
                        + pathDocId + "), was " + j.docId()));
                return;
            }
            address = env.resolve(pathDocId);
            if (address.isEmpty()) {
                fatal(Refusal.of(ErrorCode.UNKNOWN_DOCUMENT, "document " + pathDocId + " does not exist: it has"
                        + " the form of a read-only id but is not one"));
                return;
            }
            phase = Phase.JOINING;
            join = j;
            docId = address.get().docId();
            readOnly = address.get().readOnly();
        }
        LiveDocument acquired;
        try {
            acquired = env.hub().acquire(docId, limits.connectionsPerDocument());
        } catch (JoinRefusedException e) {
            fatal(joinRefused(e));
            return;
        }
        boolean closedMeanwhile;
        synchronized (this) {
            closedMeanwhile = phase == Phase.CLOSED;
            if (!closedMeanwhile) {
                document = acquired;
            }
        }
        if (closedMeanwhile) {
            env.hub().release(acquired, this);
            return;
        }
        try {
            if (j.knownRevision().isPresent()) {
                env.hub().joinResumed(acquired, this, j.knownRevision().getAsInt());
            } else {
                env.hub().joinWithSnapshot(acquired, this);
            }
        } catch (JoinRefusedException e) {
            fatal(joinRefused(e));
            return;
        } catch (RuntimeException e) {
            LOG.errorf(e, "join of %s by %s failed", docId, j.clientId());
            fatal(Refusal.of(ErrorCode.INTERNAL_ERROR, "join failed: " + e));
            return;
        }
        PresenceUpdate announce = null;
        synchronized (this) {
            if (phase != Phase.CLOSED) {
                attached = true;
                phase = Phase.JOINED;
                announce = presenceUpdate(delivered, List.of(), false);
                lastPresence = announce;
            }
        }
        if (announce == null) {
            acquired.detach(this); // closed while joining: the cleanup may have run before it was attached
            return;
        }
        env.publishPresence(announce);
    }

    private Refusal joinRefused(JoinRefusedException e) {
        Refusal refusal = Refusal.of(e.code(), e.getMessage());
        return e.code() == ErrorCode.TOO_MANY_CONNECTIONS
                ? refusal.retryAfter(limits.tooManyConnectionsRetryAfterMillis()) : refusal;
    }

    private void onSubmit(ClientMessage.Submit submit) {
        EditSubmitted edit;
        synchronized (this) {
            if (phase != Phase.JOINED) {
                return;
            }
            long now = env.nanoTime();
            SubmitFlow.Outcome outcome = submits.submit(submit, delivered, readOnly, document.length(), now);
            if (outcome instanceof SubmitFlow.Refuse refuse) {
                fatal(refuse.refusal());
                return;
            }
            edit = EditSubmitted.of(join, submit, Instant.ofEpochMilli(env.currentTimeMillis()));
            if (outcome instanceof SubmitFlow.Hold hold) {
                held = edit; // the client composes meanwhile; nothing is refused
                env.schedule(Duration.ofNanos(hold.delayNanos()), this::publishHeld);
                return;
            }
        }
        publish(edit);
    }

    /** The submit held by the submit limit, once a token is due. */
    private void publishHeld() {
        EditSubmitted edit;
        synchronized (this) {
            if (phase == Phase.CLOSED || held == null) {
                return;
            }
            long now = env.nanoTime();
            if (!submits.takeHeldToken(now)) {
                long wait = submits.heldWaitNanos(now);
                if (wait < 0) {
                    held = null; // settled meanwhile (a duplicate of an earlier connection's resend)
                } else {
                    env.schedule(Duration.ofNanos(wait), this::publishHeld);
                }
                return;
            }
            edit = held;
            held = null;
        }
        publish(edit);
    }

    private void publish(EditSubmitted edit) {
        env.publishEdit(edit, failure -> fatal(SubmitFlow.publishFailed(failure, edit.clientSeq())));
    }

    private void onPresence(ClientMessage.Presence presence) {
        PresenceUpdate now;
        synchronized (this) {
            if (phase != Phase.JOINED) {
                return;
            }
            // a client cannot be ahead of what it was sent; presence is advisory, so clamp rather than refuse
            lastPresence = presenceUpdate(Math.min(presence.revision(), delivered), presence.selections(), false);
            long wait = presencePace.offer(env.nanoTime());
            if (wait != 0) {
                if (wait > 0) {
                    env.schedule(Duration.ofNanos(wait), this::flushPresence);
                }
                return;
            }
            now = lastPresence;
        }
        env.publishPresence(withTime(now));
    }

    /** The latest presence of a coalesced burst, once the rate allows. */
    private void flushPresence() {
        PresenceUpdate latest;
        synchronized (this) {
            presencePace.flushed(env.nanoTime());
            if (phase != Phase.JOINED) {
                return;
            }
            latest = lastPresence;
        }
        env.publishPresence(withTime(latest));
    }

    /** Republishes this connection's presence (moved to the document's head), so other gateways keep it. */
    public void refreshPresence() {
        PresenceUpdate latest;
        LiveDocument doc;
        synchronized (this) {
            if (phase != Phase.JOINED || lastPresence == null) {
                return;
            }
            latest = lastPresence;
            doc = document;
        }
        env.publishPresence(withTime(doc.atHead(latest)));
    }

    private PresenceUpdate presenceUpdate(int revision, List<Selection> selections, boolean leaving) {
        return new PresenceUpdate(docId, join.clientId(), sessionId, join.name(), join.color(), revision,
                selections, leaving, Instant.ofEpochMilli(env.currentTimeMillis()));
    }

    private PresenceUpdate withTime(PresenceUpdate u) {
        return new PresenceUpdate(u.docId(), u.clientId(), u.sessionId(), u.name(), u.color(), u.revision(),
                u.selections(), u.leaving(), Instant.ofEpochMilli(env.currentTimeMillis()));
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
                env.recordAckLatency(latency);
            }
            send(ServerMessage.Ack.of(op));
        } else {
            send(ServerMessage.Committed.of(op));
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
            send(new ServerMessage.Presence(new Participant(participant.clientId(), participant.name(),
                    participant.color(), delivered, participant.selections())));
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

    // ---- lifecycle ----------------------------------------------------------------------------------------------

    /** Closes a connection that never joined or went silent (no error: the client resumes if it wants to). */
    public void checkTimeouts(long nowMillis) {
        synchronized (this) {
            if (phase == Phase.OPEN && nowMillis - openedAtMillis > limits.joinTimeoutMillis()) {
                closeQuietly(1008, "no join within " + limits.joinTimeoutMillis() + " ms");
            } else if (phase != Phase.CLOSED && nowMillis - lastActivityMillis > limits.idleTimeoutMillis()) {
                closeQuietly(1001, "silent for " + limits.idleTimeoutMillis() + " ms");
            }
        }
    }

    /** The gateway is shutting down. */
    public void shutdown() {
        fatal(Refusal.of(ErrorCode.UNAVAILABLE, "the gateway is shutting down"));
    }

    /**
     * The connection closed (by either side): detach from the document and tell the others. Idempotent. Never
     * called with this session's lock held (the document's lock comes first in the lock order).
     */
    public void onClose() {
        LiveDocument doc;
        PresenceUpdate leaving = null;
        synchronized (this) {
            phase = Phase.CLOSED;
            held = null;
            if (cleanedUp) {
                return;
            }
            cleanedUp = true;
            doc = document;
            document = null;
            if (attached && lastPresence != null) {
                leaving = presenceUpdate(lastPresence.revision(), lastPresence.selections(), true);
            }
        }
        if (doc != null) {
            env.hub().release(doc, this);
        }
        if (leaving != null) {
            env.publishPresence(leaving);
        }
    }

    /** A non-fatal error, within the connection's budget of them; past it, a fatal RATE_LIMITED instead. */
    private synchronized void nonFatal(Refusal refusal) {
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

    /** Sends a fatal error and closes; may be called with the lock held (from a delivery, under the document's). */
    private void fatal(Refusal refusal) {
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            send(refusal.toError());
            phase = Phase.CLOSED;
            out.close(closeCode(refusal.code()), refusal.code().name());
        }
        env.schedule(Duration.ZERO, this::onClose);
    }

    /**
     * Closes the connection; the clean-up (which takes the document's lock) runs afterwards on another thread,
     * since this may be called while the document's lock and this one are held.
     */
    private void closeQuietly(int code, String reason) {
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            out.close(code, reason);
        }
        env.schedule(Duration.ZERO, this::onClose);
    }

    private synchronized void send(ServerMessage message) {
        if (phase != Phase.CLOSED) {
            out.send(JSON.encode(message));
            if (message instanceof ServerMessage.Error error) {
                env.errorSent(error.code(), remoteAddress, sessionId);
            }
        }
    }

    /** Close codes of docs/protocol.md, section 3. */
    public static int closeCode(ErrorCode code) {
        switch (code) {
            case INTERNAL_ERROR:
                return 1011;
            case UNAVAILABLE:
            case RATE_LIMITED:
            case TOO_MANY_CONNECTIONS:
                return 1013;
            default:
                return 1008;
        }
    }
}
