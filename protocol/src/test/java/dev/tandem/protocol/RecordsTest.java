package dev.tandem.protocol;

import dev.tandem.ot.TextOperation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The records hold only valid values, and their factories make the gateway and sequencer thin. */
class RecordsTest {
    private static final Instant AT = Instant.parse("2025-01-15T09:30:00.250Z");
    private final ClientMessage.Join ada = new ClientMessage.Join("team-notes", "c-ada", "Ada", "#1f77b4");

    @Test
    void invalidValuesCannotBeConstructed() {
        assertThatThrownBy(() -> new Selection(-1, 0)).isInstanceOf(ProtocolException.class)
                .hasMessage("anchor must be >= 0, was -1");
        assertThatThrownBy(() -> new ClientMessage.Submit(1, 0, null)).isInstanceOf(ProtocolException.class)
                .hasMessage("edit is required");
        assertThatThrownBy(() -> new TextEdit(null)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EDIT));
        List<Selection> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new ClientMessage.Presence(0, withNull)).hasMessage("selections[0] is required");
    }

    @Test
    void listsAreCopiedAndUnmodifiable() {
        List<Selection> selections = new ArrayList<>(List.of(Selection.caret(3)));
        ClientMessage.Presence p = new ClientMessage.Presence(4, selections);
        selections.clear();
        assertThat(p.selections()).containsExactly(new Selection(3, 3));
        assertThatThrownBy(() -> p.selections().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void instantsAreKeptToTheMillisecond() {
        Instant precise = Instant.parse("2025-01-15T09:30:00.250999Z");
        assertThat(new ServerMessage.Committed(1, "c", 1, new ChatMessage("hi"), precise, "Ada").committedAt())
                .isEqualTo(AT);
    }

    @Test
    void aSubmitBecomesAnEditSubmittedWithTheJoinsIdentity() {
        ClientMessage.Submit submit = new ClientMessage.Submit(3, 41, new TextEdit(TextOperation.insert(13, "!")));
        assertThat(EditSubmitted.of(ada, submit, AT)).isEqualTo(new EditSubmitted("team-notes", "c-ada", 3, 41,
                submit.edit(), AT, "Ada"));
    }

    @Test
    void aCommittedEventIsAnAckForItsAuthorAndCommittedForOthers() {
        EditSubmitted submitted = new EditSubmitted("team-notes", "c-ada", 3, 41,
                new TextEdit(TextOperation.insert(13, "!")), AT, "Ada");
        Edit transformed = submitted.edit().withOperation(TextOperation.insert(7, "!"));
        OpCommitted event = OpCommitted.of(submitted, 43, transformed, AT);

        assertThat(event).isEqualTo(new OpCommitted("team-notes", 43, "c-ada", 3, transformed, AT, "Ada"));
        assertThat(ServerMessage.Ack.of(event)).isEqualTo(new ServerMessage.Ack(3, 43));
        assertThat(ServerMessage.Committed.of(event))
                .isEqualTo(new ServerMessage.Committed(43, "c-ada", 3, transformed, AT, "Ada"));
    }

    @Test
    void aResendIsAnsweredWithTheRevisionItWasCommittedAt() {
        EditSubmitted resent = new EditSubmitted("team-notes", "c-ada", 3, 44, new ChatMessage("hi"), AT, "Ada");
        assertThat(EditDuplicate.of(resent, 43)).isEqualTo(new EditDuplicate("team-notes", "c-ada", 3, 43));
    }

    @Test
    void aRejectionIsAFatalErrorForItsAuthor() {
        EditSubmitted submitted = new EditSubmitted("team-notes", "c-ada", 3, 41, new ChatMessage("hi"), AT, "Ada");
        EditRejected rejected = EditRejected.of(submitted, ErrorCode.READ_ONLY, "the document is read-only");
        assertThat(ServerMessage.Error.of(rejected)).isEqualTo(new ServerMessage.Error(ErrorCode.READ_ONLY,
                "the document is read-only", OptionalLong.of(3), true));
    }

    @Test
    void aDecodeFailureBecomesTheErrorMessage() {
        ProtocolException e = new ProtocolException(ErrorCode.INVALID_EDIT, "op is invalid").within("edit")
                .within("submit").forClientSeq(9);
        assertThat(ServerMessage.Error.of(e)).isEqualTo(new ServerMessage.Error(ErrorCode.INVALID_EDIT,
                "submit.edit.op is invalid", OptionalLong.of(9), true));
        assertThat(new ServerMessage.Error(ErrorCode.UNKNOWN_MESSAGE_TYPE, "x").fatal()).isFalse();
    }

    @Test
    void errorMessagesAreShortAndAlwaysEncodable() {
        ServerMessage.Error error = new ServerMessage.Error(ErrorCode.INTERNAL_ERROR, "bad \uD800 " + "x".repeat(2000));
        assertThat(error.message()).hasSize(1000).startsWith("bad \uFFFD x").endsWith("x...");
    }

    @Test
    void languageAndChatAreNoOpsForOt() {
        assertThat(new LanguageChange("python").operation()).isEqualTo(TextOperation.noop());
        assertThat(new ChatMessage("hi").operation()).isEqualTo(TextOperation.noop());
        ChatMessage chat = new ChatMessage("hi");
        assertThat(chat.withOperation(TextOperation.insert(0, "x"))).isSameAs(chat);
        assertThat(new TextEdit(TextOperation.insert(0, "x")).operation()).isEqualTo(TextOperation.insert(0, "x"));
    }

    @Test
    void aParticipantIsWhatAPresenceUpdateSays() {
        PresenceUpdate update = new PresenceUpdate("team-notes", "c-grace", "s-1", "Grace", "#ff7f0e", 43,
                List.of(Selection.caret(0)), false, AT);
        assertThat(Participant.of(update)).isEqualTo(new Participant("c-grace", "Grace", "#ff7f0e", 43,
                List.of(new Selection(0, 0))));
    }

    @Test
    void joinConstructorsSetKnownRevision() {
        assertThat(ada.knownRevision()).isEmpty();
        assertThat(new ClientMessage.Join("d", "c", "Ada", "#000000", 5).knownRevision()).isEqualTo(OptionalInt.of(5));
    }

    @Test
    void recoveryDecidesFatality() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.fatal()).as(code.name()).isEqualTo(code.recovery() != ErrorCode.Recovery.CONTINUE);
        }
    }
}
