package dev.tandem.ot;

import dev.tandem.ot.trace.EditingTrace;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every recorded editing session, replayed through {@link Ot#apply}, ends exactly at its recorded final text. */
class TraceReplayTest {

    @TestFactory
    Stream<DynamicTest> everyTraceReplaysToItsEndContent() {
        assertThat(EditingTrace.files()).as("traces in %s", EditingTrace.directory()).hasSizeGreaterThanOrEqualTo(3);
        return EditingTrace.files().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            EditingTrace trace = EditingTrace.load(file);
            Rope rope = Rope.of(trace.startContent());
            for (TextOperation op : trace.operations()) {
                rope = Ot.apply(rope, op);
            }
            assertThat(rope.toString()).isEqualTo(trace.endContent());
            assertThat(rope.isBalanced()).isTrue();
        }));
    }

    @TestFactory
    Stream<DynamicTest> composingATraceIntoOneOperationGivesTheSameText() {
        EditingTrace trace = EditingTrace.load("sveltecomponent");
        return Stream.of(DynamicTest.dynamicTest(trace.name(), () -> {
            TextOperation all = TextOperation.noop();
            for (TextOperation op : trace.operations()) {
                all = Ot.compose(all, op);
            }
            assertThat(Ot.apply(trace.startContent(), all)).isEqualTo(trace.endContent());
        }));
    }
}
