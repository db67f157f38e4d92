package dev.tandem.testsupport.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import dev.tandem.ot.Ot;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;

/**
 * The events of some documents in {@code tandem.ops}, as read_committed readers see them, each document's in log
 * order (one document is in one partition). Read from the start to the end the log has when reading begins.
 */
public final class OpsLog {

    private final Map<String, List<SequencedEvent>> events;

    private OpsLog(Map<String, List<SequencedEvent>> events) {
        this.events = events;
    }

    /** Reads every committed event of {@code documents}; blocks until it has reached the end of each partition. */
    public static OpsLog read(String bootstrap, Collection<String> documents) {
        return read(bootstrap, documents, Map.of());
    }

    /**
     * Reads every committed event of {@code documents} from the offsets in {@code from} (partition number of
     * {@code tandem.ops} to offset; others from the start): for documents that have no event before those offsets
     * (new since then), the same as {@link #read(String, Collection)}, without reading a long history.
     */
    public static OpsLog read(String bootstrap, Collection<String> documents, Map<Integer, Long> from) {
        Set<String> wanted = new HashSet<>(documents);
        Map<String, List<SequencedEvent>> events = new LinkedHashMap<>();
        documents.forEach(doc -> events.put(doc, new ArrayList<>()));
        try (KafkaConsumer<String, SequencedEvent> consumer = KafkaLogClients.opsFrom(bootstrap, from)) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!reachedEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + ends + " within 2 minutes");
                }
                for (ConsumerRecord<String, SequencedEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && wanted.contains(record.value().docId())) {
                        events.get(record.value().docId()).add(record.value());
                    }
                }
            }
        }
        return new OpsLog(events);
    }

    /** A log made of {@code events} per document, each list in log order (to test what reads a log). */
    public static OpsLog of(Map<String, List<SequencedEvent>> events) {
        Map<String, List<SequencedEvent>> copy = new LinkedHashMap<>();
        events.forEach((doc, list) -> copy.put(doc, List.copyOf(list)));
        return new OpsLog(copy);
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    public Set<String> documents() {
        return events.keySet();
    }

    /** Every decision about {@code docId}, in log order. */
    public List<SequencedEvent> events(String docId) {
        return List.copyOf(events.getOrDefault(docId, List.of()));
    }

    /** The committed revisions of {@code docId}, in log order. */
    public List<OpCommitted> committed(String docId) {
        return events(docId).stream().filter(OpCommitted.class::isInstance).map(OpCommitted.class::cast).toList();
    }

    /** The text the committed ops of {@code docId} build, applied in log order to the empty document. */
    public String text(String docId) {
        String text = "";
        for (OpCommitted committed : committed(docId)) {
            text = Ot.apply(text, committed.edit().operation());
        }
        return text;
    }
}
