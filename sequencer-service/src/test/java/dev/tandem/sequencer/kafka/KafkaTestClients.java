package dev.tandem.sequencer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.SizeLimits;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.Topics;
import dev.tandem.protocol.kafka.EditSubmittedSerializer;
import dev.tandem.protocol.kafka.SequencedEventDeserializer;
import dev.tandem.testsupport.TestKafka;

/** A gateway's side of the sequencer, for tests: publish edits, read decisions (read_committed). */
final class KafkaTestClients implements AutoCloseable {

    private final KafkaProducer<String, EditSubmitted> producer;
    private final KafkaConsumer<String, SequencedEvent> consumer;
    private final List<ConsumerRecord<String, SequencedEvent>> seen = new ArrayList<>();

    KafkaTestClients() {
        String bootstrap = TestKafka.get().bootstrapServers();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                // as a gateway: records of the largest size the frame limit admits
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, SizeLimits.maxKafkaRecordBytes(SizeLimits.DEFAULT_MAX_FRAME_BYTES)),
                new StringSerializer(), new EditSubmittedSerializer());
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new SequencedEventDeserializer());
        consumer.subscribe(List.of(Topics.OPS));
    }

    /** Publishes as a gateway does: keyed by document, so the default partitioner picks its partition. */
    void submit(EditSubmitted edit) {
        try {
            producer.send(new ProducerRecord<>(Topics.EDITS, edit.docId(), edit)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + edit, e);
        }
    }

    /** Publishes a value that is not an {@code EditSubmitted} at all, as a foreign writer might. */
    void submitGarbage(String docId) {
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            raw.send(new ProducerRecord<>(Topics.EDITS, docId, "{\"not\":\"an edit\"")).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish garbage", e);
        }
    }

    /** Waits for {@code count} decisions about {@code docId} and returns all of them so far, in log order. */
    List<SequencedEvent> awaitDecisions(String docId, int count) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (ConsumerRecord<String, SequencedEvent> record : consumer.poll(Duration.ofMillis(200))) {
                seen.add(record);
            }
            assertThat(decisions(docId)).hasSizeGreaterThanOrEqualTo(count);
        });
        return decisions(docId);
    }

    List<SequencedEvent> decisions(String docId) {
        return seen.stream().map(ConsumerRecord::value).filter(event -> event.docId().equals(docId)).toList();
    }

    /** The partitions {@code docId}'s decisions were written to. */
    List<Integer> partitionsOf(String docId) {
        return seen.stream().filter(record -> docId.equals(record.key())).map(ConsumerRecord::partition)
                .distinct().toList();
    }

    /** Another document of the same partition as {@code doc} gets its edit committed: the partition goes on. */
    void assertCanaryCommits(String doc) {
        String canary = doc + "-canary-" + UUID.randomUUID().toString().substring(0, 4);
        submit(new EditSubmitted(canary, "canary", 1, 0, new TextEdit(TextOperation.insert(0, "ok")), Instant.now(),
                "sec"));
        assertThat(awaitDecisions(canary, 1)).singleElement().isInstanceOf(OpCommitted.class);
    }

    static String uniqueDoc(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
