package dev.tandem.gateway.session;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import dev.tandem.gateway.document.LiveDocument;
import dev.tandem.gateway.session.SessionSubscriber.Phase;
import dev.tandem.protocol.ClientMessage;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.PresenceUpdate;
import dev.tandem.protocol.ProtocolException;
import dev.tandem.protocol.ServerMessage;
import dev.tandem.protocol.TandemJson;

/**
 * One WebSocket connection to one document: the gateway's rules of docs/protocol.md, sections 4 and 10 (the
 * gateway). Incoming frames arrive one at a time ({@link #onText}, on a worker thread, in order). The frame limits
 * are {@link FrameAdmission}'s, the submit rules {@link SubmitFlow}'s, the presence {@link SessionPresence}'s;
 * what the document delivers, and every send, is {@link SessionSubscriber}'s, whose lock ({@code state}) is the
 * connection's one lock; the join is {@link SessionJoin}'s. This class routes, submits and closes. Every message a client sends is answered or changes
 * what it is sent.
 */
public final class DocumentSession {

    private static final TandemJson JSON = TandemJson.shared();

    private final SessionSubscriber state;
    private final SessionEnvironment env;
    private final SessionLimits limits;
    private final long openedAtMillis;
    private final SessionPresence presence;
    private volatile long lastActivityMillis;
    private boolean cleanedUp;

    public DocumentSession(String sessionId, String pathDocId, String remoteAddress, Outbound out,
                           SessionEnvironment env) {
        this.state = new SessionSubscriber(sessionId, pathDocId, remoteAddress, out, env, this::onClose);
        this.env = env;
        this.limits = env.limits();
        this.openedAtMillis = env.currentTimeMillis();
        this.lastActivityMillis = openedAtMillis;
        this.presence = new SessionPresence(sessionId, limits.presencePerSecond(), env);
    }

    public String sessionId() {
        return state.sessionId;
    }

    public String clientId() {
        return state.clientId();
    }

    public boolean isJoined() {
        synchronized (state) {
            return state.phase == Phase.JOINED;
        }
    }

    public boolean isClosed() {
        synchronized (state) {
            return state.phase == Phase.CLOSED;
        }
    }

    /** The real document id, once joined. */
    public String documentId() {
        synchronized (state) {
            return state.docId;
        }
    }

    public String remoteAddress() {
        return state.remoteAddress;
    }

    // ---- incoming ---------------------------------------------------------------------------------------------

    /** A text frame from the client (valid UTF-8 and within the hard limit: the WebSocket edge checked both). */
    public void onText(String frame) {
        lastActivityMillis = env.currentTimeMillis();
        synchronized (state) {
            if (state.phase == Phase.CLOSED) {
                return;
            }
            Refusal refusal = state.admission.admit(frame, env.nanoTime());
            if (refusal != null) {
                state.fatal(refusal);
                return;
            }
        }
        ClientMessage message;
        try {
            message = JSON.decodeClientMessage(frame);
        } catch (ProtocolException e) {
            Refusal refusal = new Refusal(e.code(), e.getMessage(), e.clientSeq(), OptionalLong.empty());
            if (e.code().fatal()) {
                state.fatal(refusal);
            } else {
                state.nonFatal(refusal);
            }
            return;
        }
        if (message instanceof ClientMessage.Ping) {
            state.send(new ServerMessage.Pong());
        } else if (message instanceof ClientMessage.Join j) {
            onJoin(j);
        } else if (!isJoined()) {
            state.fatal(Refusal.of(ErrorCode.NOT_JOINED, "message.type \"" + message.type() + "\" before join"));
        } else if (message instanceof ClientMessage.Submit submit) {
            onSubmit(submit);
        } else if (message instanceof ClientMessage.Presence p) {
            onPresence(p);
        }
    }

    /** A binary frame: not a message of this protocol. */
    public void onBinary() {
        lastActivityMillis = env.currentTimeMillis();
        state.fatal(Refusal.of(ErrorCode.MALFORMED_MESSAGE,
                "binary frames are not messages of this protocol; send text frames"));
    }

    private void onJoin(ClientMessage.Join j) {
        PresenceUpdate announce = SessionJoin.join(state, env, presence, j);
        if (announce != null) {
            env.publishPresence(announce);
        }
    }

    private void onSubmit(ClientMessage.Submit submit) {
        EditSubmitted edit;
        synchronized (state) {
            if (state.phase != Phase.JOINED) {
                return;
            }
            long now = env.nanoTime();
            SubmitFlow.Outcome outcome = state.submits.submit(submit, state.delivered, state.readOnly,
                    state.document.length(), now);
            if (outcome instanceof SubmitFlow.Refuse refuse) {
                state.fatal(refuse.refusal());
                return;
            }
            edit = EditSubmitted.of(state.join, submit, Instant.ofEpochMilli(env.currentTimeMillis()));
            if (outcome instanceof SubmitFlow.Hold hold) {
                state.held = edit; // the client composes meanwhile; nothing is refused
                env.schedule(Duration.ofNanos(hold.delayNanos()), this::publishHeld);
                return;
            }
        }
        publish(edit);
    }

    /** The submit held by the submit limit, once a token is due. */
    private void publishHeld() {
        EditSubmitted edit;
        synchronized (state) {
            if (state.phase == Phase.CLOSED || state.held == null) {
                return;
            }
            long now = env.nanoTime();
            if (!state.submits.takeHeldToken(now)) {
                long wait = state.submits.heldWaitNanos(now);
                if (wait < 0) {
                    state.held = null; // settled meanwhile (a duplicate of an earlier connection's resend)
                } else {
                    env.schedule(Duration.ofNanos(wait), this::publishHeld);
                }
                return;
            }
            edit = state.held;
            state.held = null;
        }
        publish(edit);
    }

    private void publish(EditSubmitted edit) {
        env.publishEdit(edit, failure -> state.fatal(SubmitFlow.publishFailed(failure, edit.clientSeq())));
    }

    private void onPresence(ClientMessage.Presence message) {
        PresenceUpdate now;
        synchronized (state) {
            if (state.phase != Phase.JOINED) {
                return;
            }
            if (message.following().filter(state.join.clientId()::equals).isPresent()) {
                state.fatal(Refusal.of(ErrorCode.MALFORMED_MESSAGE,
                        "presence.following must not be the sender's own clientId"));
                return;
            }
            // a client cannot be ahead of what it was sent; presence is advisory, so clamp rather than refuse
            now = presence.offer(message, Math.min(message.revision(), state.delivered), this::flushPresence);
        }
        if (now != null) {
            env.publishPresence(now);
        }
    }

    /** The latest presence of a coalesced burst, once the rate allows. */
    private void flushPresence() {
        PresenceUpdate latest;
        synchronized (state) {
            latest = presence.flushed(state.phase == Phase.JOINED);
        }
        if (latest != null) {
            env.publishPresence(latest);
        }
    }

    /** Republishes this connection's presence (moved to the document's head), so other gateways keep it. */
    public void refreshPresence() {
        PresenceUpdate latest;
        LiveDocument doc;
        synchronized (state) {
            if (state.phase != Phase.JOINED || presence.latest() == null) {
                return;
            }
            latest = presence.latest();
            doc = state.document;
        }
        env.publishPresence(presence.now(doc.atHead(latest)));
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------------

    /** Closes a connection that never joined or went silent (no error: the client resumes if it wants to). */
    public void checkTimeouts(long nowMillis) {
        synchronized (state) {
            if (state.phase == Phase.OPEN && nowMillis - openedAtMillis > limits.joinTimeoutMillis()) {
                state.closeQuietly(1008, "no join within " + limits.joinTimeoutMillis() + " ms");
            } else if (state.phase != Phase.CLOSED && nowMillis - lastActivityMillis > limits.idleTimeoutMillis()) {
                state.closeQuietly(1001, "silent for " + limits.idleTimeoutMillis() + " ms");
            }
        }
    }

    /** The gateway is shutting down. */
    public void shutdown() {
        state.fatal(Refusal.of(ErrorCode.UNAVAILABLE, "the gateway is shutting down"));
    }

    /**
     * The connection closed (by either side): detach from the document and tell the others. Idempotent. Never
     * called with this session's lock held (the document's lock comes first in the lock order).
     */
    public void onClose() {
        LiveDocument doc;
        PresenceUpdate leaving = null;
        synchronized (state) {
            state.phase = Phase.CLOSED;
            state.held = null;
            if (cleanedUp) {
                return;
            }
            cleanedUp = true;
            doc = state.document;
            state.document = null;
            if (state.attached) {
                leaving = presence.leaving();
            }
        }
        if (doc != null) {
            env.hub().release(doc, state);
        }
        if (leaving != null) {
            env.publishPresence(leaving);
        }
    }
}
