package dev.tandem.gateway.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import dev.tandem.gateway.config.GatewayConfig;
import dev.tandem.gateway.document.DocumentHub;
import dev.tandem.gateway.document.LogProgress;
import dev.tandem.gateway.document.OpsRouter;
import dev.tandem.gateway.presence.PresenceTable;
import dev.tandem.gateway.snapshot.SnapshotClient;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.Topics;
import dev.tandem.protocol.kafka.SequencedEventDeserializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Reads all of tandem.ops (read_committed; every partition assigned to this instance, no consumer group: each
 * gateway sees every document's events) on one thread and hands each event to the {@link DocumentHub}. It starts
 * {@code tandem.gateway.memory.buffer-lookback} back in time ({@code offsetsForTimes}), so the partition buffers
 * hold the recent past from the start.
 */
@ApplicationScoped
public class OpsConsumer implements LogProgress {

    private static final Logger LOG = Logger.getLogger(OpsConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaSettings kafka;
    private final GatewayConfig config;
    private final SnapshotClient snapshots;
    private final PresenceTable presence;
    private final MeterRegistry registry;
    private final ExecutorService fillExecutor = Executors.newFixedThreadPool(4, daemon("tandem-gap-fill"));
    private final Queue<Barrier> barrierRequests = new ConcurrentLinkedQueue<>();
    private final AtomicLong lag = new AtomicLong();
    private final Timer fanOut;
    private final Timer fromLog;
    private final Timer delivering;
    private final Counter duplicates;

    private volatile DocumentHub hub;
    private volatile boolean caughtUpInitially;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, SequencedEvent> consumer;
    private volatile long[] beginning = new long[0];
    private Thread thread;
    private final Optional<SnapshotFolding> folding;

    /** A wait for the consumer to reach a partition's end as of the request. */
    private static final class Barrier {
        final int partition;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        long target = -1;

        Barrier(int partition) {
            this.partition = partition;
        }
    }

    public OpsConsumer(KafkaSettings kafka, GatewayConfig config, SnapshotClient snapshots, PresenceTable presence,
                       MeterRegistry registry) {
        this.kafka = kafka;
        this.config = config;
        this.snapshots = snapshots;
        this.presence = presence;
        this.registry = registry;
        this.folding = SnapshotFolding.of(kafka, config.memory().snapshotConsumerGroup());
        this.fanOut = Timer.builder("tandem.gateway.fanout.latency")
                .description("From the sequencer's commit of a revision to its delivery to this gateway's connections")
                .publishPercentileHistogram().register(registry);
        this.fromLog = Timer.builder("tandem.gateway.hop").tag("stage", "log")
                .description("From the sequencer's send of an op (its record's timestamp) to its poll here")
                .publishPercentileHistogram().register(registry);
        this.delivering = Timer.builder("tandem.gateway.hop").tag("stage", "deliver")
                .description("From an op's poll to its frames handed to every session of the document here")
                .publishPercentileHistogram().register(registry);
        this.duplicates = Counter.builder("tandem.gateway.edits.duplicate")
                .description("Resent edits the sequencer recognised (EditDuplicate)").register(registry);
        Gauge.builder("tandem.gateway.ops.consumer.lag", lag, AtomicLong::get)
                .description("Committed events of tandem.ops not yet read by this gateway").register(registry);
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::run, "tandem-ops-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, SequencedEvent> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        fillExecutor.shutdownNow();
        folding.ifPresent(SnapshotFolding::close);
    }

    /** The hub, once the consumer has found the topic and positioned itself; null before. */
    public DocumentHub hub() {
        return hub;
    }

    /** Whether the consumer has read everything that was committed when it started. */
    public boolean caughtUpInitially() {
        return caughtUpInitially;
    }

    public boolean alive() {
        return thread != null && thread.isAlive();
    }

    private void run() {
        try (KafkaConsumer<String, SequencedEvent> c = new KafkaConsumer<>(kafka.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.CLIENT_ID_CONFIG, "tandem-gateway-ops",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, SequencedEventDeserializer.class.getName())))) {
            consumer = c;
            List<TopicPartition> partitions = TopicPartitions.await(c, Topics.OPS, () -> running);
            if (partitions.isEmpty()) {
                return;
            }
            long[] start = position(c, partitions);
            Map<TopicPartition, Long> initialEnd = c.endOffsets(partitions);
            OpsRouter router = new OpsRouter(start, config.memory().bufferPerPartition(), config.memory().window(),
                    docId -> KafkaSettings.partitionOf(docId, partitions.size()));
            hub = new DocumentHub(router, snapshots, this, presence, fillExecutor, Clock.systemUTC(),
                    config.memory().catchUpTimeout(), config.limits().maxResumeReplay());
            Gauge.builder("tandem.gateway.documents.live", router, OpsRouter::liveCount)
                    .description("Documents live on this gateway (connected, or recently so)").register(registry);
            LOG.infof("reading %s: %d partitions from %s back", Topics.OPS, partitions.size(),
                    config.memory().bufferLookback());
            while (running) {
                try {
                    serveBarriers(c, partitions);
                    ConsumerRecords<String, SequencedEvent> records = c.poll(POLL);
                    for (ConsumerRecord<String, SequencedEvent> record : records) {
                        handle(record);
                    }
                    if (!caughtUpInitially && reached(c, initialEnd)) {
                        caughtUpInitially = true;
                        LOG.infof("caught up with %s", Topics.OPS);
                    }
                    long total = 0;
                    for (TopicPartition tp : partitions) {
                        total += c.currentLag(tp).orElse(0);
                    }
                    lag.set(total);
                } catch (WakeupException e) {
                    // a barrier was requested (or shutdown): serve it at the top of the loop
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.error("the tandem.ops consumer stopped", e);
        } finally {
            barrierRequests.forEach(b -> b.done.complete(null));
        }
    }

    private void handle(ConsumerRecord<String, SequencedEvent> record) {
        SequencedEvent event = record.value();
        if (event == null) {
            return; // a poison record, logged by the deserializer; a missing revision is a gap the document fills
        }
        if (event instanceof OpCommitted op) {
            long polled = System.nanoTime();
            fromLog.record(Math.max(0, System.currentTimeMillis() - record.timestamp()), TimeUnit.MILLISECONDS);
            hub.onCommitted(record.partition(), record.offset(), op);
            delivering.record(System.nanoTime() - polled, TimeUnit.NANOSECONDS);
            fanOut.record(Duration.between(op.committedAt(), Instant.now()).toNanos(), TimeUnit.NANOSECONDS);
        } else if (event instanceof EditRejected rejected) {
            hub.onRejected(rejected);
        } else if (event instanceof EditDuplicate duplicate) {
            duplicates.increment();
            hub.onDuplicate(duplicate);
        }
    }

    /**
     * Assigns every partition, positioned at the lookback time (or the end), or earlier, at the offset up to which
     * the snapshot service has folded the partition when that is not far behind; returns the start offsets.
     *
     * <p>Why the snapshot's offset: a document that is not in the buffer is loaded from the snapshot service once
     * it has folded everything below the buffer's start ({@link #snapshotHasFolded}). A start at the end of the log
     * (nothing written within the lookback, e.g. after a pause) lies past the last transaction marker, an offset
     * the snapshot service never commits, since it commits the offset after the last record it stored: joins of
     * such documents would wait for it for ever. Starting at what it has folded makes the wait hold at once, and a
     * snapshot service that lags a little is covered by the buffer instead of waited for.
     */
    private long[] position(KafkaConsumer<String, SequencedEvent> c, List<TopicPartition> partitions) {
        c.assign(partitions);
        Map<TopicPartition, Long> first = c.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = c.endOffsets(partitions);
        Map<Integer, Long> folded = folding.map(SnapshotFolding::committedOffsets).orElse(Map.of());
        long since = System.currentTimeMillis() - config.memory().bufferLookback().toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query);
        long[] start = new long[partitions.size()];
        long[] begin = new long[partitions.size()];
        for (TopicPartition tp : partitions) {
            long from = first.getOrDefault(tp, 0L);
            OffsetAndTimestamp at = found.get(tp);
            long offset = startOffset(at == null ? end.getOrDefault(tp, from) : at.offset(), from,
                    folded.get(tp.partition()), config.memory().bufferPerPartition());
            c.seek(tp, offset);
            begin[tp.partition()] = from;
            start[tp.partition()] = offset;
        }
        beginning = begin;
        return start;
    }

    /**
     * Where a partition's buffer starts: at {@code lookback} (the first offset within the lookback, or the end),
     * or at {@code folded}, the snapshot service's committed offset, when that is below it by at most
     * {@code capacity} offsets (reading that stretch fills the buffer, it does not overflow it).
     */
    static long startOffset(long lookback, long beginning, Long folded, int capacity) {
        if (folded == null || folded >= lookback || folded < beginning || lookback - folded > capacity) {
            return lookback;
        }
        return folded;
    }

    private static boolean reached(KafkaConsumer<String, SequencedEvent> c, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (c.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void serveBarriers(KafkaConsumer<String, SequencedEvent> c, List<TopicPartition> partitions) {
        List<Barrier> fresh = new ArrayList<>();
        for (Barrier b; (b = barrierRequests.poll()) != null; ) {
            fresh.add(b);
        }
        if (!fresh.isEmpty()) {
            Map<TopicPartition, Long> ends = c.endOffsets(partitions); // read_committed: the last stable offsets
            for (Barrier b : fresh) {
                b.target = ends.get(partitions.get(b.partition));
                waiting.add(b);
            }
        }
        waiting.removeIf(b -> {
            if (c.position(partitions.get(b.partition)) >= b.target) {
                b.done.complete(null);
                return true;
            }
            return false;
        });
    }

    private final List<Barrier> waiting = new ArrayList<>();

    @Override
    public boolean awaitConsumerCaughtUp(int partition, Instant deadline) {
        Barrier barrier = new Barrier(partition);
        barrierRequests.add(barrier);
        KafkaConsumer<String, SequencedEvent> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            barrier.done.get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public boolean snapshotHasFolded(int partition, long offset) {
        long[] begin = beginning;
        if (partition < begin.length && offset <= begin[partition]) {
            return true; // nothing was committed below it
        }
        // not checked without a group: gap filling still keeps the order, only freshness is at stake
        return folding.map(f -> f.hasFolded(partition, offset)).orElse(true);
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
