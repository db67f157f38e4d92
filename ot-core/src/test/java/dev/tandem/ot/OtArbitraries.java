package dev.tandem.ot;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.List;

/**
 * jqwik generators for documents and operations. The alphabet mixes ASCII, newlines, accented and CJK text,
 * a combining mark and astral characters (emoji, musical symbols), so any code that confuses code points with
 * UTF-16 units breaks here; documents are often empty.
 */
public final class OtArbitraries {
    /** One code point each; several are two UTF-16 units. */
    static final List<String> ALPHABET = List.of(
            "a", "b", "c", " ", "\n", "é", "中", "\u0301", "😀", "𝄞", "👍🏽".substring(0, 2), "\t");

    private OtArbitraries() {
    }

    public static Arbitrary<String> texts(int maxCodePoints) {
        return Arbitraries.of(ALPHABET).list().ofMaxSize(maxCodePoints).map(l -> String.join("", l));
    }

    public static Arbitrary<String> documents() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(6, texts(40)));
    }

    /** A random operation that fits a document of {@code length} code points. */
    public static Arbitrary<TextOperation> operationsOn(int length) {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 6),
                texts(4).filter(s -> !s.isEmpty())).as(Step::new);
        return step.list().ofMaxSize(8).map(steps -> fold(steps, length));
    }

    private static TextOperation fold(List<Step> steps, int length) {
        TextOperation.Builder b = TextOperation.builder();
        int remaining = length;
        for (Step s : steps) {
            switch (s.kind) {
                case 0 -> {
                    int n = Math.min(s.count, remaining);
                    b.retain(n);
                    remaining -= n;
                }
                case 1 -> {
                    int n = Math.min(s.count, remaining);
                    b.delete(n);
                    remaining -= n;
                }
                default -> b.insert(s.text);
            }
        }
        return b.build();
    }

    /** A document with one operation on it. */
    public static Arbitrary<Edited> edited() {
        return documents().flatMap(doc -> operationsOn(CodePoints.length(doc)).map(op -> new Edited(doc, op)));
    }

    /** A document with two operations made on it concurrently. */
    public static Arbitrary<Concurrent> concurrent() {
        return documents().flatMap(doc -> {
            Arbitrary<TextOperation> ops = operationsOn(CodePoints.length(doc));
            return Combinators.combine(ops, ops).as((a, b) -> new Concurrent(doc, a, b));
        });
    }

    /** A document, an operation on it, and an operation made after the first. */
    public static Arbitrary<Sequential> sequential() {
        return edited().flatMap(e -> {
            String after = Ot.apply(e.document(), e.op());
            return operationsOn(CodePoints.length(after)).map(next -> new Sequential(e.document(), e.op(), next));
        });
    }

    private record Step(int kind, int count, String text) {
    }

    public record Edited(String document, TextOperation op) {
    }

    public record Concurrent(String document, TextOperation a, TextOperation b) {
    }

    public record Sequential(String document, TextOperation first, TextOperation second) {
    }
}
