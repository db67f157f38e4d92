package dev.tandem.sequencer.kafka;

import static dev.tandem.sequencer.kafka.KafkaTestClients.uniqueDoc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.Topics;
import dev.tandem.testsupport.TandemInfrastructureResource;
import dev.tandem.testsupport.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The failure of issue 9 itself: the sequencer's own producer refuses the record (RecordTooLargeException from
 * max.request.size, here set below the frame limit's needs). The transaction aborts once, is counted, and the edit
 * is then refused; the partition goes on. And readiness: DOWN, naming the partition, while a partition that has
 * input makes no progress.
 */
@QuarkusTest
@TestProfile(ProducerRefusesTest.SmallProducer.class)
@WithTestResource(TandemInfrastructureResource.class)
class ProducerRefusesTest {

    /** A producer that takes 200 kB at most (the channel's own setting wins over KafkaSizes'). */
    public static class SmallProducer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tandem.kafka.producer.max.request.size", "200000",
                    "tandem.sequencer.stall-timeout", "2s",
                    "tandem.sequencer.progress-sample-interval", "200ms");
        }
    }

    private static KafkaTestClients kafka;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

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

    @Test
    void readinessIsDownNamingThePartitionWhileItHasInputAndMakesNoProgress() throws Exception {
        String doc = uniqueDoc("stalls");
        int partition = Utils.toPositive(Utils.murmur2(doc.getBytes(StandardCharsets.UTF_8))) % 12;
        // a transaction left open on the partition's log: a rebuild of the partition waits for it to end
        try (KafkaProducer<String, String> foreign = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-open-" + doc), new StringSerializer(),
                new StringSerializer())) {
            foreign.initTransactions();
            foreign.beginTransaction();
            foreign.send(new ProducerRecord<>(Topics.OPS, partition, doc, "never committed")).get();
            // the abort of this edit's transaction discards the partition's state; its rebuild then waits
            kafka.submit(new EditSubmitted(doc, "client", 1, 0, new TextEdit(TextOperation.insert(0,
                    "x".repeat(300_000))), Instant.now(), "sec"));

            await().atMost(Duration.ofSeconds(50)).untilAsserted(() -> assertThat(ready())
                    .contains("\"status\": \"DOWN\"")
                    .contains("partition " + partition + " of tandem.edits has 1 edits waiting"));

            foreign.abortTransaction();
        }
        assertThat(kafka.awaitDecisions(doc, 1)).singleElement().isInstanceOf(EditRejected.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ready())
                .doesNotContain("\"status\": \"DOWN\""));
    }

    private String ready() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
