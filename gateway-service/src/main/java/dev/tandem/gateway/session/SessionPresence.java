package dev.tandem.gateway.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.tandem.protocol.ClientMessage;
import dev.tandem.protocol.PresenceUpdate;
import dev.tandem.protocol.Selection;
import dev.tandem.protocol.Viewport;

/**
 * One connection's presence as the gateway publishes it (docs/protocol.md, section 8): announced on join, the
 * latest of the client's kept and published at {@link PresenceCoalescer}'s pace, republished by the refresh,
 * and {@code leaving} once on close. Not thread-safe: used under the session's lock; what it returns is published
 * by the caller outside that lock.
 */
final class SessionPresence {

    private final String sessionId;
    private final SessionEnvironment env;
    private final PresenceCoalescer pace;
    private String docId;
    private ClientMessage.Join join;
    private PresenceUpdate latest;
    private boolean readOnly;

    SessionPresence(String sessionId, int perSecond, SessionEnvironment env) {
        this.sessionId = sessionId;
        this.env = env;
        this.pace = new PresenceCoalescer(perSecond);
    }

    /**
     * The connection joined {@code docId} at {@code revision} ({@code readOnly}: with its read-only id): the
     * announcement (no selections) to publish.
     */
    PresenceUpdate joined(String docId, ClientMessage.Join join, int revision, boolean readOnly) {
        this.docId = docId;
        this.join = join;
        this.readOnly = readOnly;
        latest = update(revision, List.of(), Optional.empty(), Optional.empty(), false);
        return latest;
    }

    /**
     * The client's presence, at {@code revision} (its own, clamped to what it was sent): the update to publish now,
     * or null when it is coalesced (then {@code flush} is scheduled, unless it already is, to publish the latest once
     * the pace allows).
     */
    PresenceUpdate offer(ClientMessage.Presence message, int revision, Runnable flush) {
        latest = update(revision, message.selections(), message.view(), message.following(), false);
        long wait = pace.offer(env.nanoTime());
        if (wait == 0) {
            return latest;
        }
        if (wait > 0) {
            env.schedule(Duration.ofNanos(wait), flush);
        }
        return null;
    }

    /** The scheduled flush runs: the latest presence, stamped now (null if nothing is published any more). */
    PresenceUpdate flushed(boolean stillJoined) {
        pace.flushed(env.nanoTime());
        return stillJoined ? now(latest) : null;
    }

    /** The latest presence, or null before the join. */
    PresenceUpdate latest() {
        return latest;
    }

    /** The {@code leaving} update of a connection that closes, or null if it never joined. */
    PresenceUpdate leaving() {
        return latest == null ? null
                : update(latest.revision(), latest.selections(), latest.view(), latest.following(), true);
    }

    /** {@code u} stamped with the current time. */
    PresenceUpdate now(PresenceUpdate u) {
        return u.stamped(Instant.ofEpochMilli(env.currentTimeMillis()));
    }

    private PresenceUpdate update(int revision, List<Selection> selections, Optional<Viewport> view,
                                  Optional<String> following, boolean leaving) {
        return new PresenceUpdate(docId, join.clientId(), sessionId, join.name(), join.color(), revision,
                selections, leaving, Instant.ofEpochMilli(env.currentTimeMillis()), readOnly, view, following);
    }
}
