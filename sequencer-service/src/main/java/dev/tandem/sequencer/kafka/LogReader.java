package dev.tandem.sequencer.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads committed records of partitions of {@code tandem.ops} or {@code tandem.checkpoints} from given offsets,
 * all of them together, to rebuild document state. Blocking; used by the sequencing thread alone.
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

    /** Where to read one partition: from {@code from} (inclusive) to {@code end} (exclusive). */
    record Range(long from, long end) {
    }

    /**
     * Waits until no transaction is open on any of {@code partitions} and returns their end offsets then:
     * everything before them is decided.
     *
     * @throws IllegalStateException if a partition does not become stable within the configured timeout
     */
    Map<TopicPartition, Long> awaitStableEnds(Collection<TopicPartition> partitions) {
        long deadline = System.nanoTime() + stableTimeout.toNanos();
        while (true) {
            Map<TopicPartition, Long> stable = ends(partitions, IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, Long> high = ends(partitions, IsolationLevel.READ_UNCOMMITTED);
            if (stable.equals(high)) {
                return stable;
            }
            if (System.nanoTime() > deadline) {
                Map<TopicPartition, String> open = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
                stable.forEach((tp, offset) -> {
                    if (!offset.equals(high.get(tp))) {
                        open.put(tp, "stable offset " + offset + ", high watermark " + high.get(tp));
                    }
                });
                throw new IllegalStateException("a transaction is still open after " + stableTimeout + " on " + open);
            }
            try {
                Thread.sleep(STABLE_CHECK_MILLIS); // polling the broker: there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + partitions + " to become stable", e);
            }
        }
    }

    /** Passes every committed record of each partition's range, the partitions read together. */
    void read(Map<TopicPartition, Range> ranges, Consumer<ConsumerRecord<String, byte[]>> sink) {
        Map<TopicPartition, Range> pending = new HashMap<>();
        ranges.forEach((tp, range) -> {
            if (range.from() < range.end()) {
                pending.put(tp, range);
            }
        });
        if (pending.isEmpty()) {
            return;
        }
        consumer.assign(pending.keySet());
        pending.forEach((tp, range) -> consumer.seek(tp, range.from()));
        // a long read (a log with no mark, read from 0) is fine as long as it moves: only a stall gives up
        long deadline = System.nanoTime() + stableTimeout.toNanos();
        try {
            while (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + pending + " made no progress for " + stableTimeout);
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    deadline = System.nanoTime() + stableTimeout.toNanos();
                }
                for (ConsumerRecord<String, byte[]> record : records) {
                    Range range = ranges.get(new TopicPartition(record.topic(), record.partition()));
                    if (record.offset() < range.end()) {
                        sink.accept(record);
                    }
                }
                pending.keySet().removeIf(tp -> consumer.position(tp) >= pending.get(tp).end());
                if (!pending.keySet().equals(consumer.assignment())) {
                    consumer.pause(consumer.assignment().stream().filter(tp -> !pending.containsKey(tp)).toList());
                }
            }
        } finally {
            consumer.assign(List.of());
        }
    }

    /** The value of the committed record at {@code offset} of {@code tp}. */
    byte[] readAt(TopicPartition tp, long offset) {
        byte[][] found = new byte[1][];
        read(Map.of(tp, new Range(offset, offset + 1)), record -> found[0] = record.value());
        if (found[0] == null) {
            throw new IllegalStateException("no record at " + tp + " offset " + offset);
        }
        return found[0];
    }

    private Map<TopicPartition, Long> ends(Collection<TopicPartition> partitions, IsolationLevel isolation) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get()
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the end offsets of " + partitions + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the end offsets of " + partitions, e);
        }
    }

    @Override
    public void close() {
        consumer.close();
        admin.close();
    }
}
