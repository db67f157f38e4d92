package dev.tandem.sequencer.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.Topics;
import dev.tandem.protocol.kafka.EditSubmittedDeserializer;
import dev.tandem.sequencer.kafka.BatchDecider.Decided;
import dev.tandem.sequencer.kafka.BatchDecider.Input;
import dev.tandem.sequencer.kafka.BatchDecider.Routed;

/**
 * One sequencing worker: consume, sequence, produce, on one thread that owns a consumer of {@code tandem.edits}
 * (a member of the group), a transactional producer ({@link TransactionalOps}) and the state of the documents of
 * the partitions it owns ({@link DocumentStates}). Each batch is decided, and its decisions are written to
 * {@code tandem.ops} (same key, same partition number) in one Kafka transaction together with the batch's offsets
 * (exactly-once processing, KIP-447: the offsets carry the consumer group generation).
 *
 * <p>Why this is exactly once: the decisions and the offsets become visible together or not at all. If the
 * transaction aborts (or the process dies), the consumer is put back to the batch's first offsets (what the group
 * committed), the document state that advanced optimistically is discarded, and it is rebuilt from the committed
 * log before the same edits are decided again, so they get the same revisions. One thread polls, decides and
 * commits, so at most one transaction is in progress, and a rebalance (which runs inside {@code poll}) never
 * meets one: the state of a revoked partition is dropped between transactions.
 *
 * <p>Nothing is retried for ever: an edit whose decision throws is refused ({@code INTERNAL_ERROR}) inside the
 * batch's own transaction ({@link BatchDecider}); an edit whose output Kafka refuses aborts the transaction once,
 * and consumed again it is refused ({@link PoisonRecords}). Both are also written to {@code tandem.edits.dead}, in
 * the same transaction as the refusal and the offsets, so exactly one answer exists for each. A producer that can
 * never commit again (after a broker restart, or a transaction the broker timed out) is replaced in place.
 */
final class SequencingWorker implements Runnable, ConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(SequencingWorker.class);

    /** Consecutive aborts after which the instance stops: each abort replays the batch, so this bounds a loop. */
    static final int MAX_ABORTS_IN_A_ROW = 10;
    /** How long a poll waits for edits when there are none (it returns as soon as there are). */
    private static final Duration POLL = Duration.ofMillis(100);
    /** A poll that returned within this handed over records fetched earlier (see {@link #topUp}). */
    private static final long PROMPT_POLL_NANOS = 1_000_000;

    private final String name;
    private final KafkaConsumer<String, EditSubmitted> consumer;
    private final TransactionalOps ops;
    private final DocumentStates states;
    private final SequencerMetrics metrics;
    private final ProgressMonitor progress;
    private final PoisonRecords poison = new PoisonRecords();
    private final BatchDecider decider;
    private final Runnable stopInstance;
    private volatile boolean running = true;
    private volatile String trouble = "joining the consumer group";
    private int abortsInARow;
    private final Duration topUp;
    private final int maxPollRecords;

    /**
     * {@code name}: the worker's Kafka identity ({@code group.instance.id}; the transactional id derives from it);
     * {@code stopInstance}: stops the whole instance (a zombie, or a loop that only aborts).
     */
    SequencingWorker(String name, SequencerConfig config, KafkaSettings kafka, DocumentStates states,
                     SequencerMetrics metrics, ProgressMonitor progress, TopicsConfig topics, Runnable stopInstance) {
        this.name = name;
        this.states = states;
        this.metrics = metrics;
        this.progress = progress;
        this.stopInstance = stopInstance;
        this.topUp = config.topUpPoll();
        this.maxPollRecords = config.maxPollRecords();
        this.decider = new BatchDecider((partition, submitted, now) ->
                states.document(partition, submitted.docId()).submit(submitted, now), poison, topics.partitions());
        this.consumer = new KafkaConsumer<>(kafka.consumer(consumerSettings(name, config)),
                new StringDeserializer(), new EditSubmittedDeserializer());
        this.ops = new TransactionalOps(name, config, kafka, metrics, () -> running);
    }

    private static Map<String, Object> consumerSettings(String name, SequencerConfig config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // static membership: a restarted instance takes its partitions back without a rebalance
        settings.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, name);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-sequencer-" + name);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) config.heartbeatInterval().toMillis());
        // a rebalance moves only the partitions that change owner; the others keep their state and go on. Alone:
        // a consumer whose list also holds an eager assignor (Range) rebalances eagerly, revoking every partition
        // at every rebalance (RecoveryBenchmark found it: each failover rebuilt the survivor's own partitions too).
        // A member with Kafka's default list (Range, CooperativeSticky) can still join (RebalanceDuringEditingTest)
        settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                List.of(CooperativeStickyAssignor.class.getName()));
        return settings;
    }

    /** Why this worker cannot serve now (joining, rebuilding, stopped), or {@code null} when it can. */
    String trouble() {
        return trouble;
    }

    String name() {
        return name;
    }

    /** From any thread: stop after the batch in progress (if any). */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            ops.start();
            consumer.subscribe(List.of(Topics.EDITS), this);
            while (running) {
                long polling = System.nanoTime();
                ConsumerRecords<String, EditSubmitted> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    sequence(topUp(records, System.nanoTime() - polling));
                } else if (states.needsCatchUp()) {
                    rebuildNow(); // a partition that just moved here: rebuilt before its first edit arrives
                }
            }
        } catch (WakeupException | InterruptException stopping) {
            if (running) {
                fail("interrupted while running", stopping);
            }
        } catch (FencedInstanceIdException zombie) {
            fail("another instance uses this instance's group.instance.id: this one is a zombie and stops", zombie);
        } catch (RuntimeException | Error e) {
            fail("the sequencing loop failed", e);
        } finally {
            trouble = "stopped";
            closeQuietly(consumer);
            closeQuietly(ops);
            closeQuietly(states);
        }
    }

    /**
     * A poll that returned at once handed over what a fetch sent before the last transaction got back (the consumer
     * fetches ahead while the batch is decided and committed): the edits that came after that answer would wait for
     * one more transaction. So one more short poll takes them into this batch. An idle worker's poll waits for the
     * edits, which are then fresh, and is not topped up.
     */
    private Map<TopicPartition, List<ConsumerRecord<String, EditSubmitted>>> topUp(
            ConsumerRecords<String, EditSubmitted> records, long pollNanos) {
        Map<TopicPartition, List<ConsumerRecord<String, EditSubmitted>>> batch = new HashMap<>();
        records.partitions().forEach(tp -> batch.put(tp, new ArrayList<>(records.records(tp))));
        if (topUp.isZero() || pollNanos > PROMPT_POLL_NANOS || records.count() >= maxPollRecords
                || states.needsCatchUp()) {
            return batch;
        }
        ConsumerRecords<String, EditSubmitted> more = consumer.poll(topUp);
        more.partitions().forEach(tp -> batch.computeIfAbsent(tp, p -> new ArrayList<>()).addAll(more.records(tp)));
        batch.keySet().retainAll(consumer.assignment()); // the second poll may have run a rebalance
        metrics.toppedUp(more.count());
        return batch;
    }

    private void sequence(Map<TopicPartition, List<ConsumerRecord<String, EditSubmitted>>> records) {
        long polled = System.nanoTime();
        long polledAt = System.currentTimeMillis();
        Map<TopicPartition, Long> first = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        Set<Integer> batchPartitions = new TreeSet<>();
        int count = records.values().stream().mapToInt(List::size).sum();
        if (count == 0) {
            return; // every partition of the batch was revoked by its top-up poll
        }
        List<Input> inputs = new ArrayList<>(count);
        List<Duration> queued = new ArrayList<>(count);
        for (TopicPartition tp : records.keySet()) {
            List<ConsumerRecord<String, EditSubmitted>> ofPartition = records.get(tp);
            first.put(tp, ofPartition.get(0).offset());
            next.put(tp, new OffsetAndMetadata(ofPartition.get(ofPartition.size() - 1).offset() + 1));
            batchPartitions.add(tp.partition());
            for (ConsumerRecord<String, EditSubmitted> record : ofPartition) {
                inputs.add(new Input(new Source(record.topic(), record.partition(), record.offset()), record.value()));
                queued.add(Duration.ofMillis(Math.max(0, polledAt - record.timestamp())));
            }
        }
        CheckpointRecords checkpoints = null;
        try {
            if (states.needsCatchUp()) {
                catchUpThenPollAgain(batchPartitions, first);
                return;
            }
            states.catchUp(batchPartitions);
            Decided decided = decider.decide(inputs, Instant.now());
            checkpoints = states.checkpoints(decided);
            long decidedAt = System.nanoTime();
            poison.transactionBegins();
            ops.commit(decided, checkpoints, next, consumer.groupMetadata(), poison);
            long now = System.nanoTime();
            committed(decided, checkpoints, Duration.ofNanos(now - polled));
            metrics.hops(queued, Duration.ofNanos(decidedAt - polled), Duration.ofNanos(now - decidedAt));
        } catch (FencedInstanceIdException | WakeupException | InterruptException stop) {
            throw stop;
        } catch (RuntimeException failure) {
            aborted(failure, inputs.size(), batchPartitions, checkpoints, first);
        }
    }

    private void committed(Decided decided, CheckpointRecords checkpoints, Duration took) {
        abortsInARow = 0;
        List<Routed> deadLettered = decided.deadLettered();
        poison.answered(deadLettered.stream().map(Routed::source).toList());
        states.committed(checkpoints);
        metrics.committed(decided.events(), decided.undecodable(), deadLettered.size(), took);
    }

    /**
     * The batch's transaction aborted (or never began): its state goes back to the committed log, and the consumer
     * back to the batch's first offsets, so the same edits are decided again once the state is rebuilt.
     */
    private void aborted(RuntimeException failure, int edits, Set<Integer> batchPartitions,
                         CheckpointRecords checkpoints, Map<TopicPartition, Long> first) {
        metrics.aborted();
        ops.abort(failure);
        int poisoned = poison.learnFromAbort();
        // an abort that found its poison records is progress: consumed again, they are answered and set aside
        int inARow = poisoned > 0 ? abortsInARow : ++abortsInARow;
        if (inARow >= MAX_ABORTS_IN_A_ROW) {
            throw new IllegalStateException(inARow + " transactions in a row aborted: this instance stops so that it "
                    + "is restarted (nothing retries for ever)", failure);
        }
        LOG.warnf("transaction aborted, %d edits will be consumed again (%d of them set aside): %s",
                edits, poisoned, String.valueOf(failure));
        states.discard(batchPartitions);
        if (checkpoints != null) {
            // those whose documents left memory with a checkpoint that aborted
            states.discard(checkpoints.partitions());
        }
        rewind(first);
        if (poisoned == 0) {
            pause(Math.min(1_000L, 20L << Math.min(inARow, 6)));
        }
    }

    /**
     * The assignment changed: the partitions that need it are rebuilt, and the batch is not decided but consumed
     * again. A rebuild can outlast the session (the first one on a long log with no mark; a pause), and the group
     * may have moved on meanwhile, which only the next poll tells: deciding the batch now would only have its
     * offsets refused and its transaction aborted, and the abort would throw the rebuilt state away.
     */
    private void catchUpThenPollAgain(Set<Integer> batchPartitions, Map<TopicPartition, Long> first) {
        trouble = "rebuilding partitions";
        states.catchUp(batchPartitions);
        trouble = null;
        rewind(first);
    }

    /** Puts the consumer back to these offsets (of the partitions still assigned): they are consumed again. */
    private void rewind(Map<TopicPartition, Long> first) {
        Set<TopicPartition> assigned = consumer.assignment();
        first.forEach((tp, offset) -> {
            if (assigned.contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
    }

    private void rebuildNow() {
        trouble = "rebuilding partitions";
        try {
            states.catchUp(Set.of());
            trouble = null;
        } catch (RuntimeException e) {
            LOG.warnf("rebuilding partitions failed, tried again: %s", String.valueOf(e));
            states.discard(states.unbuilt());
        }
    }

    private void fail(String why, Throwable cause) {
        trouble = "stopped: " + why;
        LOG.errorf(cause, "sequencing worker %s: %s", name, why);
        running = false;
        stopInstance.run();
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (trouble != null && trouble.startsWith("joining")) {
            trouble = null;
        }
        if (!partitions.isEmpty()) {
            LOG.infof("%s: assigned partitions %s", name, numbers(partitions));
            states.assigned(numbers(partitions));
            progress.assigned(numbers(partitions));
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        leave(partitions, "revoked");
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        leave(partitions, "lost");
    }

    /** Partitions no longer ours: their state is dropped (no transaction is open: this runs inside poll). */
    private void leave(Collection<TopicPartition> partitions, String how) {
        if (!partitions.isEmpty()) {
            LOG.infof("%s: %s partitions %s", name, how, numbers(partitions));
            states.revoked(numbers(partitions));
            progress.revoked(numbers(partitions));
        }
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debugf("closing %s: %s", closeable, e);
        }
    }
}
