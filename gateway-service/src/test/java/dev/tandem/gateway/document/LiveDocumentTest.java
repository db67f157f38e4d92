package dev.tandem.gateway.document;

import static dev.tandem.gateway.document.Ops.op;
import static dev.tandem.gateway.document.Ops.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.tandem.ot.TextOperation;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.Participant;
import dev.tandem.protocol.PresenceUpdate;
import dev.tandem.protocol.Selection;
import dev.tandem.protocol.TextEdit;
import dev.tandem.protocol.Viewport;

class LiveDocumentTest {

    private final LiveDocument doc = new LiveDocument("d", 5);

    @Test
    void eventsThatArriveWhileLoadingAreAppliedAfterTheSnapshotAndRedeliveriesAreDropped() {
        doc.onCommitted(op("d", 4));
        doc.onCommitted(op("d", 5));
        assertThat(doc.initialize(2, Ops.text(2), "plaintext", List.of(op("d", 2), op("d", 3), op("d", 4))))
                .isEmpty();
        assertThat(doc.head()).isEqualTo(5);
        assertThat(doc.text()).isEqualTo(Ops.text(5));
        doc.onCommitted(op("d", 3)); // Kafka redelivery
        assertThat(doc.head()).isEqualTo(5);
    }

    @Test
    void aRevisionBeyondTheNextIsHeldUntilTheGapIsFilled() {
        doc.initialize(0, "", "plaintext", List.of());
        RecordingSubscriber s = new RecordingSubscriber("me");
        doc.attachWithSnapshot(s, List.of());
        assertThat(doc.onCommitted(op("d", 1))).isEmpty();
        assertThat(doc.onCommitted(op("d", 4))).contains(new Gap("d", 2, 3));
        assertThat(doc.onCommitted(op("d", 5))).as("one fill at a time").isEmpty();
        assertThat(s.revisions).containsExactly(1);
        assertThat(doc.filled(List.of(op("d", 2), op("d", 3)))).isEmpty();
        assertThat(s.revisions).containsExactly(1, 2, 3, 4, 5);
        assertThat(doc.complete()).isTrue();
    }

    @Test
    void aSnapshotJoinSeesEveryLaterRevisionOnce() {
        doc.initialize(0, "", "plaintext", range("d", 1, 3));
        RecordingSubscriber s = new RecordingSubscriber("me");
        doc.attachWithSnapshot(s, List.of());
        range("d", 3, 6).forEach(doc::onCommitted);
        assertThat(s.events).containsExactly("snapshot 3", "committed 4", "committed 5", "committed 6");
        assertThat(s.text).isEqualTo(Ops.text(3));
    }

    @Test
    void aResumeWithinTheWindowReplaysFromMemoryWithAcksForItsOwnEdits() {
        doc.initialize(0, "", "plaintext", List.of(op("d", 1), op("d", 2, "me"), op("d", 3)));
        RecordingSubscriber s = new RecordingSubscriber("me");
        assertThat(doc.attachResumed(s, 1, List.of())).isInstanceOf(LiveDocument.Attached.class);
        doc.onCommitted(op("d", 4));
        assertThat(s.events).containsExactly("resumed 1 3", "ack 2", "committed 3", "committed 4");
    }

    @Test
    void aResumeOlderThanTheWindowNeedsHistoryAndAResumeAheadIsReported() {
        doc.initialize(0, "", "plaintext", range("d", 1, 9)); // window of 5: revisions 5..9
        RecordingSubscriber old = new RecordingSubscriber("me");
        assertThat(doc.attachResumed(old, 2, List.of())).isEqualTo(new LiveDocument.NeedsHistory(4, 9));
        old.resumed(2, 9, List.of());
        range("d", 3, 4).forEach(old::deliver);
        assertThat(doc.attachAfterHistory(old, 4, List.of())).isInstanceOf(LiveDocument.Attached.class);
        assertThat(old.revisions).containsExactly(3, 4, 5, 6, 7, 8, 9);

        assertThat(doc.attachResumed(new RecordingSubscriber("x"), 12, List.of()))
                .isEqualTo(new LiveDocument.Ahead(9));
    }

    @Test
    void presenceIsMovedThroughLaterRevisionsOfOthersAndHeldWhenItIsAhead() {
        doc.initialize(0, "world", "plaintext", List.of());
        RecordingSubscriber viewer = new RecordingSubscriber("viewer");
        doc.attachWithSnapshot(viewer, List.of());
        doc.onCommitted(new OpCommitted("d", 1, "typist", 1, new TextEdit(TextOperation.insert(0, ">> ")),
                java.time.Instant.EPOCH, "T"));
        // made at revision 0, on the "o" of "world"
        doc.presence(presence("owner", 0, 1));
        assertThat(viewer.presence).singleElement().satisfies(p -> {
            assertThat(p.revision()).isEqualTo(1);
            assertThat(p.selections()).containsExactly(Selection.caret(4));
        });
        doc.presence(presence("early", 2, 0));
        assertThat(viewer.presence).hasSize(1);
        doc.onCommitted(new OpCommitted("d", 2, "typist", 2, new TextEdit(TextOperation.insert(0, "!")),
                java.time.Instant.EPOCH, "T"));
        assertThat(viewer.presence).hasSize(2);
    }

    @Test
    void aViewerOnTheReadOnlyLinkStaysMarkedInPresenceInPresentListsAndAtHead() {
        doc.initialize(0, "world", "plaintext", List.of());
        PresenceUpdate viewer = new PresenceUpdate("d", "viewer", "s-viewer", "V", "#000000", 0,
                List.of(Selection.caret(1)), false, java.time.Instant.EPOCH, true);
        RecordingSubscriber writer = new RecordingSubscriber("writer");
        doc.attachWithSnapshot(writer, List.of(viewer, presence("other", 0, 0)));
        assertThat(writer.presence).extracting(Participant::clientId, Participant::readOnly)
                .containsExactlyInAnyOrder(tuple("viewer", true), tuple("other", false));
        doc.onCommitted(new OpCommitted("d", 1, "typist", 1, new TextEdit(TextOperation.insert(0, ">> ")),
                java.time.Instant.EPOCH, "T"));
        doc.presence(viewer);
        assertThat(writer.presence).last().satisfies(p -> assertThat(p.readOnly()).isTrue());
        assertThat(doc.atHead(viewer).readOnly()).isTrue();
        assertThat(LiveDocument.absent(List.of(viewer), "writer", 1)).singleElement()
                .satisfies(p -> assertThat(p.readOnly()).isTrue());
    }

    @Test
    void aViewIsMovedToTheHeadLikeTheSelectionsAndWhomTheParticipantFollowsIsPassedOn() {
        doc.initialize(0, "world", "plaintext", List.of());
        RecordingSubscriber grace = new RecordingSubscriber("grace");
        doc.attachWithSnapshot(grace, List.of());
        doc.onCommitted(new OpCommitted("d", 1, "typist", 1, new TextEdit(TextOperation.insert(0, ">> ")),
                java.time.Instant.EPOCH, "T"));
        PresenceUpdate ada = new PresenceUpdate("d", "ada", "s-ada", "Ada", "#000000", 0, List.of(Selection.caret(1)),
                false, java.time.Instant.EPOCH, false, Optional.of(new Viewport(1, 5)), Optional.of("grace"));
        doc.presence(ada);
        assertThat(grace.presence).singleElement().satisfies(p -> {
            assertThat(p.view()).contains(new Viewport(4, 8));
            assertThat(p.following()).contains("grace");
        });
        assertThat(doc.atHead(ada).view()).contains(new Viewport(4, 8));
        assertThat(LiveDocument.absent(List.of(ada), "grace", 1)).singleElement().satisfies(p -> {
            assertThat(p.view()).isEmpty();
            assertThat(p.following()).contains("grace");
        });
    }

    @Test
    void aRevisionThatDoesNotFitFailsTheDocumentAndItsConnections() {
        doc.initialize(0, "ab", "plaintext", List.of());
        RecordingSubscriber s = new RecordingSubscriber("me");
        doc.attachWithSnapshot(s, List.of());
        doc.onCommitted(new OpCommitted("d", 1, "x", 1, new TextEdit(TextOperation.delete(0, 9)),
                java.time.Instant.EPOCH, "X"));
        assertThat(doc.state()).isEqualTo(LiveDocument.State.FAILED);
        assertThat(s.failed).isNotNull();
    }

    private static PresenceUpdate presence(String clientId, int revision, int caret) {
        return new PresenceUpdate("d", clientId, "s-" + clientId, "N", "#000000", revision,
                List.of(Selection.caret(caret)), false, java.time.Instant.EPOCH);
    }
}
