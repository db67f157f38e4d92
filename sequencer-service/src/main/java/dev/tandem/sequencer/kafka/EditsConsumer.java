package dev.tandem.sequencer.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.Topics;
import dev.tandem.sequencer.kafka.BatchDecider.Decided;
import dev.tandem.sequencer.kafka.BatchDecider.Input;
import dev.tandem.sequencer.kafka.BatchDecider.Routed;
import io.quarkus.runtime.Quarkus;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.transactions.KafkaTransactions;

/**
 * Consume, sequence, produce: each batch of {@code tandem.edits} is decided by the documents' sequencers and its
 * decisions are written to {@code tandem.ops} (same key, same partition number) in one Kafka transaction together
 * with the batch's offsets (exactly-once processing, KIP-447: the offsets carry the consumer group generation).
 *
 * <p>Why this is exactly once: the decisions and the offsets become visible together or not at all. If the
 * transaction aborts (or the process dies), the consumer is reset to the committed offsets, the document state
 * that advanced optimistically is discarded, and it is rebuilt from the committed log before the same edits are
 * decided again, so they get the same revisions. SmallRye calls this method for the next batch only once the
 * returned {@code Uni} has completed, so at most one transaction is in progress and a rebuild never runs beside
 * one.
 *
 * <p>Nothing is retried for ever: an edit whose decision throws is refused ({@code INTERNAL_ERROR}) inside the
 * batch's own transaction ({@link BatchDecider}); an edit whose output Kafka refuses aborts the transaction once,
 * and consumed again it is refused ({@link PoisonRecords}). Both are also written to {@code tandem.edits.dead}, in
 * the same transaction as the refusal and the offsets, so exactly one answer exists for each.
 */
@ApplicationScoped
public class EditsConsumer {

    private static final Logger LOG = Logger.getLogger(EditsConsumer.class);

    /** Headers of a dead letter: the partition and offset of the edit on tandem.edits, and why it was set aside. */
    static final String HEADER_PARTITION = "tandem.edits.partition";
    static final String HEADER_OFFSET = "tandem.edits.offset";
    static final String HEADER_REASON = "tandem.reason";

    /** One thread owns all document state: sequencing and rebuilding run on it, one batch at a time. */
    private final ExecutorService sequencingThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tandem-sequencer");
        thread.setDaemon(true);
        return thread;
    });

    /** Consecutive aborts after which the instance stops: each abort replays the batch, so this bounds a loop. */
    static final int MAX_ABORTS_IN_A_ROW = 10;

    private final AtomicInteger abortsInARow = new AtomicInteger();
    /** The checkpoints of the transaction in progress, if it has been decided (for an abort to undo). */
    private volatile CheckpointRecords inFlight;
    private final KafkaTransactions<Object> ops;
    private final DocumentStates states;
    private final SequencerMetrics metrics;
    private final PoisonRecords poison = new PoisonRecords();
    private final BatchDecider decider;

    @Inject
    public EditsConsumer(@Channel("ops") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
                         KafkaTransactions<Object> ops,
                         DocumentStates states, SequencerMetrics metrics, TopicsConfig topics) {
        this.ops = ops;
        this.states = states;
        this.metrics = metrics;
        this.decider = new BatchDecider((partition, submitted, now) ->
                states.document(partition, submitted.docId()).submit(submitted, now), poison, topics.partitions());
    }

    @Incoming("edits")
    public Uni<Void> sequence(KafkaRecordBatch<String, EditSubmitted> batch) {
        long started = System.nanoTime();
        Set<Integer> batchPartitions = new TreeSet<>();
        List<Input> inputs = new ArrayList<>(batch.getRecords().size());
        for (KafkaRecord<String, EditSubmitted> record : batch.getRecords()) {
            batchPartitions.add(record.getPartition());
            long offset = record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow().getOffset();
            inputs.add(new Input(new Source(record.getTopic(), record.getPartition(), offset), record.getPayload()));
        }
        return ops.<Planned>withTransaction(batch, emitter -> {
                    poison.transactionBegins();
                    return Uni.createFrom().item(() -> decide(inputs, batchPartitions))
                            .runSubscriptionOn(sequencingThread)
                            .invoke(planned -> {
                                planned.decided().decisions().forEach(routed -> {
                                    emitter.send(toOps(routed, planned.checkpoints()));
                                    if (routed.deadLetterReason() != null) {
                                        emitter.send(toDeadLetters(routed));
                                    }
                                });
                                planned.checkpoints().outgoing().forEach(record ->
                                        emitter.send(toCheckpoints(record, planned.checkpoints())));
                            });
                })
                .onItem().transformToUni(planned -> committed(batch, planned, started))
                .onFailure().recoverWithUni(failure -> aborted(batch, batchPartitions, failure));
    }

    /** A batch's decisions and the checkpoints its transaction writes with them. */
    private record Planned(Decided decided, CheckpointRecords checkpoints) {
    }

    /** On the sequencing thread: every record's decision, in partition order, and the checkpoints to write. */
    private Planned decide(List<Input> inputs, Set<Integer> batchPartitions) {
        inFlight = null;
        states.catchUp(batchPartitions);
        Decided decided = decider.decide(inputs, Instant.now());
        CheckpointRecords checkpoints = states.checkpoints(decided);
        inFlight = checkpoints;
        return new Planned(decided, checkpoints);
    }

    private Uni<Void> committed(KafkaRecordBatch<String, EditSubmitted> batch, Planned planned, long started) {
        abortsInARow.set(0);
        Decided decided = planned.decided();
        List<Routed> deadLettered = decided.deadLettered();
        poison.answered(deadLettered.stream().map(Routed::source).toList());
        metrics.committed(decided.events(), decided.undecodable(), deadLettered.size(),
                Duration.ofNanos(System.nanoTime() - started));
        return Uni.createFrom().<Void>item(() -> {
                    states.committed(planned.checkpoints());
                    return null;
                }).runSubscriptionOn(sequencingThread)
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private Uni<Void> aborted(KafkaRecordBatch<String, EditSubmitted> batch, Set<Integer> batchPartitions,
                              Throwable failure) {
        metrics.aborted();
        int poisoned = poison.learnFromAbort();
        // an abort that found its poison records is progress: consumed again, they are answered and set aside
        int inARow = poisoned > 0 ? abortsInARow.get() : abortsInARow.incrementAndGet();
        if (fenced(failure)) {
            LOG.errorf(failure, "another instance uses this instance's transactional.id or group.instance.id: "
                    + "this one is a zombie and stops");
            Quarkus.asyncExit(1);
        } else if (poisoned == 0 && producerUnusable(failure)) {
            // e.g. after a broker restart: the transaction manager is in a fatal state that only a new producer
            // leaves, and SmallRye never makes one. Every later transaction would abort, for ever, while the
            // instance looks healthy; stopping lets the supervisor (or the orchestrator) start a fresh one, which
            // fences this one's transactional id and takes its partitions back
            LOG.errorf(failure, "the transactional producer is in an error state it cannot leave: this instance "
                    + "stops so that it is restarted with a new producer");
            Quarkus.asyncExit(1);
        } else if (inARow >= MAX_ABORTS_IN_A_ROW) {
            LOG.errorf(failure, "%d transactions in a row aborted: this instance stops so that it is restarted "
                    + "(nothing retries for ever)", inARow);
            Quarkus.asyncExit(1);
        } else {
            LOG.warnf("transaction aborted, %d edits will be consumed again (%d of them set aside): %s",
                    batch.getRecords().size(), poisoned, String.valueOf(failure));
        }
        // SmallRye has reset the consumer to the committed offsets; the state must go back to the committed log:
        // that of the batch's partitions, and of those whose documents left memory with a checkpoint that aborted
        return Uni.createFrom().item(() -> {
                    states.discard(batchPartitions);
                    CheckpointRecords lost = inFlight;
                    if (lost != null) {
                        states.discard(lost.partitions());
                    }
                    return null;
                })
                .runSubscriptionOn(sequencingThread)
                .chain(() -> Uni.createFrom().completionStage(batch.nack(failure)));
    }

    /** Failures after which this producer can never commit again (KafkaProducer's fatal transactional errors). */
    static boolean producerUnusable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidTxnStateException || t instanceof InvalidProducerEpochException
                    || t instanceof OutOfOrderSequenceException || t instanceof AuthorizationException
                    || t instanceof UnsupportedVersionException
                    // TransactionManager's wrapper once it has failed fatally; its cause is not always kept
                    || String.valueOf(t.getMessage()).contains("we are in an error state")) {
                return true;
            }
        }
        return false;
    }

    private static boolean fenced(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof FencedInstanceIdException) {
                return true;
            }
        }
        return false;
    }

    private Message<Object> toOps(Routed routed, CheckpointRecords checkpoints) {
        SequencedEvent decision = routed.decision();
        return Message.<Object>of(decision, Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(decision.docId()).withPartition(routed.partition()).build(),
                        checkpoints.decision(routed.partition(), decision.docId(), decision instanceof OpCommitted)))
                .withNack(failure -> sendFailed(routed, failure));
    }

    /** A checkpoint or mark, to the partition of tandem.checkpoints of the same number as its documents'. */
    private static Message<Object> toCheckpoints(CheckpointRecords.Outgoing record, CheckpointRecords checkpoints) {
        OutgoingKafkaRecordMetadata<String> where = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.CHECKPOINTS).withKey(record.key()).withPartition(record.partition()).build();
        return Message.<Object>of(record.value(), record.docId() == null ? Metadata.of(where)
                : Metadata.of(where, checkpoints.checkpoint(record)));
    }

    /** The answer to an edit set aside, on the dead-letter topic, with where the edit is and why. */
    private Message<Object> toDeadLetters(Routed routed) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER_PARTITION, utf8(String.valueOf(routed.source().partition())));
        headers.add(HEADER_OFFSET, utf8(String.valueOf(routed.source().offset())));
        headers.add(HEADER_REASON, utf8(routed.deadLetterReason()));
        return Message.<Object>of(routed.decision(), Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(Topics.EDITS_DEAD).withKey(routed.decision().docId())
                        .withPartition(routed.partition()).withHeaders(headers).build()))
                .withNack(failure -> sendFailed(routed, failure));
    }

    private CompletionStage<Void> sendFailed(Routed routed, Throwable failure) {
        poison.sendFailed(routed.source(), failure);
        return CompletableFuture.completedFuture(null);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void stop() {
        sequencingThread.shutdownNow();
    }
}
