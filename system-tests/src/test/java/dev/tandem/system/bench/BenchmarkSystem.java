package dev.tandem.system.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.protocol.CreatedDocument;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.testsupport.JdbcTarget;
import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.TestKafka;
import dev.tandem.testsupport.TestPostgres;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The system under measurement: a real Kafka broker and PostgreSQL (test-support), and the packaged sequencer,
 * snapshot service and two gateways, each its own process, as {@code ./tandem up --gateways 2} runs them. The
 * gateways' per-connection rate limits are lifted, so the saturating load measures the system, not the limiter.
 */
public final class BenchmarkSystem implements AutoCloseable {
    private static final Duration START = Duration.ofMinutes(2);
    private static final String READ_ONLY_KEY = "YmVuY2htYXJrLWtleS0xNg=="; // base64 of 16 bytes
    private static final String UNLIMITED = "1000000";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = TandemJson.newObjectMapper();

    final String kafkaSource;
    final String postgresSource;
    final ServiceProcess sequencer;
    final ServiceProcess snapshot;
    final List<ServiceProcess> gateways;

    private BenchmarkSystem() {
        TestKafka kafka = TestKafka.get();
        TestPostgres postgres = TestPostgres.get();
        kafkaSource = kafka.source();
        postgresSource = postgres.source();
        String bootstrap = kafka.bootstrapServers();
        JdbcTarget database = postgres.newDatabase("edit_latency_benchmark");
        sequencer = ServiceProcess.of("bench-sequencer", "sequencer-service")
                .config("kafka.bootstrap.servers", bootstrap)
                .config("tandem.sequencer.instance-id", "bench")
                .config("tandem.sequencer.group-id", "tandem-sequencer-bench")
                .build();
        ServiceProcess.Builder snapshotBuilder = ServiceProcess.of("bench-snapshot", "snapshot-service")
                .config("kafka.bootstrap.servers", bootstrap)
                .config("mp.messaging.incoming.ops.group.id", "tandem-snapshot-bench")
                .database(database);
        snapshot = snapshotBuilder.build();
        gateways = List.of(gateway("bench-gateway-1", bootstrap), gateway("bench-gateway-2", bootstrap));
    }

    private ServiceProcess gateway(String name, String bootstrap) {
        return ServiceProcess.of(name, "gateway-service")
                .config("kafka.bootstrap.servers", bootstrap)
                .config("tandem.gateway.snapshot-url", snapshot.baseUrl())
                .config("tandem.gateway.read-only.key", READ_ONLY_KEY)
                .config("tandem.gateway.limits.submits-per-second", UNLIMITED)
                .config("tandem.gateway.limits.submit-burst", UNLIMITED)
                .config("tandem.gateway.limits.messages-per-second", UNLIMITED)
                .build();
    }

    static BenchmarkSystem start() {
        BenchmarkSystem system = new BenchmarkSystem();
        try {
            system.sequencer.start().awaitReady(START); // it creates the topics the others consume
            system.snapshot.start();
            system.gateways.forEach(ServiceProcess::start);
            system.snapshot.awaitReady(START);
            system.gateways.forEach(g -> g.awaitReady(START));
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    String ws(int gateway) {
        return "ws://127.0.0.1:" + gateways.get(gateway).httpPort();
    }

    /** A new document, as the start page makes one: {@code POST /api/docs} on the first gateway. */
    String newDocument() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(gateways.get(0).baseUrl() + "/api/docs")).POST(HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException("POST /api/docs answered " + response.statusCode() + ": "
                    + response.body());
        }
        return read(response.body(), CreatedDocument.class).docId();
    }

    /** The document at head as PostgreSQL holds it, through the snapshot service. */
    Optional<DocumentState> head(String docId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(snapshot.baseUrl() + "/api/docs/" + docId)).GET().build());
        return response.statusCode() == 200
                ? Optional.of(read(response.body(), DocumentState.class))
                : Optional.empty();
    }

    /** Every un-labelled sum of a Prometheus sample over its labels, from {@code /q/metrics} of {@code service}. */
    static Map<String, Double> metrics(ServiceProcess service) {
        Map<String, Double> samples = new HashMap<>();
        String body = metricsText(service);
        for (String line : body.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            int brace = line.indexOf('{');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            try {
                samples.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
            } catch (NumberFormatException e) {
                // NaN and the like: not a figure we use
            }
        }
        return samples;
    }

    /** {@code /q/metrics} of {@code service}, as Prometheus text. */
    static String metricsText(ServiceProcess service) {
        return metricsText(service.baseUrl());
    }

    /** {@code /q/metrics} of the service at {@code baseUrl}, as Prometheus text. */
    public static String metricsText(String baseUrl) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/q/metrics")).GET().build())
                .body();
    }

    @Override
    public void close() {
        gateways.forEach(ServiceProcess::stop);
        snapshot.stop();
        sequencer.stop();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(HttpRequest.newBuilder(request, (name, value) -> true).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException("not a " + type.getSimpleName() + ": " + json, e);
        }
    }
}
