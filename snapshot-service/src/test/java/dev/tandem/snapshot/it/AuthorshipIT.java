package dev.tandem.snapshot.it;

import dev.tandem.ot.Authorship;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.Topics;
import dev.tandem.protocol.history.AuthorRun;
import dev.tandem.protocol.history.DocumentAuthorship;
import dev.tandem.protocol.history.HistoryError;
import dev.tandem.protocol.history.HistoryError.Code;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Authorship served by the packaged service from a real broker and PostgreSQL: for two documents whose ops (three
 * authors, astral characters, language changes and chat) are published in transactions of random sizes, the runs at
 * every revision are the from-scratch fold of the published ops, computed here one op at a time from revision 0.
 * Then the same after a restart (no head in memory: the fold goes on from a snapshot's stored runs), and after the
 * snapshots' runs are erased (snapshots stored before migration V3): exact, from the latest snapshot with runs or
 * from revision 0. Errors are the history API's.
 */
class AuthorshipIT {
    private static final int SNAPSHOT_INTERVAL = 10;
    private static final int FIRST = 120;
    private static final int MORE = 35;
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private final long seed = Long.getLong("tandem.authorship.seed", 20261203L);
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
    void theRunsAtEveryRevisionAreTheFoldOfEveryOpFromTheStartAcrossRestartsAndOldSnapshots() {
        TestKafka kafka = TestKafka.get();
        kafka.createTopic(Topics.OPS, 12);
        JdbcTarget database = TestPostgres.get().newDatabase("snapshot_authorship");
        ProjectionTables tables = new ProjectionTables(database::connect);
        publisher = new OpsPublisher(kafka.bootstrapServers());
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<OpStream> docs = List.of(new OpStream("authorship-" + run + "-a", seed),
                new OpStream("authorship-" + run + "-b", seed + 1));
        // one head in memory for two documents: most batches rebuild a head from a snapshot's stored runs
        service = PackagedService.of("snapshot-authorship", kafka, database, run, SNAPSHOT_INTERVAL, 1);
        service.start().awaitReady(PATIENCE);

        publish(docs, FIRST);
        awaitHeads(tables, docs, FIRST);
        for (OpStream doc : docs) {
            assertThat(tables.snapshotsWithoutAuthorship(doc.docId())).as("every snapshot has its runs").isEmpty();
            checkEveryRevision(doc, 0);
        }

        service.kill();
        tables.forgetAuthorship(docs.get(1).docId()); // as if its snapshots were stored before V3
        service.start().awaitReady(PATIENCE);
        checkEveryRevision(docs.get(1), 0);
        publish(docs, MORE);
        awaitHeads(tables, docs, FIRST + MORE);
        for (OpStream doc : docs) {
            checkEveryRevision(doc, FIRST - SNAPSHOT_INTERVAL);
        }
        assertThat(tables.snapshotsWithoutAuthorship(docs.get(1).docId()))
                .as("the snapshots written after the upgrade have runs")
                .allMatch(revision -> revision <= FIRST);

        String docId = docs.get(0).docId();
        assertThat(PackagedService.get(service, DocumentAuthorship.class, "/api/docs/" + docId + "/authorship"))
                .as("no revision: the head").isEqualTo(expected(docs.get(0), FIRST + MORE));
        refused(404, Code.UNKNOWN_DOCUMENT, "/api/docs/authorship-" + run + "-none/authorship",
                "document authorship-" + run + "-none has no revision in the snapshot service");
        refused(400, Code.REVISION_OUT_OF_RANGE, "/api/docs/" + docId + "/authorship?revision=" + (FIRST + MORE + 1),
                "revision " + (FIRST + MORE + 1) + " is beyond the head revision " + (FIRST + MORE) + " of document "
                        + docId);
        refused(400, Code.INVALID_PARAMETER, "/api/docs/" + docId + "/authorship?revision=-1",
                "revision must be >= 0, was -1");
        refused(400, Code.INVALID_PARAMETER, "/api/docs/" + docId + "/authorship?revision=x",
                "revision must be an integer, was \"x\"");
    }

    /** The next {@code count} revisions of every document, interleaved, in transactions of 1 to 20 records. */
    private void publish(List<OpStream> docs, int count) {
        List<OpCommitted> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (OpStream doc : docs) {
                pending.add(doc.next());
                if (pending.size() >= 1 + random.nextInt(20)) {
                    publisher.commit(pending);
                    pending.clear();
                }
            }
        }
        publisher.commit(pending);
    }

    private static void awaitHeads(ProjectionTables tables, List<OpStream> docs, int head) {
        for (OpStream doc : docs) {
            await().atMost(PATIENCE).until(() -> tables.head(doc.docId()) == head);
        }
    }

    private void checkEveryRevision(OpStream doc, int from) {
        for (int revision = from; revision <= doc.head(); revision++) {
            DocumentAuthorship answer = PackagedService.get(service, DocumentAuthorship.class,
                    "/api/docs/" + doc.docId() + "/authorship?revision=" + revision);
            assertThat(answer).as("authorship of %s at %d (seed %d)", doc.docId(), revision, seed)
                    .isEqualTo(expected(doc, revision));
            String text = doc.textAt(revision);
            assertThat(answer.runs().stream().mapToInt(AuthorRun::length).sum())
                    .as("the runs cover the text's code points").isEqualTo(text.codePointCount(0, text.length()));
        }
    }

    /** The fold of every published op from revision 0 to {@code revision}, made here, one op at a time. */
    private static DocumentAuthorship expected(OpStream doc, int revision) {
        record Who(String clientId, String name) {
        }
        Authorship<Who> authorship = Authorship.empty();
        for (OpCommitted op : doc.ops().subList(0, revision)) {
            if (op.edit() instanceof TextEdit edit) {
                authorship = authorship.apply(edit.op(), new Who(op.clientId(), op.authorName()));
            }
        }
        List<AuthorRun> runs = authorship.runs().stream()
                .map(r -> new AuthorRun(r.length(), r.author().clientId(), r.author().name())).toList();
        return new DocumentAuthorship(doc.docId(), revision, doc.head(), runs);
    }

    private void refused(int status, Code code, String path, String message) {
        HistoryError error = PackagedService.error(service, status, path);
        assertThat(error).isEqualTo(new HistoryError(code, message));
    }
}
