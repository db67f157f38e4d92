package dev.tandem.gateway.snapshot;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tandem.gateway.config.GatewayConfig;
import dev.tandem.gateway.document.SnapshotSource;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.HistoryError;
import dev.tandem.protocol.history.OpPage;

/**
 * The snapshot service's history API (docs/protocol.md, section 14), read with the protocol's records. Blocking:
 * called from worker threads only.
 */
@ApplicationScoped
public class SnapshotClient implements SnapshotSource {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper MAPPER = TandemJson.newObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;

    public SnapshotClient(GatewayConfig config) {
        this.baseUrl = config.snapshotUrl().replaceAll("/+$", "");
    }

    @Override
    public Optional<DocumentState> head(String docId) {
        HttpResponse<String> response = get("/api/docs/" + encode(docId));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(read(response, DocumentState.class));
    }

    @Override
    public Optional<OpPage> ops(String docId, int from) {
        HttpResponse<String> response = get("/api/docs/" + encode(docId) + "/ops?from=" + from);
        if (response.statusCode() == 404 || isOutOfRange(response)) {
            return Optional.empty(); // the service has not stored revision from - 1 yet
        }
        return Optional.of(read(response, OpPage.class));
    }

    private boolean isOutOfRange(HttpResponse<String> response) {
        if (response.statusCode() != 400) {
            return false;
        }
        try {
            return MAPPER.readValue(response.body(), HistoryError.class).code()
                    == HistoryError.Code.REVISION_OUT_OF_RANGE;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Accept", "application/json").GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SnapshotUnavailableException("the snapshot service at " + baseUrl + " cannot be reached: " + e,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotUnavailableException("interrupted while calling the snapshot service", e);
        }
    }

    private <T> T read(HttpResponse<String> response, Class<T> type) {
        if (response.statusCode() != 200) {
            throw new SnapshotUnavailableException("the snapshot service answered " + response.statusCode() + " to "
                    + response.uri() + ": " + abbreviate(response.body()), null);
        }
        try {
            return MAPPER.readValue(response.body(), type);
        } catch (IOException e) {
            throw new SnapshotUnavailableException("the snapshot service answered " + response.uri()
                    + " with a body that is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
