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
 * this object's lock, so the connection sees messages in the order they were decided.
 */
public final class DocumentSession implements Subscriber {

    private static final Logger LOG = Logger.getLogger(DocumentSession.class);
    private static final TandemJson JSON = TandemJson.shared();

    private enum Phase { OPEN, JOINING, JOINED, CLOSED }

    private final String sessionId;
    private final String pathDocId;
    private final Outbound out;
    private final SessionEnvironment env;
    private final SessionLimits limits;
    private final long openedAtMillis;
    private final TokenBucket messages;
    private final TokenBucket submits;

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
    /** clientSeq of the submit awaiting its ack or error; 0 when none. */
    private long inFlight;
    private long inFlightSinceNanos;
    /** The clientSeq of this connection's previous submit; 0 before the first. */
    private long lastSubmitted;
    /** The highest clientSeq acknowledged on this connection. */
    private long lastAcked;

    private PresenceUpdate lastPresence;
    private long lastPresencePublishNanos = Long.MIN_VALUE / 2;
    private boolean presenceFlushScheduled;

    public DocumentSession(String sessionId, String pathDocId, Outbound out, SessionEnvironment env) {
        this.sessionId = sessionId;
        this.pathDocId = pathDocId;
        this.out = out;
        this.env = env;
        this.limits = env.limits();
        this.openedAtMillis = env.currentTimeMillis();
        this.lastActivityMillis = openedAtMillis;
        long now = env.nanoTime();
        this.messages = new TokenBucket(limits.messagesPerSecond(), limits.messagesPerSecond(), now);
        this.submits = new TokenBucket(limits.submitsPerSecond(), limits.submitBurst(), now);
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

    // ---- incoming ---------------------------------------------------------------------------------------------

    /** A text frame from the client. */
    public void onText(String frame) {
        lastActivityMillis = env.currentTimeMillis();
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            if (!messages.tryTake(env.nanoTime())) {
                fatal(ErrorCode.RATE_LIMITED, "more than " + limits.messagesPerSecond()
                        + " messages per second on this connection", OptionalLong.empty());
                return;
            }
        }
        int bytes = utf8Length(frame, limits.maxFrameBytes());
        if (bytes > limits.maxFrameBytes()) {
            fatal(ErrorCode.MESSAGE_TOO_LARGE, "message is " + bytes + " bytes, more than the maximum of "
                    + limits.maxFrameBytes(), OptionalLong.empty());
            return;
        }
        ClientMessage message;
        try {
            message = JSON.decodeClientMessage(frame);
        } catch (ProtocolException e) {
            if (e.code().fatal()) {
                fatal(e.code(), e.getMessage(), e.clientSeq());
            } else {
                send(ServerMessage.Error.of(e));
            }
            return;
        }
        if (message instanceof ClientMessage.Ping) {
            send(new ServerMessage.Pong());
        } else if (message instanceof ClientMessage.Join j) {
            onJoin(j);
        } else if (!isJoined()) {
            fatal(ErrorCode.NOT_JOINED, "message.type \"" + message.type() + "\" before join", OptionalLong.empty());
        } else if (message instanceof ClientMessage.Submit submit) {
            onSubmit(submit);
        } else if (message instanceof ClientMessage.Presence presence) {
            onPresence(presence);
        }
    }

    /** A binary frame: not a message of this protocol. */
    public void onBinary() {
        lastActivityMillis = env.currentTimeMillis();
        fatal(ErrorCode.MALFORMED_MESSAGE, "binary frames are not messages of this protocol; send text frames",
                OptionalLong.empty());
    }

    private void onJoin(ClientMessage.Join j) {
        Optional<ReadOnlyIds.Address> address;
        synchronized (this) {
            if (phase != Phase.OPEN) {
                fatal(ErrorCode.ALREADY_JOINED, "this connection has already joined document " + pathDocId,
                        OptionalLong.empty());
                return;
            }
            if (!j.docId().equals(pathDocId)) {
                fatal(ErrorCode.MALFORMED_MESSAGE, "join.docId must equal the document of the path (" + pathDocId
                        + "), was " + j.docId(), OptionalLong.empty());
                return;
            }
            address = env.resolve(pathDocId);
            if (address.isEmpty()) {
                fatal(ErrorCode.UNKNOWN_DOCUMENT, "document " + pathDocId + " does not exist: it has the form of a"
                        + " read-only id but is not one", OptionalLong.empty());
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
            fatal(e.code(), e.getMessage(), OptionalLong.empty());
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
            fatal(e.code(), e.getMessage(), OptionalLong.empty());
            return;
        } catch (RuntimeException e) {
            LOG.errorf(e, "join of %s by %s failed", docId, j.clientId());
            fatal(ErrorCode.INTERNAL_ERROR, "join failed: " + e, OptionalLong.empty());
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

    private void onSubmit(ClientMessage.Submit submit) {
        EditSubmitted edit;
        synchronized (this) {
            if (phase != Phase.JOINED) {
                return;
            }
            OptionalLong seq = OptionalLong.of(submit.clientSeq());
            if (!submits.tryTake(env.nanoTime())) {
                fatal(ErrorCode.RATE_LIMITED, "more than " + limits.submitsPerSecond() + " submits per second"
                        + " (burst " + limits.submitBurst() + ") on this connection", seq);
                return;
            }
            if (readOnly) {
                fatal(ErrorCode.READ_ONLY, "document " + pathDocId + " was joined by its read-only id", seq);
                return;
            }
            if (inFlight != 0) {
                fatal(ErrorCode.EDIT_IN_FLIGHT, "submit " + submit.clientSeq() + " arrived while submit " + inFlight
                        + " awaits its ack", seq);
                return;
            }
            if (submit.clientSeq() <= lastAcked) {
                // a resend of an edit whose ack this connection has already delivered (from the replay that
                // followed `resumed`): it is settled; the sequencer would only answer EditDuplicate
                lastSubmitted = Math.max(lastSubmitted, submit.clientSeq());
                return;
            }
            long previous = Math.max(lastSubmitted, lastAcked);
            if (previous != 0 && submit.clientSeq() != previous + 1) {
                fatal(ErrorCode.CLIENT_SEQ_OUT_OF_ORDER, "submit.clientSeq must be " + (previous + 1) + ", was "
                        + submit.clientSeq(), seq);
                return;
            }
            if (submit.baseRevision() > delivered) {
                fatal(ErrorCode.BASE_REVISION_AHEAD, "submit.baseRevision " + submit.baseRevision()
                        + " is ahead of revision " + delivered + ", the last one sent to this connection", seq);
                return;
            }
            // an edit keeps its inserted length through any transform and can only lose deletions, so this bound
            // refuses only edits the sequencer would certainly refuse too
            long atLeast = (long) document.length() + submit.edit().operation().insertedLength()
                    - submit.edit().operation().deletedLength();
            if (atLeast > limits.maxDocumentLength()) {
                fatal(ErrorCode.DOCUMENT_TOO_LARGE, "the edit would make the document at least " + atLeast
                        + " code points long; the maximum is " + limits.maxDocumentLength(), seq);
                return;
            }
            inFlight = submit.clientSeq();
            inFlightSinceNanos = env.nanoTime();
            lastSubmitted = submit.clientSeq();
            edit = EditSubmitted.of(join, submit, Instant.ofEpochMilli(env.currentTimeMillis()));
        }
        env.publishEdit(edit, failure -> fatal(ErrorCode.UNAVAILABLE, "the edit could not be handed to Kafka: "
                + failure.getMessage(), OptionalLong.of(edit.clientSeq())));
    }

    private void onPresence(ClientMessage.Presence presence) {
        long now = env.nanoTime();
        long interval = 1_000_000_000L / limits.presencePerSecond();
        boolean publishNow;
        synchronized (this) {
            if (phase != Phase.JOINED) {
                return;
            }
            // a client cannot be ahead of what it was sent; presence is advisory, so clamp rather than refuse
            lastPresence = presenceUpdate(Math.min(presence.revision(), delivered), presence.selections(), false);
            publishNow = now - lastPresencePublishNanos >= interval && !presenceFlushScheduled;
            if (publishNow) {
                lastPresencePublishNanos = now;
            } else if (!presenceFlushScheduled) {
                presenceFlushScheduled = true;
                long wait = Math.max(0, lastPresencePublishNanos + interval - now);
                env.schedule(Duration.ofNanos(wait), this::flushPresence);
            }
        }
        if (publishNow) {
            env.publishPresence(withTime(lastPresenceSnapshot()));
        }
    }

    /** The latest presence of a coalesced burst, once the rate allows. */
    private void flushPresence() {
        PresenceUpdate latest;
        synchronized (this) {
            presenceFlushScheduled = false;
            if (phase != Phase.JOINED) {
                return;
            }
            lastPresencePublishNanos = env.nanoTime();
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

    private synchronized PresenceUpdate lastPresenceSnapshot() {
        return lastPresence;
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
            fatal(ErrorCode.INTERNAL_ERROR, "revision " + op.revision() + " offered after " + delivered,
                    OptionalLong.empty());
            return;
        }
        delivered = op.revision();
        if (op.clientId().equals(join.clientId())) {
            lastAcked = Math.max(lastAcked, op.clientSeq());
            if (inFlight == op.clientSeq()) {
                inFlight = 0;
                env.recordAckLatency(env.nanoTime() - inFlightSinceNanos);
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
    public synchronized void rejected(EditRejected rejected) {
        if (inFlight == rejected.clientSeq()) {
            fatal(rejected.code(), rejected.message(), OptionalLong.of(rejected.clientSeq()));
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
        fatal(code, message, OptionalLong.empty());
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
        fatal(ErrorCode.UNAVAILABLE, "the gateway is shutting down", OptionalLong.empty());
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

    /** Sends a fatal error and closes; may be called with the lock held (from a delivery, under the document's). */
    private void fatal(ErrorCode code, String message, OptionalLong clientSeq) {
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            send(new ServerMessage.Error(code, message, clientSeq, true));
            phase = Phase.CLOSED;
            out.close(closeCode(code), code.name());
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
        }
    }

    /** Close codes of docs/protocol.md, section 3. */
    static int closeCode(ErrorCode code) {
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

    /** UTF-8 length of {@code s}, counted only as far as needed to know whether it exceeds {@code max}. */
    static int utf8Length(String s, int max) {
        if ((long) s.length() * 3 <= max) {
            return s.length(); // a lower bound that is enough to say "within the limit"
        }
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
