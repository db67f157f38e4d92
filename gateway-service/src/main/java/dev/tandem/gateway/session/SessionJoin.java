package dev.tandem.gateway.session;

import java.util.Optional;

import org.jboss.logging.Logger;

import dev.tandem.gateway.document.JoinRefusedException;
import dev.tandem.gateway.document.LiveDocument;
import dev.tandem.gateway.ids.ReadOnlyIds;
import dev.tandem.gateway.session.SessionSubscriber.Phase;
import dev.tandem.protocol.ClientMessage;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.PresenceUpdate;

/** A connection's {@code join} (docs/protocol.md, section 4): its checks, then the snapshot or the resume. */
final class SessionJoin {

    private static final Logger LOG = Logger.getLogger(SessionJoin.class);

    private SessionJoin() {
    }

    /**
     * Serves {@code j}: refuses it (fatal) or attaches {@code state} to its document with a snapshot or the
     * revisions after its knownRevision; returns the announcement to publish, or null when refused or closed
     * meanwhile. Takes the document's lock (through the hub) only while not holding the session's.
     */
    static PresenceUpdate join(SessionSubscriber state, SessionEnvironment env, SessionPresence presence,
                               ClientMessage.Join j) {
        Optional<ReadOnlyIds.Address> address;
        synchronized (state) {
            if (state.phase != Phase.OPEN) {
                state.fatal(Refusal.of(ErrorCode.ALREADY_JOINED, "this connection has already joined document "
                        + state.pathDocId));
                return null;
            }
            if (!j.docId().equals(state.pathDocId)) {
                state.fatal(Refusal.of(ErrorCode.MALFORMED_MESSAGE, "join.docId must equal the document of the"
                        + " path (" + state.pathDocId + "), was " + j.docId()));
                return null;
            }
            address = env.resolve(state.pathDocId);
            if (address.isEmpty()) {
                state.fatal(Refusal.of(ErrorCode.UNKNOWN_DOCUMENT, "document " + state.pathDocId
                        + " does not exist: it has the form of a read-only id but is not one"));
                return null;
            }
            state.phase = Phase.JOINING;
            state.join = j;
            if (j.batches()) {
                state.acceptBatches();
            }
            state.docId = address.get().docId();
            state.readOnly = address.get().readOnly();
        }
        LiveDocument acquired;
        try {
            acquired = env.hub().acquire(state.docId, env.limits().connectionsPerDocument());
        } catch (JoinRefusedException e) {
            state.fatal(joinRefused(e, env.limits()));
            return null;
        }
        boolean closedMeanwhile;
        synchronized (state) {
            closedMeanwhile = state.phase == Phase.CLOSED;
            if (!closedMeanwhile) {
                state.document = acquired;
            }
        }
        if (closedMeanwhile) {
            env.hub().release(acquired, state);
            return null;
        }
        try {
            if (j.knownRevision().isPresent()) {
                env.hub().joinResumed(acquired, state, j.knownRevision().getAsInt());
            } else {
                env.hub().joinWithSnapshot(acquired, state);
            }
        } catch (JoinRefusedException e) {
            state.fatal(joinRefused(e, env.limits()));
            return null;
        } catch (RuntimeException e) {
            LOG.errorf(e, "join of %s by %s failed", state.docId, j.clientId());
            state.fatal(Refusal.of(ErrorCode.INTERNAL_ERROR, "join failed: " + e));
            return null;
        }
        PresenceUpdate announce = null;
        synchronized (state) {
            if (state.phase != Phase.CLOSED) {
                state.attached = true;
                state.phase = Phase.JOINED;
                announce = presence.joined(state.docId, state.join, state.delivered, state.readOnly);
            }
        }
        if (announce == null) {
            acquired.detach(state); // closed while joining: the cleanup may have run before it was attached
        }
        return announce;
    }

    private static Refusal joinRefused(JoinRefusedException e, SessionLimits limits) {
        Refusal refusal = Refusal.of(e.code(), e.getMessage());
        return e.code() == ErrorCode.TOO_MANY_CONNECTIONS
                ? refusal.retryAfter(limits.tooManyConnectionsRetryAfterMillis()) : refusal;
    }
}
