package dev.tandem.ot;

import dev.tandem.ot.Component.Insert;
import dev.tandem.ot.Component.Retain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who inserted each code point of a document, as runs of consecutive code points by one author, in document order.
 * Folding every text operation of a document from revision 0 (the empty document) gives, for each code point, the
 * author of the edit that inserted it: {@link #apply} keeps the author of retained text, gives inserted text to the
 * op's author and drops deleted text. Immutable; runs are normal (no empty run, no two adjacent runs of one
 * author), so equal authorships are equal as values whatever the order of edits that made them.
 *
 * <p>Invariant: {@link #length()} is the code point length of the document it describes. An authorship state can
 * be stored at any revision and folded on from there: {@code of(a.runs()).apply(op, x)} equals {@code a.apply(op, x)}.
 *
 * @param <A> who an author is (compared with {@code equals})
 */
public final class Authorship<A> {
    private static final Authorship<?> EMPTY = new Authorship<>(List.of(), 0);

    /** {@code length} consecutive code points inserted by {@code author}. */
    public record Run<A>(int length, A author) {
        public Run {
            if (length < 1) {
                throw new IllegalArgumentException("a run must be at least one code point long, was " + length);
            }
            Objects.requireNonNull(author, "author");
        }
    }

    private final List<Run<A>> runs;
    private final int length;

    private Authorship(List<Run<A>> runs, int length) {
        this.runs = runs;
        this.length = length;
    }

    /** The authorship of the empty document. */
    @SuppressWarnings("unchecked")
    public static <A> Authorship<A> empty() {
        return (Authorship<A>) EMPTY;
    }

    /** The authorship made of {@code runs}, in order; adjacent runs of one author are merged. */
    public static <A> Authorship<A> of(List<Run<A>> runs) {
        Builder<A> b = new Builder<>(runs.size());
        for (Run<A> run : runs) {
            b.add(run.length(), run.author());
        }
        return b.build();
    }

    /** The runs, normal and unmodifiable. */
    public List<Run<A>> runs() {
        return runs;
    }

    /** Code points described: the length of the document. */
    public int length() {
        return length;
    }

    /**
     * This authorship after {@code op}, made by {@code author}, is applied to its document.
     *
     * @throws InvalidOperationException if {@code op} retains or deletes past the end of the document (nothing
     *                                   changes)
     */
    public Authorship<A> apply(TextOperation op, A author) {
        Objects.requireNonNull(author, "author");
        if (op.baseLength() > length) {
            throw new InvalidOperationException("the operation reads " + op.baseLength()
                    + " code points, but the authorship describes " + length);
        }
        if (op.isNoop()) {
            return this;
        }
        Builder<A> out = new Builder<>(runs.size() + 2);
        int index = 0; // the run the walk is in
        int used = 0; // code points of runs[index] already walked past
        for (Component c : op.components()) {
            if (c instanceof Insert insert) {
                out.add(insert.length(), author);
                continue;
            }
            boolean keep = c instanceof Retain;
            int count = c.length();
            while (count > 0) {
                Run<A> run = runs.get(index);
                int n = Math.min(count, run.length() - used);
                if (keep) {
                    out.add(n, run.author());
                }
                used += n;
                count -= n;
                if (used == run.length()) {
                    index++;
                    used = 0;
                }
            }
        }
        // the rest of the document is retained implicitly
        if (used > 0) {
            out.add(runs.get(index).length() - used, runs.get(index).author());
            index++;
        }
        for (int i = index; i < runs.size(); i++) {
            out.add(runs.get(i).length(), runs.get(i).author());
        }
        return out.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Authorship<?> other && other.runs.equals(runs);
    }

    @Override
    public int hashCode() {
        return runs.hashCode();
    }

    @Override
    public String toString() {
        return "Authorship" + runs;
    }

    /** Appends runs, merging an author's run into the previous one of the same author. */
    private static final class Builder<A> {
        private final List<Run<A>> runs;
        private int length;

        Builder(int capacity) {
            runs = new ArrayList<>(capacity);
        }

        void add(int n, A author) {
            if (n == 0) {
                return;
            }
            int last = runs.size() - 1;
            if (last >= 0 && runs.get(last).author().equals(author)) {
                runs.set(last, new Run<>(runs.get(last).length() + n, author));
            } else {
                runs.add(new Run<>(n, author));
            }
            length += n;
        }

        Authorship<A> build() {
            return runs.isEmpty() ? empty() : new Authorship<>(List.copyOf(runs), length);
        }
    }
}
