package dev.tandem.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The protocol's JSON codec: every WebSocket message and Kafka event is written and read here (or by
 * {@link TandemJacksonModule}, which shares the same code). Thread-safe; {@link #shared()} is the instance to use.
 *
 * <p>Reading is strict about what this protocol defines and tolerant of what it does not: a field of the wrong
 * type, a missing required field, a duplicate key or trailing data is refused with a {@link ProtocolException};
 * fields this version does not know are ignored, so a newer peer may add some (docs/protocol.md, Versioning).
 */
public final class TandemJson {
    private static final TandemJson SHARED = new TandemJson();
    private static final Pattern START_MARKER =
            Pattern.compile("\\(start marker at \\[Source: [^]]*; line: (\\d+), column: (\\d+)]\\)");
    private static final Pattern ADVICE = Pattern.compile(": enable `[^`]*` to allow");

    private final ObjectMapper mapper = newObjectMapper();

    /** The codec every service and test shares. */
    public static TandemJson shared() {
        return SHARED;
    }

    /**
     * A mapper configured as this codec's: {@link TandemJacksonModule}, ISO-8601 instants for any other value,
     * unknown properties ignored, duplicate keys and trailing tokens refused. For services that want one of
     * their own (e.g. for a REST API that returns protocol records).
     */
    public static ObjectMapper newObjectMapper() {
        return JsonMapper.builder()
                .addModule(new TandemJacksonModule())
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
    }

    /** {@code value} (a protocol record, or any value the mapper can write) as compact JSON. */
    public String encode(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** {@code value} as compact JSON in UTF-8, for Kafka. */
    public byte[] encodeBytes(Object value) {
        return encode(value).getBytes(StandardCharsets.UTF_8);
    }

    public ClientMessage decodeClientMessage(String json) {
        return WireDecoder.clientMessage(tree(json));
    }

    public ClientMessage decodeClientMessage(byte[] json) {
        return WireDecoder.clientMessage(tree(json));
    }

    public ServerMessage decodeServerMessage(String json) {
        return WireDecoder.serverMessage(tree(json));
    }

    public ServerMessage decodeServerMessage(byte[] json) {
        return WireDecoder.serverMessage(tree(json));
    }

    /**
     * The server messages of one WebSocket text message, in order: one, or a batch (a JSON array of them, sent to a
     * client that joined with {@code batches}, docs/protocol.md section 3).
     */
    public List<ServerMessage> decodeServerFrame(String json) {
        JsonNode node = tree(json);
        if (!node.isArray()) {
            return List.of(WireDecoder.serverMessage(node));
        }
        List<ServerMessage> messages = new ArrayList<>(node.size());
        node.forEach(element -> messages.add(WireDecoder.serverMessage(element)));
        return messages;
    }

    public EditSubmitted decodeEditSubmitted(String json) {
        return WireDecoder.editSubmitted(tree(json));
    }

    public EditSubmitted decodeEditSubmitted(byte[] json) {
        return WireDecoder.editSubmitted(tree(json));
    }

    public SequencedEvent decodeSequencedEvent(String json) {
        return WireDecoder.sequencedEvent(tree(json));
    }

    public SequencedEvent decodeSequencedEvent(byte[] json) {
        return WireDecoder.sequencedEvent(tree(json));
    }

    public PresenceUpdate decodePresenceUpdate(String json) {
        return WireDecoder.presenceUpdate(tree(json));
    }

    public PresenceUpdate decodePresenceUpdate(byte[] json) {
        return WireDecoder.presenceUpdate(tree(json));
    }

    /**
     * A value of any protocol type from JSON: the message and event roots, their subtypes, {@link Edit} and its
     * kinds, {@link dev.tandem.ot.TextOperation}, {@link Selection}, {@link Participant}.
     *
     * @throws IllegalArgumentException if {@code type} has no JSON form of its own in this protocol
     */
    public <T> T decode(String json, Class<T> type) {
        Function<JsonNode, T> reader = WireDecoder.reader(type);
        return reader.apply(tree(json));
    }

    private JsonNode tree(String json) {
        if (json == null) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "message is empty");
        }
        try {
            return nonEmpty(mapper.readTree(json));
        } catch (JsonProcessingException e) {
            throw notJson(e);
        }
    }

    private JsonNode tree(byte[] json) {
        if (json == null) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "message is empty");
        }
        try {
            return nonEmpty(mapper.readTree(json));
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            // reading a byte array does no I/O; Jackson declares it for streams
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode nonEmpty(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "message is empty");
        }
        return node;
    }

    /** The parser's reason and position, without its source references, configuration advice or stack. */
    private static ProtocolException notJson(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String reason = String.valueOf(e.getOriginalMessage());
        if (reason.startsWith("Trailing token")) {
            return new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "message has data after its JSON object" + where);
        }
        reason = START_MARKER.matcher(reason).replaceAll("(opened at line $1, column $2)");
        reason = ADVICE.matcher(reason).replaceAll("");
        return new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "message is not valid JSON: " + reason + where);
    }
}
