package dev.tandem.snapshot.crash;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.Topics;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.OpPage;
import dev.tandem.snapshot.testing.OpStream;
import dev.tandem.snapshot.testing.OpsPublisher;
import dev.tandem.snapshot.testing.PackagedService;
import dev.tandem.snapshot.testing.ProjectionTables;
import dev.tandem.testsupport.JdbcTarget;
import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.TestKafka;
import dev.tandem.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service, killed with SIGKILL at random moments while a long stream of committed ops for several
 * documents is published (with rejections, duplicates and aborted transactions mixed in), then restarted: in the
 * end every document's op log holds each revision exactly once, and its text at any revision is the fold of the
 * published ops. Reproduce a failure with {@code -Dtandem.crash.seed=<the seed in the assertion message>}.
 */
class SnapshotCrashIT {
    private static final int DOCUMENTS = 6;
    private static final int OPS_PER_DOCUMENT = 400;
    private static final int CHUNKS = 6;
    private static final int SNAPSHOT_INTERVAL = 25;
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private final long seed = Long.getLong("tandem.crash.seed", System.nanoTime());
    private final Random random = new Random(seed);
    private ServiceProcess service;
    private OpsPublisher publisher;

    @AfterEach
    void tearDown() {
        if (service != null) {
            service.kill();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    @Test
    void killedAtRandomMomentsItNeitherLosesNorDuplicatesAnOp() {
        TestKafka kafka = TestKafka.get();
        kafka.createTopic(Topics.OPS, 12);
        JdbcTarget database = TestPostgres.get().newDatabase("snapshot_crash");
        ProjectionTables tables = new ProjectionTables(database::connect);
        publisher = new OpsPublisher(kafka.bootstrapServers());
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<OpStream> docs = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            docs.add(new OpStream("crash-" + run + "-" + i, seed + i));
        }
        service = service(kafka, database, run);
        service.start().awaitReady(PATIENCE);

        long published = 0;
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            published += publishChunk(docs);
            if (chunk == CHUNKS - 1) {
                break;
            }
            if (chunk == 2) {
                // killed during startup, before it consumed anything (or while Flyway runs)
                service.kill();
                service.start();
            }
            long applied = tables.totalOps();
            long target = applied + (long) (random.nextDouble() * (published - applied));
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> tables.totalOps() >= target);
            service.kill();
            service.start();
        }
        service.awaitReady(PATIENCE);
        for (OpStream doc : docs) {
            await().atMost(PATIENCE).until(() -> tables.head(doc.docId()) == OPS_PER_DOCUMENT);
        }

        for (OpStream doc : docs) {
            String about = doc.docId() + ", seed " + seed;
            assertThat(tables.stallReason(doc.docId())).as(about).isEmpty();
            assertThat(tables.ops(doc.docId())).as("one row per revision, none missing: " + about)
                    .extracting(ProjectionTables.OpRow::revision)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, OPS_PER_DOCUMENT).boxed()
                            .toList());
            assertThat(tables.snapshotRevisions(doc.docId())).as(about).hasSize(OPS_PER_DOCUMENT / SNAPSHOT_INTERVAL);
            assertThat(replay(doc.docId())).as("replayed ops: " + about).isEqualTo(doc.ops());
            assertThat(get(DocumentState.class, "/api/docs/" + doc.docId()).text()).as("head: " + about)
                    .isEqualTo(doc.textAt(OPS_PER_DOCUMENT));
            for (int i = 0; i < 8; i++) {
                int revision = random.nextInt(OPS_PER_DOCUMENT + 1);
                DocumentState state = get(DocumentState.class, "/api/docs/" + doc.docId() + "/revisions/" + revision);
                assertThat(state.text()).as("text at %d: %s", revision, about).isEqualTo(doc.textAt(revision));
                assertThat(state.language()).as("language at %d: %s", revision, about)
                        .isEqualTo(doc.languageAt(revision));
            }
        }
    }

    /**
     * The next chunk of every document's ops, interleaved at random and published in transactions of 1 to 30
     * records, with noise the projection must ignore: rejections, duplicates, and aborted transactions holding
     * impostor ops for revisions about to be committed.
     *
     * @return the number of ops published
     */
    private int publishChunk(List<OpStream> docs) {
        List<SequencedEvent> pending = new ArrayList<>();
        int perDocument = OPS_PER_DOCUMENT / CHUNKS + (docs.get(0).head() == 0 ? OPS_PER_DOCUMENT % CHUNKS : 0);
        List<Integer> turns = new ArrayList<>();
        for (int d = 0; d < docs.size(); d++) {
            for (int i = 0; i < perDocument; i++) {
                turns.add(d);
            }
        }
        Collections.shuffle(turns, random);
        for (int d : turns) {
            OpStream doc = docs.get(d);
            if (random.nextInt(25) == 0) {
                publisher.abort(List.of(impostor(doc)));
            }
            pending.add(doc.next());
            if (random.nextInt(15) == 0) {
                pending.add(random.nextBoolean()
                        ? new EditRejected(doc.docId(), "c-mallory", 1, ErrorCode.OP_DOES_NOT_FIT, "too long")
                        : new EditDuplicate(doc.docId(), "c-ada", 1, 1));
            }
            if (pending.size() >= 1 + random.nextInt(30)) {
                publisher.commit(pending);
                pending.clear();
            }
        }
        publisher.commit(pending);
        return turns.size();
    }

    /** An op for the document's next revision that no committed transaction holds. */
    private static OpCommitted impostor(OpStream doc) {
        return new OpCommitted(doc.docId(), doc.head() + 1, "c-zombie", 1,
                new TextEdit(TextOperation.insert(0, "ZOMBIE")), Instant.now(), "Zombie");
    }

    private ServiceProcess service(TestKafka kafka, JdbcTarget database, String run) {
        return PackagedService.of("snapshot-crash", kafka, database, run, SNAPSHOT_INTERVAL, 3);
    }

    /** Every op from revision 1, following {@code next} from page to page, as a reconnecting client would. */
    private List<OpCommitted> replay(String docId) {
        List<OpCommitted> ops = new ArrayList<>();
        Integer from = 1;
        while (from != null) {
            OpPage page = get(OpPage.class, "/api/docs/" + docId + "/ops?from=" + from);
            ops.addAll(page.ops());
            from = page.next();
        }
        return ops;
    }

    private <T> T get(Class<T> type, String path) {
        return PackagedService.get(service, type, path);
    }
}
