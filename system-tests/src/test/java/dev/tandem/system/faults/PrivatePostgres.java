package dev.tandem.system.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import dev.tandem.testsupport.JdbcTarget;
import dev.tandem.testsupport.ServiceProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server of the fault matrix's own, so that it can be killed: the machine's shared server on
 * 127.0.0.1:5432 serves other tests and other people at the same time, and restarting it would fail their runs.
 * The server is zonky's embedded PostgreSQL (binaries from a Maven jar, run as an unprivileged user even by root,
 * where {@code initdb} refuses to run), on a fixed port and data directory, so that a restart is the same server
 * with the same data at the same address. With {@code synchronous_commit=on}, PostgreSQL's default and what
 * production runs: zonky turns it off, and a crash then loses transactions already acknowledged, which the snapshot
 * service rightly cannot recover from (it has committed its Kafka offsets past them: their documents stall).
 */
final class PrivatePostgres implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private PrivatePostgres(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** A server on a free port with its data in {@code dataDir} (made by initdb the first time), started. */
    static PrivatePostgres start(Path dataDir) {
        PrivatePostgres postgres = new PrivatePostgres(dataDir, ServiceProcess.freePort());
        postgres.startServer();
        return postgres;
    }

    /** A new database in it, reached as its superuser. */
    JdbcTarget newDatabase(String name) {
        JdbcTarget admin = new JdbcTarget(server.getJdbcUrl("postgres", "postgres"), "postgres", "");
        try (var connection = admin.connect(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return admin.withDatabase(name);
    }

    /**
     * SIGKILL of the postmaster, as the OOM killer would do it: its backends notice and exit, and the next start
     * recovers from the write-ahead log. Then the same server starts again, on the same port and data.
     */
    void killAndRestart() {
        long pid = postmasterPid();
        ProcessHandle.of(pid).ifPresent(handle -> {
            handle.destroyForcibly();
            handle.onExit().join();
        });
        closeQuietly(); // releases zonky's lock on the data directory; its pg_ctl stop fails, as it must
        startServer();
    }

    int port() {
        return port;
    }

    private void startServer() {
        try {
            Files.createDirectories(dataDir);
            server = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                    .setPort(port).setServerConfig("synchronous_commit", "on").setRegisterShutdownHook(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL in " + dataDir, e);
        }
    }

    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("no postmaster.pid in " + dataDir, e);
        }
    }

    private void closeQuietly() {
        try {
            server.close();
        } catch (IOException e) {
            // a dead server cannot be stopped: nothing to do
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
