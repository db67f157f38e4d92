package dev.tandem.gateway.presence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tandem.protocol.PresenceUpdate;

/**
 * Who is present in which document, across every gateway, as learnt from tandem.presence. Pure; thread-safe.
 *
 * <p>A client is present while at least one of its sessions (connections) is: a session appears with its first
 * update, and goes with its {@code leaving} update or when it has not been refreshed for the expiry time (its
 * gateway crashed). A client whose last session goes has left. A stale session closing late therefore cannot
 * remove a client that has reconnected meanwhile.
 */
public final class PresenceTable {

    /** What an update changed, as the document's other participants should see it. */
    public sealed interface Change permits Shown, Left, Unchanged {
    }

    /** The participant is present with these selections. */
    public record Shown(PresenceUpdate update) implements Change {
    }

    /** The participant's last session went. */
    public record Left(String docId, String clientId) implements Change {
    }

    /** Nothing visible changed. */
    public record Unchanged() implements Change {
    }

    /** docId → clientId → sessionId → latest update of that session. */
    private final Map<String, Map<String, Map<String, PresenceUpdate>>> documents = new HashMap<>();

    public synchronized Change apply(PresenceUpdate update) {
        Map<String, Map<String, PresenceUpdate>> clients =
                documents.computeIfAbsent(update.docId(), d -> new HashMap<>());
        if (update.leaving()) {
            Map<String, PresenceUpdate> sessions = clients.get(update.clientId());
            if (sessions == null || sessions.remove(update.sessionId()) == null) {
                return new Unchanged();
            }
            if (!sessions.isEmpty()) {
                return new Unchanged();
            }
            clients.remove(update.clientId());
            if (clients.isEmpty()) {
                documents.remove(update.docId());
            }
            return new Left(update.docId(), update.clientId());
        }
        clients.computeIfAbsent(update.clientId(), c -> new LinkedHashMap<>()).put(update.sessionId(), update);
        return new Shown(update);
    }

    /** Each present client of {@code docId} once: the latest update of its sessions. */
    public synchronized List<PresenceUpdate> present(String docId) {
        Map<String, Map<String, PresenceUpdate>> clients = documents.get(docId);
        if (clients == null) {
            return List.of();
        }
        List<PresenceUpdate> out = new ArrayList<>();
        for (Map<String, PresenceUpdate> sessions : clients.values()) {
            sessions.values().stream().max(Comparator.comparing(PresenceUpdate::at)).ifPresent(out::add);
        }
        return out;
    }

    /** Removes sessions last refreshed before {@code cutoff}; returns the clients that left by it. */
    public synchronized List<Left> expire(Instant cutoff) {
        List<Left> gone = new ArrayList<>();
        Iterator<Map.Entry<String, Map<String, Map<String, PresenceUpdate>>>> docs = documents.entrySet().iterator();
        while (docs.hasNext()) {
            Map.Entry<String, Map<String, Map<String, PresenceUpdate>>> doc = docs.next();
            Iterator<Map.Entry<String, Map<String, PresenceUpdate>>> clients = doc.getValue().entrySet().iterator();
            while (clients.hasNext()) {
                Map.Entry<String, Map<String, PresenceUpdate>> client = clients.next();
                client.getValue().values().removeIf(u -> u.at().isBefore(cutoff));
                if (client.getValue().isEmpty()) {
                    clients.remove();
                    gone.add(new Left(doc.getKey(), client.getKey()));
                }
            }
            if (doc.getValue().isEmpty()) {
                docs.remove();
            }
        }
        return gone;
    }
}
