package dev.tandem.snapshot.api;

import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.history.ChatEntry;
import dev.tandem.protocol.history.ChatPage;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.EditingSession;
import dev.tandem.protocol.history.HistoryError;
import dev.tandem.protocol.history.HistoryError.Code;
import dev.tandem.protocol.history.OpPage;
import dev.tandem.protocol.history.RevisionInfo;
import dev.tandem.protocol.history.RevisionPage;
import dev.tandem.protocol.history.Timeline;
import dev.tandem.snapshot.testing.Fixtures;
import dev.tandem.snapshot.testing.HistoryApi;
import dev.tandem.snapshot.testing.OpStream;
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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The history API's answers, on a document folded from a real broker (pages of 25 in the test profile). */
@QuarkusTest
@WithTestResource(value = TandemInfrastructureResource.class,
        initArgs = @ResourceArg(name = "postgres", value = "true"))
class DocumentResourceTest {
    private static final int HEAD = 60;
    private static final List<Integer> CHATS = List.of(5, 20, 40, 55);
    private static OpStream doc;

    @Inject
    AgroalDataSource dataSource;

    /**
     * One document for the whole class: revisions 1..30 a second apart, a 10-minute pause, then 31..60; chat
     * messages at {@link #CHATS}, a language change at 12, text edits elsewhere.
     */
    @BeforeEach
    void publishTheDocumentOnce() {
        synchronized (DocumentResourceTest.class) {
            if (doc != null) {
                return;
            }
            OpStream stream = new OpStream(Fixtures.docId("resource"), 8);
            for (int revision = 1; revision <= HEAD; revision++) {
                Duration after = Duration.ofSeconds(revision == 31 ? 600 : 1);
                if (CHATS.contains(revision)) {
                    stream.nextChat(after);
                } else if (revision == 12) {
                    stream.nextLanguage(after);
                } else {
                    stream.nextText(after);
                }
            }
            Fixtures.publisher().commit(stream.ops());
            ProjectionTables tables = new ProjectionTables(dataSource::getConnection);
            await().atMost(Duration.ofSeconds(60)).until(() -> tables.head(stream.docId()) == HEAD);
            doc = stream;
        }
    }

    @Test
    void theHeadIsTheWholeDocumentWithItsTimes() {
        DocumentState head = HistoryApi.get(DocumentState.class, "/api/docs/{docId}", doc.docId());

        assertThat(head).isEqualTo(new DocumentState(doc.docId(), HEAD, HEAD, doc.textAt(HEAD), doc.languageAt(HEAD),
                doc.op(1).committedAt(), doc.op(HEAD).committedAt()));
    }

    @Test
    void aRevisionIsTheTextAndLanguageAsOfIt() {
        for (int revision : List.of(11, 12, 30, 31)) {
            DocumentState state = HistoryApi.get(DocumentState.class, "/api/docs/{docId}/revisions/{r}",
                    doc.docId(), revision);
            assertThat(state).isEqualTo(new DocumentState(doc.docId(), revision, HEAD, doc.textAt(revision),
                    doc.languageAt(revision), doc.op(1).committedAt(), doc.op(revision).committedAt()));
        }
    }

    @Test
    void revisionZeroIsTheEmptyDocument() {
        DocumentState empty = HistoryApi.get(DocumentState.class, "/api/docs/{docId}/revisions/0", doc.docId());

        assertThat(empty).isEqualTo(new DocumentState(doc.docId(), 0, HEAD, "", "plaintext", doc.op(1).committedAt(),
                null));
    }

    @Test
    void opsReplayEveryRevisionOnceAcrossPages() {
        List<OpCommitted> replayed = new ArrayList<>();
        Integer from = 1;
        List<Integer> pageSizes = new ArrayList<>();
        while (from != null) {
            OpPage page = HistoryApi.get(OpPage.class, "/api/docs/{docId}/ops?from={from}", doc.docId(), from);
            replayed.addAll(page.ops());
            pageSizes.add(page.ops().size());
            from = page.next();
        }

        assertThat(replayed).isEqualTo(doc.ops());
        assertThat(pageSizes).containsExactly(25, 25, 10);
    }

    @Test
    void opsOfABoundedRangeAreExactlyThatRange() {
        OpPage expected = new OpPage(doc.docId(), HEAD, doc.ops().subList(4, 7), null);

        assertThat(HistoryApi.get(OpPage.class, "/api/docs/{docId}/ops?from=5&to=7", doc.docId())).isEqualTo(expected);
        // byte for byte the canonical form, astral characters (the chat at 5 has one) included
        assertThat(RestAssured.get("/api/docs/{docId}/ops?from=5&to=7", doc.docId()).asString())
                .isEqualTo(TandemJson.shared().encode(expected));
    }

    @Test
    void opsFromOneAfterTheHeadAreAnEmptyPage() {
        OpPage page = HistoryApi.get(OpPage.class, "/api/docs/{docId}/ops?from={from}", doc.docId(), HEAD + 1);

        assertThat(page.ops()).isEmpty();
        assertThat(page.next()).isNull();
    }

    @Test
    void revisionsListKindAuthorAndTime() {
        RevisionPage page = HistoryApi.get(RevisionPage.class, "/api/docs/{docId}/revisions?from=11&to=12",
                doc.docId());

        assertThat(page.revisions()).containsExactly(info(11), info(12));
        assertThat(page.revisions().get(1).kind()).isEqualTo("language");
        RevisionPage first = HistoryApi.get(RevisionPage.class, "/api/docs/{docId}/revisions?from=1", doc.docId());
        assertThat(first.revisions()).hasSize(25);
        assertThat(first.next()).isEqualTo(26);
    }

    @Test
    void theTimelineStartsANewSessionAfterAnIdleGap() {
        Timeline timeline = HistoryApi.get(Timeline.class, "/api/docs/{docId}/timeline", doc.docId());

        assertThat(timeline.idleGapSeconds()).isEqualTo(300);
        assertThat(timeline.headRevision()).isEqualTo(HEAD);
        assertThat(timeline.sessions()).extracting(EditingSession::firstRevision, EditingSession::lastRevision)
                .containsExactly(tuple(1, 30), tuple(31, 60));
        EditingSession second = timeline.sessions().get(1);
        assertThat(second.startedAt()).isEqualTo(doc.op(31).committedAt());
        assertThat(second.endedAt()).isEqualTo(doc.op(60).committedAt());
        assertThat(second.authors()).containsExactlyElementsOf(doc.ops().subList(30, 60).stream()
                .map(OpCommitted::authorName).distinct().toList());
    }

    @Test
    void chatPagesBackwardsFromTheLatestMessage() {
        ChatPage latest = HistoryApi.get(ChatPage.class, "/api/docs/{docId}/chat?limit=3", doc.docId());
        assertThat(latest.messages()).extracting(ChatEntry::revision).containsExactly(20, 40, 55);
        assertThat(latest.next()).isEqualTo(20);
        assertThat(latest.messages().get(0).text()).isEqualTo("message at revision 20 🚀");

        ChatPage older = HistoryApi.get(ChatPage.class, "/api/docs/{docId}/chat?limit=3&before={before}",
                doc.docId(), latest.next());
        assertThat(older.messages()).extracting(ChatEntry::revision).containsExactly(5);
        assertThat(older.next()).isNull();

        ChatPage all = HistoryApi.get(ChatPage.class, "/api/docs/{docId}/chat", doc.docId());
        assertThat(all.messages()).extracting(ChatEntry::revision).containsExactlyElementsOf(CHATS);
    }

    @Test
    void unknownDocumentsAre404OnEveryEndpoint() {
        String unknown = Fixtures.docId("never-edited");
        for (String path : List.of("", "/revisions/0", "/authorship", "/revisions?from=1", "/ops?from=1", "/timeline",
                "/chat")) {
            HistoryError error = HistoryApi.error(404, "/api/docs/{docId}" + path, unknown);
            assertThat(error).isEqualTo(new HistoryError(Code.UNKNOWN_DOCUMENT,
                    "document " + unknown + " has no revision in the snapshot service"));
        }
    }

    @Test
    void revisionsBeyondTheHeadAre400WithAClearMessage() {
        String id = doc.docId();
        expect400(Code.REVISION_OUT_OF_RANGE, "revision 61 is beyond the head revision 60 of document " + id,
                "/revisions/61");
        expect400(Code.REVISION_OUT_OF_RANGE, "from 62 is beyond the head revision 60 of document " + id
                + " plus one", "/ops?from=62");
        expect400(Code.REVISION_OUT_OF_RANGE, "to 61 is beyond the head revision 60 of document " + id,
                "/ops?from=1&to=61");
        expect400(Code.REVISION_OUT_OF_RANGE, "from 70 is beyond the head revision 60 of document " + id
                + " plus one", "/revisions?from=70");
        expect400(Code.REVISION_OUT_OF_RANGE, "before 62 is beyond the head revision 60 of document " + id
                + " plus one", "/chat?before=62");
        expect400(Code.REVISION_OUT_OF_RANGE, "revision 61 is beyond the head revision 60 of document " + id,
                "/authorship?revision=61");
    }

    @Test
    void malformedParametersAre400() {
        expect400(Code.INVALID_PARAMETER, "from is required", "/ops");
        expect400(Code.INVALID_PARAMETER, "from must be an integer, was \"x\"", "/ops?from=x");
        expect400(Code.INVALID_PARAMETER, "from must be >= 1, was 0", "/revisions?from=0");
        expect400(Code.INVALID_PARAMETER, "to must be >= from - 1 (9), was 3", "/ops?from=10&to=3");
        expect400(Code.INVALID_PARAMETER, "revision must be an integer, was \"head\"", "/revisions/head");
        expect400(Code.INVALID_PARAMETER, "revision must be >= 0, was -1", "/revisions/-1");
        expect400(Code.INVALID_PARAMETER, "limit must be between 1 and 200, was 0", "/chat?limit=0");
        expect400(Code.INVALID_PARAMETER, "from is required", "/ops?from=");
        HistoryError badId = HistoryApi.error(400, "/api/docs/{docId}", "not an id");
        assertThat(badId.message()).isEqualTo("docId must be 1 to 64 characters of A-Z a-z 0-9 _ -, was \"not an id\"");
    }

    @Test
    void theFrameworksRefusalsAreHistoryErrorsToo() {
        assertThat(HistoryApi.error(404, "/api/docs/{docId}/nothing", doc.docId())).isEqualTo(new HistoryError(
                Code.NOT_FOUND, "no resource \"/api/docs/" + doc.docId() + "/nothing\"; the API has"
                + " /api/docs/{docId} and its /revisions/{revision}, /authorship, /ops, /revisions, /timeline, /chat, /versions"));
        assertThat(HistoryApi.error(404, "/api/nothing")).isEqualTo(new HistoryError(Code.NOT_FOUND,
                "no resource \"/api/nothing\"; the API has"
                + " /api/docs/{docId} and its /revisions/{revision}, /authorship, /ops, /revisions, /timeline, /chat, /versions"));

        io.restassured.response.Response put = RestAssured.put("/api/docs/{docId}", doc.docId());
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.contentType()).startsWith("application/json");
        assertThat(HistoryApi.read(put.asString(), HistoryError.class).code()).isEqualTo(Code.METHOD_NOT_ALLOWED);

        io.restassured.response.Response html = RestAssured.given().accept("text/html")
                .get("/api/docs/{docId}", doc.docId());
        assertThat(html.statusCode()).isEqualTo(406);
        assertThat(HistoryApi.read(html.asString(), HistoryError.class)).isEqualTo(new HistoryError(
                Code.NOT_ACCEPTABLE, "every answer of the API is application/json, which the request does not accept"));

        io.restassured.response.Response nul = RestAssured.given().urlEncodingEnabled(false).get("/api/docs/a%00b");
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(HistoryApi.read(nul.asString(), HistoryError.class)).isEqualTo(new HistoryError(
                Code.INVALID_PARAMETER, "docId must be 1 to 64 characters of A-Z a-z 0-9 _ -, was \"a\\u0000b\""));
    }

    @Test
    void theOpenApiDescriptionListsEveryEndpoint() {
        String openapi = RestAssured.get("/q/openapi?format=json").then().statusCode(200).extract().asString();

        assertThat(openapi).contains("\"/api/docs/{docId}\"", "\"/api/docs/{docId}/revisions/{revision}\"",
                "\"/api/docs/{docId}/ops\"", "\"/api/docs/{docId}/revisions\"", "\"/api/docs/{docId}/timeline\"",
                "\"/api/docs/{docId}/chat\"", "HistoryError", "OpPage");
    }

    private static void expect400(Code code, String message, String path) {
        HistoryError error = HistoryApi.error(400, "/api/docs/{docId}" + path, doc.docId());
        assertThat(error).as(path).isEqualTo(new HistoryError(code, message));
    }

    private static RevisionInfo info(int revision) {
        OpCommitted op = doc.op(revision);
        return new RevisionInfo(revision, op.edit().kind(), op.clientId(), op.authorName(), op.committedAt());
    }
}
