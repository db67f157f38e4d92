package dev.tandem.ot;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Authorship folded incrementally, from stored runs at any revision, is the from-scratch fold: the author of each
 * code point, tracked one code point at a time from the empty document. Ops mix astral characters into their
 * inserts. Seeded (jqwik prints the seed and the shrunk example on failure).
 */
class AuthorshipProperties {
    private static final String[] AUTHORS = {"ada", "grace", "linus"};

    @Property(tries = 500, seed = OtProperties.SEED)
    void runsFoldedFromAnyStoredRevisionEqualTheFoldOfEveryCodePointFromTheStart(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 80) int revisions,
            @ForAll @IntRange(min = 1, max = 10) int storeEvery) {
        Random random = new Random(seed);
        String text = "";
        List<String> perCodePoint = new ArrayList<>(); // the from-scratch fold: one author per code point
        Authorship<String> incremental = Authorship.empty();
        for (int revision = 1; revision <= revisions; revision++) {
            String author = AUTHORS[random.nextInt(AUTHORS.length)];
            TextOperation op = randomOp(random, CodePoints.length(text));
            text = Ot.apply(text, op);
            perCodePoint = naive(perCodePoint, op, author);
            if (revision % storeEvery == 0) {
                // a snapshot: only the runs are kept, as the read side stores them
                incremental = Authorship.of(List.copyOf(incremental.runs()));
            }
            incremental = incremental.apply(op, author);
            assertThat(incremental).as("revision %d", revision).isEqualTo(runsOf(perCodePoint));
            assertThat(incremental.length()).isEqualTo(CodePoints.length(text));
        }
    }

    /** What makes a client's live authorship equal the server's: authorship converges like the text (TP1). */
    @Property(tries = 1000, seed = OtProperties.SEED)
    void concurrentOperationsLeaveTheSameAuthorshipInEitherOrder(@ForAll("concurrent") OtArbitraries.Concurrent c,
                                                                @ForAll long seed) {
        Authorship<String> before = randomAuthorship(new Random(seed), CodePoints.length(c.document()));
        Authorship<String> viaA = before.apply(c.a(), "a").apply(Ot.transform(c.b(), c.a(), Side.LEFT), "b");
        Authorship<String> viaB = before.apply(c.b(), "b").apply(Ot.transform(c.a(), c.b(), Side.RIGHT), "a");
        assertThat(viaA).isEqualTo(viaB);
    }

    @Property(tries = 200, seed = OtProperties.SEED)
    void anOperationThatReadsPastTheEndIsRefusedAndChangesNothing(@ForAll @IntRange(max = 20) int length,
                                                                 @ForAll @IntRange(min = 1, max = 5) int over) {
        Authorship<String> authorship = length == 0 ? Authorship.empty()
                : Authorship.of(List.of(new Authorship.Run<>(length, "ada")));
        assertThatThrownBy(() -> authorship.apply(TextOperation.delete(0, length + over), "grace"))
                .isInstanceOf(InvalidOperationException.class);
        assertThat(authorship.length()).isEqualTo(length);
    }

    @Provide
    Arbitrary<OtArbitraries.Concurrent> concurrent() {
        return OtArbitraries.concurrent();
    }

    private static Authorship<String> randomAuthorship(Random random, int length) {
        List<Authorship.Run<String>> runs = new ArrayList<>();
        int left = length;
        while (left > 0) {
            int n = 1 + random.nextInt(left);
            runs.add(new Authorship.Run<>(n, AUTHORS[random.nextInt(AUTHORS.length)]));
            left -= n;
        }
        return Authorship.of(runs);
    }

    private static TextOperation randomOp(Random random, int length) {
        TextOperation.Builder b = TextOperation.builder();
        int remaining = length;
        int steps = random.nextInt(5);
        for (int i = 0; i < steps; i++) {
            int kind = random.nextInt(3);
            if (kind == 2 || remaining == 0) {
                StringBuilder insert = new StringBuilder();
                int n = 1 + random.nextInt(4);
                for (int j = 0; j < n; j++) {
                    insert.append(OtArbitraries.ALPHABET.get(random.nextInt(OtArbitraries.ALPHABET.size())));
                }
                b.insert(insert.toString());
            } else {
                int n = 1 + random.nextInt(Math.min(remaining, 6));
                if (kind == 0) {
                    b.retain(n);
                } else {
                    b.delete(n);
                }
                remaining -= n;
            }
        }
        return b.build();
    }

    /** The author of each code point after {@code op}, computed one code point at a time. */
    private static List<String> naive(List<String> authors, TextOperation op, String author) {
        List<String> out = new ArrayList<>();
        int at = 0;
        for (Component c : op.components()) {
            if (c instanceof Component.Retain r) {
                out.addAll(authors.subList(at, at + r.count()));
                at += r.count();
            } else if (c instanceof Component.Delete d) {
                at += d.count();
            } else {
                for (int i = 0; i < c.length(); i++) {
                    out.add(author);
                }
            }
        }
        out.addAll(authors.subList(at, authors.size()));
        return out;
    }

    private static Authorship<String> runsOf(List<String> perCodePoint) {
        List<Authorship.Run<String>> runs = new ArrayList<>();
        for (String author : perCodePoint) {
            runs.add(new Authorship.Run<>(1, author));
        }
        return Authorship.of(runs);
    }
}
