package dev.tandem.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.ChatMessage;
import dev.tandem.protocol.Edit;
import dev.tandem.protocol.EditDuplicate;
import dev.tandem.protocol.EditRejected;
import dev.tandem.protocol.EditSubmitted;
import dev.tandem.protocol.ErrorCode;
import dev.tandem.protocol.LanguageChange;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.SequencedEvent;
import dev.tandem.protocol.TextEdit;

class DocumentSequencerTest {

    private static final Instant NOW = Instant.parse("2025-01-15T09:30:00Z");

    private final DocumentSequencer doc = new DocumentSequencer("doc", SequencerLimits.DEFAULTS);

    @Test
    void twoEditsOnTheSameBaseAreTransformedSoBothLand() {
        commit(submit("ada", 1, 0, text(TextOperation.insert(0, "hello world"))));

        OpCommitted first = commit(submit("ada", 2, 1, text(TextOperation.insert(5, ","))));
        OpCommitted second = commit(submit("bob", 1, 1, text(TextOperation.insert(11, "!"))));

        assertThat(first.revision()).isEqualTo(2);
        assertThat(second.revision()).isEqualTo(3);
        assertThat(second.edit()).isEqualTo(text(TextOperation.insert(12, "!")));
        assertThat(doc.text()).isEqualTo("hello, world!");
    }

    @Test
    void concurrentInsertsAtOnePositionKeepTheEarlierCommittedFirst() {
        commit(submit("ada", 1, 0, text(TextOperation.insert(0, "a"))));
        commit(submit("bob", 1, 0, text(TextOperation.insert(0, "b"))));

        assertThat(doc.text()).isEqualTo("ab");
    }

    @Test
    void concurrentDeletesOfTheSameTextDeleteItOnceAndTheSecondStillTakesARevision() {
        commit(submit("ada", 1, 0, text(TextOperation.insert(0, "abc"))));
        commit(submit("ada", 2, 1, text(TextOperation.delete(1, 1))));

        OpCommitted cancelled = commit(submit("bob", 1, 1, text(TextOperation.delete(1, 1))));

        assertThat(cancelled.revision()).isEqualTo(3);
        assertThat(cancelled.edit()).isEqualTo(text(TextOperation.noop()));
        assertThat(doc.text()).isEqualTo("ac");
    }

    @Test
    void resentEditIsAnsweredWithItsOriginalRevisionAndNotAppliedAgain() {
        EditSubmitted edit = submit("ada", 1, 0, text(TextOperation.insert(0, "x")));
        commit(edit);
        commit(submit("bob", 1, 1, text(TextOperation.insert(1, "y"))));

        SequencedEvent answer = doc.submit(edit, NOW);

        assertThat(answer).isEqualTo(new EditDuplicate("doc", "ada", 1, 1));
        assertThat(doc.text()).isEqualTo("xy");
        assertThat(doc.head()).isEqualTo(2);
    }

    @Test
    void resendOfAnOlderClientSeqStillInTheWindowIsADuplicate() {
        commit(submit("ada", 1, 0, text(TextOperation.insert(0, "x"))));
        commit(submit("ada", 2, 1, text(TextOperation.insert(1, "y"))));

        SequencedEvent answer = doc.submit(submit("ada", 1, 0, text(TextOperation.insert(0, "x"))), NOW);

        assertThat(answer).isEqualTo(new EditDuplicate("doc", "ada", 1, 1));
        assertThat(doc.text()).isEqualTo("xy");
    }

    @Test
    void resendOfAClientSeqOlderThanTheWindowIsRefusedNotApplied() {
        DocumentSequencer small = new DocumentSequencer("doc", new SequencerLimits(1, 10, 100));
        small.submit(submit("ada", 1, 0, text(TextOperation.insert(0, "x"))), NOW);
        small.submit(submit("ada", 2, 1, text(TextOperation.insert(1, "y"))), NOW);

        SequencedEvent answer = small.submit(submit("ada", 1, 0, text(TextOperation.insert(0, "x"))), NOW);

        assertRejected(answer, ErrorCode.CLIENT_SEQ_OUT_OF_ORDER, "below its last committed clientSeq 2");
        assertThat(small.text()).isEqualTo("xy");
    }

    @Test
    void resendOfAForgottenClientIsRefusedRatherThanAppliedTwice() {
        DocumentSequencer few = new DocumentSequencer("doc", new SequencerLimits(1, 1, 100));
        EditSubmitted adas = submit("ada", 1, 0, text(TextOperation.insert(0, "x")));
        few.submit(adas, NOW);
        few.submit(submit("bob", 1, 1, text(TextOperation.insert(1, "y"))), NOW); // ada's record is dropped

        assertRejected(few.submit(adas, NOW), ErrorCode.CLIENT_SEQ_OUT_OF_ORDER, "may be a resend");
        assertThat(few.text()).isEqualTo("xy");
        // a newcomer working on a recent revision is not suspected
        assertThat(few.submit(submit("cy", 1, 2, text(TextOperation.insert(2, "z"))), NOW))
                .isInstanceOf(OpCommitted.class);
    }

    @Test
    void refusedEditDoesNotUseUpItsClientSeqAndGapsAreAllowed() {
        commit(submit("ada", 1, 0, text(TextOperation.insert(0, "x"))));
        assertRejected(doc.submit(submit("ada", 2, 5, text(TextOperation.insert(0, "y"))), NOW),
                ErrorCode.BASE_REVISION_AHEAD, "");

        assertThat(commit(submit("ada", 2, 1, text(TextOperation.insert(1, "y")))).revision()).isEqualTo(2);
        assertThat(commit(submit("ada", 5, 2, text(TextOperation.insert(2, "z")))).revision()).isEqualTo(3);
    }

    @Test
    void editBasedAheadOfTheHeadIsRefused() {
        assertRejected(doc.submit(submit("ada", 1, 3, text(TextOperation.insert(0, "x"))), NOW),
                ErrorCode.BASE_REVISION_AHEAD, "baseRevision 3 is ahead of the document's head revision 0");
    }

    @Test
    void editThatReachesPastTheEndIsRefusedWithTheLengths() {
        commit(submit("ada", 1, 0, text(TextOperation.insert(0, "abc"))));

        assertRejected(doc.submit(submit("bob", 1, 1, text(TextOperation.delete(2, 5))), NOW),
                ErrorCode.OP_DOES_NOT_FIT, "retains or deletes 7 code points but the document has only 3");
        assertThat(doc.text()).isEqualTo("abc");
    }

    @Test
    void editThatWouldMakeTheDocumentTooLongIsRefused() {
        DocumentSequencer tiny = new DocumentSequencer("doc", new SequencerLimits(10, 10, 4));

        assertRejected(tiny.submit(submit("ada", 1, 0, text(TextOperation.insert(0, "🌍🌍🌍🌍🌍"))), NOW),
                ErrorCode.DOCUMENT_TOO_LARGE, "5 code points long; the maximum is 4");
        assertThat(tiny.head()).isZero();
    }

    @Test
    void editBasedBeforeTheWindowIsRefusedNeverMisTransformed() {
        DocumentSequencer windowed = new DocumentSequencer("doc", new SequencerLimits(2, 10, 100));
        for (int i = 1; i <= 4; i++) {
            windowed.submit(submit("ada", i, i - 1, text(TextOperation.insert(0, "x"))), NOW);
        }

        assertRejected(windowed.submit(submit("bob", 1, 1, text(TextOperation.insert(0, "y"))), NOW),
                ErrorCode.BASE_REVISION_TOO_OLD, "the oldest usable base is 2, head 4");
        assertThat(windowed.submit(submit("bob", 1, 2, text(TextOperation.insert(0, "y"))), NOW))
                .isInstanceOf(OpCommitted.class);
    }

    @Test
    void languageChangesAndChatMessagesTakeRevisionsAndLeaveTheText() {
        commit(submit("ada", 1, 0, text(TextOperation.insert(0, "print(1)"))));

        OpCommitted language = commit(submit("ada", 2, 1, new LanguageChange("python")));
        OpCommitted chat = commit(submit("bob", 1, 0, new ChatMessage("looks good")));
        OpCommitted after = commit(submit("bob", 2, 1, text(TextOperation.insert(0, "#"))));

        assertThat(List.of(language.revision(), chat.revision(), after.revision())).containsExactly(2, 3, 4);
        assertThat(chat.edit()).isEqualTo(new ChatMessage("looks good"));
        assertThat(doc.language()).isEqualTo("python");
        assertThat(doc.text()).isEqualTo("#print(1)");
    }

    @Test
    void revisionsAreContiguousFromOne() {
        List<Integer> revisions = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            SequencedEvent event = doc.submit(submit("c" + (i % 3), i, i / 2, text(TextOperation.insert(0, "a"))), NOW);
            if (event instanceof OpCommitted committed) {
                revisions.add(committed.revision());
            }
        }
        assertThat(revisions).hasSize(20);
        for (int i = 0; i < revisions.size(); i++) {
            assertThat(revisions.get(i)).isEqualTo(i + 1);
        }
    }

    @Test
    void replayingTheCommittedLogRebuildsTheSameDecisions() {
        List<OpCommitted> log = new ArrayList<>();
        log.add(commit(submit("ada", 1, 0, text(TextOperation.insert(0, "hello")))));
        log.add(commit(submit("bob", 1, 0, new LanguageChange("markdown"))));
        log.add(commit(submit("bob", 2, 1, text(TextOperation.insert(5, " world")))));

        DocumentSequencer rebuilt = new DocumentSequencer("doc", SequencerLimits.DEFAULTS);
        log.forEach(rebuilt::apply);

        assertThat(rebuilt.head()).isEqualTo(doc.head());
        assertThat(rebuilt.text()).isEqualTo(doc.text());
        assertThat(rebuilt.language()).isEqualTo("markdown");
        EditSubmitted next = submit("cy", 1, 1, text(TextOperation.insert(0, ">")));
        EditSubmitted resend = submit("bob", 2, 1, text(TextOperation.insert(5, " world")));
        assertThat(rebuilt.submit(resend, NOW)).isEqualTo(doc.submit(resend, NOW));
        assertThat(rebuilt.submit(next, NOW)).isEqualTo(doc.submit(next, NOW));
        assertThat(rebuilt.text()).isEqualTo(doc.text());
    }

    @Test
    void replayRefusesALogWithAGap() {
        OpCommitted third = new OpCommitted("doc", 3, "ada", 1, text(TextOperation.insert(0, "x")), NOW, "Ada");

        assertThatThrownBy(() -> doc.apply(third)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expected revision 1");
    }

    private OpCommitted commit(EditSubmitted submitted) {
        SequencedEvent event = doc.submit(submitted, NOW);
        assertThat(event).isInstanceOf(OpCommitted.class);
        return (OpCommitted) event;
    }

    private static void assertRejected(SequencedEvent event, ErrorCode code, String reason) {
        assertThat(event).isInstanceOf(EditRejected.class);
        EditRejected rejected = (EditRejected) event;
        assertThat(rejected.code()).isEqualTo(code);
        assertThat(rejected.message()).contains(reason);
    }

    static EditSubmitted submit(String clientId, long clientSeq, int baseRevision, Edit edit) {
        return new EditSubmitted("doc", clientId, clientSeq, baseRevision, edit, NOW, "Name");
    }

    static TextEdit text(TextOperation op) {
        return new TextEdit(op);
    }
}
