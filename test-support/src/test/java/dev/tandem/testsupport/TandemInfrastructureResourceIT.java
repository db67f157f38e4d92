package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The config a {@code @QuarkusTest} receives, checked without booting Quarkus. */
class TandemInfrastructureResourceIT {

    @Test
    void byDefaultOnlyKafkaIsConfigured() {
        var resource = new TandemInfrastructureResource();
        resource.init(Map.of());
        assertThat(resource.start())
                .containsExactly(Map.entry("kafka.bootstrap.servers", TestKafka.get().bootstrapServers()));
        resource.stop();
    }

    @Test
    void withPostgresAFreshDatabaseIsConfigured() throws SQLException {
        var resource = new TandemInfrastructureResource();
        resource.init(Map.of("kafka", "false", "postgres", "true", "database", "resource"));
        Map<String, String> config = resource.start();

        assertThat(config).containsOnlyKeys(
                "quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password");
        var target = new JdbcTarget(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
        assertThat(target.databaseName()).startsWith("tandem_resource_");
        try (var connection = target.connect(); var rows = connection.createStatement()
                .executeQuery("select current_database()")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(target.databaseName());
        }
    }
}
