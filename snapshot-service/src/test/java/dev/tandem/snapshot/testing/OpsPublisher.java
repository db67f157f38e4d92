package dev.tandem.snapshot.testing;

import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes to {@code tandem.ops} as the sequencer does: keyed by document, inside Kafka transactions. Values are
 * bytes so a test can also publish a poison record, or a transaction it then aborts.
 */
public final class OpsPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    public OpsPublisher(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "snapshot-test-" + UUID.randomUUID(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    /** Publishes {@code events} in one committed transaction. */
    public void commit(List<? extends SequencedEvent> events) {
        producer.beginTransaction();
        events.forEach(this::send);
        producer.commitTransaction();
    }

    /** Publishes {@code events} in a transaction that is then aborted: read_committed consumers never see them. */
    public void abort(List<? extends SequencedEvent> events) {
        producer.beginTransaction();
        events.forEach(this::send);
        producer.flush();
        producer.abortTransaction();
    }

    /** Publishes a value that is not a SequencedEvent, in a committed transaction. */
    public void commitPoison(String key, String value) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(Topics.OPS, key, value.getBytes(StandardCharsets.UTF_8)));
        producer.commitTransaction();
    }

    private void send(SequencedEvent event) {
        producer.send(new ProducerRecord<>(Topics.OPS, event.docId(), TandemJson.shared().encodeBytes(event)));
    }

    @Override
    public void close() {
        producer.close();
    }
}
