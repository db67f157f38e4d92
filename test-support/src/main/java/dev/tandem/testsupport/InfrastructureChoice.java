package dev.tandem.testsupport;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The order in which a Kafka broker and a PostgreSQL server are found or started, kept apart from the
 * starting itself so the rules can be read (and tested) in one place.
 * <p>
 * Kafka: configured address, else Testcontainers, else an in-process KRaft broker. PostgreSQL: configured
 * URL, else Testcontainers, else the server on 127.0.0.1:5432, else embedded binaries. Something configured
 * always wins, so CI and developers can point the tests anywhere; Docker comes next because where it exists
 * it is the most faithful; the last options need nothing installed.
 */
final class InfrastructureChoice {

    enum KafkaSource { CONFIGURED, TESTCONTAINERS, IN_PROCESS }

    enum PostgresSource { CONFIGURED, TESTCONTAINERS, LOCAL_SERVER, EMBEDDED }

    /** A source and the reason it was chosen, which the log line repeats. */
    record Decision<S extends Enum<S>>(S source, String reason) {
    }

    /** Whether a local server answers, and what was seen; {@code detail} ends up in the log line. */
    record Probe(boolean answers, String detail) {
    }

    private InfrastructureChoice() {
    }

    static Decision<KafkaSource> kafka(Optional<Setting> configured, Supplier<DockerProbe.DockerStatus> docker) {
        if (configured.isPresent()) {
            return new Decision<>(KafkaSource.CONFIGURED, configured.get().name() + " is set");
        }
        var status = docker.get();
        String reason = "no KAFKA_BOOTSTRAP_SERVERS, " + status.detail();
        return new Decision<>(status.available() ? KafkaSource.TESTCONTAINERS : KafkaSource.IN_PROCESS, reason);
    }

    static Decision<PostgresSource> postgres(Optional<Setting> configured,
                                             Supplier<DockerProbe.DockerStatus> docker,
                                             Supplier<Probe> localServer) {
        if (configured.isPresent()) {
            return new Decision<>(PostgresSource.CONFIGURED, configured.get().name() + " is set");
        }
        var status = docker.get();
        if (status.available()) {
            return new Decision<>(PostgresSource.TESTCONTAINERS, "no TANDEM_JDBC_URL, " + status.detail());
        }
        var local = localServer.get();
        String reason = "no TANDEM_JDBC_URL, " + status.detail() + ", " + local.detail();
        return new Decision<>(local.answers() ? PostgresSource.LOCAL_SERVER : PostgresSource.EMBEDDED, reason);
    }
}
