package dev.tandem.snapshot.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.history.HistoryError;
import dev.tandem.testsupport.JdbcTarget;
import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.TestKafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged snapshot service as its own process, for the ITs, and its REST API read with the protocol codec. */
public final class PackagedService {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = TandemJson.newObjectMapper();

    private PackagedService() {
    }

    /**
     * The service on {@code kafka} and {@code database}, in consumer group {@code snapshot-<run>} (static member
     * {@code <name>-<run>}), with a snapshot every {@code snapshotInterval} revisions and {@code cachedDocuments}
     * heads in memory.
     */
    public static ServiceProcess of(String name, TestKafka kafka, JdbcTarget database, String run,
                                    int snapshotInterval, int cachedDocuments) {
        ServiceProcess.Builder builder = ServiceProcess.of(name, "snapshot-service")
                .config("kafka.bootstrap.servers", kafka.bootstrapServers())
                .config("quarkus.datasource.jdbc.url", database.jdbcUrl())
                .config("mp.messaging.incoming.ops.group.id", name + "-" + run)
                .config("tandem.snapshot.snapshot-interval", String.valueOf(snapshotInterval))
                .config("tandem.snapshot.cache.documents", String.valueOf(cachedDocuments))
                .env("TANDEM_SNAPSHOT_INSTANCE_ID", name + "-" + run);
        if (!database.user().isEmpty()) {
            builder.config("quarkus.datasource.username", database.user());
        }
        if (!database.password().isEmpty()) {
            builder.config("quarkus.datasource.password", database.password());
        }
        return builder.build();
    }

    /** GET {@code path} of {@code service}, which must answer 200 with a {@code type}. */
    public static <T> T get(ServiceProcess service, Class<T> type, String path) {
        HttpResponse<String> response = send(service, path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return read(response.body(), type);
    }

    /** GET {@code path} of {@code service}, which must answer {@code status} with a {@link HistoryError}. */
    public static HistoryError error(ServiceProcess service, int status, String path) {
        HttpResponse<String> response = send(service, path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(status);
        return read(response.body(), HistoryError.class);
    }

    private static HttpResponse<String> send(ServiceProcess service, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new AssertionError("not a " + type.getSimpleName() + ": " + body, e);
        }
    }
}
