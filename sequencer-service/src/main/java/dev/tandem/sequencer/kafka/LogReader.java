package dev.tandem.sequencer.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads committed records of a partition of {@code tandem.ops} or {@code tandem.checkpoints} from an offset, to
 * rebuild document state. Blocking; used by the sequencing thread alone.
 *
 * <p>Why it first waits for the partition to be <em>stable</em> (no open transaction: last stable offset equal to
 * the high watermark): a previous owner of the partition may have left a transaction open (it died, or it is a
 * paused zombie). Until that transaction is decided, its events may still become committed; state rebuilt without
 * them would give their revisions out a second time. Once no transaction is open on the partition, only its owner
 * (this instance, from now on) can add to it, and a zombie's late writes can only be aborted (its offset commit
 * carries a stale group generation and is refused).
 */
final class LogReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final long STABLE_CHECK_MILLIS = 20;

    private final Admin admin;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration stableTimeout;

    LogReader(KafkaSettings kafka, String clientId, Duration stableTimeout) {
        this.admin = kafka.admin();
        this.consumer = new KafkaConsumer<>(kafka.consumer(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                // the last fetch of a read finds only a transaction marker: do not wait the default 500 ms for more
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20)),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.stableTimeout = stableTimeout;
    }

    /**
     * Waits until no transaction is open on {@code tp} and returns its end offset then: everything before it is
     * decided.
     *
     * @throws IllegalStateException if the partition does not become stable within the configured timeout
     */
    long awaitStableEnd(TopicPartition tp) {
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

    /** Passes every committed record of {@code tp} from {@code from} (inclusive) to {@code end} (exclusive). */
    void read(TopicPartition tp, long from, long end, Consumer<ConsumerRecord<String, byte[]>> sink) {
        if (from >= end) {
            return;
        }
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        long deadline = System.nanoTime() + stableTimeout.toNanos();
        try {
            while (consumer.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + tp + " from " + from + " up to offset " + end
                            + " within " + stableTimeout + "; stopped at " + consumer.position(tp));
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL).records(tp)) {
                    if (record.offset() < end) {
                        sink.accept(record);
                    }
                }
            }
        } finally {
            consumer.assign(List.of());
        }
    }

    /** The value of the committed record at {@code offset} of {@code tp}. */
    byte[] readAt(TopicPartition tp, long offset) {
        byte[][] found = new byte[1][];
        read(tp, offset, offset + 1, record -> found[0] = record.value());
        if (found[0] == null) {
            throw new IllegalStateException("no record at " + tp + " offset " + offset);
        }
        return found[0];
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
