package dev.tandem.sequencer.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.Topics;
import dev.tandem.sequencer.kafka.BatchDecider.Decided;
import dev.tandem.sequencer.kafka.BatchDecider.Routed;
import dev.tandem.sequencer.kafka.CheckpointRecords.Outgoing;

/**
 * A worker's transactional producer: one transaction per batch, holding its decisions (to {@code tandem.ops}),
 * its dead letters, its checkpoints and marks, and the batch's offsets. A producer that can never commit again is
 * closed and made anew with the same transactional id, which fences the old one and aborts what it left open:
 * after a broker restart, or a transaction the broker timed out, the worker goes on in the same process.
 */
final class TransactionalOps implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TransactionalOps.class);

    /** Headers of a dead letter: the partition and offset of the edit on tandem.edits, and why it was set aside. */
    static final String HEADER_PARTITION = "tandem.edits.partition";
    static final String HEADER_OFFSET = "tandem.edits.offset";
    static final String HEADER_REASON = "tandem.reason";

    /** Producers made anew without a commit in between, after which the instance stops (it may be a zombie). */
    static final int MAX_REPLACED_IN_A_ROW = 5;
    /**
     * The longest a call blocks on a broker that does not answer (Kafka's default is 60 s): a commit that cannot
     * complete is given up, the producer replaced, and the batch decided again once the broker is back.
     */
    private static final Duration MAX_BLOCK = Duration.ofSeconds(5);

    private final String transactionalId;
    private final Map<String, Object> settings;
    private final BooleanSupplier running;
    private final SequencerMetrics metrics;
    private KafkaProducer<String, Object> producer;
    private boolean open;
    private int replacedInARow;

    TransactionalOps(String worker, SequencerConfig config, KafkaSettings kafka, SequencerMetrics metrics,
                     BooleanSupplier running) {
        this.transactionalId = "tandem-sequencer-" + worker;
        this.metrics = metrics;
        this.running = running;
        this.settings = kafka.producer(config.checkpointMaxBytes(), Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.CLIENT_ID_CONFIG, transactionalId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // send at once: a batch's decisions are already grouped by its transaction
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis()));
    }

    /** Makes the producer (waiting for the broker as long as the worker runs). */
    void start() {
        producer = create();
    }

    /**
     * Writes one batch's transaction and commits it.
     *
     * @throws KafkaException if it did not commit (then call {@link #abort})
     */
    void commit(Decided decided, CheckpointRecords checkpoints, Map<TopicPartition, OffsetAndMetadata> offsets,
                ConsumerGroupMetadata group, PoisonRecords poison) {
        producer.beginTransaction();
        open = true;
        for (Routed routed : decided.decisions()) {
            SequencedEvent decision = routed.decision();
            Future<RecordMetadata> at = send(new ProducerRecord<>(Topics.OPS, routed.partition(), decision.docId(),
                    decision), routed, poison);
            checkpoints.sentDecision(routed.partition(), decision.docId(), decision instanceof OpCommitted, at);
            if (routed.deadLetterReason() != null) {
                send(deadLetter(routed), routed, poison);
            }
        }
        for (Outgoing record : checkpoints.outgoing()) {
            Future<RecordMetadata> at = producer.send(new ProducerRecord<>(Topics.CHECKPOINTS, record.partition(),
                    record.key(), record.value()));
            if (record.docId() != null) {
                checkpoints.sentCheckpoint(record, at);
            }
        }
        producer.sendOffsetsToTransaction(offsets, group);
        producer.commitTransaction();
        open = false;
        replacedInARow = 0;
    }

    /** After a failed {@link #commit} (or one that never began): aborts, or replaces a producer that cannot. */
    void abort(Throwable failure) {
        boolean replace = unusable(failure);
        if (open && !replace) {
            try {
                producer.abortTransaction();
            } catch (InterruptException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warnf("aborting the transaction failed (%s): the producer is replaced", String.valueOf(e));
                replace = true;
            }
        }
        open = false;
        if (replace) {
            replace(failure);
        }
    }

    private void replace(Throwable failure) {
        if (++replacedInARow > MAX_REPLACED_IN_A_ROW) {
            throw new IllegalStateException("the transactional producer was replaced " + MAX_REPLACED_IN_A_ROW
                    + " times without a commit: another instance may use this worker's transactional id", failure);
        }
        LOG.warnf("the transactional producer %s cannot commit again (%s): it is replaced by a new one",
                transactionalId, String.valueOf(failure));
        metrics.producerReplaced();
        producer.close(Duration.ZERO);
        producer = create();
    }

    private KafkaProducer<String, Object> create() {
        KafkaProducer<String, Object> made = new KafkaProducer<>(settings, new StringSerializer(),
                new OpsChannelSerializer());
        long waitingSince = System.nanoTime();
        while (true) {
            try {
                made.initTransactions(); // fences a predecessor with this id and aborts what it left open
                return made;
            } catch (TimeoutException e) {
                if (!running.getAsBoolean()) {
                    made.close(Duration.ZERO);
                    throw e;
                }
                LOG.warnf("the broker does not answer %s's initTransactions for %d s: trying again", transactionalId,
                        Duration.ofNanos(System.nanoTime() - waitingSince).toSeconds());
            } catch (RuntimeException e) {
                made.close(Duration.ZERO);
                throw e;
            }
        }
    }

    /** Sends a record of {@code routed}, noting a failure that may be the record's own fault. */
    private Future<RecordMetadata> send(ProducerRecord<String, Object> record, Routed routed, PoisonRecords poison) {
        Callback noteFailure = (metadata, failure) -> {
            if (failure != null) {
                poison.sendFailed(routed.source(), failure);
            }
        };
        try {
            return producer.send(record, noteFailure);
        } catch (KafkaException refused) { // refused before it was sent, e.g. it could not be serialized
            poison.sendFailed(routed.source(), refused);
            throw refused;
        }
    }

    /** The answer to an edit set aside, on the dead-letter topic, with where the edit is and why. */
    private static ProducerRecord<String, Object> deadLetter(Routed routed) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER_PARTITION, utf8(String.valueOf(routed.source().partition())));
        headers.add(HEADER_OFFSET, utf8(String.valueOf(routed.source().offset())));
        headers.add(HEADER_REASON, utf8(routed.deadLetterReason()));
        return new ProducerRecord<>(Topics.EDITS_DEAD, routed.partition(), routed.decision().docId(),
                routed.decision(), headers);
    }

    /** Failures after which this producer can never commit again (KafkaProducer's fatal transactional errors). */
    static boolean unusable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidTxnStateException
                    || t instanceof InvalidProducerEpochException || t instanceof OutOfOrderSequenceException
                    || t instanceof AuthorizationException || t instanceof UnsupportedVersionException
                    // TransactionManager's wrapper once it has failed fatally; its cause is not always kept
                    || String.valueOf(t.getMessage()).contains("we are in an error state")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
