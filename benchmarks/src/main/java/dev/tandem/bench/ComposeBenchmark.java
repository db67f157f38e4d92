package dev.tandem.bench;

import dev.tandem.ot.Ot;
import dev.tandem.ot.OtClient;
import dev.tandem.ot.TextOperation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@link Ot#compose} as {@link OtClient} uses it: while one op is in flight, {@value #TYPED} keystrokes typed in a
 * run (every tenth a backspace) are composed into the client's buffer one at a time. Reported per keystroke.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class ComposeBenchmark {
    static final int TYPED = 100;
    private static final int DOCUMENT_LENGTH = 100_000;
    /** Typing runs cycled through, each at its own place in the document; a power of two. */
    private static final int RUNS = 64;

    private final TextOperation[] inFlight = new TextOperation[RUNS];
    private final TextOperation[][] typed = new TextOperation[RUNS][TYPED];
    private int next;

    @Setup(Level.Trial)
    public void makeTypingRuns() {
        SplittableRandom random = new SplittableRandom(42);
        for (int r = 0; r < RUNS; r++) {
            inFlight[r] = Keystrokes.insert(random, DOCUMENT_LENGTH);
            int start = random.nextInt(DOCUMENT_LENGTH + 2);
            int cursor = start;
            for (int k = 0; k < TYPED; k++) {
                if (k % 10 == 9 && cursor > start) {
                    typed[r][k] = TextOperation.delete(cursor - 1, 1);
                    cursor--;
                } else {
                    typed[r][k] = TextOperation.insert(cursor, Keystrokes.character(random));
                    cursor++;
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(TYPED)
    public Optional<TextOperation> bufferKeystroke() {
        int r = next;
        next = (r + 1) & (RUNS - 1);
        OtClient client = new OtClient(0);
        client.applyLocal(inFlight[r]);
        for (TextOperation keystroke : typed[r]) {
            client.applyLocal(keystroke);
        }
        return client.buffer();
    }
}
