package dev.tandem.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.SQLException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.tandem.testsupport.InfrastructureChoice.Probe;

/**
 * A PostgreSQL server found or started for tests, reached as a user allowed to create databases.
 *
 * @param admin          a superuser (or CREATEDB) connection to a maintenance database
 * @param description    what it is, for the log line
 * @param shared         whether others use the server too, so databases created in it must be dropped
 * @param stop           stops it if this JVM started it
 */
record PostgresServer(JdbcTarget admin, String description, boolean shared, Runnable stop) {

    static final String LOCAL_HOST = "127.0.0.1";
    static final int LOCAL_PORT = 5432;
    private static final JdbcTarget LOCAL_ADMIN = new JdbcTarget(
            "jdbc:postgresql://" + LOCAL_HOST + ":" + LOCAL_PORT + "/postgres?connectTimeout=3", "postgres", "");

    static PostgresServer configured(Setting url, String user, String password) {
        var admin = new JdbcTarget(url.value(), user, password);
        return new PostgresServer(admin, "configured server " + url.value(), true, () -> { });
    }

    static PostgresServer local() {
        return new PostgresServer(LOCAL_ADMIN, "local server at " + LOCAL_HOST + ":" + LOCAL_PORT, true, () -> { });
    }

    static PostgresServer container() {
        var container = Containers.startPostgres();
        var admin = new JdbcTarget(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        return new PostgresServer(admin, "Testcontainers server (" + Containers.POSTGRES_IMAGE + ") at "
                + container.getJdbcUrl(), false, container::stop);
    }

    /** Binaries unpacked from a Maven jar into a temp dir: nothing to install, ~2 s (first run ~5 s). */
    static PostgresServer embedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
            var admin = new JdbcTarget(pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
            return new PostgresServer(admin, "embedded server (zonky) at " + LOCAL_HOST + ":" + pg.getPort(), false,
                    () -> closeQuietly(pg));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    /**
     * Whether the conventional local server answers and lets user {@code postgres} in: first a plain TCP
     * connect (fails in milliseconds where nothing listens), then a JDBC login.
     */
    static Probe probeLocal() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOCAL_HOST, LOCAL_PORT), 500);
        } catch (IOException e) {
            return new Probe(false, "nothing answers on " + LOCAL_HOST + ":" + LOCAL_PORT);
        }
        try (var connection = LOCAL_ADMIN.connect()) {
            return new Probe(true, "a server answers on " + LOCAL_HOST + ":" + LOCAL_PORT);
        } catch (SQLException e) {
            return new Probe(false, "the server on " + LOCAL_HOST + ":" + LOCAL_PORT
                    + " refused user postgres (" + e.getMessage() + ")");
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            System.getLogger(PostgresServer.class.getName())
                    .log(System.Logger.Level.WARNING, "embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
