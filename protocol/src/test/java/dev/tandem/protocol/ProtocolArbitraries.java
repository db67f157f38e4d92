package dev.tandem.protocol;

import dev.tandem.ot.TextOperation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Generators for every protocol value. Text mixes ASCII, Latin, CJK, combining marks, JSON's special characters
 * and astral code points (emoji, so surrogate pairs), so code point lengths and UTF-16 lengths differ.
 */
final class ProtocolArbitraries {
    private ProtocolArbitraries() {
    }

    /** One code point of text: never a surrogate on its own. */
    static Arbitrary<Integer> codePoint() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.integers().between('a', 'z')),
                net.jqwik.api.Tuple.of(8, Arbitraries.of((int) ' ', (int) '\n', (int) '\t', (int) '"', (int) '\\',
                        (int) '/', (int) '{', (int) '}', 0x2028, 0x7f, 0)),
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0xC0, 0x17F)),
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0x4E00, 0x4FFF)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0x300, 0x36F)),
                net.jqwik.api.Tuple.of(10, Arbitraries.integers().between(0x1F300, 0x1F64F)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)));
    }

    static Arbitrary<String> text(int minCodePoints, int maxCodePoints) {
        return codePoint().list().ofMinSize(minCodePoints).ofMaxSize(maxCodePoints).map(ProtocolArbitraries::string);
    }

    /** Visible text: no control character, first code point a letter or an emoji (so never blank). */
    static Arbitrary<String> visibleText(int maxCodePoints) {
        Arbitrary<Integer> first = Arbitraries.oneOf(Arbitraries.integers().between('A', 'Z'),
                Arbitraries.integers().between(0x1F300, 0x1F64F), Arbitraries.integers().between(0x4E00, 0x4FFF));
        Arbitrary<Integer> rest = codePoint().filter(cp -> !Character.isISOControl(cp));
        return Combinators.combine(first, rest.list().ofMaxSize(maxCodePoints - 1))
                .as((f, r) -> string(f, r));
    }

    static Arbitrary<String> ids() {
        return Arbitraries.strings().withChars("abcXYZ019_-").withCharRange('a', 'z').ofMinLength(1)
                .ofMaxLength(64);
    }

    static Arbitrary<String> names() {
        return visibleText(64);
    }

    static Arbitrary<String> colors() {
        return Arbitraries.integers().between(0, 0xffffff).map(rgb -> String.format("#%06x", rgb));
    }

    static Arbitrary<String> languages() {
        return Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                                .ofLength(1),
                        Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789_+#.-").ofMaxLength(31))
                .as(String::concat);
    }

    static Arbitrary<Integer> revisions() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE);
    }

    static Arbitrary<Integer> committedRevisions() {
        return Arbitraries.integers().between(1, Integer.MAX_VALUE);
    }

    static Arbitrary<Long> clientSeqs() {
        return Arbitraries.longs().between(1, Check.MAX_CLIENT_SEQ);
    }

    static Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(946_684_800_000L, 4_102_444_800_000L).map(Instant::ofEpochMilli);
    }

    static Arbitrary<TextOperation> operations() {
        Arbitrary<Object> component = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 1000).map(n -> (Object) n),
                text(1, 12).map(s -> (Object) s),
                Arbitraries.integers().between(1, 1000).map(n -> (Object) java.util.Map.of("d", n)));
        return component.list().ofMaxSize(8).map(TextOperation::fromJson);
    }

    static Arbitrary<Edit> edits() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, operations().map(TextEdit::new)),
                net.jqwik.api.Tuple.of(1, languages().map(LanguageChange::new)),
                net.jqwik.api.Tuple.of(2, chatTexts().map(ChatMessage::new)));
    }

    static Arbitrary<String> chatTexts() {
        Arbitrary<Integer> rest = codePoint().filter(cp -> cp == '\n' || cp == '\t' || !Character.isISOControl(cp));
        return Combinators.combine(Arbitraries.integers().between(0x1F300, 0x1F64F),
                rest.list().ofMaxSize(40)).as(ProtocolArbitraries::string);
    }

    static Arbitrary<List<Selection>> selections() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 1_000_000);
        return Combinators.combine(position, position).as(Selection::new).list().ofMaxSize(4);
    }

    /** A view or none (an older client's presence). */
    static Arbitrary<Optional<Viewport>> views() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 1_000_000);
        return Combinators.combine(position, position).as((a, b) -> new Viewport(Math.min(a, b), Math.max(a, b)))
                .optional();
    }

    /** Whom a participant follows, or nobody. */
    static Arbitrary<Optional<String>> followings() {
        return ids().optional();
    }

    static Arbitrary<Participant> participants() {
        return Combinators.combine(ids(), names(), colors(), revisions(), selections(), Arbitraries.of(true, false),
                views(), followings()).as(Participant::new);
    }

    static Arbitrary<ClientMessage> clientMessages() {
        Arbitrary<OptionalInt> known = revisions().optional().map(o -> o.map(OptionalInt::of)
                .orElse(OptionalInt.empty()));
        return Arbitraries.oneOf(
                Combinators.combine(ids(), ids(), names(), colors(), known).as(ClientMessage.Join::new),
                Combinators.combine(clientSeqs(), revisions(), edits()).as(ClientMessage.Submit::new),
                Combinators.combine(revisions(), selections(), views(), followings()).as(ClientMessage.Presence::new),
                Arbitraries.just(new ClientMessage.Ping()));
    }

    static Arbitrary<ServerMessage> serverMessages() {
        Arbitrary<List<Participant>> present = participants().list().ofMaxSize(3);
        Arbitrary<OptionalLong> seq = clientSeqs().optional().map(o -> o.map(OptionalLong::of)
                .orElse(OptionalLong.empty()));
        return Arbitraries.oneOf(
                Combinators.combine(ids(), revisions(), text(0, 40), languages(), Arbitraries.of(true, false), present)
                        .as(ServerMessage.Snapshot::new),
                Combinators.combine(ids(), Arbitraries.integers().between(0, 1000),
                                Arbitraries.integers().between(0, 1000), Arbitraries.of(true, false), present)
                        .as((d, r, extra, ro, p) -> new ServerMessage.Resumed(d, r, r + extra, ro, p)),
                Combinators.combine(committedRevisions(), ids(), clientSeqs(), edits(), instants(), names())
                        .as(ServerMessage.Committed::new),
                Combinators.combine(clientSeqs(), committedRevisions()).as(ServerMessage.Ack::new),
                participants().map(ServerMessage.Presence::new),
                ids().map(ServerMessage.Left::new),
                Combinators.combine(Arbitraries.of(ErrorCode.class), Arbitraries.strings(), seq,
                        Arbitraries.of(true, false)).as(ServerMessage.Error::new),
                Arbitraries.just(new ServerMessage.Pong()));
    }

    static Arbitrary<EditSubmitted> editsSubmitted() {
        return Combinators.combine(ids(), ids(), clientSeqs(), revisions(), edits(), instants(), names())
                .as(EditSubmitted::new);
    }

    static Arbitrary<SequencedEvent> sequencedEvents() {
        return Arbitraries.oneOf(
                Combinators.combine(ids(), committedRevisions(), ids(), clientSeqs(), edits(), instants(), names())
                        .as(OpCommitted::new),
                Combinators.combine(ids(), ids(), clientSeqs(), Arbitraries.of(ErrorCode.class),
                        Arbitraries.strings()).as(EditRejected::new),
                Combinators.combine(ids(), ids(), clientSeqs(), committedRevisions()).as(EditDuplicate::new));
    }

    static Arbitrary<PresenceUpdate> presenceUpdates() {
        return Combinators.combine(ids(), ids(), ids(), names(), colors(), revisions(), selections(),
                        Arbitraries.of(true, false))
                .flatAs((doc, client, session, name, color, revision, selections, leaving) -> Combinators.combine(
                        instants(), Arbitraries.of(true, false), views(), followings()).as((at, readOnly, view,
                        following) -> new PresenceUpdate(doc, client, session, name, color, revision, selections,
                        leaving, at, readOnly, view, following)));
    }

    private static String string(List<Integer> codePoints) {
        StringBuilder out = new StringBuilder();
        codePoints.forEach(out::appendCodePoint);
        return out.toString();
    }

    private static String string(int first, List<Integer> rest) {
        StringBuilder out = new StringBuilder().appendCodePoint(first);
        rest.forEach(out::appendCodePoint);
        return out.toString();
    }
}
