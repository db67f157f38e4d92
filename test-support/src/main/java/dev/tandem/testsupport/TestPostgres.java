package dev.tandem.testsupport;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.tandem.testsupport.InfrastructureChoice.Decision;
import dev.tandem.testsupport.InfrastructureChoice.PostgresSource;

/**
 * The PostgreSQL server of this JVM's tests, found or started on first use, and a fresh database per caller.
 * <p>
 * Which server follows {@link InfrastructureChoice}: {@code TANDEM_JDBC_URL} (with {@code TANDEM_JDBC_USER},
 * {@code TANDEM_JDBC_PASSWORD}; or {@code -Dtandem.jdbc.url}, ...), else Testcontainers, else the local server on
 * 127.0.0.1:5432, else embedded binaries. The choice and its reason are logged once, at INFO.
 * <p>
 * Isolation comes from databases, not servers: every {@link #newDatabase(String)} creates
 * {@code tandem_<purpose>_<random hex>}, so parallel and consecutive runs on a shared server never see each
 * other's rows. Databases created on a shared server are dropped by a shutdown hook (best effort: a killed JVM
 * leaves them behind, and their names say where they came from).
 */
public final class TestPostgres {

    private static final System.Logger LOG = System.getLogger(TestPostgres.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static TestPostgres instance;

    private final PostgresServer server;
    private final PostgresSource source;
    private final List<String> created = new ArrayList<>();

    private TestPostgres(PostgresServer server, PostgresSource source) {
        this.server = server;
        this.source = source;
    }

    /** The shared server, found or started on the first call; thread-safe. */
    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown, "tandem-test-postgres-shutdown"));
        }
        return instance;
    }

    private static TestPostgres start() {
        TestLogging.configure();
        Optional<Setting> url = Setting.lookup("TANDEM_JDBC_URL", "tandem.jdbc.url");
        Decision<PostgresSource> decision =
                InfrastructureChoice.postgres(url, DockerProbe::status, PostgresServer::probeLocal);
        long started = System.nanoTime();
        PostgresServer server = switch (decision.source()) {
            case CONFIGURED -> PostgresServer.configured(url.orElseThrow(),
                    Setting.lookup("TANDEM_JDBC_USER", "tandem.jdbc.user").map(Setting::value).orElse(""),
                    Setting.lookup("TANDEM_JDBC_PASSWORD", "tandem.jdbc.password").map(Setting::value).orElse(""));
            case TESTCONTAINERS -> PostgresServer.container();
            case LOCAL_SERVER -> PostgresServer.local();
            case EMBEDDED -> PostgresServer.embedded();
        };
        String millis = String.valueOf((System.nanoTime() - started) / 1_000_000);
        LOG.log(System.Logger.Level.INFO, "PostgreSQL: {0} ({1}; ready in {2} ms)",
                server.description(), decision.reason(), millis);
        return new TestPostgres(server, decision.source());
    }

    /**
     * Creates an empty database of its own for the caller.
     *
     * @param purpose a word for the name, e.g. {@code "snapshot"}; reduced to {@code [a-z0-9_]}
     * @return the new database, reached as the server's admin user
     */
    public synchronized JdbcTarget newDatabase(String purpose) {
        String name = databaseName(purpose);
        try (var connection = server.admin().connect(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            // no fallback to a shared database: tests that silently see each other's rows are worse than none
            String hint = "42501".equals(e.getSQLState()) ? " (the user needs CREATEDB)" : "";
            throw new IllegalStateException("could not create database " + name + " on " + server.description()
                    + hint, e);
        }
        created.add(name);
        return server.admin().withDatabase(name);
    }

    /** Where the server came from: CONFIGURED, TESTCONTAINERS, LOCAL_SERVER or EMBEDDED. */
    public String source() {
        return source.name();
    }

    /** {@code tandem_<purpose>_<12 hex>}: lower case, so it needs no quoting, and under PostgreSQL's 63 bytes. */
    static String databaseName(String purpose) {
        String word = purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (word.length() > 40) {
            word = word.substring(0, 40);
        }
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return "tandem_" + word + "_" + HexFormat.of().formatHex(random);
    }

    /** Drops what this JVM created on a shared server, then stops a server this JVM started. */
    private synchronized void shutdown() {
        if (server.shared()) {
            created.forEach(this::dropQuietly);
        }
        server.stop().run();
    }

    private void dropQuietly(String name) {
        try (var connection = server.admin().connect(); var statement = connection.createStatement()) {
            try {
                // FORCE (PostgreSQL 13+) ends sessions a test left open, e.g. a Quarkus connection pool
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException olderServer) {
                statement.execute("DROP DATABASE IF EXISTS " + name);
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not drop database " + name, e);
        }
    }
}
