package dev.tandem.testsupport.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.tandem.ot.CodePoints;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.Topics;

/**
 * Simulated browsers editing documents through Kafka, as the gateway would carry their edits: each
 * {@link KafkaEditClient} types random edits, publishes its one in-flight edit to {@code tandem.edits} (keyed by
 * document), reads {@code tandem.ops} (read_committed) for its acks and the others' revisions, and resends when an
 * answer is late. Several clients per document, so edits are based on stale revisions and must be transformed.
 * <pre>{@code
 * try (EditLoad load = EditLoad.builder(bootstrap).documents("crash", 4).clientsPerDocument(3).seed(42).build()) {
 *     load.start();
 *     await().until(() -> load.committed() >= 100);   // kill things here
 *     load.stopEditing();
 *     await().atMost(Duration.ofMinutes(2)).until(load::isDone);
 *     assertThat(LogInvariants.check(OpsLog.read(bootstrap, load.documents()), load.reports())).isEmpty();
 * }
 * }</pre>
 * One thread drives every client (seeded, so a run's edits are reproducible given the same timing); loops are
 * bounded by {@link Builder#maxEditsPerClient} and {@link Builder#deadline}.
 */
public final class EditLoad implements AutoCloseable {

    private static final String[] INSERTS = {"a", "b", "xy", "🌍", "é", "\n", " ", "z🌍z", "{}"};
    private static final Duration POLL = Duration.ofMillis(20);

    private final Builder settings;
    private final Map<String, List<KafkaEditClient>> clientsByDocument = new LinkedHashMap<>();
    private final List<KafkaEditClient> clients = new ArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicLong committed = new AtomicLong();
    /** Per document, when (System.nanoTime) each of its revisions reached the load: how a fault test sees stalls. */
    private final Map<String, List<Long>> commitTimes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean editing = true;
    private volatile boolean closed;

    private EditLoad(Builder settings) {
        this.settings = settings;
        for (String doc : settings.documents) {
            List<KafkaEditClient> ofDocument = new ArrayList<>();
            for (int i = 0; i < settings.clientsPerDocument; i++) {
                ofDocument.add(new KafkaEditClient(doc, doc + "-c" + i, 0, ""));
            }
            clientsByDocument.put(doc, ofDocument);
            clients.addAll(ofDocument);
        }
        this.thread = new Thread(this::run, "tandem-edit-load");
        this.thread.setDaemon(true);
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    public EditLoad start() {
        thread.start();
        return this;
    }

    /** Clients stop typing; the load is {@link #isDone done} once each has its last edit acknowledged. */
    public void stopEditing() {
        editing = false;
    }

    /** Revisions of the load's documents seen committed so far: its progress. */
    public long committed() {
        return committed.get();
    }

    /** Every client has settled (or the load failed); {@link #reports} may be read. */
    public boolean isDone() {
        return !thread.isAlive() && thread.getState() != Thread.State.NEW;
    }

    /**
     * When ({@link System#nanoTime}) each revision of {@code docId} the load has seen so far reached it: index
     * {@code r - 1} is revision {@code r} (the load reads {@code tandem.ops} read_committed, as a gateway does).
     */
    public List<Long> commitTimes(String docId) {
        List<Long> times = commitTimes.get(docId);
        if (times == null) {
            return List.of();
        }
        synchronized (times) {
            return List.copyOf(times);
        }
    }

    public List<String> documents() {
        return List.copyOf(clientsByDocument.keySet());
    }

    /** Each client's outcome; only once {@link #isDone}. */
    public List<ClientReport> reports() {
        if (!isDone()) {
            throw new IllegalStateException("the load is still running");
        }
        List<ClientReport> reports = new ArrayList<>();
        clients.forEach(client -> reports.add(client.report()));
        return reports;
    }

    /** What went wrong in the load itself (not the system under test): a deadline missed, a client error. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Random random = new Random(settings.seed);
        long deadline = System.nanoTime() + settings.deadline.toNanos();
        Map<KafkaEditClient, Long> nextEditAt = new LinkedHashMap<>();
        Map<KafkaEditClient, Integer> editsMade = new LinkedHashMap<>();
        try (KafkaProducer<String, EditSubmitted> producer = KafkaLogClients.editsProducer(settings.bootstrap);
             KafkaConsumer<String, SequencedEvent> consumer = settings.opsFromEnd
                     ? KafkaLogClients.opsFromEnd(settings.bootstrap)
                     : KafkaLogClients.opsFromStart(settings.bootstrap)) {
            while (!closed) {
                long now = System.nanoTime();
                for (ConsumerRecord<String, SequencedEvent> record : consumer.poll(POLL)) {
                    deliver(record, now, producer);
                }
                boolean allTyped = true;
                for (KafkaEditClient client : clients) {
                    int made = editsMade.getOrDefault(client, 0);
                    boolean typing = editing && made < settings.maxEditsPerClient;
                    allTyped &= !typing;
                    if (typing && now >= nextEditAt.getOrDefault(client, 0L)) {
                        publish(producer, client.edit(randomEdit(client.text(), random), now));
                        editsMade.put(client, made + 1);
                        nextEditAt.put(client, now + thinkTime(random));
                    }
                    publish(producer, client.resendIfUnanswered(now, settings.resendAfter));
                }
                if (allTyped && clients.stream().allMatch(KafkaEditClient::isSettled)) {
                    return;
                }
                if (now > deadline) {
                    failures.add("the load did not settle within " + settings.deadline + "; unsettled: "
                            + clients.stream().filter(c -> !c.isSettled()).map(KafkaEditClient::clientId).toList());
                    return;
                }
            }
        } catch (RuntimeException e) {
            failures.add("the load failed: " + e);
        }
    }

    private void deliver(ConsumerRecord<String, SequencedEvent> record, long now,
                         KafkaProducer<String, EditSubmitted> producer) {
        SequencedEvent event = record.value();
        List<KafkaEditClient> ofDocument = event == null ? null : clientsByDocument.get(event.docId());
        if (ofDocument == null) {
            return;
        }
        if (event instanceof OpCommitted) {
            committed.incrementAndGet();
            List<Long> times = commitTimes.computeIfAbsent(event.docId(), doc -> new ArrayList<>());
            synchronized (times) {
                times.add(System.nanoTime()); // not the loop's now, taken before the poll
            }
        }
        for (KafkaEditClient client : ofDocument) {
            publish(producer, client.onEvent(event, now));
        }
    }

    private void publish(KafkaProducer<String, EditSubmitted> producer, Optional<EditSubmitted> submit) {
        // fire and forget, like a gateway under load: a lost send is healed by the client's resend
        submit.ifPresent(edit -> producer.send(new ProducerRecord<>(Topics.EDITS, edit.docId(), edit)));
    }

    private long thinkTime(Random random) {
        long min = settings.minThinkTime.toNanos();
        long spread = settings.maxThinkTime.toNanos() - min;
        return min + (spread <= 0 ? 0 : (long) (random.nextDouble() * spread));
    }

    /** An insert of a short string (astral characters included) or a delete of a few code points. */
    public static TextOperation randomEdit(String text, Random random) {
        int length = CodePoints.length(text);
        if (length > 0 && random.nextInt(3) == 0) {
            int from = random.nextInt(length);
            return TextOperation.delete(from, 1 + random.nextInt(Math.min(3, length - from)));
        }
        return TextOperation.insert(random.nextInt(length + 1), INSERTS[random.nextInt(INSERTS.length)]);
    }

    /** How the load runs; every setting has a default fit for a test on a small machine. */
    public static final class Builder {
        private final String bootstrap;
        private final List<String> documents = new ArrayList<>();
        private int clientsPerDocument = 3;
        private long seed = 1;
        private Duration minThinkTime = Duration.ofMillis(20);
        private Duration maxThinkTime = Duration.ofMillis(120);
        private Duration resendAfter = Duration.ofSeconds(3);
        private int maxEditsPerClient = 10_000;
        private Duration deadline = Duration.ofMinutes(3);
        private boolean opsFromEnd;

        private Builder(String bootstrap) {
            this.bootstrap = bootstrap;
        }

        /** {@code count} new documents named {@code prefix-<random>-<i>}: unique, so runs never share one. */
        public Builder documents(String prefix, int count) {
            String run = Long.toHexString(System.nanoTime() ^ Double.doubleToLongBits(Math.random()));
            for (int i = 0; i < count; i++) {
                documents.add(prefix + "-" + run + "-" + i);
            }
            return this;
        }

        /** These documents, e.g. chosen to cover every partition; they should be new (never edited). */
        public Builder documents(Collection<String> names) {
            documents.addAll(names);
            return this;
        }

        public Builder clientsPerDocument(int count) {
            this.clientsPerDocument = count;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Each client waits a random time in {@code [min, max]} between two of its local edits. */
        public Builder thinkTime(Duration min, Duration max) {
            this.minThinkTime = min;
            this.maxThinkTime = max;
            return this;
        }

        /** How long a client waits for its ack before resending its in-flight edit. */
        public Builder resendAfter(Duration timeout) {
            this.resendAfter = timeout;
            return this;
        }

        /** A client stops typing after this many local edits, even if editing is not stopped. */
        public Builder maxEditsPerClient(int count) {
            this.maxEditsPerClient = count;
            return this;
        }

        /** The load gives up (reported in {@link #failures()}) if it has not settled by then. */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /**
         * The load reads {@code tandem.ops} from its end when it starts, not from its start: right for new
         * documents only (they have no event before), and what a log of millions of records needs.
         */
        public Builder opsFromEnd() {
            this.opsFromEnd = true;
            return this;
        }

        public EditLoad build() {
            if (documents.isEmpty()) {
                throw new IllegalStateException("no documents: call documents(prefix, count)");
            }
            return new EditLoad(this);
        }
    }
}
