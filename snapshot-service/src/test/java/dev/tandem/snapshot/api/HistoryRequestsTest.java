package dev.tandem.snapshot.api;

import dev.tandem.protocol.history.HistoryError.Code;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistoryRequestsTest {

    @Test
    void aRangeDefaultsToTheHeadAndIsCutIntoPages() {
        assertThat(HistoryRequests.range("abc", 12, "3", null, 1000)).isEqualTo(new HistoryRequests.Page(3, 12, null));
        assertThat(HistoryRequests.range("abc", 12, "3", "11", 4)).isEqualTo(new HistoryRequests.Page(3, 6, 7));
        assertThat(HistoryRequests.range("abc", 12, "7", "10", 4)).isEqualTo(new HistoryRequests.Page(7, 10, null));
    }

    @Test
    void fromOneAfterTheHeadIsAnEmptyPage() {
        HistoryRequests.Page page = HistoryRequests.range("abc", 12, "13", null, 1000);
        assertThat(page.isEmpty()).isTrue();
        assertThat(page.next()).isNull();
        assertThat(HistoryRequests.range("abc", 12, "5", "4", 1000).isEmpty()).isTrue();
    }

    @Test
    void aRangeBeyondTheHeadIsOutOfRange() {
        refused(() -> HistoryRequests.range("abc", 12, "15", null, 1000), Code.REVISION_OUT_OF_RANGE,
                "from 15 is beyond the head revision 12 of document abc plus one");
        refused(() -> HistoryRequests.range("abc", 12, "3", "13", 1000), Code.REVISION_OUT_OF_RANGE,
                "to 13 is beyond the head revision 12 of document abc");
    }

    @Test
    void malformedRangesAreInvalid() {
        refused(() -> HistoryRequests.range("abc", 12, null, null, 1000), Code.INVALID_PARAMETER, "from is required");
        refused(() -> HistoryRequests.range("abc", 12, "x", null, 1000), Code.INVALID_PARAMETER,
                "from must be an integer, was \"x\"");
        refused(() -> HistoryRequests.range("abc", 12, "0", null, 1000), Code.INVALID_PARAMETER,
                "from must be >= 1, was 0");
        refused(() -> HistoryRequests.range("abc", 12, "5", "3", 1000), Code.INVALID_PARAMETER,
                "to must be >= from - 1 (4), was 3");
        refused(() -> HistoryRequests.range("abc", 12, "5", "99999999999", 1000), Code.INVALID_PARAMETER,
                "to must be an integer, was \"99999999999\"");
    }

    @Test
    void anEmptyParameterCountsAsAbsent() {
        assertThat(HistoryRequests.range("abc", 12, "3", "", 1000)).isEqualTo(new HistoryRequests.Page(3, 12, null));
        assertThat(HistoryRequests.chat("abc", 12, "", "", 50, 200)).isEqualTo(new HistoryRequests.Chat(13, 50));
        refused(() -> HistoryRequests.range("abc", 12, "", null, 1000), Code.INVALID_PARAMETER, "from is required");
    }

    @Test
    void aRevisionIsBetweenZeroAndTheHead() {
        assertThat(HistoryRequests.revision("abc", 12, "0")).isZero();
        assertThat(HistoryRequests.revision("abc", 12, "12")).isEqualTo(12);
        refused(() -> HistoryRequests.revision("abc", 12, "57"), Code.REVISION_OUT_OF_RANGE,
                "revision 57 is beyond the head revision 12 of document abc");
        refused(() -> HistoryRequests.revision("abc", 12, "-1"), Code.INVALID_PARAMETER,
                "revision must be >= 0, was -1");
    }

    @Test
    void chatDefaultsToTheLatestMessages() {
        assertThat(HistoryRequests.chat("abc", 12, null, null, 50, 200)).isEqualTo(new HistoryRequests.Chat(13, 50));
        assertThat(HistoryRequests.chat("abc", 12, "5", "2", 50, 200)).isEqualTo(new HistoryRequests.Chat(5, 2));
        refused(() -> HistoryRequests.chat("abc", 12, null, "500", 50, 200), Code.INVALID_PARAMETER,
                "limit must be between 1 and 200, was 500");
        refused(() -> HistoryRequests.chat("abc", 12, "14", null, 50, 200), Code.REVISION_OUT_OF_RANGE,
                "before 14 is beyond the head revision 12 of document abc plus one");
    }

    @Test
    void aDocIdMustBeAnIdentifier() {
        assertThat(HistoryRequests.docId("team-notes_2")).isEqualTo("team-notes_2");
        refused(() -> HistoryRequests.docId("a b"), Code.INVALID_PARAMETER,
                "docId must be 1 to 64 characters of A-Z a-z 0-9 _ -, was \"a b\"");
    }

    private static void refused(Runnable request, Code code, String message) {
        assertThatThrownBy(request::run).isInstanceOfSatisfying(HistoryException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
