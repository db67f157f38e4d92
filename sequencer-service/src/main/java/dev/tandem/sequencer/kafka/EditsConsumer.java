package dev.tandem.sequencer.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.SequencedEvent;
import io.quarkus.runtime.Quarkus;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
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
 */
@ApplicationScoped
public class EditsConsumer {

    private static final Logger LOG = Logger.getLogger(EditsConsumer.class);

    /** One thread owns all document state: sequencing and rebuilding run on it, one batch at a time. */
    private final ExecutorService sequencingThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tandem-sequencer");
        thread.setDaemon(true);
        return thread;
    });

    /** Consecutive aborts after which the instance stops: each abort replays the batch, so this bounds a loop. */
    static final int MAX_ABORTS_IN_A_ROW = 10;

    private final AtomicInteger abortsInARow = new AtomicInteger();
    private final KafkaTransactions<SequencedEvent> ops;
    private final DocumentStates states;
    private final SequencerMetrics metrics;
    private final int partitions;

    @Inject
    public EditsConsumer(@Channel("ops") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
                         KafkaTransactions<SequencedEvent> ops,
                         DocumentStates states, SequencerMetrics metrics, TopicsConfig topics) {
        this.ops = ops;
        this.states = states;
        this.metrics = metrics;
        this.partitions = topics.partitions();
    }

    /** A decision and the partition number it goes to: the one its edit came from. */
    private record Routed(SequencedEvent decision, int partition) {
    }

    /** What one batch decided, kept until its transaction commits to count it. */
    private record Decided(List<Routed> decisions, int undecodable) {

        List<SequencedEvent> events() {
            return decisions.stream().map(Routed::decision).toList();
        }
    }

    @Incoming("edits")
    public Uni<Void> sequence(KafkaRecordBatch<String, EditSubmitted> batch) {
        long started = System.nanoTime();
        Set<Integer> batchPartitions = new TreeSet<>();
        batch.getRecords().forEach(record -> batchPartitions.add(record.getPartition()));
        return ops.<Decided>withTransaction(batch, emitter -> Uni.createFrom()
                        .item(() -> decide(batch, batchPartitions))
                        .runSubscriptionOn(sequencingThread)
                        .invoke(decided -> decided.decisions().forEach(routed -> emitter.send(toOps(routed)))))
                .onItem().transformToUni(decided -> {
                    abortsInARow.set(0);
                    metrics.committed(decided.events(), decided.undecodable(),
                            Duration.ofNanos(System.nanoTime() - started));
                    return Uni.createFrom().completionStage(batch.ack());
                })
                .onFailure().recoverWithUni(failure -> aborted(batch, batchPartitions, failure));
    }

    /** On the sequencing thread: every record's decision, in partition order. */
    private Decided decide(KafkaRecordBatch<String, EditSubmitted> batch, Set<Integer> batchPartitions) {
        states.catchUp(batchPartitions);
        Instant now = Instant.now();
        List<Routed> decisions = new ArrayList<>(batch.getRecords().size());
        int undecodable = 0;
        for (KafkaRecord<String, EditSubmitted> record : batch.getRecords()) {
            EditSubmitted submitted = record.getPayload();
            if (submitted == null) {
                undecodable++; // logged by the deserializer; no client to answer, the offset moves on
                continue;
            }
            int expected = partitionOf(submitted.docId());
            if (expected != record.getPartition()) {
                // sequencing it here would split the document's log over two partitions
                decisions.add(new Routed(EditRejected.of(submitted, ErrorCode.INVALID_EDIT, "the edit of "
                        + submitted.docId() + " arrived on partition " + record.getPartition() + " of "
                        + record.getTopic() + ", but the document belongs to partition " + expected
                        + " (key it by its docId)"), record.getPartition()));
                continue;
            }
            SequencedEvent decision = states.document(record.getPartition(), submitted.docId()).submit(submitted, now);
            decisions.add(new Routed(decision, record.getPartition()));
        }
        return new Decided(decisions, undecodable);
    }

    private Uni<Void> aborted(KafkaRecordBatch<String, EditSubmitted> batch, Set<Integer> batchPartitions,
                              Throwable failure) {
        metrics.aborted();
        int inARow = abortsInARow.incrementAndGet();
        if (fenced(failure)) {
            LOG.errorf(failure, "another instance uses this instance's transactional.id or group.instance.id: "
                    + "this one is a zombie and stops");
            Quarkus.asyncExit(1);
        } else if (producerUnusable(failure)) {
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
            LOG.warnf("transaction aborted, %d edits will be consumed again: %s", batch.getRecords().size(),
                    String.valueOf(failure));
        }
        // SmallRye has reset the consumer to the committed offsets; the state must go back to the committed log
        return Uni.createFrom().item(() -> {
                    states.discard(batchPartitions);
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

    /** The partition the default partitioner gives a record keyed by {@code docId}. */
    private int partitionOf(String docId) {
        return Utils.toPositive(Utils.murmur2(docId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static Message<SequencedEvent> toOps(Routed routed) {
        return Message.of(routed.decision()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(routed.decision().docId()).withPartition(routed.partition()).build());
    }

    @PreDestroy
    void stop() {
        sequencingThread.shutdownNow();
    }
}
