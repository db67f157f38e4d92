package dev.tandem.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every message and event survives encoding and decoding unchanged, its encoding is canonical, and no input,
 * however broken, makes a decoder throw anything but {@link ProtocolException}.
 */
class ProtocolProperties {
    private final TandemJson json = TandemJson.shared();

    @Property(seed = "20250115")
    void clientMessagesRoundTrip(@ForAll("clientMessages") ClientMessage message) {
        String encoded = json.encode(message);
        assertThat(json.decodeClientMessage(encoded)).isEqualTo(message);
        assertThat(json.decodeClientMessage(encoded.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(message);
    }

    @Property(seed = "20250116")
    void serverMessagesRoundTrip(@ForAll("serverMessages") ServerMessage message) {
        String encoded = json.encode(message);
        assertThat(json.decodeServerMessage(encoded)).isEqualTo(message);
        assertThat(json.encode(json.decodeServerMessage(encoded))).isEqualTo(encoded);
    }

    @Property(seed = "20250117")
    void editsSubmittedRoundTrip(@ForAll("editsSubmitted") EditSubmitted event) {
        assertThat(json.decodeEditSubmitted(json.encodeBytes(event))).isEqualTo(event);
    }

    @Property(seed = "20250118")
    void sequencedEventsRoundTrip(@ForAll("sequencedEvents") SequencedEvent event) {
        assertThat(json.decodeSequencedEvent(json.encodeBytes(event))).isEqualTo(event);
    }

    @Property(seed = "20250119")
    void presenceUpdatesRoundTrip(@ForAll("presenceUpdates") PresenceUpdate event) {
        assertThat(json.decodePresenceUpdate(json.encodeBytes(event))).isEqualTo(event);
    }

    /** An op's lengths are code points, so astral text keeps its length and position through the wire. */
    @Property(seed = "20250120")
    void editsRoundTripKeepingCodePointLengths(@ForAll("edits") Edit edit) {
        Edit decoded = json.decode(json.encode(edit), Edit.class);
        assertThat(decoded).isEqualTo(edit);
        assertThat(decoded.operation().baseLength()).isEqualTo(edit.operation().baseLength());
        assertThat(decoded.operation().insertedLength()).isEqualTo(edit.operation().insertedLength());
    }

    /** A service's own mapper with the module writes and reads exactly what the codec does. */
    @Property(seed = "20250121", tries = 300)
    void moduleOnAPlainMapperMatchesTheCodec(@ForAll("anyValue") Object value) throws Exception {
        ObjectMapper plain = new ObjectMapper().registerModule(new TandemJacksonModule());
        String encoded = json.encode(value);
        assertThat(plain.writeValueAsString(value)).isEqualTo(encoded);
        assertThat(plain.readValue(encoded, rootOf(value))).isEqualTo(value);
    }

    @Property(seed = "20250122", tries = 2000)
    void arbitraryTextIsRefusedOnlyWithProtocolException(@ForAll("garbage") String text) {
        assertDecodersRefuseOnlyWithProtocolException(text);
    }

    /** Messages broken by one edit of their text: decoded, or refused with a ProtocolException. */
    @Property(seed = "20250123", tries = 3000)
    void mutatedMessagesAreRefusedOnlyWithProtocolException(@ForAll("mutated") String text) {
        assertDecodersRefuseOnlyWithProtocolException(text);
    }

    /** Whatever the input, the error a gateway sends about it encodes and reads back unchanged. */
    @Property(seed = "20250124", tries = 2000)
    void errorsAboutAnyInputEncode(@ForAll("mutated") String text) {
        try {
            json.decodeClientMessage(text);
        } catch (ProtocolException e) {
            ServerMessage.Error error = ServerMessage.Error.of(e);
            assertThat(error.message()).hasSizeLessThanOrEqualTo(1000);
            assertThat(json.decodeServerMessage(json.encode(error))).isEqualTo(error);
        }
    }

    private void assertDecodersRefuseOnlyWithProtocolException(String text) {
        List<Runnable> decoders = List.of(
                () -> json.decodeClientMessage(text),
                () -> json.decodeServerMessage(text),
                () -> json.decodeEditSubmitted(text),
                () -> json.decodeSequencedEvent(text),
                () -> json.decodePresenceUpdate(text));
        for (Runnable decode : decoders) {
            Throwable thrown = catchThrowable(decode::run);
            if (thrown != null) {
                assertThat(thrown).isInstanceOf(ProtocolException.class);
            }
        }
    }

    private static Class<?> rootOf(Object value) {
        for (Class<?> root : List.of(ClientMessage.class, ServerMessage.class, SequencedEvent.class,
                EditSubmitted.class, PresenceUpdate.class)) {
            if (root.isInstance(value)) {
                return root;
            }
        }
        throw new IllegalArgumentException(value.getClass().getName());
    }

    @Provide
    Arbitrary<ClientMessage> clientMessages() {
        return ProtocolArbitraries.clientMessages();
    }

    @Provide
    Arbitrary<ServerMessage> serverMessages() {
        return ProtocolArbitraries.serverMessages();
    }

    @Provide
    Arbitrary<EditSubmitted> editsSubmitted() {
        return ProtocolArbitraries.editsSubmitted();
    }

    @Provide
    Arbitrary<SequencedEvent> sequencedEvents() {
        return ProtocolArbitraries.sequencedEvents();
    }

    @Provide
    Arbitrary<PresenceUpdate> presenceUpdates() {
        return ProtocolArbitraries.presenceUpdates();
    }

    @Provide
    Arbitrary<Edit> edits() {
        return ProtocolArbitraries.edits();
    }

    @Provide
    Arbitrary<Object> anyValue() {
        return Arbitraries.oneOf(clientMessages(), serverMessages(), editsSubmitted(), sequencedEvents(),
                presenceUpdates()).map(v -> (Object) v);
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.oneOf(Arbitraries.strings(),
                Arbitraries.strings().withChars("{}[]\":,0123456789-.etruanlsfd\\ ").ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> mutated() {
        Arbitrary<String> valid = anyValue().map(json::encode);
        Arbitrary<String> replacement = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(3),
                Arbitraries.of("", "-1", "0", "null", "true", "1.5", "99999999999", "9007199254740992", "\"\"",
                        "[]", "{}", "\"\\ud800\"", "\"x\"", "{\"d\":0}", "[-1]", ",\"type\":\"x\"", "\"type\"",
                        "2147483647", "[2147483647,\"x\",2147483647]", "[[[[", "1e400"));
        return net.jqwik.api.Combinators.combine(valid, Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(0, 8), replacement)
                .as((text, where, length, with) -> {
                    int at = (int) (where * text.length());
                    int end = Math.min(text.length(), at + length);
                    return text.substring(0, at) + with + text.substring(end);
                });
    }
}
