package dev.tandem.snapshot.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.history.AuthorRun;

import java.util.Arrays;
import java.util.List;

/** {@code snapshot.authorship}: the runs as the JSON array the API sends them in. */
final class AuthorshipColumn {
    private static final ObjectMapper JSON = TandemJson.newObjectMapper();

    private AuthorshipColumn() {
    }

    static String encode(List<AuthorRun> runs) {
        try {
            return JSON.writeValueAsString(runs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("authorship runs do not encode", e);
        }
    }

    static List<AuthorRun> decode(String json) {
        try {
            return Arrays.asList(JSON.readValue(json, AuthorRun[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored authorship does not decode: " + e.getOriginalMessage(), e);
        }
    }
}
