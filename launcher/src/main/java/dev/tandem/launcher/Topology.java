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
 */
public record Topology(String java, String classpath, Path apps, Path kafkaData, Ports ports, String gatewayHost) {

    static final String LOOPBACK = "127.0.0.1";
    static final List<String> SERVICE_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

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
        return service(id, Kind.SEQUENCER, "sequencer-service", ports.sequencer(i), LOOPBACK,
                List.of("-Dtandem.sequencer.instance-id=" + id), Map.of());
    }

    public ServiceSpec snapshot(Jdbc jdbc) {
        return service("snapshot", Kind.SNAPSHOT, "snapshot-service", ports.snapshot(), LOOPBACK,
                List.of("-Dquarkus.datasource.jdbc.url=" + jdbc.url(), "-Dquarkus.datasource.username=" + jdbc.user(),
                        "-Dquarkus.datasource.password=" + jdbc.password()),
                Map.of("TANDEM_SNAPSHOT_INSTANCE_ID", "snapshot-1"));
    }

    public ServiceSpec gateway(int i, String readOnlyKey) {
        return service("gateway-" + i, Kind.GATEWAY, "gateway-service", ports.gateway(i), gatewayHost,
                List.of("-Dtandem.gateway.snapshot-url=http://" + LOOPBACK + ":" + ports.snapshot(),
                        "-Dtandem.gateway.read-only.key=" + readOnlyKey),
                Map.of());
    }

    private ServiceSpec service(String name, Kind kind, String module, int port, String host, List<String> settings,
                                Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(java);
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
