package dev.tandem.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * On {@link Topics#PRESENCE}: the whole presence state of one connection (a state, not a delta), published when
 * it joins, when its selections change, periodically while it lives, and once with {@code leaving} when it closes.
 *
 * @param sessionId the connection, unique per WebSocket connection (a clientId that reconnects gets a new
 *                  one): a {@code leaving} event removes a client only if it is from that client's latest session,
 *                  so the late close of a stale connection cannot hide its successor
 * @param at        when the gateway published it; receivers expire a session not refreshed for a while
 * @param readOnly  the connection joined with the document's read-only id (on the wire only when true)
 * @param view      the part of the document the client shows, at {@code revision} like the selections (absent
 *                  when its client does not say)
 * @param following the clientId whose view the client follows (absent: nobody)
 */
public record PresenceUpdate(String docId, String clientId, String sessionId, String name, String color,
                             int revision, List<Selection> selections, boolean leaving, Instant at,
                             boolean readOnly, Optional<Viewport> view, Optional<String> following) {
    public PresenceUpdate {
        Check.id("docId", docId);
        Check.id("clientId", clientId);
        Check.id("sessionId", sessionId);
        Check.name("name", name);
        Check.color("color", color);
        Check.nonNegative("revision", revision);
        selections = Check.list("selections", selections, Selection.MAX_PER_CLIENT);
        at = Check.instant("at", at);
        Check.required("view", view);
        Check.following(following);
    }

    /** The presence of a connection whose client says nothing of its view and follows nobody. */
    public PresenceUpdate(String docId, String clientId, String sessionId, String name, String color,
                          int revision, List<Selection> selections, boolean leaving, Instant at, boolean readOnly) {
        this(docId, clientId, sessionId, name, color, revision, selections, leaving, at, readOnly, Optional.empty(),
                Optional.empty());
    }

    /** The presence of a connection that can edit. */
    public PresenceUpdate(String docId, String clientId, String sessionId, String name, String color,
                          int revision, List<Selection> selections, boolean leaving, Instant at) {
        this(docId, clientId, sessionId, name, color, revision, selections, leaving, at, false);
    }

    /** This update with its positions as of another revision. */
    public PresenceUpdate movedTo(int revision, List<Selection> selections, Optional<Viewport> view) {
        return new PresenceUpdate(docId, clientId, sessionId, name, color, revision, selections, leaving, at,
                readOnly, view, following);
    }

    /** This update stamped {@code when}. */
    public PresenceUpdate stamped(Instant when) {
        return new PresenceUpdate(docId, clientId, sessionId, name, color, revision, selections, leaving, when,
                readOnly, view, following);
    }
}
