package dev.tandem.sequencer.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.Topics;
import dev.tandem.protocol.kafka.SequencedEventDeserializer;

/**
 * Reads a partition of {@code tandem.ops} from its start, committed data only, to rebuild document state.
 * Blocking; used by the sequencing thread alone.
 *
 * <p>Why it first waits for the partition to be <em>stable</em> (no open transaction: last stable offset equal to
 * the high watermark): a previous owner of the partition may have left a transaction open (it died, or it is a
 * paused zombie). Until that transaction is decided, its events may still become committed; state rebuilt without
 * them would give their revisions out a second time. Once no transaction is open on the partition, only its owner
 * (this instance, from now on) can add to it, and a zombie's late writes can only be aborted (its offset commit
 * carries a stale group generation and is refused).
 */
final class OpsLogReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final long STABLE_CHECK_MILLIS = 100;

    private final Admin admin;
    private final KafkaConsumer<String, SequencedEvent> consumer;
    private final Duration stableTimeout;

    OpsLogReader(KafkaSettings kafka, String clientId, Duration stableTimeout) {
        this.admin = kafka.admin();
        this.consumer = new KafkaConsumer<>(kafka.consumer(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                // the last fetch of a read finds only a transaction marker: do not wait the default 500 ms for more
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20)),
                new StringDeserializer(), new SequencedEventDeserializer());
        this.stableTimeout = stableTimeout;
    }

    /**
     * Waits until no transaction is open on {@code tandem.ops} partition {@code partition} and returns its end
     * offset then: everything before it is decided.
     *
     * @throws IllegalStateException if the partition does not become stable within the configured timeout
     */
    long awaitStableEnd(int partition) {
        TopicPartition tp = new TopicPartition(Topics.OPS, partition);
        long deadline = System.nanoTime() + stableTimeout.toNanos();
        while (true) {
            long stable = end(tp, IsolationLevel.READ_COMMITTED);
            long high = end(tp, IsolationLevel.READ_UNCOMMITTED);
            if (stable == high) {
                return stable;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(tp + " still has a transaction open after " + stableTimeout
                        + " (stable offset " + stable + ", high watermark " + high + ")");
            }
            try {
                Thread.sleep(STABLE_CHECK_MILLIS); // polling the broker: there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + tp + " to become stable", e);
            }
        }
    }

    /** Passes every {@link OpCommitted} of the partition before {@code end} whose document {@code docs} accepts. */
    void read(int partition, long end, Predicate<String> docs, Consumer<OpCommitted> sink) {
        TopicPartition tp = new TopicPartition(Topics.OPS, partition);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long deadline = System.nanoTime() + stableTimeout.toNanos();
        while (consumer.position(tp) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + tp + " up to offset " + end + " within "
                        + stableTimeout + "; stopped at " + consumer.position(tp));
            }
            for (ConsumerRecord<String, SequencedEvent> record : consumer.poll(POLL).records(tp)) {
                if (record.offset() < end && record.value() instanceof OpCommitted committed
                        && docs.test(committed.docId())) {
                    sink.accept(committed);
                }
            }
        }
        consumer.assign(List.of());
    }

    private long end(TopicPartition tp, IsolationLevel isolation) {
        try {
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest()), new ListOffsetsOptions(isolation))
                    .partitionResult(tp).get().offset();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the end offset of " + tp + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the end offset of " + tp, e);
        }
    }

    @Override
    public void close() {
        consumer.close();
        admin.close();
    }
}
