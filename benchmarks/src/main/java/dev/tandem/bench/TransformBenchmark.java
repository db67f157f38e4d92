package dev.tandem.bench;

import dev.tandem.ot.Ot;
import dev.tandem.ot.Side;
import dev.tandem.ot.TextOperation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@link Ot#transform} of one keystroke against a concurrent one, both at random positions of a 100,000 code
 * point document (about the size of the longest recorded trace): the work the server and every client do for
 * each pair of concurrent keystrokes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class TransformBenchmark {
    private static final int DOCUMENT_LENGTH = 100_000;
    /** Distinct pairs cycled through, so no position is constant to the JIT; a power of two. */
    private static final int PAIRS = 1024;

    /** What the two keystrokes are: both inserts, an insert against a delete, or both deletes. */
    @Param({"insert-insert", "insert-delete", "delete-delete"})
    public String keystrokes;

    private final TextOperation[] ops = new TextOperation[PAIRS];
    private final TextOperation[] others = new TextOperation[PAIRS];
    private int next;

    @Setup(Level.Trial)
    public void makePairs() {
        SplittableRandom random = new SplittableRandom(42);
        boolean opDeletes = keystrokes.startsWith("delete");
        boolean otherDeletes = keystrokes.endsWith("delete");
        for (int i = 0; i < PAIRS; i++) {
            ops[i] = opDeletes ? Keystrokes.delete(random, DOCUMENT_LENGTH) : Keystrokes.insert(random, DOCUMENT_LENGTH);
            others[i] = otherDeletes
                    ? Keystrokes.delete(random, DOCUMENT_LENGTH)
                    : Keystrokes.insert(random, DOCUMENT_LENGTH);
        }
    }

    @Benchmark
    public TextOperation transform() {
        int i = next;
        next = (i + 1) & (PAIRS - 1);
        return Ot.transform(ops[i], others[i], Side.LEFT);
    }
}
