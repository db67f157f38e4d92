package dev.tandem.gateway.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

/** Every partition of a topic, for the gateway's consumers that assign themselves all of one. */
final class TopicPartitions {
    private static final Logger LOG = Logger.getLogger(TopicPartitions.class);

    private TopicPartitions() {
    }

    /**
     * The partitions of {@code topic}, waiting while it does not exist yet (the sequencer creates it) or Kafka
     * does not answer; empty if {@code running} turns false first.
     */
    static List<TopicPartition> await(Consumer<?, ?> consumer, String topic, BooleanSupplier running) {
        while (running.getAsBoolean()) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    List<TopicPartition> partitions = new ArrayList<>();
                    for (int p = 0; p < infos.size(); p++) {
                        partitions.add(new TopicPartition(topic, p));
                    }
                    return partitions;
                }
                LOG.infof("waiting for topic %s (the sequencer creates it)", topic);
            } catch (TimeoutException e) {
                LOG.infof("waiting for Kafka: %s", e.getMessage());
            }
            try {
                Thread.sleep(1000); // waiting for the topic to be created; there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }
}
