package dev.tandem.protocol;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ot.TextOperation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service's own ObjectMapper (Quarkus REST, say) with the module reads and writes the protocol's form. */
class TandemJacksonModuleTest {
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new TandemJacksonModule());
    private final OpCommitted event = new OpCommitted("team-notes", 43, "c-ada", 3,
            new TextEdit(TextOperation.insert(7, "!")), Instant.parse("2025-01-15T09:30:00.262Z"), "Ada");

    @Test
    void writesRecordsInsideOtherValuesAsTheCodecDoes() throws Exception {
        assertThat(mapper.writeValueAsString(Map.of("ops", List.of(event))))
                .isEqualTo("{\"ops\":[" + TandemJson.shared().encode(event) + "]}");
    }

    @Test
    void readsListsOfEventsAndSubtypes() throws Exception {
        String history = "[" + TandemJson.shared().encode(event) + "]";
        assertThat(mapper.readValue(history, new TypeReference<List<OpCommitted>>() { })).containsExactly(event);
        assertThat(mapper.readValue(history, new TypeReference<List<SequencedEvent>>() { })).containsExactly(event);
    }

    @Test
    void aValueThatBreaksTheProtocolFailsWithTheProtocolExceptionAsCause() {
        assertThatThrownBy(() -> mapper.readValue("{\"kind\":\"chat\",\"text\":\"\"}", Edit.class))
                .isInstanceOf(JsonMappingException.class)
                .cause().isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EDIT);
                    assertThat(e.getMessage()).isEqualTo("text must not be empty or blank");
                });
    }
}
