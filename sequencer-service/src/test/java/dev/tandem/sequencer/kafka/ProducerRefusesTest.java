package dev.tandem.sequencer.kafka;

import static dev.tandem.sequencer.kafka.KafkaTestClients.uniqueDoc;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.TextEdit;
import dev.tandem.testsupport.TandemInfrastructureResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The failure of issue 9 itself: the sequencer's own producer refuses the record (RecordTooLargeException from
 * max.request.size, here set below the frame limit's needs). The transaction aborts once, is counted, and the edit
 * is then refused; the partition goes on.
 */
@QuarkusTest
@TestProfile(ProducerRefusesTest.SmallProducer.class)
@WithTestResource(TandemInfrastructureResource.class)
class ProducerRefusesTest {

    /** A producer that takes 200 kB at most (the channel's own setting wins over KafkaSizes'). */
    public static class SmallProducer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.ops.max.request.size", "200000");
        }
    }

    private static KafkaTestClients kafka;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClients();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aRecordTheProducerRefusesAbortsOnceIsCountedAndIsThenRefused() {
        double aborts = registry.counter("tandem.sequencer.transactions.aborted").count();
        String doc = uniqueDoc("producer-refuses");
        kafka.submit(new EditSubmitted(doc, "client", 1, 0, new TextEdit(TextOperation.insert(0,
                "x".repeat(300_000))), Instant.now(), "sec"));

        assertThat(kafka.awaitDecisions(doc, 1)).singleElement().isInstanceOfSatisfying(EditRejected.class,
                rejected -> assertThat(rejected.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE));
        kafka.assertCanaryCommits(doc);

        assertThat(registry.counter("tandem.sequencer.transactions.aborted").count() - aborts).isEqualTo(1);
    }
}
