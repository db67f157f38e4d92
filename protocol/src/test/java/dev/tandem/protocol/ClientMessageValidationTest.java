package dev.tandem.protocol;

import dev.tandem.ot.TextOperation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static dev.tandem.protocol.ErrorCode.INVALID_EDIT;
import static dev.tandem.protocol.ErrorCode.MALFORMED_MESSAGE;
import static dev.tandem.protocol.ErrorCode.UNKNOWN_MESSAGE_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

/** Every rule a browser's message must follow, each with the code and the message the browser gets. */
class ClientMessageValidationTest {
    private final TandemJson json = TandemJson.shared();
    private final Refusals refusals = Refusals.of(json::decodeClientMessage);

    private void refused(String message, ErrorCode code, String expected) {
        refusals.assertRefused(message, code, expected);
    }

    private static String join(String fields) {
        return "{\"type\":\"join\"," + fields + "}";
    }

    private static final String JOIN_ID = "\"docId\":\"team-notes\",\"clientId\":\"c-1\",";

    private static String submit(String edit) {
        return "{\"type\":\"submit\",\"clientSeq\":7,\"baseRevision\":2,\"edit\":" + edit + "}";
    }

    private void refusedSubmit(String edit, ErrorCode code, String expected) {
        refusals.assertRefused(submit(edit), code, expected, 7);
    }

    // ---- the frame

    @Test
    void textThatIsNotJsonIsMalformed() {
        refused("{\"type\":\"ping\"", MALFORMED_MESSAGE, "message is not valid JSON: Unexpected end-of-input:"
                + " expected close marker for Object (opened at line 1, column 1) at line 1, column 15");
    }

    @Test
    void anEmptyFrameIsMalformed() {
        refused("", MALFORMED_MESSAGE, "message is empty");
        refused("  ", MALFORMED_MESSAGE, "message is empty");
    }

    @Test
    void jsonThatIsNotAnObjectIsMalformed() {
        refused("[1,2]", MALFORMED_MESSAGE, "message must be a JSON object, was an array");
        refused("\"ping\"", MALFORMED_MESSAGE, "message must be a JSON object, was \"ping\"");
        refused("null", MALFORMED_MESSAGE, "message must be a JSON object, was null");
    }

    @Test
    void aDuplicateKeyIsMalformed() {
        refused("{\"type\":\"ping\",\"type\":\"join\"}", MALFORMED_MESSAGE,
                "message is not valid JSON: Duplicate field 'type' at line 1, column 22");
    }

    @Test
    void dataAfterTheObjectIsMalformed() {
        refused("{\"type\":\"ping\"}{\"type\":\"ping\"}", MALFORMED_MESSAGE,
                "message has data after its JSON object at line 1, column 16");
        refused("{\"type\":\"ping\"} x", MALFORMED_MESSAGE, "message is not valid JSON: Unrecognized token 'x':"
                + " was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1,"
                + " column 17");
    }

    @Test
    void nonStandardNumbersAreMalformed() {
        refused("{\"type\":\"presence\",\"revision\":NaN,\"selections\":[]}", MALFORMED_MESSAGE,
                "message is not valid JSON: Non-standard token 'NaN' at line 1, column 34");
    }

    @Test
    void aMissingTypeIsMalformed() {
        refused("{}", MALFORMED_MESSAGE, "message.type is required");
        refused("{\"type\":null}", MALFORMED_MESSAGE, "message.type is required");
    }

    @Test
    void aTypeThatIsNotAStringIsMalformed() {
        refused("{\"type\":1}", MALFORMED_MESSAGE, "message.type must be a string, was 1");
    }

    @Test
    void anUnknownTypeIsNotFatal() {
        refused("{\"type\":\"subscribe\"}", UNKNOWN_MESSAGE_TYPE,
                "message.type \"subscribe\" is not one of join, submit, presence, ping");
        assertThat(UNKNOWN_MESSAGE_TYPE.fatal()).isFalse();
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(json.decodeClientMessage("{\"type\":\"ping\",\"sentAt\":12,\"extra\":{\"a\":[1]}}"))
                .isEqualTo(new ClientMessage.Ping());
    }

    // ---- join

    @Test
    void joinReadsKnownRevisionWhenPresentAndTreatsNullAsAbsent() {
        assertThat(json.decodeClientMessage(join(JOIN_ID + "\"name\":\"Ada\",\"color\":\"#1f77b4\","
                + "\"knownRevision\":null"))).isEqualTo(new ClientMessage.Join("team-notes", "c-1", "Ada", "#1f77b4"));
        assertThat(((ClientMessage.Join) json.decodeClientMessage(join(JOIN_ID
                + "\"name\":\"Ada\",\"color\":\"#1f77b4\",\"knownRevision\":0"))).knownRevision())
                .isEqualTo(OptionalInt.of(0));
    }

    @Test
    void joinNeedsADocId() {
        refused(join("\"clientId\":\"c-1\",\"name\":\"Ada\",\"color\":\"#1f77b4\""), MALFORMED_MESSAGE,
                "join.docId is required");
    }

    @Test
    void idsAreOneToSixtyFourSafeCharacters() {
        refused(join("\"docId\":\"team notes\",\"clientId\":\"c-1\",\"name\":\"Ada\",\"color\":\"#1f77b4\""),
                MALFORMED_MESSAGE, "join.docId must be 1 to 64 characters of A-Z a-z 0-9 _ -, was \"team notes\"");
        refused(join("\"docId\":\"d\",\"clientId\":\"\",\"name\":\"Ada\",\"color\":\"#1f77b4\""),
                MALFORMED_MESSAGE, "join.clientId must be 1 to 64 characters of A-Z a-z 0-9 _ -, was \"\"");
        String id65 = "a".repeat(65);
        refused(join("\"docId\":\"" + id65 + "\",\"clientId\":\"c\",\"name\":\"Ada\",\"color\":\"#1f77b4\""),
                MALFORMED_MESSAGE, "join.docId must be 1 to 64 characters of A-Z a-z 0-9 _ -, was \""
                        + "a".repeat(40) + "...\"");
        assertThat(json.decodeClientMessage(join("\"docId\":\"" + "a".repeat(64)
                + "\",\"clientId\":\"A_z-9\",\"name\":\"Ada\",\"color\":\"#1f77b4\""))).isNotNull();
    }

    @Test
    void namesAreCountedInCodePoints() {
        String name64 = "🙂".repeat(64);
        assertThat(((ClientMessage.Join) json.decodeClientMessage(join(JOIN_ID + "\"name\":\"" + name64
                + "\",\"color\":\"#1f77b4\""))).name()).isEqualTo(name64);
        refused(join(JOIN_ID + "\"name\":\"" + name64 + "!\",\"color\":\"#1f77b4\""), MALFORMED_MESSAGE,
                "join.name must be at most 64 code points, was 65");
    }

    @Test
    void namesMustNotBeBlank() {
        refused(join(JOIN_ID + "\"name\":\"  \",\"color\":\"#1f77b4\""), MALFORMED_MESSAGE,
                "join.name must not be empty or blank");
        refused(join(JOIN_ID + "\"name\":\"\",\"color\":\"#1f77b4\""), MALFORMED_MESSAGE,
                "join.name must not be empty or blank");
    }

    @Test
    void namesMustNotHoldControlCharacters() {
        refused(join(JOIN_ID + "\"name\":\"Ada\\nLovelace\",\"color\":\"#1f77b4\""), MALFORMED_MESSAGE,
                "join.name must not contain control characters, has U+000A at index 3");
        refused(join(JOIN_ID + "\"name\":\"Ada\\u0085\",\"color\":\"#1f77b4\""), MALFORMED_MESSAGE,
                "join.name must not contain control characters, has U+0085 at index 3");
    }

    @Test
    void namesMustBeWellFormedUtf16() {
        refused(join(JOIN_ID + "\"name\":\"Ada\\ud83d\",\"color\":\"#1f77b4\""), MALFORMED_MESSAGE,
                "join.name is not well-formed UTF-16: unpaired surrogate at index 3");
    }

    @Test
    void colorsAreLowerCaseHashRrggbb() {
        refused(join(JOIN_ID + "\"name\":\"Ada\",\"color\":\"#1F77B4\""), MALFORMED_MESSAGE,
                "join.color must be #rrggbb in lower-case hexadecimal, was \"#1F77B4\"");
        refused(join(JOIN_ID + "\"name\":\"Ada\",\"color\":\"blue\""), MALFORMED_MESSAGE,
                "join.color must be #rrggbb in lower-case hexadecimal, was \"blue\"");
    }

    @Test
    void knownRevisionIsANonNegativeInteger() {
        String who = JOIN_ID + "\"name\":\"Ada\",\"color\":\"#1f77b4\",";
        refused(join(who + "\"knownRevision\":-1"), MALFORMED_MESSAGE, "join.knownRevision must be >= 0, was -1");
        refused(join(who + "\"knownRevision\":\"4\""), MALFORMED_MESSAGE,
                "join.knownRevision must be an integer, was \"4\"");
        refused(join(who + "\"knownRevision\":4.0"), MALFORMED_MESSAGE,
                "join.knownRevision must be an integer, was 4.0");
    }

    // ---- submit

    @Test
    void clientSeqIsFromOneToTwoToTheFiftyThreeMinusOne() {
        String edit = ",\"baseRevision\":2,\"edit\":{\"kind\":\"text\",\"op\":[\"x\"]}}";
        refused("{\"type\":\"submit\",\"clientSeq\":0" + edit, MALFORMED_MESSAGE,
                "submit.clientSeq must be between 1 and 9007199254740991, was 0");
        refused("{\"type\":\"submit\",\"clientSeq\":9007199254740992" + edit, MALFORMED_MESSAGE,
                "submit.clientSeq must be between 1 and 9007199254740991, was 9007199254740992");
        refused("{\"type\":\"submit\",\"clientSeq\":\"3\"" + edit, MALFORMED_MESSAGE,
                "submit.clientSeq must be an integer, was \"3\"");
        refused("{\"type\":\"submit\"" + edit, MALFORMED_MESSAGE, "submit.clientSeq is required");
    }

    @Test
    void baseRevisionIsANonNegativeIntAndTheErrorNamesTheClientSeq() {
        String edit = ",\"edit\":{\"kind\":\"text\",\"op\":[\"x\"]}}";
        refusals.assertRefused("{\"type\":\"submit\",\"clientSeq\":3,\"baseRevision\":-1" + edit, MALFORMED_MESSAGE,
                "submit.baseRevision must be >= 0, was -1", 3);
        refusals.assertRefused("{\"type\":\"submit\",\"clientSeq\":3,\"baseRevision\":2147483648" + edit,
                MALFORMED_MESSAGE, "submit.baseRevision is out of range, was 2147483648", 3);
    }

    @Test
    void anEditIsAnObject() {
        refusals.assertRefused("{\"type\":\"submit\",\"clientSeq\":7,\"baseRevision\":2}", MALFORMED_MESSAGE,
                "submit.edit is required", 7);
        refusedSubmit("[\"x\"]", MALFORMED_MESSAGE, "submit.edit must be a JSON object, was an array");
    }

    @Test
    void anEditNeedsAKnownKind() {
        refusedSubmit("{\"op\":[\"x\"]}", INVALID_EDIT, "submit.edit.kind is required");
        refusedSubmit("{\"kind\":\"image\",\"url\":\"x\"}", INVALID_EDIT,
                "submit.edit.kind \"image\" is not one of text, language, chat, name, fork");
    }

    @Test
    void aTextEditNeedsAnOpArray() {
        refusedSubmit("{\"kind\":\"text\"}", INVALID_EDIT, "submit.edit.op is required");
        refusedSubmit("{\"kind\":\"text\",\"op\":{\"d\":1}}", INVALID_EDIT,
                "submit.edit.op must be an array, was an object");
    }

    @Test
    void invalidOpComponentsAreReportedWithTextOperationsReason() {
        refusedSubmit("{\"kind\":\"text\",\"op\":[3,{\"d\":0}]}", INVALID_EDIT,
                "submit.edit.op is invalid: op component 1 ({\"d\":0}): count must be a positive integer below"
                        + " 2^31, was 0");
        refusedSubmit("{\"kind\":\"text\",\"op\":[-2]}", INVALID_EDIT,
                "submit.edit.op is invalid: op component 0 (-2): count must be a positive integer below 2^31,"
                        + " was -2");
        refusedSubmit("{\"kind\":\"text\",\"op\":[1.5]}", INVALID_EDIT,
                "submit.edit.op is invalid: op component 0 (1.5): count must be a positive integer below 2^31,"
                        + " was 1.5");
        refusedSubmit("{\"kind\":\"text\",\"op\":[\"\"]}", INVALID_EDIT,
                "submit.edit.op is invalid: op component 0 (): insert must not be empty");
        refusedSubmit("{\"kind\":\"text\",\"op\":[2,true]}", INVALID_EDIT,
                "submit.edit.op is invalid: op component 1 (true): expected a positive integer (retain), a"
                        + " non-empty string (insert) or {\"d\": n} (delete)");
        refusedSubmit("{\"kind\":\"text\",\"op\":[[1]]}", INVALID_EDIT,
                "submit.edit.op is invalid: op component 0 ([1]): expected a positive integer (retain), a"
                        + " non-empty string (insert) or {\"d\": n} (delete)");
        refusedSubmit("{\"kind\":\"text\",\"op\":[{\"d\":1,\"i\":\"x\"}]}", INVALID_EDIT,
                "submit.edit.op is invalid: op component 0 ({\"d\":1,\"i\":\"x\"}): expected a positive integer"
                        + " (retain), a non-empty string (insert) or {\"d\": n} (delete)");
    }

    @Test
    void opLengthsMustNotOverflow() {
        refusedSubmit("{\"kind\":\"text\",\"op\":[2147483647,\"x\",2147483647]}", INVALID_EDIT,
                "submit.edit.op is invalid: op component 2 (2147483647): op spans more than 2^31-1 code points");
    }

    @Test
    void insertsMustBeWellFormedUtf16() {
        refusedSubmit("{\"kind\":\"text\",\"op\":[\"a\\udc00\"]}", INVALID_EDIT,
                "submit.edit.op is invalid: op component 0 (a\uFFFD): text has an unpaired surrogate at UTF-16"
                        + " index 1");
    }

    @Test
    void opsAreNormalizedAndDeleteByTextIsAccepted() {
        ClientMessage.Submit m = (ClientMessage.Submit) json.decodeClientMessage(
                submit("{\"kind\":\"text\",\"op\":[2,3,\"a\",\"🙂\",{\"d\":\"xy\"},{\"d\":1},4]}"));
        assertThat(((TextEdit) m.edit()).op()).isEqualTo(TextOperation.builder().retain(5).insert("a🙂")
                .delete(3).build());
        assertThat(json.encode(m.edit())).isEqualTo("{\"kind\":\"text\",\"op\":[5,\"a🙂\",{\"d\":3}]}");
    }

    @Test
    void languagesAreShortLowerCaseIdentifiers() {
        refusedSubmit("{\"kind\":\"language\",\"language\":\"Python\"}", INVALID_EDIT,
                "submit.edit.language must be 1 to 32 characters of a-z 0-9 _ + # . - starting with a letter or"
                        + " digit, was \"Python\"");
        refusedSubmit("{\"kind\":\"language\",\"language\":\"" + "a".repeat(33) + "\"}", INVALID_EDIT,
                "submit.edit.language must be 1 to 32 characters of a-z 0-9 _ + # . - starting with a letter or"
                        + " digit, was \"" + "a".repeat(33) + "\"");
        refusedSubmit("{\"kind\":\"language\"}", INVALID_EDIT, "submit.edit.language is required");
        for (String ok : List.of("c++", "c#", "objective-c", "f#", "plaintext", "vue.js", "x86_64")) {
            assertThat(new LanguageChange(ok).language()).isEqualTo(ok);
        }
    }

    @Test
    void chatTextIsNotBlank() {
        refusedSubmit("{\"kind\":\"chat\",\"text\":\"\"}", INVALID_EDIT, "submit.edit.text must not be empty or blank");
        refusedSubmit("{\"kind\":\"chat\",\"text\":\" \\n\\t\"}", INVALID_EDIT,
                "submit.edit.text must not be empty or blank");
    }

    @Test
    void chatTextIsAtMostFourThousandCodePoints() {
        String max = "🚀".repeat(4000);
        assertThat(((ChatMessage) ((ClientMessage.Submit) json.decodeClientMessage(
                submit("{\"kind\":\"chat\",\"text\":\"" + max + "\"}"))).edit()).text()).isEqualTo(max);
        refusedSubmit("{\"kind\":\"chat\",\"text\":\"" + max + "!\"}", INVALID_EDIT,
                "submit.edit.text must be at most 4000 code points, was 4001");
    }

    @Test
    void chatTextHasNoControlCharacterButTabAndNewline() {
        assertThat(new ChatMessage("line one\n\tline two").text()).contains("\n");
        refusedSubmit("{\"kind\":\"chat\",\"text\":\"ding\\u0007\"}", INVALID_EDIT,
                "submit.edit.text must not contain control characters but tab and newline, has U+0007 at index 4");
    }

    @Test
    void chatTextIsWellFormedUtf16() {
        refusedSubmit("{\"kind\":\"chat\",\"text\":\"\\ud83d hi\"}", INVALID_EDIT,
                "submit.edit.text is not well-formed UTF-16: unpaired surrogate at index 0");
    }

    // ---- presence

    @Test
    void presenceNeedsSelections() {
        refused("{\"type\":\"presence\",\"revision\":3}", MALFORMED_MESSAGE, "presence.selections is required");
        refused("{\"type\":\"presence\",\"revision\":3,\"selections\":{}}", MALFORMED_MESSAGE,
                "presence.selections must be an array, was an object");
        refused("{\"type\":\"presence\",\"revision\":3,\"selections\":[5]}", MALFORMED_MESSAGE,
                "presence.selections[0] must be a JSON object, was 5");
    }

    @Test
    void selectionsAreNonNegativeCodePointOffsets() {
        refused("{\"type\":\"presence\",\"revision\":3,\"selections\":[{\"anchor\":1,\"head\":1},"
                        + "{\"anchor\":-1,\"head\":0}]}", MALFORMED_MESSAGE,
                "presence.selections[1].anchor must be >= 0, was -1");
        refused("{\"type\":\"presence\",\"revision\":3,\"selections\":[{\"anchor\":1}]}", MALFORMED_MESSAGE,
                "presence.selections[0].head is required");
    }

    @Test
    void atMostOneHundredSelections() {
        String selection = "{\"anchor\":1,\"head\":2}";
        String many = String.join(",", java.util.Collections.nCopies(101, selection));
        refused("{\"type\":\"presence\",\"revision\":3,\"selections\":[" + many + "]}", MALFORMED_MESSAGE,
                "presence.selections must have at most 100 elements, had 101");
    }

    @Test
    void presenceRevisionIsNonNegative() {
        refused("{\"type\":\"presence\",\"revision\":-3,\"selections\":[]}", MALFORMED_MESSAGE,
                "presence.revision must be >= 0, was -3");
    }

    @Test
    void presenceMayCarryAViewAndWhomItFollows() {
        String json = "{\"type\":\"presence\",\"revision\":3,\"selections\":[],"
                + "\"view\":{\"from\":10,\"to\":90},\"following\":\"c-2b81d0\"}";
        assertThat(this.json.decodeClientMessage(json)).isEqualTo(new ClientMessage.Presence(3, List.of(),
                java.util.Optional.of(new Viewport(10, 90)), java.util.Optional.of("c-2b81d0")));
        assertThat(this.json.decodeClientMessage("{\"type\":\"presence\",\"revision\":3,\"selections\":[],"
                + "\"view\":null,\"following\":null}")).isEqualTo(new ClientMessage.Presence(3, List.of()));
    }

    @Test
    void aPresencesViewIsARangeOfPositions() {
        refused(presenceWith("\"view\":[1,2]"), MALFORMED_MESSAGE, "presence.view must be a JSON object, was an array");
        refused(presenceWith("\"view\":{\"from\":4}"), MALFORMED_MESSAGE, "presence.view.to is required");
        refused(presenceWith("\"view\":{\"from\":-1,\"to\":4}"), MALFORMED_MESSAGE,
                "presence.view.from must be >= 0, was -1");
        refused(presenceWith("\"view\":{\"from\":9,\"to\":4}"), MALFORMED_MESSAGE,
                "presence.view.to must be >= from 9, was 4");
        refused(presenceWith("\"view\":{\"from\":1.5,\"to\":4}"), MALFORMED_MESSAGE,
                "presence.view.from must be an integer, was 1.5");
    }

    @Test
    void aPresenceFollowsAClientId() {
        refused(presenceWith("\"following\":7"), MALFORMED_MESSAGE, "presence.following must be a string, was 7");
        refused(presenceWith("\"following\":\"\""), MALFORMED_MESSAGE,
                "presence.following must be 1 to 64 characters of A-Z a-z 0-9 _ -, was \"\"");
        refused(presenceWith("\"following\":\"<script>\""), MALFORMED_MESSAGE,
                "presence.following must be 1 to 64 characters of A-Z a-z 0-9 _ -, was \"<script>\"");
    }

    private static String presenceWith(String fields) {
        return "{\"type\":\"presence\",\"revision\":3,\"selections\":[]," + fields + "}";
    }
}
