package dev.tandem.snapshot.projection;

import dev.tandem.protocol.history.EditingSession;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Groups a document's revisions, fed in revision order, into editing sessions: a revision committed more than
 * {@code idleGap} after the previous one starts a new session. Streaming, so a long history is never held whole.
 */
public final class SessionGrouper {
    private final Duration idleGap;
    private final List<EditingSession> sessions = new ArrayList<>();
    private int first;
    private int last;
    private Instant startedAt;
    private Instant endedAt;
    private Set<String> authors = new LinkedHashSet<>();

    public SessionGrouper(Duration idleGap) {
        if (idleGap.isNegative()) {
            throw new IllegalArgumentException("the idle gap must not be negative, was " + idleGap);
        }
        this.idleGap = idleGap;
    }

    /** The next revision: {@code revision} must be one more than the previous one (or 1). */
    public void add(int revision, Instant committedAt, String author) {
        if (revision != last + 1) {
            throw new IllegalArgumentException("revision " + revision + " does not follow " + last);
        }
        // a clock step backwards between two sequencer instances is not idleness: it never splits a session
        if (startedAt != null && Duration.between(endedAt, committedAt).compareTo(idleGap) > 0) {
            close();
        }
        if (startedAt == null) {
            first = revision;
            startedAt = committedAt;
        }
        last = revision;
        endedAt = committedAt;
        authors.add(author);
    }

    /** The sessions so far, the open one included. */
    public List<EditingSession> sessions() {
        List<EditingSession> all = new ArrayList<>(sessions);
        if (startedAt != null) {
            all.add(current());
        }
        return all;
    }

    private void close() {
        sessions.add(current());
        startedAt = null;
        authors = new LinkedHashSet<>();
    }

    private EditingSession current() {
        return new EditingSession(first, last, startedAt, endedAt, List.copyOf(authors));
    }
}
