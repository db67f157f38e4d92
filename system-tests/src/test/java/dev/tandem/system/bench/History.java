package dev.tandem.system.bench;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.Topics;
import dev.tandem.protocol.kafka.EditSubmittedSerializer;
import dev.tandem.protocol.kafka.SequencedEventDeserializer;
import dev.tandem.protocol.kafka.SequencedEventSerializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * History written before checkpoints existed, fast: {@code ops} valid {@link OpCommitted} records appended straight
 * to {@code tandem.ops} by a batching producer (not through the sequencer, which would take hours for 10 M), spread
 * round-robin over documents of the given partitions, each keyed by its document so the default partitioner puts
 * it where the sequencer expects it. Every op types one character at the end of its document (revisions
 * contiguous from 1), so the text of each document is known here and the sequencer's rebuilt state can be checked
 * by {@link #probe}: an edit at the end of the text on the head revision must commit unchanged at head + 1.
 */
public final class History {
    private static final String LINE = "    int total = values.stream().mapToInt(Integer::intValue).sum(); // ok\n";

    private final String bootstrap;
    private final Map<String, Integer> revision = new LinkedHashMap<>();
    private final Map<String, Integer> length = new HashMap<>();
    private final Map<String, Integer> partitionOf = new HashMap<>();
    private long probeSeq;

    private History(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Writes {@code ops} ops over {@code documents} new documents of {@code partitions} (of {@code total}). */
    public static History write(String bootstrap, long ops, int documents, Set<Integer> partitions, int total,
                         StringBuilder report) {
        History history = new History(bootstrap);
        String run = Long.toHexString(System.nanoTime());
        for (int i = 0; history.revision.size() < documents; i++) {
            String doc = "hist-" + run + "-" + i;
            int partition = Utils.toPositive(Utils.murmur2(doc.getBytes(StandardCharsets.UTF_8))) % total;
            if (partitions.contains(partition)) {
                history.revision.put(doc, 0);
                history.length.put(doc, 0);
                history.partitionOf.put(doc, partition);
            }
        }
        List<String> docs = new ArrayList<>(history.revision.keySet());
        long started = System.nanoTime();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Instant now = Instant.now();
        try (KafkaProducer<String, SequencedEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                // idempotent: a batch retried (e.g. NOT_LEADER right after the topic was created) must not land
                // after the next one, or a document's revisions are out of order: a damaged log, as the probes show
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 50,
                ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 256L << 20,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new SequencedEventSerializer())) {
            for (long k = 0; k < ops; k++) {
                String doc = docs.get((int) (k % docs.size()));
                int rev = history.revision.merge(doc, 1, Integer::sum);
                int len = history.length.get(doc);
                String typed = String.valueOf(LINE.charAt(len % LINE.length()));
                history.length.put(doc, len + 1);
                OpCommitted op = new OpCommitted(doc, rev, "typist-" + Math.abs(doc.hashCode() % 1000), rev,
                        new TextEdit(TextOperation.insert(len, typed)), now, "History");
                producer.send(new ProducerRecord<>(Topics.OPS, doc, op), (metadata, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
                if (failed.get() != null) {
                    throw new IllegalStateException("writing the history failed", failed.get());
                }
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("writing the history failed", failed.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        report.append(String.format("history: %,d ops over %d documents of partitions %s written in %.1f s "
                + "(%,.0f ops/s; longest document %,d code points)%n", ops, documents, partitions, seconds,
                ops / seconds, history.length.values().stream().mapToInt(Integer::intValue).max().orElse(0)));
        return history;
    }

    public Set<String> documents() {
        return revision.keySet();
    }

    int revision(String doc) {
        return revision.get(doc);
    }

    public long ops() {
        return revision.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** For each of {@code partitions}, the history document written last in it (so folded last). */
    Map<Integer, String> lastDocumentOf(Set<Integer> partitions) {
        Map<Integer, String> last = new HashMap<>();
        List<String> docs = new ArrayList<>(revision.keySet());
        long ops = ops();
        for (long k = ops - 1; k >= 0 && last.size() < partitions.size(); k--) {
            String doc = docs.get((int) (k % docs.size()));
            if (partitions.contains(partitionOf.get(doc))) {
                last.putIfAbsent(partitionOf.get(doc), doc);
            }
        }
        return last;
    }

    /**
     * For every history document of {@code partitions}: submits an edit at the end of its text on its head revision
     * and waits for the decision. The sequencer holds the history right only if it commits it at head + 1
     * unchanged. Returns the problems found, each a sentence (empty: all right).
     */
    public List<String> probe(Set<Integer> partitions, Duration timeout) {
        Map<String, EditSubmitted> sent = new LinkedHashMap<>();
        for (String doc : revision.keySet()) {
            if (partitions.contains(partitionOf.get(doc))) {
                sent.put(doc, new EditSubmitted(doc, "probe", ++probeSeq, revision.get(doc),
                        new TextEdit(TextOperation.insert(length.get(doc), "!")), Instant.now(), "Probe"));
            }
        }
        List<String> problems = new ArrayList<>();
        try (KafkaConsumer<String, SequencedEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new SequencedEventDeserializer());
             KafkaProducer<String, EditSubmitted> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                     new StringSerializer(), new EditSubmittedSerializer())) {
            List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(Topics.OPS, p)).toList();
            consumer.assign(tps);
            consumer.seekToEnd(tps);
            tps.forEach(consumer::position);
            sent.values().forEach(edit -> producer.send(new ProducerRecord<>(Topics.EDITS, edit.docId(), edit)));
            producer.flush();
            Map<String, EditSubmitted> waiting = new LinkedHashMap<>(sent);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SequencedEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    SequencedEvent event = record.value();
                    EditSubmitted edit = event == null ? null : waiting.get(event.docId());
                    if (edit == null || !event.clientId().equals("probe")) {
                        continue;
                    }
                    waiting.remove(edit.docId());
                    int expected = edit.baseRevision() + 1;
                    if (event instanceof OpCommitted committed && committed.revision() == expected
                            && committed.edit().operation().equals(edit.edit().operation())) {
                        revision.put(edit.docId(), expected);
                        length.merge(edit.docId(), 1, Integer::sum);
                    } else {
                        problems.add(edit.docId() + " (history of " + edit.baseRevision() + " revisions): the probe "
                                + "at the end of the text was answered " + event + ", not committed unchanged at "
                                + expected);
                    }
                }
            }
            waiting.keySet().forEach(doc -> problems.add(doc + ": no answer to the probe within " + timeout));
        }
        return problems;
    }
}
