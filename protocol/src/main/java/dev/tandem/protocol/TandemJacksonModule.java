package dev.tandem.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.tandem.ot.TextOperation;

import java.io.IOException;
import java.util.function.Function;

/**
 * The protocol's JSON form for any {@link com.fasterxml.jackson.databind.ObjectMapper}: register it on a
 * service's own mapper (in Quarkus, from an {@code ObjectMapperCustomizer}) and protocol records read and write
 * exactly as {@link TandemJson} does, whatever that mapper's other settings. Reading a value that breaks the
 * protocol throws a {@link JsonMappingException} whose cause is the {@link ProtocolException}.
 */
public final class TandemJacksonModule extends SimpleModule {

    public TandemJacksonModule() {
        super("tandem-protocol", Version.unknownVersion());
        serializer(TextOperation.class, WireEncoder::operation);
        serializer(Edit.class, WireEncoder::edit);
        serializer(Selection.class, WireEncoder::selection);
        serializer(Viewport.class, WireEncoder::viewport);
        serializer(Participant.class, WireEncoder::participant);
        serializer(ClientMessage.class, WireEncoder::clientMessage);
        serializer(ServerMessage.class, WireEncoder::serverMessage);
        serializer(EditSubmitted.class, WireEncoder::editSubmitted);
        serializer(SequencedEvent.class, WireEncoder::sequencedEvent);
        serializer(PresenceUpdate.class, WireEncoder::presenceUpdate);
        for (Class<?> type : WireDecoder.types()) {
            deserializer(type);
        }
    }

    /** Writes a {@code T}; may throw the generator's IOException. */
    @FunctionalInterface
    interface Writer<T> {
        void write(JsonGenerator g, T value) throws IOException;
    }

    // Jackson finds a serializer registered for an interface for every class implementing it.
    private <T> void serializer(Class<T> type, Writer<T> writer) {
        addSerializer(type, new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator g, SerializerProvider provider) throws IOException {
                writer.write(g, value);
            }
        });
    }

    private <T> void deserializer(Class<T> type) {
        addDeserializer(type, new TreeDeserializer<>(type, WireDecoder.reader(type)));
    }

    /** Reads the value as a tree, then decodes it as {@link TandemJson} does. */
    private static final class TreeDeserializer<T> extends StdDeserializer<T> {
        private final transient Function<JsonNode, T> reader;

        TreeDeserializer(Class<T> type, Function<JsonNode, T> reader) {
            super(type);
            this.reader = reader;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            try {
                return reader.apply(node);
            } catch (ProtocolException e) {
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
        }
    }
}
