package dev.tandem.system.bench.typing;

import dev.tandem.protocol.CreatedDocument;
import dev.tandem.protocol.TandemJson;
import dev.tandem.testsupport.KafkaBrokerProcess;
import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.TestPostgres;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Tandem under measurement: either one already running ({@code ./tandem up}, found by its gateway's URL and its
 * processes by their command lines), or one this benchmark starts as {@code ./tandem up} does by default: a Kafka
 * broker process, the local PostgreSQL, one sequencer, one snapshot service and one gateway, each its own JVM, with
 * the services' defaults but the one setting {@code connectionsPerDocument} (the gateway's per-document cap, 500 by
 * default, which the authors-on-one-document cells pass).
 */
final class TandemSystem implements AutoCloseable {
    private static final Duration START = Duration.ofMinutes(2);
    private static final String READ_ONLY_KEY = "dHlwaW5nLWJlbmNoLWtleQ=="; // base64 of 16 bytes
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String description;
    private final String gatewayHttp;
    private final Map<String, Supplier<List<Long>>> processes;
    private final List<AutoCloseable> owned;
    /** The services whose hop timers the benchmark reads (HopBudget). */
    final List<String> timedServices;

    private TandemSystem(String description, String gatewayHttp, Map<String, Supplier<List<Long>>> processes,
                         List<AutoCloseable> owned, List<String> timedServices) {
        this.description = description;
        this.gatewayHttp = gatewayHttp.replaceAll("/+$", "");
        this.processes = processes;
        this.owned = owned;
        this.timedServices = timedServices;
    }

    /** A Tandem already running, e.g. {@code ./tandem up} with its gateway at {@code http://localhost:8080}. */
    static TandemSystem attach(String gatewayHttp) {
        Map<String, Supplier<List<Long>>> processes = new LinkedHashMap<>();
        for (String service : List.of("gateway", "sequencer", "snapshot")) {
            processes.put(service, () -> ProcessCpu.pidsWithCommandLine(service + "-service", "quarkus-run.jar"));
        }
        processes.put("broker", () -> ProcessCpu.pidsWithCommandLine("EmbeddedKafkaBroker"));
        return new TandemSystem("attached to the running Tandem at " + gatewayHttp
                + " (its processes found by command line: every gateway, sequencer, snapshot service and"
                + " EmbeddedKafkaBroker on this machine)", gatewayHttp, processes, List.of(),
                // the sequencer's hops too when it says where it is (./tandem up: http://localhost:8081)
                System.getProperty("typing.sequencer") == null ? List.of(gatewayHttp)
                        : List.of(gatewayHttp, System.getProperty("typing.sequencer")));
    }

    /**
     * Settings a run gives a service on top of its defaults, a lever being measured:
     * {@code -Dtyping.config.<service>.<key>=<value>}, {@code <service>} one of sequencer, snapshot, gateway (e.g.
     * {@code -Dtyping.config.sequencer.tandem.sequencer.workers=2}).
     */
    private static final Map<String, String> OVERRIDES = new java.util.TreeMap<>();

    static {
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("typing.config."))
                .forEach(name -> OVERRIDES.put(name.substring("typing.config.".length()), System.getProperty(name)));
    }

    private static ServiceProcess.Builder overrides(String service, ServiceProcess.Builder builder) {
        OVERRIDES.forEach((name, value) -> {
            if (name.startsWith(service + ".")) {
                builder.config(name.substring(service.length() + 1), value);
            }
        });
        return builder;
    }

    /** Starts broker, sequencer, snapshot service and one gateway; returns once all are ready. */
    static TandemSystem start(Path dir, int connectionsPerDocument) {
        Path kafkaData = dir.resolve("kafka-" + System.currentTimeMillis());
        KafkaBrokerProcess broker = KafkaBrokerProcess.of(kafkaData, dir.resolve("kafka.log"));
        ServiceProcess sequencer = null;
        ServiceProcess snapshot = null;
        ServiceProcess gateway = null;
        try {
            broker.start().awaitReady(START);
            String bootstrap = broker.bootstrapServers();
            sequencer = overrides("sequencer", ServiceProcess.of("typing-sequencer", "sequencer-service")
                    .config("kafka.bootstrap.servers", bootstrap)).build();
            sequencer.start().awaitReady(START); // it creates the topics the others consume
            snapshot = overrides("snapshot", ServiceProcess.of("typing-snapshot", "snapshot-service")
                    .config("kafka.bootstrap.servers", bootstrap)
                    .database(TestPostgres.get().newDatabase("typing_benchmark"))).build();
            snapshot.start().awaitReady(START);
            gateway = overrides("gateway", ServiceProcess.of("typing-gateway", "gateway-service")
                    .config("kafka.bootstrap.servers", bootstrap)
                    .config("tandem.gateway.snapshot-url", snapshot.baseUrl())
                    .config("tandem.gateway.read-only.key", READ_ONLY_KEY)
                    .config("tandem.gateway.limits.connections-per-document", String.valueOf(connectionsPerDocument)))
                    .build();
            gateway.start().awaitReady(START);
        } catch (RuntimeException e) {
            List.of(gateway, snapshot, sequencer).forEach(s -> {
                if (s != null) {
                    s.stop();
                }
            });
            broker.stop();
            throw e;
        }
        Map<String, Supplier<List<Long>>> processes = new LinkedHashMap<>();
        Map<String, ServiceProcess> services = Map.of("gateway", gateway, "sequencer", sequencer, "snapshot", snapshot);
        for (String name : List.of("gateway", "sequencer", "snapshot")) {
            List<Long> pid = List.of(services.get(name).pid());
            processes.put(name, () -> pid);
        }
        List<Long> brokerPid = ProcessCpu.pidsWithCommandLine("EmbeddedKafkaBroker", kafkaData.toString());
        processes.put("broker", () -> brokerPid);
        return new TandemSystem("started by the benchmark: Kafka broker process (EmbeddedKafkaBroker, -Xmx512m), the"
                + " local PostgreSQL (" + TestPostgres.get().source() + "), sequencer, snapshot service, one gateway;"
                + " each service a JVM (-Xmx512m, SerialGC) with its defaults but"
                + " tandem.gateway.limits.connections-per-document=" + connectionsPerDocument + " (default 500)"
                + OVERRIDES.entrySet().stream().map(e -> ", " + e.getKey() + "=" + e.getValue()).reduce("", String::concat),
                gateway.baseUrl(), processes, List.of(gateway, snapshot, sequencer, broker),
                List.of(gateway.baseUrl(), sequencer.baseUrl()));
    }

    String gatewayWs() {
        return gatewayHttp.replaceFirst("^http", "ws");
    }

    /** The server-side processes by name (postgres is added by {@link ProcessCpu}). */
    Map<String, Supplier<List<Long>>> processes() {
        return processes;
    }

    /** A new, empty document, as the start page makes one: {@code POST /api/docs}. */
    String newDocument() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayHttp + "/api/docs"))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST /api/docs: " + response.statusCode() + " " + response.body());
            }
            return TandemJson.newObjectMapper().readValue(response.body(), CreatedDocument.class).docId();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a document at " + gatewayHttp + ": " + e, e);
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable process : owned) {
            process.close();
        }
    }
}
