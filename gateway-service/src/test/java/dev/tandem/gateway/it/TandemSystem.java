package dev.tandem.gateway.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.OpPage;
import dev.tandem.testsupport.JdbcTarget;
import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.TestKafka;
import dev.tandem.testsupport.TestPostgres;

/**
 * The whole system, once per test JVM, shared by every IT: a real Kafka broker and PostgreSQL (test-support), the
 * packaged sequencer and snapshot services and two gateways, each its own process.
 * <p>
 * The second gateway keeps little in memory (a window of 20 revisions per document, 50 events per partition), so
 * its joins and resumes take the paths through the snapshot service that the first one rarely needs; it also has
 * a smaller document limit, so DOCUMENT_TOO_LARGE can be tested without megabytes, and a frame limit of 256 KiB, so
 * the frame limits' boundaries can be tested with edits that fit Kafka's default record size.
 */
public final class TandemSystem {

    /** The read-only id key of both gateways (base64 of 16 bytes). */
    static final String READ_ONLY_KEY = "aXQtcmVhZC1vbmx5LWtleQ==";
    /** gateway-1's cap of connections per document. */
    static final int CONNECTIONS_PER_DOCUMENT = 100;
    static final int SMALL_DOCUMENT_LIMIT = 100_000;
    /** gateway-2's frame limit (tandem.limits.max-frame-bytes): small, so its boundaries fit Kafka's defaults. */
    static final int SMALL_FRAME_LIMIT = 256 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper MAPPER = TandemJson.newObjectMapper();
    private static TandemSystem instance;

    final String bootstrap;
    final ServiceProcess sequencer;
    final ServiceProcess snapshot;
    final ServiceProcess gateway1;
    final ServiceProcess gateway2;

    private TandemSystem() {
        bootstrap = TestKafka.get().bootstrapServers();
        JdbcTarget db = TestPostgres.get().newDatabase("gateway_it");
        sequencer = ServiceProcess.of("sequencer", "sequencer-service")
                .config("kafka.bootstrap.servers", bootstrap)
                .config("tandem.sequencer.instance-id", "gateway-it")
                .build();
        var snapshotBuilder = ServiceProcess.of("snapshot", "snapshot-service")
                .config("kafka.bootstrap.servers", bootstrap)
                .config("quarkus.datasource.jdbc.url", db.jdbcUrl());
        if (!db.user().isEmpty()) {
            snapshotBuilder.config("quarkus.datasource.username", db.user());
        }
        if (!db.password().isEmpty()) {
            snapshotBuilder.config("quarkus.datasource.password", db.password());
        }
        snapshot = snapshotBuilder.build();
        // a cap of 100 per document (the default is 500), so that BadInputIT can fill it
        gateway1 = gateway("gateway-1").config("tandem.gateway.limits.connections-per-document",
                String.valueOf(CONNECTIONS_PER_DOCUMENT)).build();
        gateway2 = gateway("gateway-2")
                .config("tandem.gateway.memory.window", "20")
                .config("tandem.gateway.memory.buffer-per-partition", "50")
                .config("tandem.gateway.limits.max-document-length", String.valueOf(SMALL_DOCUMENT_LIMIT))
                .config("tandem.limits.max-frame-bytes", String.valueOf(SMALL_FRAME_LIMIT))
                .build();
        List<ServiceProcess> all = List.of(sequencer, snapshot, gateway1, gateway2);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> all.forEach(ServiceProcess::stop)));
        sequencer.start().awaitReady(Duration.ofMinutes(2)); // creates the topics
        snapshot.start();
        gateway1.start();
        gateway2.start();
        snapshot.awaitReady(Duration.ofMinutes(2));
        gateway1.awaitReady(Duration.ofMinutes(2));
        gateway2.awaitReady(Duration.ofMinutes(2));
    }

    /** Another gateway of this system, configured like the others; the caller starts and stops it. */
    ServiceProcess.Builder gateway(String name) {
        return ServiceProcess.of(name, "gateway-service")
                .config("kafka.bootstrap.servers", bootstrap)
                .config("tandem.gateway.snapshot-url", snapshot.baseUrl())
                .config("tandem.gateway.read-only.key", READ_ONLY_KEY)
                // short, so the expiry of a crashed gateway's presence is seen within a test
                .config("tandem.gateway.presence.refresh", "2s")
                .config("tandem.gateway.presence.expiry", "6s");
    }

    public static synchronized TandemSystem get() {
        if (instance == null) {
            instance = new TandemSystem();
        }
        return instance;
    }

    static String ws(ServiceProcess gateway) {
        return "ws://127.0.0.1:" + gateway.httpPort();
    }

    /** The document as the snapshot service holds it (empty revision 0 when it holds none yet). */
    DocumentState snapshotState(String docId) {
        HttpResponse<String> response = get(snapshot.baseUrl() + "/api/docs/" + docId);
        if (response.statusCode() == 404) {
            return null;
        }
        return read(response.body(), DocumentState.class);
    }

    /** The text the snapshot service holds, null when it holds no revision. */
    String snapshotStateText(String docId) {
        DocumentState state = snapshotState(docId);
        return state == null ? null : state.text();
    }

    /** Every committed op of the document, from the snapshot service, page by page. */
    List<dev.tandem.protocol.OpCommitted> allOps(String docId) {
        List<dev.tandem.protocol.OpCommitted> ops = new java.util.ArrayList<>();
        Integer from = 1;
        while (from != null) {
            HttpResponse<String> response = get(snapshot.baseUrl() + "/api/docs/" + docId + "/ops?from=" + from);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            OpPage page = read(response.body(), OpPage.class);
            ops.addAll(page.ops());
            from = page.next();
        }
        return ops;
    }

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException("not a " + type.getSimpleName() + ": " + json, e);
        }
    }
}
