package dev.tandem.bench;

import dev.tandem.ot.Ot;
import dev.tandem.ot.Rope;
import dev.tandem.ot.TextOperation;
import dev.tandem.ot.trace.EditingTrace;
import org.openjdk.jmh.annotations.AuxCounters;
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
import java.util.concurrent.TimeUnit;

/**
 * Every patch of a recorded editing trace ({@code testdata/traces}) applied in order to a {@link Rope}, from the
 * trace's start text to its end text. The primary score is whole replays per second; the secondary
 * {@code patches} score is patches applied per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class TraceReplayBenchmark {
    @Param({"automerge-paper", "seph-blog1", "sveltecomponent"})
    public String trace;

    private String startContent;
    private List<TextOperation> operations;

    /** Patches applied, reported by JMH as a rate beside the replay rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Patches {
        public long patches;

        @Setup(Level.Iteration)
        public void reset() {
            patches = 0;
        }
    }

    @Setup(Level.Trial)
    public void loadTrace() {
        EditingTrace loaded = EditingTrace.load(trace);
        startContent = loaded.startContent();
        operations = loaded.operations();
        // a replay that ends anywhere but endContent would measure the wrong thing
        String replayed = replay().toString();
        if (!replayed.equals(loaded.endContent())) {
            throw new IllegalStateException("replaying " + trace + " does not end at its endContent");
        }
    }

    @Benchmark
    public Rope replay(Patches counter) {
        counter.patches += operations.size();
        return replay();
    }

    private Rope replay() {
        Rope document = Rope.of(startContent);
        for (TextOperation op : operations) {
            document = Ot.apply(document, op);
        }
        return document;
    }
}
