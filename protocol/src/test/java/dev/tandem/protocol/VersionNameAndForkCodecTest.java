package dev.tandem.protocol;

import dev.tandem.ot.TextOperation;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.tandem.protocol.ErrorCode.INVALID_EDIT;
import static org.assertj.core.api.Assertions.assertThat;

/** The two edit kinds of issue 12: {@code name} (a named version) and {@code fork} (a fork's first revision). */
class VersionNameAndForkCodecTest {
    private static final Instant AT = Instant.parse("2025-01-15T09:30:00.250Z");
    private final TandemJson json = TandemJson.shared();
    private final Refusals refusals = Refusals.of(json::decodeClientMessage);

    private static String submit(String edit) {
        return "{\"type\":\"submit\",\"clientSeq\":7,\"baseRevision\":2,\"edit\":" + edit + "}";
    }

    private void refusedSubmit(String edit, String expected) {
        refusals.assertRefused(submit(edit), INVALID_EDIT, expected, 7);
    }

    @Test
    void aNameIsWrittenCanonicallyAndReadBack() {
        VersionName name = new VersionName(12, "before the refactor 🚀");
        String text = "{\"kind\":\"name\",\"revision\":12,\"name\":\"before the refactor 🚀\"}";
        assertThat(json.encode(name)).isEqualTo(text);
        assertThat(json.decode(text, Edit.class)).isEqualTo(name);
        assertThat(name.operation()).isEqualTo(TextOperation.noop());
        assertThat(name.withOperation(TextOperation.insert(0, "x"))).isSameAs(name);
        assertThat(name.languageAfter("java")).isEqualTo("java");
    }

    @Test
    void aNameTravelsInASubmitAndACommittedEvent() {
        OpCommitted committed = new OpCommitted("team-notes", 13, "c-7f3a9e", 4, new VersionName(0, "empty"), AT,
                "Ada");
        assertThat(json.decodeSequencedEvent(json.encode(committed))).isEqualTo(committed);
        ClientMessage.Submit submit = (ClientMessage.Submit) json.decodeClientMessage(
                submit("{\"kind\":\"name\",\"revision\":2,\"name\":\"v1\"}"));
        assertThat(submit.edit()).isEqualTo(new VersionName(2, "v1"));
    }

    @Test
    void aNameIsOneToAHundredCodePointsNotBlankWithoutControlCharacters() {
        String max = "🌍".repeat(100);
        assertThat(((VersionName) json.decode("{\"kind\":\"name\",\"revision\":1,\"name\":\"" + max + "\"}",
                Edit.class)).name()).isEqualTo(max);
        refusedSubmit("{\"kind\":\"name\",\"revision\":1,\"name\":\"" + max + "!\"}",
                "submit.edit.name must be at most 100 code points, was 101");
        refusedSubmit("{\"kind\":\"name\",\"revision\":1,\"name\":\"  \"}",
                "submit.edit.name must not be empty or blank");
        refusedSubmit("{\"kind\":\"name\",\"revision\":1,\"name\":\"\"}",
                "submit.edit.name must not be empty or blank");
        refusedSubmit("{\"kind\":\"name\",\"revision\":1,\"name\":\"a\\nb\"}",
                "submit.edit.name must not contain control characters, has U+000A at index 1");
        refusedSubmit("{\"kind\":\"name\",\"revision\":1,\"name\":\"\\ud83d\"}",
                "submit.edit.name is not well-formed UTF-16: unpaired surrogate at index 0");
        refusedSubmit("{\"kind\":\"name\",\"revision\":1}", "submit.edit.name is required");
    }

    @Test
    void aNamedRevisionIsANonNegativeInteger() {
        refusedSubmit("{\"kind\":\"name\",\"revision\":-1,\"name\":\"x\"}",
                "submit.edit.revision must be >= 0, was -1");
        refusedSubmit("{\"kind\":\"name\",\"revision\":\"3\",\"name\":\"x\"}",
                "submit.edit.revision must be an integer, was \"3\"");
        refusedSubmit("{\"kind\":\"name\",\"name\":\"x\"}", "submit.edit.revision is required");
    }

    @Test
    void aForkIsWrittenCanonicallyAndReadBack() {
        ForkOrigin fork = new ForkOrigin(new ForkedFrom("ro_AAAAAAAAAAAAAAAAAAAAAA", 12), "hé🌍\n", "java");
        String text = "{\"kind\":\"fork\",\"forkedFrom\":{\"docId\":\"ro_AAAAAAAAAAAAAAAAAAAAAA\",\"revision\":12},"
                + "\"text\":\"hé🌍\\n\",\"language\":\"java\"}";
        assertThat(json.encode(fork)).isEqualTo(text);
        assertThat(json.decode(text, Edit.class)).isEqualTo(fork);
        OpCommitted committed = new OpCommitted("fork-1", 1, "fork-x", 1, fork, AT, "Ada");
        assertThat(json.decodeSequencedEvent(json.encode(committed))).isEqualTo(committed);
    }

    @Test
    void aForkIsTheInsertOfItsTextAndSetsTheLanguage() {
        ForkOrigin fork = new ForkOrigin(new ForkedFrom("origin", 3), "hé🌍", "python");
        assertThat(fork.operation()).isEqualTo(TextOperation.insert(0, "hé🌍"));
        assertThat(fork.languageAfter("plaintext")).isEqualTo("python");
        assertThat(new ForkOrigin(new ForkedFrom("origin", 0), "", "plaintext").operation())
                .isEqualTo(TextOperation.noop());
    }

    @Test
    void aForkNeedsItsOriginTextAndLanguage() {
        refusedSubmit("{\"kind\":\"fork\",\"text\":\"x\",\"language\":\"java\"}", "submit.edit.forkedFrom is required");
        refusedSubmit("{\"kind\":\"fork\",\"forkedFrom\":{\"docId\":\"a b\",\"revision\":1},\"text\":\"x\","
                        + "\"language\":\"java\"}",
                "submit.edit.forkedFrom.docId must be 1 to 64 characters of A-Z a-z 0-9 _ -, was \"a b\"");
        refusedSubmit("{\"kind\":\"fork\",\"forkedFrom\":{\"docId\":\"a\",\"revision\":-2},\"text\":\"x\","
                + "\"language\":\"java\"}", "submit.edit.forkedFrom.revision must be >= 0, was -2");
        refusedSubmit("{\"kind\":\"fork\",\"forkedFrom\":{\"docId\":\"a\",\"revision\":1},\"language\":\"java\"}",
                "submit.edit.text is required");
        refusedSubmit("{\"kind\":\"fork\",\"forkedFrom\":{\"docId\":\"a\",\"revision\":1},\"text\":\"x\","
                + "\"language\":\"Java!\"}", "submit.edit.language must be 1 to 32 characters of a-z 0-9 _ + # . -"
                + " starting with a letter or digit, was \"Java!\"");
    }
}
