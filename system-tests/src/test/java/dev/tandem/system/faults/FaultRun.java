package dev.tandem.system.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.apache.kafka.common.utils.Utils;

import dev.tandem.protocol.history.DocumentState;
import dev.tandem.system.browser.TandemServices;
import dev.tandem.testsupport.load.ClientReport;
import dev.tandem.testsupport.load.EditLoad;
import dev.tandem.testsupport.load.LogInvariants;
import dev.tandem.testsupport.load.OpsLog;

/**
 * One row of the fault matrix: typists on several documents all through a fault, the recovery times measured
 * from what they saw, and afterwards the checks that do not depend on speed. One document in each partition is
 * edited through Kafka as a gateway carries edits ({@link EditLoad}, two typists each), so that whichever
 * sequencer dies, some of its documents are watched; one more through the gateway over WebSockets
 * ({@link WebSocketTypists}, two people). Times are {@link System#nanoTime} in this JVM.
 */
final class FaultRun implements AutoCloseable {

    private static final Duration SETTLE = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(50);
    /** tandem.topics.partitions, the sequencer's default. */
    private static final int PARTITIONS = 12;

    private final TandemServices tandem;
    private final EditLoad load;
    private final WebSocketTypists people;
    private final String peoplesDocument;

    FaultRun(TandemServices tandem, String name, long seed) {
        this.tandem = tandem;
        this.load = EditLoad.builder(tandem.bootstrapServers()).documents(oneInEveryPartition(name))
                .clientsPerDocument(2).thinkTime(Duration.ofMillis(150), Duration.ofMillis(450)).seed(seed)
                .deadline(Duration.ofMinutes(6)).build();
        this.peoplesDocument = tandem.newDocument();
        this.people = new WebSocketTypists("ws://127.0.0.1:" + tandem.gatewayPort(), peoplesDocument, 2, seed);
    }

    /** New documents, one in each partition of tandem.edits (Kafka's default partitioner, as the gateway's). */
    static List<String> oneInEveryPartition(String prefix) {
        String run = Long.toHexString(System.nanoTime());
        String[] byPartition = new String[PARTITIONS];
        for (int i = 0, found = 0; found < PARTITIONS; i++) {
            String doc = prefix + "-" + run + "-" + i;
            int partition = Utils.toPositive(Utils.murmur2(doc.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (byPartition[partition] == null) {
                byPartition[partition] = doc;
                found++;
            }
        }
        return List.of(byPartition);
    }

    /** Starts typing and returns once every document has some revisions: the system is working before the fault. */
    FaultRun start() {
        load.start();
        people.start();
        await().atMost(SETTLE).pollInterval(POLL).until(() -> load.documents().stream()
                .allMatch(doc -> load.commitTimes(doc).size() >= 5) && people.ackTimes().size() >= 5);
        return this;
    }

    /** The longest any Kafka-edited document waited, from {@code since}, for its next revision. */
    Duration firstCommitOnEveryDocumentAfter(long since) {
        await().atMost(SETTLE).pollInterval(POLL).until(() -> load.documents().stream()
                .allMatch(doc -> firstAfter(load.commitTimes(doc), since).isPresent()));
        long worst = 0;
        for (String doc : load.documents()) {
            worst = Math.max(worst, firstAfter(load.commitTimes(doc), since).getAsLong() - since);
        }
        return Duration.ofNanos(worst);
    }

    /** How long after {@code since} the people on the gateway had their next ack. */
    Duration firstAckAfter(long since) {
        await().atMost(SETTLE).pollInterval(POLL).until(() -> firstAfter(people.ackTimes(), since).isPresent());
        return Duration.ofNanos(firstAfter(people.ackTimes(), since).getAsLong() - since);
    }

    /** The longest gap between two revisions of one Kafka-edited document from {@code since} until now. */
    Duration longestStallSince(long since) {
        long now = System.nanoTime();
        long worst = 0;
        for (String doc : load.documents()) {
            long previous = since;
            for (long at : load.commitTimes(doc)) {
                if (at - since > 0) {
                    worst = Math.max(worst, at - previous);
                    previous = at;
                }
            }
            worst = Math.max(worst, now - previous);
        }
        return Duration.ofNanos(worst);
    }

    /**
     * How long after {@code since} the snapshot service's REST API held, for every Kafka-edited document, at least
     * the revisions the typists had seen by {@code since}.
     */
    Duration restCurrentAfter(long since) {
        List<Integer> wanted = load.documents().stream()
                .map(doc -> (int) load.commitTimes(doc).stream().filter(at -> at - since <= 0).count()).toList();
        await().atMost(SETTLE).pollInterval(POLL).until(() -> {
            for (int i = 0; i < wanted.size(); i++) {
                if (restRevision(load.documents().get(i)) < wanted.get(i)) {
                    return false;
                }
            }
            return true;
        });
        return Duration.ofNanos(System.nanoTime() - since);
    }

    /**
     * Everyone stops typing and settles; then the log is sound (contiguous revisions, every edit committed exactly
     * once, none lost: {@link LogInvariants}), every client holds the log's text at its head, and the snapshot
     * service's REST API (PostgreSQL) holds the same head and text as the log for every document.
     */
    void finishAndCheck() {
        load.stopEditing();
        people.stopTyping();
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).until(() -> load.isDone() && people.isSettled());
        assertThat(load.failures()).as("the load itself").isEmpty();

        List<String> documents = new ArrayList<>(load.documents());
        documents.add(peoplesDocument);
        OpsLog log = OpsLog.read(tandem.bootstrapServers(), documents);
        List<ClientReport> reports = new ArrayList<>(load.reports());
        reports.addAll(people.reports());
        assertThat(LogInvariants.check(log, reports)).as("the log and the clients").isEmpty();
        for (String doc : documents) {
            int head = log.committed(doc).size();
            assertThat(head).as("revisions of " + doc).isPositive();
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).until(() -> restRevision(doc) == head);
            assertThat(tandem.head(doc).map(DocumentState::text).orElseThrow())
                    .as("PostgreSQL's text of " + doc).isEqualTo(log.text(doc));
        }
    }

    /** Revisions committed on the Kafka-edited documents so far. */
    long committed() {
        return load.committed();
    }

    private int restRevision(String doc) {
        try {
            return tandem.head(doc).map(DocumentState::revision).orElse(0);
        } catch (RuntimeException e) {
            return -1; // the snapshot service is not answering (yet)
        }
    }

    /** The first time in {@code times} after {@code since}. */
    private static OptionalLong firstAfter(List<Long> times, long since) {
        return times.stream().mapToLong(Long::longValue).filter(at -> at - since > 0).findFirst();
    }

    @Override
    public void close() {
        people.close();
        load.close();
    }
}
