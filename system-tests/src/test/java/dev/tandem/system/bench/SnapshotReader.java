package dev.tandem.system.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.testsupport.ServiceProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The snapshot service's REST API as a joining client reads it: {@code GET /api/docs/{docId}}, the head. */
final class SnapshotReader {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = TandemJson.newObjectMapper();

    private final ServiceProcess snapshot;

    SnapshotReader(ServiceProcess snapshot) {
        this.snapshot = snapshot;
    }

    /** The head revision the service answers for {@code docId}; 0 if it has none (or does not answer yet). */
    int headRevision(String docId) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create(snapshot.baseUrl() + "/api/docs/" + docId)).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() == 200 ? JSON.readValue(response.body(), DocumentState.class).revision() : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            return 0; // not listening yet, or restarting
        }
    }

    /** Every document of {@code revisions} is at least at its revision. */
    boolean current(Map<String, Integer> revisions) {
        return revisions.entrySet().stream().allMatch(e -> headRevision(e.getKey()) >= e.getValue());
    }
}
