package dev.tandem.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class DocumentLatenciesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DocumentLatencies latencies = new DocumentLatencies(registry, 1.0);

    @Test
    void theWorstDocumentsOfAnIntervalComeFirstNamedByAHashOfTheirIds() {
        for (int i = 0; i < 100; i++) {
            latencies.record("fast", TimeUnit.MILLISECONDS.toNanos(2));
            latencies.record("slow", TimeUnit.MILLISECONDS.toNanos(i < 95 ? 5 : 400));
        }
        for (int doc = 0; doc < 10; doc++) {
            latencies.record("other-" + doc, TimeUnit.MILLISECONDS.toNanos(1));
        }

        var worst = latencies.rotate();

        assertThat(worst).hasSize(DocumentLatencies.WORST);
        assertThat(worst.get(0).docId()).isEqualTo("slow");
        assertThat(worst.get(0).p99Seconds()).isBetween(0.39, 0.41);
        assertThat(worst.get(0).count()).isEqualTo(100);
        assertThat(worst.get(1).docId()).isEqualTo("fast");
        String label = DocumentLatencies.label("slow");
        assertThat(label).hasSize(12).matches("[0-9a-f]+").doesNotContain("slow");
        assertThat(registry.get("tandem.gateway.document.ack.p99").tag("document", label).gauge().value())
                .isBetween(0.39, 0.41);
    }

    @Test
    void aDocumentWithoutAcksInAnIntervalIsForgotten() {
        latencies.record("once", 1_000_000);
        assertThat(latencies.rotate()).extracting(DocumentLatencies.Worst::docId).containsExactly("once");

        assertThat(latencies.rotate()).isEmpty();
        assertThat(registry.find("tandem.gateway.document.ack.p99").gauges()).isEmpty();
    }
}
