package dev.tandem.sequencer.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.jboss.logging.Logger;

import dev.tandem.protocol.ErrorCode;

/**
 * The records of {@code tandem.edits} whose output made a transaction abort, by their coordinates: consumed again,
 * each is answered with {@code EditRejected} and set aside instead of failing the same way for ever.
 *
 * <p>Only a failure that is the record's own fault is remembered: Kafka refused that very record (too large, not
 * serializable, invalid). The sends that fail because another send of the same transaction failed first
 * (Kafka's wrapper "at least one previous ... request has failed", an aborted batch) are not. Memory only: a
 * restarted instance pays one abort per poison record to learn it again, then answers it.
 */
final class PoisonRecords {

    private static final Logger LOG = Logger.getLogger(PoisonRecords.class);

    /** Why a record is set aside, and the code its author is answered with. */
    record Poison(ErrorCode code, String reason) {
    }

    private final Map<Source, Poison> known = new ConcurrentHashMap<>();
    private final Map<Source, Throwable> failedSends = new ConcurrentHashMap<>();

    /** From a send's nack (any thread): the output of {@code source} could not be produced. */
    void sendFailed(Source source, Throwable failure) {
        failedSends.putIfAbsent(source, failure);
    }

    /** A transaction begins: its failed sends are the only ones that count. */
    void transactionBegins() {
        failedSends.clear();
    }

    /** After an abort: remembers the records whose own output Kafka refused; returns how many. */
    int learnFromAbort() {
        int learned = 0;
        for (Map.Entry<Source, Throwable> failed : failedSends.entrySet()) {
            Optional<Poison> poison = classify(failed.getValue());
            if (poison.isPresent() && known.putIfAbsent(failed.getKey(), poison.get()) == null) {
                LOG.errorf("the output of the edit at %s was refused by Kafka (%s): when it is consumed again it is "
                        + "answered with %s and set aside", failed.getKey(), poison.get().reason(), poison.get().code());
                learned++;
            }
        }
        failedSends.clear();
        return learned;
    }

    Optional<Poison> poison(Source source) {
        return Optional.ofNullable(known.get(source));
    }

    /** The answers to these records are committed: nothing to remember any more. */
    void answered(Collection<Source> sources) {
        sources.forEach(known::remove);
    }

    /**
     * The poison a send failure shows, if the record itself is at fault: the first Kafka exception on the cause
     * chain decides (a wrapper saying an earlier send failed names that earlier failure as its cause, so the chain
     * is not searched further).
     */
    static Optional<Poison> classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException) {
                return Optional.of(new Poison(ErrorCode.MESSAGE_TOO_LARGE, describe(t)));
            }
            if (t instanceof SerializationException || t instanceof InvalidRecordException
                    || t instanceof InvalidTopicException) {
                return Optional.of(new Poison(ErrorCode.INTERNAL_ERROR, describe(t)));
            }
            if (t instanceof KafkaException) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A failure in a line for a log, a refusal or a header: its class and message, at most 300 characters. */
    static String describe(Throwable t) {
        String text = t.getClass().getSimpleName() + ": " + t.getMessage();
        return text.length() > 300 ? text.substring(0, 297) + "..." : text;
    }
}
