package dev.tandem.sequencer.kafka;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Tells {@link DocumentStates} which partitions of {@code tandem.edits} this instance owns. It runs on the Kafka
 * polling thread and only queues the change: the rebuild happens on the sequencing thread, between transactions.
 * (Rebuilding here would deadlock: the rebuild waits for the partition's open transactions to end, and our own
 * transaction's commit needs this polling thread to read the group metadata.)
 */
@ApplicationScoped
@Identifier(SequencerRebalanceListener.NAME)
public class SequencerRebalanceListener implements KafkaConsumerRebalanceListener {

    static final String NAME = "tandem-sequencer-rebalance";
    private static final Logger LOG = Logger.getLogger(SequencerRebalanceListener.class);

    private final DocumentStates states;
    private final ProgressMonitor progress;

    public SequencerRebalanceListener(DocumentStates states, ProgressMonitor progress) {
        this.states = states;
        this.progress = progress;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        LOG.infof("assigned partitions %s", numbers(partitions));
        states.assigned(numbers(partitions));
        progress.assigned(numbers(partitions));
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        LOG.infof("revoked partitions %s", numbers(partitions));
        states.revoked(numbers(partitions));
        progress.revoked(numbers(partitions));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        LOG.warnf("lost partitions %s", numbers(partitions));
        states.revoked(numbers(partitions));
        progress.revoked(numbers(partitions));
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }
}
