package dev.tandem.protocol.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ChatMessage;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.ProtocolException;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.TextEdit;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history records hold only what the API sends, and read back from their JSON unchanged. */
class HistoryRecordsTest {
    private static final Instant AT = Instant.parse("2025-01-15T09:30:00.250Z");
    private static final ObjectMapper MAPPER = TandemJson.newObjectMapper();

    @Test
    void theEmptyDocumentAtRevisionZeroHasNoLastEditedAt() {
        DocumentState empty = new DocumentState("team-notes", 0, 3, "", "plaintext", AT, null);
        assertThat(TandemJson.shared().encode(empty)).isEqualTo("{\"docId\":\"team-notes\",\"revision\":0,"
                + "\"headRevision\":3,\"text\":\"\",\"language\":\"plaintext\",\"createdAt\":\"2025-01-15T09:30:00.250Z\"}");
        assertThatThrownBy(() -> new DocumentState("team-notes", 2, 3, "hi", "plaintext", AT, null))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("lastEditedAt must be present exactly when revision >= 1, revision was 2");
    }

    @Test
    void aStateCannotBeAheadOfItsHead() {
        assertThatThrownBy(() -> new DocumentState("team-notes", 4, 3, "hi", "plaintext", AT, AT))
                .hasMessage("revision must be <= headRevision (3), was 4");
    }

    @Test
    void anOpPageIsAContiguousRunOfItsOwnDocument() {
        assertThatThrownBy(() -> new OpPage("doc", 9, List.of(op("doc", 3), op("doc", 5)), null))
                .hasMessage("ops must be consecutive revisions, but ops[1] is revision 5 after 3");
        assertThatThrownBy(() -> new OpPage("doc", 9, List.of(op("other", 3)), null))
                .hasMessage("ops[0].docId must be doc, was other");
        assertThatThrownBy(() -> new OpPage("doc", 3, List.of(op("doc", 3), op("doc", 4)), null))
                .hasMessage("ops[1].revision must be <= headRevision (3), was 4");
    }

    @Test
    void nextContinuesRightAfterThePage() {
        assertThat(new OpPage("doc", 9, List.of(op("doc", 3), op("doc", 4)), 5).next()).isEqualTo(5);
        assertThatThrownBy(() -> new OpPage("doc", 9, List.of(op("doc", 3)), 7))
                .hasMessage("next must be the revision after the last one on the page (4), was 7");
        assertThatThrownBy(() -> new OpPage("doc", 9, List.of(), 1))
                .hasMessage("next must be the revision after the last one on the page (none), was 1");
    }

    @Test
    void timelineSessionsCoverEveryRevisionOnce() {
        EditingSession first = new EditingSession(1, 4, AT, AT, List.of("Ada"));
        EditingSession second = new EditingSession(5, 6, AT, AT, List.of("Grace", "Ada"));
        assertThat(new Timeline("doc", 6, 300, List.of(first, second)).sessions()).hasSize(2);
        assertThatThrownBy(() -> new Timeline("doc", 7, 300, List.of(first, second)))
                .hasMessage("sessions must end at headRevision 7, ended at 6");
        assertThatThrownBy(() -> new Timeline("doc", 6, 300, List.of(second)))
                .hasMessage("sessions[0].firstRevision must be 1, was 5");
        assertThat(second.revisionCount()).isEqualTo(2);
    }

    @Test
    void chatPagesAscendAndPointBackwards() {
        ChatEntry a = new ChatEntry(4, "c-ada", "Ada", "hi", AT);
        ChatEntry b = new ChatEntry(9, "c-grace", "Grace", "hello", AT);
        assertThat(new ChatPage("doc", List.of(a, b), 4).next()).isEqualTo(4);
        assertThatThrownBy(() -> new ChatPage("doc", List.of(b, a), null))
                .hasMessage("messages must ascend by revision, but messages[1] is revision 4 after 9");
        assertThatThrownBy(() -> new ChatPage("doc", List.of(a, b), 9))
                .hasMessage("next must be the revision of the page's first message, was 9");
    }

    @Test
    void listsAreCopiedAndInstantsKeptToTheMillisecond() {
        java.util.ArrayList<String> authors = new java.util.ArrayList<>(List.of("Ada"));
        EditingSession session = new EditingSession(1, 1, Instant.parse("2025-01-15T09:30:00.250999Z"), AT, authors);
        authors.clear();
        assertThat(session.authors()).containsExactly("Ada");
        assertThat(session.startedAt()).isEqualTo(AT);
    }

    @Test
    void everyRecordReadsBackFromItsJson() throws Exception {
        List<Object> values = List.of(
                new DocumentState("doc", 2, 2, "hé🌍\n", "python", AT, AT.plusSeconds(1)),
                new OpPage("doc", 9, List.of(op("doc", 3), op("doc", 4)), 5),
                new RevisionPage("doc", 9, List.of(new RevisionInfo(1, "text", "c-ada", "Ada", AT)), null),
                new Timeline("doc", 2, 300, List.of(new EditingSession(1, 2, AT, AT, List.of("Ada")))),
                new ChatPage("doc", List.of(new ChatEntry(4, "c-ada", "Ada", "hi", AT)), null),
                new HistoryError(HistoryError.Code.UNKNOWN_DOCUMENT, "no document abc"));
        for (Object value : values) {
            String json = TandemJson.shared().encode(value);
            assertThat(MAPPER.readValue(json, value.getClass())).as(json).isEqualTo(value);
            assertThat(json).as("optional fields are absent, never null").doesNotContain("null");
        }
    }

    @Test
    void errorCodesCarryTheirHttpStatus() {
        assertThat(HistoryError.Code.UNKNOWN_DOCUMENT.status()).isEqualTo(404);
        assertThat(HistoryError.Code.REVISION_OUT_OF_RANGE.status()).isEqualTo(400);
        assertThat(HistoryError.Code.INVALID_PARAMETER.status()).isEqualTo(400);
    }

    private static OpCommitted op(String docId, int revision) {
        var edit = revision % 2 == 0 ? new ChatMessage("note " + revision)
                : new TextEdit(TextOperation.insert(0, "x"));
        return new OpCommitted(docId, revision, "c-ada", revision, edit, AT, "Ada");
    }
}
