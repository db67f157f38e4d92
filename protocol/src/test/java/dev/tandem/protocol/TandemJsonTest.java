package dev.tandem.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ot.TextOperation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TandemJsonTest {
    private final TandemJson json = TandemJson.shared();

    @Test
    void optionalFieldsAreOmittedNotNull() {
        assertThat(json.encode(new ClientMessage.Join("d", "c", "Ada", "#000000")))
                .isEqualTo("{\"type\":\"join\",\"docId\":\"d\",\"clientId\":\"c\",\"name\":\"Ada\","
                        + "\"color\":\"#000000\"}");
        assertThat(json.encode(new ServerMessage.Error(ErrorCode.NOT_JOINED, "join first")))
                .isEqualTo("{\"type\":\"error\",\"code\":\"NOT_JOINED\",\"message\":\"join first\",\"fatal\":true}");
    }

    @Test
    void aFrameIsOneServerMessageOrABatchOfThemInOrder() {
        ServerMessage ack = new ServerMessage.Ack(3, 43);
        ServerMessage left = new ServerMessage.Left("c-2b81d0");
        assertThat(json.decodeServerFrame(json.encode(ack))).containsExactly(ack);
        assertThat(json.decodeServerFrame("[" + json.encode(left) + "," + json.encode(ack) + "]"))
                .containsExactly(left, ack);
        assertThatThrownBy(() -> json.decodeServerFrame("[" + json.encode(ack) + ",{\"type\":7}]"))
                .isInstanceOf(ProtocolException.class);
        // a join without batches, as every join before them, reads as false; with them it is written
        assertThat(json.decodeClientMessage("{\"type\":\"join\",\"docId\":\"d\",\"clientId\":\"c\","
                + "\"name\":\"Ada\",\"color\":\"#000000\"}")).isEqualTo(new ClientMessage.Join("d", "c", "Ada",
                "#000000"));
        assertThat(json.encode(new ClientMessage.Join("d", "c", "Ada", "#000000", OptionalInt.empty(), true)))
                .endsWith(",\"batches\":true}");
    }

    @Test
    void aParticipantsReadOnlyFlagIsWrittenOnlyWhenTrueAndAbsentReadsAsFalse() {
        Participant writer = new Participant("c", "Ada", "#000000", 3, List.of());
        Participant viewer = new Participant("v", "Grace", "#000000", 3, List.of(), true);
        assertThat(json.encode(writer)).doesNotContain("readOnly");
        assertThat(json.encode(viewer)).endsWith(",\"readOnly\":true}");
        assertThat(json.decode(json.encode(viewer), Participant.class)).isEqualTo(viewer);
        assertThat(json.decode("{\"clientId\":\"c\",\"name\":\"Ada\",\"color\":\"#000000\",\"revision\":3,"
                + "\"selections\":[]}", Participant.class).readOnly()).isFalse();
    }

    @Test
    void nonAsciiTextIsWrittenAsUtf8AndControlCharactersEscaped() {
        ServerMessage snapshot = new ServerMessage.Snapshot("d", 0, "a🌍\n\u0000\"", "plaintext", false, List.of());
        assertThat(json.encode(snapshot)).contains("\"text\":\"a🌍\\n\\u0000\\\"\"");
        assertThat(json.decodeServerMessage(json.encodeBytes(snapshot))).isEqualTo(snapshot);
    }

    @Test
    void instantsAreUtcWithAtMostMilliseconds() {
        ServerMessage.Committed c = new ServerMessage.Committed(1, "c", 1, new ChatMessage("hi"),
                Instant.parse("2025-01-15T09:30:00Z"), "Ada");
        assertThat(json.encode(c)).contains("\"committedAt\":\"2025-01-15T09:30:00Z\"");
    }

    @Test
    void decodeReadsAnyProtocolTypeIncludingSubtypes() {
        assertThat(json.decode("[3,\"x\",{\"d\":1}]", TextOperation.class))
                .isEqualTo(TextOperation.builder().retain(3).insert("x").delete(1).build());
        assertThat(json.decode("{\"kind\":\"chat\",\"text\":\"hi\"}", ChatMessage.class))
                .isEqualTo(new ChatMessage("hi"));
        assertThat(json.decode("{\"type\":\"ack\",\"clientSeq\":1,\"revision\":2}", ServerMessage.Ack.class))
                .isEqualTo(new ServerMessage.Ack(1, 2));
        assertThat(json.decode("{\"anchor\":1,\"head\":2}", Selection.class)).isEqualTo(new Selection(1, 2));
    }

    @Test
    void decodingASubtypeRefusesAnotherSubtype() {
        assertThatThrownBy(() -> json.decode("{\"type\":\"pong\"}", ServerMessage.Ack.class))
                .isInstanceOf(ProtocolException.class).hasMessage("expected Ack, was Pong");
    }

    @Test
    void decodingANonProtocolTypeIsAProgrammingError() {
        assertThatThrownBy(() -> json.decode("\"x\"", String.class)).isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(ProtocolException.class).hasMessage("java.lang.String is not a protocol type");
    }

    @Test
    void encodeWritesCollectionsOfRecordsAndOtherValues() {
        List<Object> values = List.of(new Selection(1, 2), Map.of("at", Instant.parse("2025-01-15T09:30:00Z")));
        assertThat(json.encode(values)).isEqualTo("[{\"anchor\":1,\"head\":2},{\"at\":\"2025-01-15T09:30:00Z\"}]");
    }

    @Test
    void newObjectMapperIsConfiguredLikeTheCodec() throws Exception {
        ObjectMapper mapper = TandemJson.newObjectMapper();
        ServerMessage.Error error = new ServerMessage.Error(ErrorCode.RATE_LIMITED, "slow down", OptionalLong.of(4),
                true);
        assertThat(mapper.writeValueAsString(error)).isEqualTo(json.encode(error));
        assertThat(mapper.readValue(json.encode(error), ServerMessage.class)).isEqualTo(error);
    }

    @Test
    void nullInputIsEmpty() {
        assertThatThrownBy(() -> json.decodeClientMessage((String) null)).hasMessage("message is empty");
        assertThatThrownBy(() -> json.decodeSequencedEvent((byte[]) null)).hasMessage("message is empty");
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] bytes = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xff, '"', '}'};
        assertThatThrownBy(() -> json.decodeClientMessage(bytes)).isInstanceOfSatisfying(ProtocolException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_MESSAGE);
                    assertThat(e.getMessage()).startsWith("message is not valid JSON: Invalid UTF-8 start byte 0xff");
                });
    }
}
