package dev.tandem.protocol;

import dev.tandem.ot.Ot;
import dev.tandem.ot.Side;
import dev.tandem.ot.TextOperation;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/protocol.md cannot drift from the codec: every JSON block in it is marked with what it is, decodes, and
 * encodes back to exactly its text; each refused example is followed by the exact error the gateway sends; the
 * error table lists every code with its recovery; and the examples cover every message and event type.
 */
class ProtocolDocTest {
    private static final Pattern MARKER = Pattern.compile("<!-- (example|rejected): (\\w+) -->");
    private static final Pattern ERROR_ROW =
            Pattern.compile("^\\| `([A-Z_]+)` \\| (yes|no) \\| (CONTINUE|RESUME|RESYNC|STOP) \\|.*");
    private static final TandemJson JSON = TandemJson.shared();

    /** A JSON block of the document: its marker ({@code example} or {@code rejected}), kind and text. */
    record Block(String marker, String kind, String json, int line) {
        @Override
        public String toString() {
            return marker + ": " + kind + " at protocol.md:" + line;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyExampleDecodesAndEncodesBackToItsText() {
        return blocks().stream().filter(b -> b.marker().equals("example")).map(b -> DynamicTest.dynamicTest(
                b.toString(), () -> assertThat(JSON.encode(decode(b))).isEqualTo(b.json())));
    }

    @Test
    void everyRefusedExampleIsFollowedByTheErrorTheGatewaySends() {
        List<Block> blocks = blocks();
        int refused = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (!b.marker().equals("rejected")) {
                continue;
            }
            refused++;
            assertThat(b.kind()).as(b.toString()).isEqualTo("client");
            Block answer = blocks.get(i + 1);
            assertThat(answer.kind()).as(answer.toString()).isEqualTo("server");
            assertThatThrownBy(() -> JSON.decodeClientMessage(b.json())).as(b.toString())
                    .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(
                            JSON.encode(ServerMessage.Error.of(e))).isEqualTo(answer.json()));
        }
        assertThat(refused).isGreaterThanOrEqualTo(3);
    }

    @Test
    void examplesShowEveryMessageEventAndEditKind() {
        Set<Class<?>> shown = new HashSet<>();
        for (Block b : blocks()) {
            if (b.marker().equals("example")) {
                Object value = decode(b);
                shown.add(value.getClass());
                editOf(value).ifPresent(edit -> shown.add(edit.getClass()));
            }
        }
        List<Class<?>> all = new ArrayList<>();
        for (Class<?> root : List.of(ClientMessage.class, ServerMessage.class, SequencedEvent.class, Edit.class)) {
            all.addAll(List.of(root.getPermittedSubclasses()));
        }
        all.add(EditSubmitted.class);
        all.add(PresenceUpdate.class);
        assertThat(shown).containsAll(all);
    }

    @Test
    void errorTableListsEveryCodeWithItsRecovery() {
        Map<ErrorCode, String> rows = new EnumMap<>(ErrorCode.class);
        for (String line : ProtocolDoc.lines()) {
            Matcher m = ERROR_ROW.matcher(line);
            if (m.matches()) {
                rows.put(ErrorCode.valueOf(m.group(1)), m.group(2) + " " + m.group(3));
            }
        }
        Map<ErrorCode, String> expected = new EnumMap<>(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            expected.put(code, (code.fatal() ? "yes" : "no") + " " + code.recovery());
        }
        assertThat(rows).isEqualTo(expected);
    }

    @Test
    void recoveryTableMatchesFatality() {
        for (ErrorCode.Recovery r : ErrorCode.Recovery.values()) {
            String fatal = r == ErrorCode.Recovery.CONTINUE ? "no" : "yes";
            assertThat(ProtocolDoc.lines()).as(r.name())
                    .anyMatch(l -> l.startsWith("| `" + r + "` | " + fatal + " |"));
        }
    }

    @Test
    void topicNamesAreTheConstants() {
        String doc = String.join("\n", ProtocolDoc.lines());
        assertThat(doc).contains("| `" + Topics.EDITS + "` | docId | `EditSubmitted`",
                "| `" + Topics.OPS + "` | docId | `SequencedEvent`",
                "| `" + Topics.PRESENCE + "` | docId | `PresenceUpdate`");
    }

    /** Section 5's worked example, and the examples that show it, agree with ot-core. */
    @Test
    void workedExampleHolds() {
        String doc41 = "hello 🌍 world\n";
        TextOperation grace = ((TextEdit) ((ServerMessage.Committed) JSON.decodeServerMessage(
                example("server", "\"revision\":42"))).edit()).op();
        TextOperation ada = ((TextEdit) ((ClientMessage.Submit) JSON.decodeClientMessage(
                example("client", "\"clientSeq\":3,\"baseRevision\":41"))).edit()).op();
        TextOperation committed = ((TextEdit) ((OpCommitted) JSON.decodeSequencedEvent(
                example("ops", "\"revision\":43"))).edit()).op();

        assertThat(Ot.transform(grace, ada, Side.LEFT)).isEqualTo(grace);
        assertThat(Ot.transform(ada, grace, Side.RIGHT)).isEqualTo(committed)
                .isEqualTo(TextOperation.fromJson(List.of(7, "!")));
        assertThat(Ot.apply(Ot.apply(doc41, grace), committed)).isEqualTo("🌍 world!\n");
        assertThat(Ot.apply(Ot.apply(doc41, ada), Ot.transform(grace, ada, Side.LEFT))).isEqualTo("🌍 world!\n");
        assertThat(((ServerMessage.Snapshot) JSON.decodeServerMessage(example("server", "\"type\":\"snapshot\"")))
                .text()).isEqualTo(doc41);
    }

    private static String example(String kind, String containing) {
        return blocks().stream()
                .filter(b -> b.marker().equals("example") && b.kind().equals(kind) && b.json().contains(containing))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " example with " + containing))
                .json();
    }

    private static Object decode(Block b) {
        Map<String, Function<String, Object>> decoders = Map.of(
                "client", JSON::decodeClientMessage,
                "server", JSON::decodeServerMessage,
                "edits", JSON::decodeEditSubmitted,
                "ops", JSON::decodeSequencedEvent,
                "presence", JSON::decodePresenceUpdate);
        assertThat(decoders).as(b.toString()).containsKey(b.kind());
        return decoders.get(b.kind()).apply(b.json());
    }

    private static java.util.Optional<Edit> editOf(Object value) {
        if (value instanceof ClientMessage.Submit m) {
            return java.util.Optional.of(m.edit());
        }
        if (value instanceof ServerMessage.Committed m) {
            return java.util.Optional.of(m.edit());
        }
        if (value instanceof OpCommitted e) {
            return java.util.Optional.of(e.edit());
        }
        if (value instanceof EditSubmitted e) {
            return java.util.Optional.of(e.edit());
        }
        return java.util.Optional.empty();
    }

    /** Every ```json block, each of which must follow its marker line. */
    static List<Block> blocks() {
        List<String> lines = ProtocolDoc.lines();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```json")) {
                continue;
            }
            Matcher marker = MARKER.matcher(i > 0 ? lines.get(i - 1) : "");
            assertThat(marker.matches()).as("the json block at protocol.md:%d has no marker line before it", i + 1)
                    .isTrue();
            StringBuilder json = new StringBuilder();
            int j = i + 1;
            for (; !lines.get(j).equals("```"); j++) {
                json.append(json.length() == 0 ? "" : "\n").append(lines.get(j));
            }
            blocks.add(new Block(marker.group(1), marker.group(2), json.toString(), i + 2));
            i = j;
        }
        assertThat(blocks).isNotEmpty();
        return blocks;
    }
}
