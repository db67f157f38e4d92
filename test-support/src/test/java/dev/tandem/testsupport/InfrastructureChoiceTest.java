package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.tandem.testsupport.DockerProbe.DockerStatus;
import dev.tandem.testsupport.InfrastructureChoice.KafkaSource;
import dev.tandem.testsupport.InfrastructureChoice.PostgresSource;
import dev.tandem.testsupport.InfrastructureChoice.Probe;

class InfrastructureChoiceTest {

    private static final Supplier<DockerStatus> DOCKER = () -> new DockerStatus(true, "a Docker engine answers");
    private static final Supplier<DockerStatus> NO_DOCKER = () -> new DockerStatus(false, "no Docker engine");
    private static final Supplier<DockerStatus> MUST_NOT_PROBE = () -> {
        throw new AssertionError("Docker probed although a setting decides");
    };
    private static final Supplier<Probe> LOCAL = () -> new Probe(true, "a server answers on 127.0.0.1:5432");
    private static final Supplier<Probe> NO_LOCAL = () -> new Probe(false, "nothing answers on 127.0.0.1:5432");

    @Test
    void aConfiguredBrokerWinsWithoutProbingDocker() {
        var configured = Optional.of(new Setting("KAFKA_BOOTSTRAP_SERVERS", "h:1"));
        var decision = InfrastructureChoice.kafka(configured, MUST_NOT_PROBE);
        assertThat(decision.source()).isEqualTo(KafkaSource.CONFIGURED);
        assertThat(decision.reason()).isEqualTo("KAFKA_BOOTSTRAP_SERVERS is set");
    }

    @Test
    void kafkaFallsBackFromDockerToInProcess() {
        assertThat(InfrastructureChoice.kafka(Optional.empty(), DOCKER).source())
                .isEqualTo(KafkaSource.TESTCONTAINERS);
        var decision = InfrastructureChoice.kafka(Optional.empty(), NO_DOCKER);
        assertThat(decision.source()).isEqualTo(KafkaSource.IN_PROCESS);
        assertThat(decision.reason()).isEqualTo("no KAFKA_BOOTSTRAP_SERVERS, no Docker engine");
    }

    @Test
    void postgresPrefersConfiguredThenDockerThenLocalThenEmbedded() {
        var url = Optional.of(new Setting("TANDEM_JDBC_URL", "jdbc:postgresql://h/db"));
        assertThat(InfrastructureChoice.postgres(url, MUST_NOT_PROBE, NO_LOCAL).source())
                .isEqualTo(PostgresSource.CONFIGURED);
        assertThat(InfrastructureChoice.postgres(Optional.empty(), DOCKER, NO_LOCAL).source())
                .isEqualTo(PostgresSource.TESTCONTAINERS);
        assertThat(InfrastructureChoice.postgres(Optional.empty(), NO_DOCKER, LOCAL).source())
                .isEqualTo(PostgresSource.LOCAL_SERVER);
        var embedded = InfrastructureChoice.postgres(Optional.empty(), NO_DOCKER, NO_LOCAL);
        assertThat(embedded.source()).isEqualTo(PostgresSource.EMBEDDED);
        assertThat(embedded.reason())
                .isEqualTo("no TANDEM_JDBC_URL, no Docker engine, nothing answers on 127.0.0.1:5432");
    }

    @Test
    void aSystemPropertyOverridesTheEnvironmentAndBlankMeansUnset() {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:1");
        Map<String, String> props = Map.of("kafka.bootstrap.servers", "prop:2");
        assertThat(Setting.lookup("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap.servers", env::get, props::get))
                .contains(new Setting("system property kafka.bootstrap.servers", "prop:2"));
        assertThat(Setting.lookup("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap.servers", env::get, k -> " "))
                .contains(new Setting("KAFKA_BOOTSTRAP_SERVERS", "env:1"));
        assertThat(Setting.lookup("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap.servers", k -> null, k -> null))
                .isEmpty();
    }

    @Test
    void aJdbcTargetSwitchesDatabaseKeepingServerAndParameters() {
        var admin = new JdbcTarget("jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=3", "postgres", null);
        var fresh = admin.withDatabase("tandem_x_1");
        assertThat(fresh).isEqualTo(
                new JdbcTarget("jdbc:postgresql://127.0.0.1:5432/tandem_x_1?connectTimeout=3", "postgres", ""));
        assertThat(fresh.databaseName()).isEqualTo("tandem_x_1");
        assertThat(new JdbcTarget("jdbc:postgresql://h:1", "u", "p").withDatabase("d").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h:1/d");
        assertThatThrownBy(() -> new JdbcTarget("jdbc:mysql://h/db", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void databaseNamesAreUniqueSafeIdentifiers() {
        String name = TestPostgres.databaseName("Snapshot Service/42-" + "x".repeat(80));
        assertThat(name).matches("tandem_[a-z0-9_]{1,40}_[0-9a-f]{12}").hasSizeLessThanOrEqualTo(63);
        assertThat(TestPostgres.databaseName("a")).isNotEqualTo(TestPostgres.databaseName("a"));
    }
}
