package dev.tandem.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/** The zero-install fallback, exercised even on machines where another PostgreSQL is chosen. */
class EmbeddedPostgresIT {

    @Test
    void embeddedBinariesServeADatabaseAndStop() throws SQLException {
        PostgresServer server = PostgresServer.embedded();
        try {
            try (var connection = server.admin().connect(); var statement = connection.createStatement()) {
                statement.execute("create database tandem_embedded_check");
            }
            try (var connection = server.admin().withDatabase("tandem_embedded_check").connect();
                 var statement = connection.createStatement();
                 var rows = statement.executeQuery("select current_database()")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("tandem_embedded_check");
            }
        } finally {
            server.stop().run();
        }
    }
}
