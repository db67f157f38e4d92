package dev.tandem.system.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.protocol.CreatedDocument;
import dev.tandem.protocol.OpCommitted;
import dev.tandem.protocol.TandemJson;
import dev.tandem.protocol.history.DocumentAuthorship;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.NamedVersion;
import dev.tandem.protocol.history.OpPage;
import dev.tandem.protocol.history.VersionList;
import dev.tandem.testsupport.JdbcTarget;
import dev.tandem.testsupport.ServiceProcess;
import dev.tandem.testsupport.TestKafka;
import dev.tandem.testsupport.TestPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole system a browser talks to: a real Kafka broker and PostgreSQL (test-support), and the packaged
 * sequencer, snapshot and gateway services, each its own process. The gateway's jar serves the web client.
 * Also the snapshot service's REST API, the independent witness of what was committed.
 */
public final class TandemServices implements AutoCloseable {
    private static final Duration START = Duration.ofMinutes(2);
    private static final String READ_ONLY_KEY = "YnJvd3Nlci1pdC1rZXkxNg=="; // base64 of 16 bytes
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = TandemJson.newObjectMapper();

    private final String bootstrap;
    private final List<ServiceProcess> sequencers;
    private final ServiceProcess snapshot;
    private final ServiceProcess gateway;

    private TandemServices(String bootstrap, List<ServiceProcess> sequencers, ServiceProcess snapshot,
                           ServiceProcess gateway) {
        this.bootstrap = bootstrap;
        this.sequencers = sequencers;
        this.snapshot = snapshot;
        this.gateway = gateway;
    }

    static TandemServices start() {
        return start("browser", Map.of());
    }

    /**
     * The system for one test class: {@code name} names its processes, database and consumer groups;
     * {@code gatewayConfig} adds settings to the gateway.
     */
    public static TandemServices start(String name, Map<String, String> gatewayConfig) {
        return start(name, gatewayConfig, List.of());
    }

    /** As {@link #start(String, Map)}, with JVM options for the gateway ({@code -Xmx1g}). */
    public static TandemServices start(String name, Map<String, String> gatewayConfig,
                                       List<String> gatewayJvmOptions) {
        return start(name, TestKafka.get().bootstrapServers(), TestPostgres.get().newDatabase(name + "_it"), 1,
                gatewayConfig, gatewayJvmOptions);
    }

    /**
     * The system on this broker and database, with {@code sequencers} sequencers sharing the partitions (instance
     * ids {@code <name>-it}, {@code <name>-it-2}, ...) and a snapshot service with a static group membership, as
     * {@code ./tandem up} and docker-compose.yml run them.
     */
    public static TandemServices start(String name, String bootstrap, JdbcTarget database, int sequencers,
                                       Map<String, String> gatewayConfig, List<String> gatewayJvmOptions) {
        // Consumer groups of their own: the sequencer is a static group member, so once stopped it stays in its
        // group for a session timeout, and a later sequencer of another test class (on the same broker, in the
        // same JVM) joining that group would wait for it before it could sequence anything.
        List<ServiceProcess> sequencerProcesses = new ArrayList<>();
        for (int i = 1; i <= sequencers; i++) {
            String suffix = i == 1 ? "" : "-" + i;
            sequencerProcesses.add(ServiceProcess.of(name + "-sequencer" + suffix, "sequencer-service")
                    .config("kafka.bootstrap.servers", bootstrap)
                    .config("tandem.sequencer.instance-id", name + "-it" + suffix)
                    .config("tandem.sequencer.group-id", "tandem-sequencer-" + name + "-it")
                    .build());
        }
        ServiceProcess.Builder snapshotBuilder = ServiceProcess.of(name + "-snapshot", "snapshot-service")
                .config("kafka.bootstrap.servers", bootstrap)
                .config("mp.messaging.incoming.ops.group.id", "tandem-snapshot-" + name + "-it")
                .env("TANDEM_SNAPSHOT_INSTANCE_ID", name + "-snapshot-it")
                .database(database);
        ServiceProcess snapshot = snapshotBuilder.build();
        ServiceProcess.Builder gatewayBuilder = ServiceProcess.of(name + "-gateway", "gateway-service")
                .config("kafka.bootstrap.servers", bootstrap)
                .config("tandem.gateway.snapshot-url", snapshot.baseUrl())
                .config("tandem.gateway.read-only.key", READ_ONLY_KEY)
                // only its own origin (Host), not the development default's localhost:*: a page on another local
                // port is then a foreign origin (BrowserIT's origin scenario)
                .config("tandem.gateway.origins.allowed", "self")
                // its refusals, at DEBUG, are how BrowserIT sees that the gateway refused a foreign page
                .config("quarkus.log.category.\"dev.tandem.gateway.origin\".level", "DEBUG");
        gatewayConfig.forEach(gatewayBuilder::config);
        gatewayJvmOptions.forEach(gatewayBuilder::jvmOption);
        ServiceProcess gateway = gatewayBuilder.build();
        TandemServices services = new TandemServices(bootstrap, List.copyOf(sequencerProcesses), snapshot, gateway);
        try {
            sequencerProcesses.get(0).start().awaitReady(START); // it creates the topics the others consume
            sequencerProcesses.subList(1, sequencers).forEach(ServiceProcess::start);
            snapshot.start();
            gateway.start();
            for (ServiceProcess process : services.processes()) {
                process.awaitReady(START);
            }
            return services;
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    /**
     * Another gateway for the same system, with these extra settings (e.g. a small limit), started and ready; the
     * caller stops it.
     */
    ServiceProcess extraGateway(String name, java.util.Map<String, String> config) {
        ServiceProcess.Builder builder = ServiceProcess.of(name, "gateway-service")
                .config("kafka.bootstrap.servers", bootstrap)
                .config("tandem.gateway.snapshot-url", snapshot.baseUrl())
                .config("tandem.gateway.read-only.key", READ_ONLY_KEY);
        config.forEach(builder::config);
        ServiceProcess extra = builder.build();
        try {
            extra.start().awaitReady(START);
            return extra;
        } catch (RuntimeException e) {
            extra.stop();
            throw e;
        }
    }

    /** The origin the browser loads the app from (the gateway). */
    public String gatewayUrl() {
        return gateway.baseUrl();
    }

    /** What the gateway has logged so far. */
    String gatewayLog() {
        try {
            return java.nio.file.Files.readString(gateway.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int gatewayPort() {
        return gateway.httpPort();
    }

    public int snapshotPort() {
        return snapshot.httpPort();
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public ServiceProcess gateway() {
        return gateway;
    }

    /** The sequencers, in the order of their instance ids. */
    public List<ServiceProcess> sequencers() {
        return sequencers;
    }

    public ServiceProcess snapshot() {
        return snapshot;
    }

    /** Every process: the sequencers, the snapshot service, the gateway. */
    public List<ServiceProcess> processes() {
        List<ServiceProcess> all = new ArrayList<>(sequencers);
        all.add(snapshot);
        all.add(gateway);
        return all;
    }

    /** A new document, made as the start page's New document button makes it: {@code POST /api/docs}. */
    public String newDocument() {
        return newDocumentWithLinks().docId();
    }

    /** As {@link #newDocument()}, with its read-only id. */
    CreatedDocument newDocumentWithLinks() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/docs"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new AssertionError("POST /api/docs answered " + response.statusCode() + ": " + response.body());
        }
        return read(response.body(), CreatedDocument.class);
    }

    /** The document at head as the snapshot service holds it; empty until it has folded a revision of it. */
    public Optional<DocumentState> head(String docId) {
        HttpResponse<String> response = get("/api/docs/" + docId);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(read(ok(response), DocumentState.class));
    }

    int headRevision(String docId) {
        return head(docId).map(DocumentState::revision).orElse(0);
    }

    /** The document at {@code revision}: {@code /api/docs/{id}/revisions/{r}}. */
    DocumentState at(String docId, int revision) {
        return read(ok(get("/api/docs/" + docId + "/revisions/" + revision)), DocumentState.class);
    }

    /** Who wrote what at the head, asked through the gateway (which forwards it to the snapshot service). */
    DocumentAuthorship authorship(String docId) {
        return read(ok(send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/docs/" + docId
                + "/authorship")).GET().build())), DocumentAuthorship.class);
    }

    /** Every committed edit of the document, in revision order. */
    List<OpCommitted> ops(String docId) {
        List<OpCommitted> ops = new ArrayList<>();
        for (Integer from = 1; from != null; ) {
            OpPage page = read(ok(get("/api/docs/" + docId + "/ops?from=" + from)), OpPage.class);
            ops.addAll(page.ops());
            from = page.next();
        }
        return ops;
    }

    /** Every name given to the document's revisions, from the snapshot service ({@code /versions}, all pages). */
    List<NamedVersion> versions(String docId) {
        List<NamedVersion> versions = new ArrayList<>();
        for (Integer from = 1; from != null; ) {
            VersionList page = read(ok(get("/api/docs/" + docId + "/versions?from=" + from)), VersionList.class);
            versions.addAll(page.versions());
            from = page.next();
        }
        return versions;
    }

    /** {@code POST /api/docs/{id}/forks?revision=R} on the gateway, as a program (no Origin): status and body. */
    HttpResponse<String> postFork(String id, int revision) {
        return send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/docs/" + id + "/forks?revision="
                + revision)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public void close() {
        gateway.stop();
        snapshot.stop();
        sequencers.forEach(ServiceProcess::stop);
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(snapshot.baseUrl() + path)).GET().build());
    }

    private static String ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError(response.request().uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(HttpRequest.newBuilder(request, (name, value) -> true)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri().toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new AssertionError("not a " + type.getSimpleName() + ": " + json, e);
        }
    }
}
