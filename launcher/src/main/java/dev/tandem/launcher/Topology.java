package dev.tandem.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tandem.launcher.ServiceSpec.Kind;

/**
 * The command lines of a local run's processes, and nothing else (no I/O), so they can be read and tested in one
 * place. Every internal process listens on 127.0.0.1 only; the gateways listen on {@code gatewayHost} (127.0.0.1
 * unless the user opens them to the network). Every instance has a stable id: {@code sequencer-i} (its Kafka
 * transactional id and static group membership), {@code snapshot-1} (static membership of the snapshot group), so a
 * restarted instance fences its dead predecessor and takes its partitions back at once instead of waiting for a
 * session timeout.
 *
 * @param java        the java executable
 * @param classpath   the launcher's own classpath (the Kafka broker and the embedded PostgreSQL run from it)
 * @param apps        where the copied service builds are (one quarkus-app per module)
 * @param ports       the run's ports
 * @param gatewayHost the gateways' bind address
 * @param gatewayConnections each gateway's connection limit ({@code tandem.gateway.limits.connections-per-gateway});
 *                    its heap is sized from it ({@link #gatewayHeapMiB})
 */
public record Topology(String java, String classpath, Path apps, Path kafkaData, Ports ports, String gatewayHost,
                       int gatewayConnections) {

    static final String LOOPBACK = "127.0.0.1";
    static final List<String> SERVICE_JVM = List.of("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
    static final String SERVICE_HEAP = "-Xmx512m";
    /** The gateway's default connection limit (docs/protocol.md, section 12). */
    static final int DEFAULT_GATEWAY_CONNECTIONS = 10_000;
    /**
     * A gateway's heap without connections: its idle live heap is about 18 MB, and under load it holds the ops
     * buffer of every partition and the window of every live document (docs/benchmarks.md, idle connections).
     */
    static final int GATEWAY_BASE_HEAP_MIB = 320;
    /**
     * Heap per connection: twice the measured live heap of an idle joined connection (about 10 KB), room for the
     * young generation and the garbage between collections.
     */
    static final int GATEWAY_HEAP_PER_CONNECTION_KIB = 20;

    public Topology(String java, String classpath, Path apps, Path kafkaData, Ports ports, String gatewayHost) {
        this(java, classpath, apps, kafkaData, ports, gatewayHost, DEFAULT_GATEWAY_CONNECTIONS);
    }

    public Topology {
        if (gatewayConnections < 1) {
            throw new IllegalArgumentException("a gateway accepts at least 1 connection, not " + gatewayConnections);
        }
    }

    /** -Xmx of a gateway, in MiB: {@code 320 + ceil(20 KiB x connections per gateway)} (516 at the default 10,000). */
    static int gatewayHeapMiB(int connectionsPerGateway) {
        return GATEWAY_BASE_HEAP_MIB + (int) Math.ceil(connectionsPerGateway * (double) GATEWAY_HEAP_PER_CONNECTION_KIB
                / 1024);
    }

    /** How the snapshot service reaches PostgreSQL. */
    public record Jdbc(String url, String user, String password) {
    }

    public ServiceSpec kafka() {
        return new ServiceSpec("kafka", Kind.KAFKA, ports.kafka(),
                List.of(java, "-Xmx1g", "-cp", classpath, "dev.tandem.testsupport.EmbeddedKafkaBroker",
                        String.valueOf(ports.kafka()), String.valueOf(ports.kafkaController()), kafkaData.toString()),
                Map.of(), new Readiness.Tcp(ports.kafka()));
    }

    public ServiceSpec embeddedPostgres(Path dataDir, String database) {
        return new ServiceSpec("postgres", Kind.POSTGRES, ports.embeddedPostgres(),
                List.of(java, "-Xmx128m", "-cp", classpath, EmbeddedPostgresMain.class.getName(),
                        String.valueOf(ports.embeddedPostgres()), dataDir.toString(), database),
                Map.of(), new Readiness.Tcp(ports.embeddedPostgres()));
    }

    public ServiceSpec sequencer(int i) {
        String id = "sequencer-" + i;
        return service(id, Kind.SEQUENCER, "sequencer-service", ports.sequencer(i), LOOPBACK, SERVICE_HEAP,
                List.of("-Dtandem.sequencer.instance-id=" + id), Map.of());
    }

    public ServiceSpec snapshot(Jdbc jdbc) {
        return service("snapshot", Kind.SNAPSHOT, "snapshot-service", ports.snapshot(), LOOPBACK, SERVICE_HEAP,
                List.of("-Dquarkus.datasource.jdbc.url=" + jdbc.url(), "-Dquarkus.datasource.username=" + jdbc.user(),
                        "-Dquarkus.datasource.password=" + jdbc.password()),
                Map.of("TANDEM_SNAPSHOT_INSTANCE_ID", "snapshot-1"));
    }

    public ServiceSpec gateway(int i, String readOnlyKey) {
        return service("gateway-" + i, Kind.GATEWAY, "gateway-service", ports.gateway(i), gatewayHost,
                "-Xmx" + gatewayHeapMiB(gatewayConnections) + "m",
                List.of("-Dtandem.gateway.snapshot-url=http://" + LOOPBACK + ":" + ports.snapshot(),
                        "-Dtandem.gateway.read-only.key=" + readOnlyKey,
                        "-Dtandem.gateway.limits.connections-per-gateway=" + gatewayConnections),
                Map.of());
    }

    private ServiceSpec service(String name, Kind kind, String module, int port, String host, String heap,
                                List<String> settings, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add(heap);
        command.addAll(SERVICE_JVM);
        command.add("-Dquarkus.http.host=" + host);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dkafka.bootstrap.servers=" + LOOPBACK + ":" + ports.kafka());
        command.addAll(settings);
        command.add("-jar");
        command.add(apps.resolve(module).resolve("quarkus-run.jar").toString());
        return new ServiceSpec(name, kind, port, command, env, Readiness.Http.health(port));
    }
}
