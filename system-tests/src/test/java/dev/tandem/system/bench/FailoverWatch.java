package dev.tandem.system.bench;

import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.Topics;
import dev.tandem.protocol.kafka.SequencedEventDeserializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What a reader of the log sees of a failover, from the moment of the kill: per moved partition, when its
 * {@code tandem.ops} and {@code tandem.checkpoints} partitions first had no open transaction (the dead owner's
 * transaction aborted: a rebuild can read), and when the first {@link OpCommitted} decided after the kill (its
 * {@code committedAt} is later: the new owner decided it) became visible to a read_committed reader, as a gateway
 * would see the ack.
 */
final class FailoverWatch implements AutoCloseable {
    private final Set<Integer> partitions;
    private final Map<Integer, Long> stableAt = new ConcurrentHashMap<>();
    private final Map<Integer, Long> firstAckAt = new ConcurrentHashMap<>();
    private final Thread acks;
    private final Thread stability;
    private volatile long killedAt = Long.MAX_VALUE;
    private volatile boolean closed;

    FailoverWatch(String bootstrap, Set<Integer> partitions) {
        this.partitions = partitions;
        KafkaConsumer<String, SequencedEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
                new StringDeserializer(), new SequencedEventDeserializer());
        List<TopicPartition> ops = partitions.stream().map(p -> new TopicPartition(Topics.OPS, p)).toList();
        consumer.assign(ops);
        consumer.seekToEnd(ops);
        ops.forEach(consumer::position);
        acks = new Thread(() -> watchAcks(consumer), "failover-acks");
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        stability = new Thread(() -> watchStability(admin), "failover-stability");
        acks.start();
        stability.start();
    }

    /** The kill happens now. */
    void killed(long epochMillis) {
        killedAt = epochMillis;
    }

    /** Every moved partition has its first ack after the kill. */
    boolean allAcked() {
        return firstAckAt.keySet().containsAll(partitions);
    }

    Map<Integer, Long> stableAt() {
        return Map.copyOf(stableAt);
    }

    Map<Integer, Long> firstAckAt() {
        return Map.copyOf(firstAckAt);
    }

    private void watchAcks(KafkaConsumer<String, SequencedEvent> consumer) {
        try (consumer) {
            while (!closed) {
                for (ConsumerRecord<String, SequencedEvent> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    if (record.value() instanceof OpCommitted committed
                            && committed.committedAt().isAfter(Instant.ofEpochMilli(killedAt))) {
                        firstAckAt.putIfAbsent(record.partition(), now);
                    }
                }
            }
        }
    }

    private void watchStability(Admin admin) {
        List<TopicPartition> all = partitions.stream().flatMap(p -> Stream.of(new TopicPartition(Topics.OPS, p),
                new TopicPartition(Topics.CHECKPOINTS, p))).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        all.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try (admin) {
            while (!closed && stableAt.size() < partitions.size()) {
                long asked = System.currentTimeMillis();
                if (asked >= killedAt) {
                    var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                            .all().get();
                    var high = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                            .all().get();
                    for (int p : partitions) {
                        TopicPartition o = new TopicPartition(Topics.OPS, p);
                        TopicPartition c = new TopicPartition(Topics.CHECKPOINTS, p);
                        if (stable.get(o).offset() == high.get(o).offset()
                                && stable.get(c).offset() == high.get(c).offset()) {
                            stableAt.putIfAbsent(p, asked);
                        }
                    }
                }
                Thread.sleep(25); // polling the broker: a transaction's abort has no event a client can wait on
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.out.println("stability watch failed: " + e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            acks.join(5_000);
            stability.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
