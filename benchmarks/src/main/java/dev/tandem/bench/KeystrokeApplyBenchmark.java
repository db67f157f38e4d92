package dev.tandem.bench;

import dev.tandem.ot.Ot;
import dev.tandem.ot.Rope;
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
 * {@link Ot#apply} of one keystroke to a document of 1 KB, 100 KB and 10 MB (in code points), held as a
 * {@link Rope} (what the server keeps) and, for contrast, as a {@link String}, which must be copied whole for
 * every keystroke. The document lives on between invocations, edited by every keystroke in turn (an insert, then
 * a delete, so its length stays put), as a document being typed in does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class KeystrokeApplyBenchmark {
    /** Keystrokes cycled through; a power of two, and even, so inserts and deletes alternate. */
    private static final int KEYSTROKES = 4096;

    /** Document length in code points: 1 KB, 100 KB, 10 MB. */
    @Param({"1024", "102400", "10485760"})
    public int documentLength;

    private final TextOperation[] keystrokes = new TextOperation[KEYSTROKES];
    private int next;
    private Rope rope;
    private String string;

    @Setup(Level.Trial)
    public void makeDocument() {
        string = SourceText.of(documentLength, 7);
        rope = Rope.of(string);
        SplittableRandom random = new SplittableRandom(42);
        // even: insert into a document of documentLength; odd: delete from one of documentLength + 1
        for (int i = 0; i < KEYSTROKES; i += 2) {
            keystrokes[i] = Keystrokes.insert(random, documentLength);
            keystrokes[i + 1] = Keystrokes.delete(random, documentLength);
        }
    }

    @Benchmark
    public Rope rope() {
        rope = Ot.apply(rope, nextKeystroke());
        return rope;
    }

    @Benchmark
    public String string() {
        string = Ot.apply(string, nextKeystroke());
        return string;
    }

    private TextOperation nextKeystroke() {
        TextOperation op = keystrokes[next];
        next = (next + 1) & (KEYSTROKES - 1);
        return op;
    }
}
