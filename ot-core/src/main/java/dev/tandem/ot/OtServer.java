package dev.tandem.ot;

import java.util.ArrayList;
import java.util.List;

/**
 * The server side of the protocol in its plainest form: the document, the list of committed operations, and the
 * rule that gives every submitted operation its place in that list. Services add durability, windows and
 * duplicate detection around {@link #transformAgainst}; this class keeps the whole history in memory and is
 * meant for tests, simulators and benchmarks.
 */
public final class OtServer {
    private Rope document;
    private final List<TextOperation> history = new ArrayList<>();

    public OtServer(String initialText) {
        this.document = Rope.of(initialText);
    }

    /** Number of committed operations: the revision of the current document. */
    public int revision() {
        return history.size();
    }

    public Rope document() {
        return document;
    }

    /** The operation committed at {@code revision} (1-based: revision r is the r-th operation). */
    public TextOperation operation(int revision) {
        return history.get(revision - 1);
    }

    /**
     * Commits {@code op}, made on the document at {@code baseRevision}. Returns it as committed (transformed
     * against everything committed since), which is what every other client must apply.
     *
     * @throws InvalidOperationException when the base revision is unknown or the op does not fit the document
     */
    public TextOperation receive(int baseRevision, TextOperation op) {
        if (baseRevision < 0 || baseRevision > revision()) {
            throw new InvalidOperationException(
                    "base revision " + baseRevision + " is outside [0, " + revision() + "]");
        }
        TextOperation committed = transformAgainst(op, history.subList(baseRevision, history.size()));
        document = Ot.apply(document, committed);
        history.add(committed);
        return committed;
    }

    /**
     * The server rule: {@code op} transformed against each operation committed after its base revision, one at a
     * time and in order, with {@code op} on the {@link Side#RIGHT} (an earlier-committed insert at the same
     * position stays first). Never against their composition: the result would not match what clients compute.
     */
    public static TextOperation transformAgainst(TextOperation op, Iterable<TextOperation> committedSinceBase) {
        TextOperation result = op;
        for (TextOperation committed : committedSinceBase) {
            result = Ot.transform(result, committed, Side.RIGHT);
        }
        return result;
    }
}
