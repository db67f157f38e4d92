package dev.tandem.snapshot.ingest;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.snapshot.testing.Fixtures;
import dev.tandem.snapshot.testing.HistoryApi;
import dev.tandem.snapshot.testing.OpStream;
import dev.tandem.snapshot.testing.OpsPublisher;
import dev.tandem.snapshot.testing.ProjectionTables;
import dev.tandem.testsupport.TandemInfrastructureResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** tandem.ops in, PostgreSQL rows out: the projection against a real broker and database. */
@QuarkusTest
@WithTestResource(value = TandemInfrastructureResource.class,
        initArgs = @ResourceArg(name = "postgres", value = "true"))
class OpsProjectionTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    AgroalDataSource dataSource;

    private ProjectionTables tables;
    private OpsPublisher publisher;

    @BeforeEach
    void setUp() {
        tables = new ProjectionTables(dataSource::getConnection);
        publisher = Fixtures.publisher();
    }

    @Test
    void committedOpsBecomeOneRowEachWithSnapshotsEveryTenRevisions() {
        OpStream doc = new OpStream(Fixtures.docId("rows"), 1);
        publisher.commit(doc.next(20));
        publisher.commit(doc.next(15));

        awaitHead(doc.docId(), 35);
        assertThat(tables.opCount(doc.docId())).isEqualTo(35);
        assertThat(tables.snapshotRevisions(doc.docId())).containsExactly(10, 20, 30);
        List<ProjectionTables.OpRow> rows = tables.ops(doc.docId());
        for (ProjectionTables.OpRow row : rows) {
            OpCommitted op = doc.op(row.revision());
            assertThat(row).isEqualTo(new ProjectionTables.OpRow(op.revision(), op.edit().kind(),
                    TandemJson.shared().encode(op.edit()), op.clientId(), op.clientSeq(), op.authorName(),
                    op.committedAt()));
        }
    }

    @Test
    void redeliveredOpLeavesOneRow() {
        OpStream doc = new OpStream(Fixtures.docId("redelivered"), 2);
        List<OpCommitted> first = doc.next(5);
        publisher.commit(first);
        awaitHead(doc.docId(), 5);

        // what a consumer sees after a crash before its offsets were committed: the same records again
        publisher.commit(first);
        publisher.commit(List.of(doc.op(3), doc.next()));

        awaitHead(doc.docId(), 6);
        assertThat(tables.opCount(doc.docId())).isEqualTo(6);
        assertThat(text(doc.docId())).isEqualTo(doc.textAt(6));
    }

    @Test
    void rejectionsDuplicatesAndPoisonRecordsAreSkippedWithoutBlockingThePartition() {
        OpStream doc = new OpStream(Fixtures.docId("skips"), 3);
        publisher.commit(List.of(doc.next(),
                new EditRejected(doc.docId(), "c-mallory", 9, ErrorCode.OP_DOES_NOT_FIT, "too long"),
                new EditDuplicate(doc.docId(), "c-ada", 1, 1)));
        // same key, so same partition: the records after it must still be folded
        publisher.commitPoison(doc.docId(), "{\"type\":\"committed\",\"docId\":\"" + doc.docId() + "\"}");
        publisher.commitPoison(doc.docId(), "not json at all");
        publisher.commit(doc.next(2));

        awaitHead(doc.docId(), 3);
        assertThat(tables.opCount(doc.docId())).isEqualTo(3);
        assertThat(tables.stallReason(doc.docId())).isEmpty();
    }

    @Test
    void anAbortedTransactionIsNeverFolded() {
        OpStream doc = new OpStream(Fixtures.docId("aborted"), 4);
        publisher.commit(List.of(doc.next()));
        OpCommitted impostor = new OpCommitted(doc.docId(), 2, "c-zombie", 1,
                new TextEdit(TextOperation.insert(0, "ZOMBIE")), doc.op(1).committedAt(), "Zombie");
        publisher.abort(List.of(impostor));
        publisher.commit(doc.next(2));

        awaitHead(doc.docId(), 3);
        assertThat(text(doc.docId())).isEqualTo(doc.textAt(3)).doesNotContain("ZOMBIE");
    }

    @Test
    void aGapStopsTheDocumentAtItsHeadWhileOtherDocumentsGoOn() {
        OpStream gap = new OpStream(Fixtures.docId("gap"), 5);
        OpStream other = new OpStream(Fixtures.docId("beside-gap"), 6);
        List<OpCommitted> ops = gap.next(4);
        publisher.commit(List.of(ops.get(0), ops.get(2)));
        publisher.commit(other.next(3));
        // the missing revision arriving late is not written either: the document waits for an operator
        publisher.commit(List.of(ops.get(1), ops.get(3)));
        publisher.commit(other.next(1));

        awaitHead(other.docId(), 4);
        await().atMost(PATIENCE).until(() -> tables.stallReason(gap.docId()).isPresent());
        assertThat(tables.head(gap.docId())).isEqualTo(1);
        assertThat(tables.opCount(gap.docId())).isEqualTo(1);
        assertThat(tables.stallReason(gap.docId())).contains("gap: revision 3 of document " + gap.docId()
                + " arrived at head revision 1; revision 2 is missing from tandem.ops");
        RestAssured.get("/q/health/ready").then().statusCode(503);
        assertThat(RestAssured.get("/q/health/ready").asString()).contains(gap.docId(), "snapshot projection");
    }

    @Test
    void theTextAtSampledRevisionsEqualsFoldingThePublishedOps() {
        OpStream doc = new OpStream(Fixtures.docId("sampled"), 7);
        for (int i = 0; i < 6; i++) {
            publisher.commit(doc.next(20));
        }
        awaitHead(doc.docId(), 120);

        for (int revision : List.of(0, 1, 9, 10, 11, 57, 99, 100, 101, 119, 120)) {
            DocumentState state = state(doc.docId(), revision);
            assertThat(state.text()).as("text at %d", revision).isEqualTo(doc.textAt(revision));
            assertThat(state.language()).as("language at %d", revision).isEqualTo(doc.languageAt(revision));
            assertThat(state.headRevision()).isEqualTo(120);
        }
    }

    private void awaitHead(String docId, int revision) {
        await().atMost(PATIENCE).until(() -> tables.head(docId) == revision);
    }

    private static String text(String docId) {
        return HistoryApi.get(DocumentState.class, "/api/docs/{docId}", docId).text();
    }

    private static DocumentState state(String docId, int revision) {
        return HistoryApi.get(DocumentState.class, "/api/docs/{docId}/revisions/{r}", docId, revision);
    }
}
