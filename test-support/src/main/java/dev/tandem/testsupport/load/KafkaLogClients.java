package dev.tandem.testsupport.load;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.Topics;
import dev.tandem.protocol.kafka.EditSubmittedSerializer;
import dev.tandem.protocol.kafka.SequencedEventDeserializer;

/** The Kafka clients of the load: a gateway's producer, and a read_committed reader of the whole ops log. */
final class KafkaLogClients {

    private KafkaLogClients() {
    }

    /** As docs/protocol.md asks of gateways: idempotent, acks=all, keyed by document. */
    static KafkaProducer<String, EditSubmitted> editsProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new EditSubmittedSerializer());
    }

    /**
     * Every partition of {@code tandem.ops} from its start, committed data only; no consumer group, so nothing is
     * shared with other readers.
     */
    static KafkaConsumer<String, SequencedEvent> opsFromStart(String bootstrap) {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), new SequencedEventDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.OPS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException(Topics.OPS + " does not exist: start the sequencer first");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /**
     * Every partition of {@code tandem.ops} from the offsets in {@code from} (partition number to offset; a
     * partition not in it from its start), committed data only, no consumer group.
     */
    static KafkaConsumer<String, SequencedEvent> opsFrom(String bootstrap, Map<Integer, Long> from) {
        KafkaConsumer<String, SequencedEvent> consumer = opsFromStart(bootstrap);
        for (TopicPartition tp : consumer.assignment()) {
            Long offset = from.get(tp.partition());
            if (offset != null) {
                consumer.seek(tp, offset);
            }
        }
        return consumer;
    }

    /** Every partition of {@code tandem.ops} from its (last stable) end now: what is committed from now on. */
    static KafkaConsumer<String, SequencedEvent> opsFromEnd(String bootstrap) {
        KafkaConsumer<String, SequencedEvent> consumer = opsFromStart(bootstrap);
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position); // resolve the end now, not at the first poll
        return consumer;
    }
}
