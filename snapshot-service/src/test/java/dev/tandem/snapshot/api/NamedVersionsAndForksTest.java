package dev.tandem.snapshot.api;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ChatMessage;
import dev.tandem.protocol.Edit;
import dev.tandem.protocol.ForkOrigin;
import dev.tandem.protocol.ForkedFrom;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.VersionName;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.HistoryError.Code;
import dev.tandem.protocol.history.NamedVersion;
import dev.tandem.protocol.history.VersionList;
import dev.tandem.snapshot.testing.Fixtures;
import dev.tandem.snapshot.testing.HistoryApi;
import dev.tandem.snapshot.testing.ProjectionTables;
import dev.tandem.testsupport.TandemInfrastructureResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Named versions and forks (issue 12) folded from a real broker into PostgreSQL and served by the history API:
 * {@code /versions} lists the {@code name} edits in the order they were committed (pages of 25 in the test
 * profile), and a document whose revision 1 is a {@code fork} edit has that pointer in its {@code DocumentState}.
 */
@QuarkusTest
@WithTestResource(value = TandemInfrastructureResource.class,
        initArgs = @ResourceArg(name = "postgres", value = "true"))
class NamedVersionsAndForksTest {
    private static final Instant START = Instant.parse("2025-01-15T09:00:00Z");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void namesAreListedInTheOrderTheyWereGivenAndChangeNeitherTextNorLanguage() {
        String docId = Fixtures.docId("names");
        List<OpCommitted> ops = List.of(
                op(docId, 1, new TextEdit(TextOperation.insert(0, "hello"))),
                op(docId, 2, new VersionName(1, "before the refactor")),
                op(docId, 3, new TextEdit(TextOperation.insert(5, " world"))),
                op(docId, 4, new VersionName(0, "empty 🌍")),
                op(docId, 5, new ChatMessage("named two")),
                op(docId, 6, new VersionName(3, "before the refactor")));
        publishAndAwait(ops);

        VersionList all = HistoryApi.get(VersionList.class, "/api/docs/{docId}/versions", docId);
        assertThat(all.headRevision()).isEqualTo(6);
        assertThat(all.next()).isNull();
        assertThat(all.versions()).extracting(NamedVersion::revision, NamedVersion::name, NamedVersion::nameRevision,
                        NamedVersion::authorName)
                .containsExactly(tuple(1, "before the refactor", 2, "Ada"), tuple(0, "empty 🌍", 4, "Ada"),
                        tuple(3, "before the refactor", 6, "Ada"));
        assertThat(all.versions().get(0).committedAt()).isEqualTo(START.plusSeconds(2));

        VersionList later = HistoryApi.get(VersionList.class, "/api/docs/{docId}/versions?from=5", docId);
        assertThat(later.versions()).extracting(NamedVersion::nameRevision).containsExactly(6);
        assertThat(HistoryApi.get(VersionList.class, "/api/docs/{docId}/versions?from=7", docId).versions())
                .isEmpty();

        DocumentState head = HistoryApi.get(DocumentState.class, "/api/docs/{docId}", docId);
        assertThat(head.text()).isEqualTo("hello world");
        assertThat(head.language()).isEqualTo("plaintext");
        assertThat(head.forkedFrom()).isNull();
    }

    @Test
    void versionsPageOnFromWhereAPageStopped() {
        String docId = Fixtures.docId("many-names");
        List<OpCommitted> ops = new ArrayList<>();
        ops.add(op(docId, 1, new TextEdit(TextOperation.insert(0, "x"))));
        for (int revision = 2; revision <= 31; revision++) {
            ops.add(op(docId, revision, new VersionName(revision - 1, "v" + revision)));
        }
        publishAndAwait(ops);

        VersionList first = HistoryApi.get(VersionList.class, "/api/docs/{docId}/versions", docId);
        assertThat(first.versions()).hasSize(25);
        assertThat(first.next()).isEqualTo(27);
        VersionList second = HistoryApi.get(VersionList.class, "/api/docs/{docId}/versions?from=" + first.next(),
                docId);
        assertThat(second.versions()).extracting(NamedVersion::name).containsExactly("v27", "v28", "v29", "v30",
                "v31");
        assertThat(second.next()).isNull();
    }

    @Test
    void badVersionRequestsAreAnsweredWithTheirCode() {
        String docId = Fixtures.docId("names-errors");
        publishAndAwait(List.of(op(docId, 1, new TextEdit(TextOperation.insert(0, "x")))));
        assertThat(HistoryApi.error(400, "/api/docs/{docId}/versions?from=3", docId).code())
                .isEqualTo(Code.REVISION_OUT_OF_RANGE);
        assertThat(HistoryApi.error(400, "/api/docs/{docId}/versions?from=x", docId).message())
                .isEqualTo("from must be an integer, was \"x\"");
        assertThat(HistoryApi.error(400, "/api/docs/{docId}/versions?from=0", docId).code())
                .isEqualTo(Code.INVALID_PARAMETER);
        assertThat(HistoryApi.error(404, "/api/docs/{docId}/versions", Fixtures.docId("never")).code())
                .isEqualTo(Code.UNKNOWN_DOCUMENT);
    }

    @Test
    void aForksFirstRevisionIsItsOriginsTextAndLanguageAndItsPointerBack() {
        String docId = Fixtures.docId("fork");
        ForkedFrom from = new ForkedFrom("ro_AAAAAAAAAAAAAAAAAAAAAA", 12);
        publishAndAwait(List.of(
                op(docId, 1, new ForkOrigin(from, "class A {}\n// 🌍\n", "java")),
                op(docId, 2, new TextEdit(TextOperation.builder().retain(10).insert(" B").build()))));

        DocumentState head = HistoryApi.get(DocumentState.class, "/api/docs/{docId}", docId);
        assertThat(head.text()).isEqualTo("class A {} B\n// 🌍\n");
        assertThat(head.language()).isEqualTo("java");
        assertThat(head.forkedFrom()).isEqualTo(from);
        DocumentState first = HistoryApi.get(DocumentState.class, "/api/docs/{docId}/revisions/1", docId);
        assertThat(first.text()).isEqualTo("class A {}\n// 🌍\n");
        assertThat(first.forkedFrom()).isEqualTo(from);
        DocumentState empty = HistoryApi.get(DocumentState.class, "/api/docs/{docId}/revisions/0", docId);
        assertThat(empty.forkedFrom()).isNull();
        assertThat(empty.language()).isEqualTo("plaintext");
    }

    private void publishAndAwait(List<OpCommitted> ops) {
        Fixtures.publisher().commit(ops);
        ProjectionTables tables = new ProjectionTables(dataSource::getConnection);
        String docId = ops.get(0).docId();
        await().atMost(Duration.ofSeconds(60)).until(() -> tables.head(docId) == ops.size());
    }

    private static OpCommitted op(String docId, int revision, Edit edit) {
        return new OpCommitted(docId, revision, "c-ada", revision, edit, START.plusSeconds(revision), "Ada");
    }
}
