package dev.tandem.snapshot.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.history.HistoryError;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls the history API of the service under test and reads answers as a client would, with the protocol codec. */
public final class HistoryApi {
    private static final ObjectMapper MAPPER = TandemJson.newObjectMapper();

    private HistoryApi() {
    }

    /** GET {@code path}, which must answer 200 with a {@code type}. */
    public static <T> T get(Class<T> type, String path, Object... pathParams) {
        Response response = RestAssured.get(path, pathParams);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.asString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        return read(response.asString(), type);
    }

    /** GET {@code path}, which must answer {@code status} with a {@link HistoryError}. */
    public static HistoryError error(int status, String path, Object... pathParams) {
        Response response = RestAssured.get(path, pathParams);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        return read(response.asString(), HistoryError.class);
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a " + type.getSimpleName() + ": " + json, e);
        }
    }
}
