package dev.tandem.bench;

import dev.tandem.ot.OtServer;
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

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The server rule, {@link OtServer#transformAgainst}: one submitted keystroke transformed against the
 * {@code historyLength} keystrokes other clients committed since its base revision, in a 100,000 code point
 * document. Reported per submitted op; divide by {@code historyLength} for one transform.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class ServerTransformBenchmark {
    private static final int DOCUMENT_LENGTH = 100_000;
    /** Submitted keystrokes cycled through, all against the same history; a power of two. */
    private static final int SUBMISSIONS = 1024;

    /** Keystrokes committed between the submitted op's base revision and its arrival. */
    @Param({"10", "100", "1000"})
    public int historyLength;

    private final TextOperation[] submitted = new TextOperation[SUBMISSIONS];
    /**
     * One history for every submission: a server transforms each arriving op against the same recent window of
     * its log, so that window is hot in cache, as it is here.
     */
    private List<TextOperation> history;
    private int next;

    @Setup(Level.Trial)
    public void makeHistory() {
        SplittableRandom random = new SplittableRandom(42);
        history = List.copyOf(Keystrokes.sequence(random, DOCUMENT_LENGTH, historyLength));
        for (int i = 0; i < SUBMISSIONS; i++) {
            submitted[i] = random.nextInt(5) == 0
                    ? Keystrokes.delete(random, DOCUMENT_LENGTH)
                    : Keystrokes.insert(random, DOCUMENT_LENGTH);
        }
    }

    @Benchmark
    public TextOperation transformAgainst() {
        int i = next;
        next = (i + 1) & (SUBMISSIONS - 1);
        return OtServer.transformAgainst(submitted[i], history);
    }
}
