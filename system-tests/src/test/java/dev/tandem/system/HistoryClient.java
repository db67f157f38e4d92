package dev.tandem.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.history.DocumentState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The snapshot service's history API, as a browser or gateway reads it. */
public final class HistoryClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = TandemJson.newObjectMapper();

    private final String baseUrl;

    public HistoryClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The document at head, or empty while the service has folded none of it (404). */
    public Optional<DocumentState> head(String docId) {
        return get("/api/docs/" + docId);
    }

    public DocumentState at(String docId, int revision) {
        return get("/api/docs/" + docId + "/revisions/" + revision)
                .orElseThrow(() -> new AssertionError("no revision " + revision + " of " + docId));
    }

    private Optional<DocumentState> get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return Optional.of(JSON.readValue(response.body(), DocumentState.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
