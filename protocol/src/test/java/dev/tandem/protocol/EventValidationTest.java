package dev.tandem.protocol;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.tandem.protocol.ErrorCode.INVALID_EDIT;
import static dev.tandem.protocol.ErrorCode.MALFORMED_MESSAGE;
import static dev.tandem.protocol.ErrorCode.UNKNOWN_MESSAGE_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules for what the gateway sends and what travels on Kafka, each with its code and message. */
class EventValidationTest {
    private final TandemJson json = TandemJson.shared();
    private final Refusals server = Refusals.of(json::decodeServerMessage);
    private final Refusals edits = Refusals.of(json::decodeEditSubmitted);
    private final Refusals ops = Refusals.of(json::decodeSequencedEvent);
    private final Refusals presence = Refusals.of(json::decodePresenceUpdate);

    private static final String COMMITTED = "{\"type\":\"committed\",\"docId\":\"d\",\"revision\":1,"
            + "\"clientId\":\"c\",\"clientSeq\":1,\"edit\":{\"kind\":\"text\",\"op\":[\"x\"]},"
            + "\"committedAt\":\"%s\",\"authorName\":\"Ada\"}";

    // ---- server messages

    @Test
    void anUnknownServerTypeIsUnknown() {
        server.assertRefused("{\"type\":\"kick\"}", UNKNOWN_MESSAGE_TYPE,
                "message.type \"kick\" is not one of snapshot, resumed, committed, ack, presence, left, error, pong");
    }

    @Test
    void committedRevisionsStartAtOne() {
        server.assertRefused("{\"type\":\"ack\",\"clientSeq\":1,\"revision\":0}", MALFORMED_MESSAGE,
                "ack.revision must be >= 1, was 0");
        server.assertRefused("{\"type\":\"committed\",\"revision\":0,\"clientId\":\"c\",\"clientSeq\":1,"
                        + "\"edit\":{\"kind\":\"chat\",\"text\":\"hi\"},\"committedAt\":\"2025-01-15T09:30:00Z\","
                        + "\"authorName\":\"Ada\"}", MALFORMED_MESSAGE, "committed.revision must be >= 1, was 0");
    }

    @Test
    void resumedHeadIsNotBeforeItsRevision() {
        server.assertRefused("{\"type\":\"resumed\",\"docId\":\"d\",\"revision\":43,\"head\":42,\"readOnly\":false,"
                + "\"present\":[]}", MALFORMED_MESSAGE, "resumed.head must be >= revision 43, was 42");
    }

    @Test
    void snapshotTextIsWellFormedAndItsLanguageValid() {
        server.assertRefused("{\"type\":\"snapshot\",\"docId\":\"d\",\"revision\":0,\"text\":\"\\udc00\","
                        + "\"language\":\"plaintext\",\"readOnly\":false,\"present\":[]}", MALFORMED_MESSAGE,
                "snapshot.text is not well-formed UTF-16: unpaired surrogate at index 0");
        server.assertRefused("{\"type\":\"snapshot\",\"docId\":\"d\",\"revision\":0,\"text\":\"\","
                        + "\"language\":\"C\",\"readOnly\":false,\"present\":[]}", MALFORMED_MESSAGE,
                "snapshot.language must be 1 to 32 characters of a-z 0-9 _ + # . - starting with a letter or digit,"
                        + " was \"C\"");
    }

    @Test
    void snapshotParticipantsAreValidated() {
        server.assertRefused("{\"type\":\"snapshot\",\"docId\":\"d\",\"revision\":0,\"text\":\"\","
                        + "\"language\":\"plaintext\",\"readOnly\":false,\"present\":[{\"clientId\":\"c\","
                        + "\"name\":\"Grace\",\"color\":\"#ff7f0e\",\"revision\":0,\"selections\":[{\"anchor\":0,"
                        + "\"head\":-4}]}]}", MALFORMED_MESSAGE,
                "snapshot.present[0].selections[0].head must be >= 0, was -4");
    }

    @Test
    void booleansAreJsonBooleans() {
        server.assertRefused("{\"type\":\"error\",\"code\":\"INTERNAL_ERROR\",\"message\":\"x\",\"fatal\":\"yes\"}",
                MALFORMED_MESSAGE, "error.fatal must be true or false, was \"yes\"");
        server.assertRefused("{\"type\":\"error\",\"code\":\"INTERNAL_ERROR\",\"message\":\"x\"}",
                MALFORMED_MESSAGE, "error.fatal is required");
    }

    @Test
    void errorCodesAreTheEnumNames() {
        server.assertRefused("{\"type\":\"error\",\"code\":\"internal_error\",\"message\":\"x\",\"fatal\":true}",
                MALFORMED_MESSAGE, "error.code must be an error code of this protocol, was \"internal_error\"");
    }

    // ---- tandem.edits

    @Test
    void editSubmittedNeedsEveryField() {
        edits.assertRefused("{\"docId\":\"d\",\"clientId\":\"c\",\"clientSeq\":1,\"baseRevision\":0,"
                        + "\"edit\":{\"kind\":\"text\",\"op\":[]},\"submittedAt\":\"2025-01-15T09:30:00Z\"}",
                MALFORMED_MESSAGE, "EditSubmitted.authorName is required");
        edits.assertRefused("{\"docId\":\"d\",\"clientId\":\"c\",\"clientSeq\":1,\"baseRevision\":0,"
                        + "\"edit\":{\"kind\":\"language\",\"language\":\"\"},\"submittedAt\":\"2025-01-15T09:30:00Z\","
                        + "\"authorName\":\"Ada\"}", INVALID_EDIT, "EditSubmitted.edit.language must be 1 to 32"
                        + " characters of a-z 0-9 _ + # . - starting with a letter or digit, was \"\"");
    }

    // ---- tandem.ops

    @Test
    void sequencedEventsNeedAKnownType() {
        ops.assertRefused("{\"docId\":\"d\"}", MALFORMED_MESSAGE, "SequencedEvent.type is required");
        ops.assertRefused("{\"type\":\"deleted\",\"docId\":\"d\"}", UNKNOWN_MESSAGE_TYPE,
                "SequencedEvent.type \"deleted\" is not one of committed, rejected, duplicate");
    }

    @Test
    void instantsAreIso8601() {
        ops.assertRefused(COMMITTED.formatted("yesterday"), MALFORMED_MESSAGE,
                "OpCommitted.committedAt must be an ISO-8601 instant such as 2025-01-15T09:30:00.250Z, was"
                        + " \"yesterday\"");
        ops.assertRefused(COMMITTED.formatted("2025-01-15 09:30:00"), MALFORMED_MESSAGE,
                "OpCommitted.committedAt must be an ISO-8601 instant such as 2025-01-15T09:30:00.250Z, was"
                        + " \"2025-01-15 09:30:00\"");
    }

    @Test
    void instantsWithAnOffsetAreReadInUtcAndKeepMilliseconds() {
        OpCommitted e = (OpCommitted) json.decodeSequencedEvent(
                COMMITTED.formatted("2025-01-15T10:30:00.123456+01:00"));
        assertThat(e.committedAt()).isEqualTo(Instant.parse("2025-01-15T09:30:00.123Z"));
        assertThat(json.encode(e)).contains("\"committedAt\":\"2025-01-15T09:30:00.123Z\"");
    }

    @Test
    void rejectionsNameAKnownCode() {
        ops.assertRefused("{\"type\":\"rejected\",\"docId\":\"d\",\"clientId\":\"c\",\"clientSeq\":2,\"code\":\"NOPE\","
                + "\"message\":\"m\"}", MALFORMED_MESSAGE, "EditRejected.code must be an error code of this"
                + " protocol, was \"NOPE\"");
    }

    @Test
    void aDuplicateNamesACommittedRevision() {
        ops.assertRefused("{\"type\":\"duplicate\",\"docId\":\"d\",\"clientId\":\"c\",\"clientSeq\":2,"
                + "\"revision\":0}", MALFORMED_MESSAGE, "EditDuplicate.revision must be >= 1, was 0");
    }

    // ---- tandem.presence

    @Test
    void presenceUpdatesCarryASessionId() {
        presence.assertRefused("{\"docId\":\"d\",\"clientId\":\"c\",\"sessionId\":\"s 1\",\"name\":\"Ada\","
                        + "\"color\":\"#000000\",\"revision\":0,\"selections\":[],\"leaving\":true,"
                        + "\"at\":\"2025-01-15T09:30:00Z\"}", MALFORMED_MESSAGE,
                "PresenceUpdate.sessionId must be 1 to 64 characters of A-Z a-z 0-9 _ -, was \"s 1\"");
    }
}
