package dev.tandem.sequencer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;

import dev.tandem.ot.TextOperation;
import dev.tandem.sequencer.DocumentCheckpoint.CommittedEdit;

/**
 * The last {@code capacity} committed ops of one document, oldest first: what a submitted edit can be transformed
 * against. Invariant: the ops held are exactly revisions {@code head - size() + 1 .. head}, contiguous.
 */
final class RecentOps {

    private final int capacity;
    private final ArrayDeque<CommittedEdit> entries;

    RecentOps(int capacity) {
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    void add(CommittedEdit entry) {
        if (!entries.isEmpty() && entries.peekLast().revision() + 1 != entry.revision()) {
            throw new IllegalStateException("revision " + entry.revision() + " does not follow "
                    + entries.peekLast().revision());
        }
        entries.addLast(entry);
        if (entries.size() > capacity) {
            entries.removeFirst();
        }
    }

    /** The entries, oldest first. */
    List<CommittedEdit> entries() {
        return List.copyOf(entries);
    }

    int size() {
        return entries.size();
    }

    /** The ops of revisions {@code base + 1 .. head}, in order; the caller checked {@code base} is in reach. */
    List<TextOperation> since(int base) {
        return between(base, Integer.MAX_VALUE);
    }

    /** The ops of revisions {@code base + 1 .. upTo}, in order; the caller checked {@code base} is in reach. */
    List<TextOperation> between(int base, int upTo) {
        List<TextOperation> ops = new ArrayList<>();
        for (CommittedEdit entry : entries) {
            if (entry.revision() > base && entry.revision() <= upTo) {
                ops.add(entry.edit().operation());
            }
        }
        return ops;
    }

    /** The entry of {@code revision}, or {@code null} if it is not in the window. */
    CommittedEdit at(int revision) {
        if (entries.isEmpty() || revision < entries.peekFirst().revision() || revision > entries.peekLast().revision()) {
            return null;
        }
        int index = revision - entries.peekFirst().revision();
        Iterator<CommittedEdit> it = entries.iterator();
        for (int i = 0; i < index; i++) {
            it.next();
        }
        return it.next();
    }

    /** The revision {@code (clientId, clientSeq)} was committed at, if it is still in the window. */
    OptionalInt revisionOf(String clientId, long clientSeq) {
        for (Iterator<CommittedEdit> it = entries.descendingIterator(); it.hasNext(); ) {
            CommittedEdit entry = it.next();
            if (entry.clientSeq() == clientSeq && entry.clientId().equals(clientId)) {
                return OptionalInt.of(entry.revision());
            }
        }
        return OptionalInt.empty();
    }
}
