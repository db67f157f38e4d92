package dev.tandem.gateway.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import dev.tandem.protocol.Topics;

/**
 * How far the snapshot service has folded each partition of tandem.ops: its consumer group's committed offsets,
 * which it commits only after its database transaction.
 *
 * <p>A committed offset is the offset after the last record the service stored, so it can stay below an offset
 * that is the end of the log or follows a transaction marker: the markers (and aborted records) between are
 * nothing to fold, but no commit ever passes them while nothing new is written. {@link #hasFolded} therefore also
 * looks at the stretch between the committed offset and the one asked about, with a read_committed probe: when it
 * holds no record, everything below has been folded. Thread-safe (one lock; the probe is short and rare).
 */
final class SnapshotFolding implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SnapshotFolding.class);
    private static final Duration PROBE_TIME = Duration.ofSeconds(2);

    private final KafkaSettings kafka;
    private final String group;
    private Admin admin;
    private KafkaConsumer<byte[], byte[]> probe;
    private Map<Integer, Long> committed = Map.of();
    private long committedReadAt;
    /** Per partition, an offset below which everything is known to be folded. */
    private final Map<Integer, Long> verified = new HashMap<>();

    SnapshotFolding(KafkaSettings kafka, String group) {
        this.kafka = kafka;
        this.group = group;
    }

    /** The group's committed offsets on tandem.ops, now; empty when they cannot be read. */
    synchronized Map<Integer, Long> committedOffsets() {
        committed = read();
        committedReadAt = System.currentTimeMillis();
        return committed;
    }

    /** Whether every record of {@code partition} below {@code offset} has been folded (false when unknown). */
    synchronized boolean hasFolded(int partition, long offset) {
        if (verified.getOrDefault(partition, -1L) >= offset) {
            return true;
        }
        long now = System.currentTimeMillis();
        if (now - committedReadAt > 200) {
            committed = read();
            committedReadAt = now;
        }
        Long at = committed.get(partition);
        if (at == null) {
            return false;
        }
        if (at >= offset || noRecordBetween(partition, at, offset)) {
            verified.merge(partition, offset, Math::max);
            return true;
        }
        return false;
    }

    /** Whether {@code [from, to)} of the partition holds no committed record (only markers or aborted ones). */
    private boolean noRecordBetween(int partition, long from, long to) {
        TopicPartition tp = new TopicPartition(Topics.OPS, partition);
        try {
            if (probe == null) {
                probe = new KafkaConsumer<>(kafka.consumer(Map.of(
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                        ConsumerConfig.CLIENT_ID_CONFIG, "tandem-gateway-fold-probe",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())));
            }
            probe.assign(List.of(tp));
            probe.seek(tp, from);
            long deadline = System.nanoTime() + PROBE_TIME.toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = probe.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    return records.iterator().next().offset() >= to;
                }
                if (probe.position(tp) >= to) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            LOG.debugf("probe of %s from %d failed: %s", tp, from, e.toString());
            return false;
        }
    }

    private Map<Integer, Long> read() {
        try {
            if (admin == null) {
                admin = kafka.admin();
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<Integer, Long> out = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (tp.topic().equals(Topics.OPS) && om != null) {
                    out.put(tp.partition(), om.offset());
                }
            });
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("offsets of consumer group %s not readable: %s", group, e.toString());
            return Map.of();
        }
    }

    @Override
    public synchronized void close() {
        if (probe != null) {
            probe.close(Duration.ofSeconds(1));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    static Optional<SnapshotFolding> of(KafkaSettings kafka, Optional<String> group) {
        return group.map(g -> new SnapshotFolding(kafka, g));
    }
}
