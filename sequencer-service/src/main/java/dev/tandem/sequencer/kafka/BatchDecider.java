package dev.tandem.sequencer.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.SequencedEvent;

/**
 * Decides every record of one batch, in partition order, and never lets one record stop the others: an edit whose
 * output Kafka refused before ({@link PoisonRecords}) and an edit whose decision throws (a bug) are each answered
 * with {@code EditRejected} and set aside (dead-lettered), and the partition moves on. Runs on the sequencing
 * thread.
 */
final class BatchDecider {

    private static final Logger LOG = Logger.getLogger(BatchDecider.class);

    /** One document's decision about one edit: the sequencer's, or in tests one that fails. */
    interface Decide {
        SequencedEvent decide(int partition, EditSubmitted submitted, Instant now);
    }

    /** A record of the batch: where it is, and its value ({@code null} if it could not be decoded). */
    record Input(Source source, EditSubmitted submitted) {
    }

    /**
     * A decision, the partition it goes to (the one its edit came from) and, for an edit set aside, why: such a
     * decision is also written to the dead-letter topic.
     */
    record Routed(SequencedEvent decision, Source source, String deadLetterReason) {

        int partition() {
            return source.partition();
        }
    }

    /**
     * What one batch decided, kept until its transaction commits to count it; {@code broken}: partitions whose
     * state a failed decision may have left half changed, to be rebuilt from the log once this batch is committed.
     */
    record Decided(List<Routed> decisions, int undecodable, Set<Integer> broken) {

        List<SequencedEvent> events() {
            return decisions.stream().map(Routed::decision).toList();
        }

        List<Routed> deadLettered() {
            return decisions.stream().filter(routed -> routed.deadLetterReason() != null).toList();
        }
    }

    private final Decide decide;
    private final PoisonRecords poison;
    private final int partitions;

    BatchDecider(Decide decide, PoisonRecords poison, int partitions) {
        this.decide = decide;
        this.poison = poison;
        this.partitions = partitions;
    }

    Decided decide(List<Input> records, Instant now) {
        List<Routed> decisions = new ArrayList<>(records.size());
        Set<String> brokenDocuments = new HashSet<>();
        Set<Integer> broken = new TreeSet<>();
        int undecodable = 0;
        for (Input record : records) {
            EditSubmitted submitted = record.submitted();
            Source source = record.source();
            if (submitted == null) {
                undecodable++; // logged by the deserializer; no client to answer, the offset moves on
                continue;
            }
            Optional<PoisonRecords.Poison> poisoned = poison.poison(source);
            if (poisoned.isPresent()) {
                decisions.add(new Routed(EditRejected.of(submitted, poisoned.get().code(), "the edit at " + source
                        + " could not be written to the log (" + poisoned.get().reason() + "); it was set aside"),
                        source, poisoned.get().reason()));
                continue;
            }
            int expected = partitionOf(submitted.docId());
            if (expected != source.partition()) {
                // sequencing it here would split the document's log over two partitions
                decisions.add(new Routed(EditRejected.of(submitted, ErrorCode.INVALID_EDIT, "the edit of "
                        + submitted.docId() + " arrived on partition " + source.partition() + " of "
                        + source.topic() + ", but the document belongs to partition " + expected
                        + " (key it by its docId)"), source, null));
                continue;
            }
            if (brokenDocuments.contains(submitted.docId())) {
                decisions.add(new Routed(EditRejected.of(submitted, ErrorCode.INTERNAL_ERROR, "an earlier edit of "
                        + submitted.docId() + " failed on the server; resume and resend this one"), source, null));
                continue;
            }
            try {
                decisions.add(new Routed(decide.decide(source.partition(), submitted, now), source, null));
            } catch (RuntimeException bug) {
                LOG.errorf(bug, "deciding the edit at %s (%s, client %s, clientSeq %d) failed: it is refused with "
                        + "INTERNAL_ERROR and set aside, and the partition's state is rebuilt after this batch",
                        source, submitted.docId(), submitted.clientId(), submitted.clientSeq());
                brokenDocuments.add(submitted.docId());
                broken.add(source.partition());
                decisions.add(new Routed(EditRejected.of(submitted, ErrorCode.INTERNAL_ERROR,
                        "the server failed to decide this edit; resume and resend it"), source,
                        PoisonRecords.describe(bug)));
            }
        }
        return new Decided(decisions, undecodable, broken);
    }

    /** The partition the default partitioner gives a record keyed by {@code docId}. */
    private int partitionOf(String docId) {
        return Utils.toPositive(Utils.murmur2(docId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
