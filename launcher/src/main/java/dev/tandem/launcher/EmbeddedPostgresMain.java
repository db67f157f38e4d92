package dev.tandem.launcher;

import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Runs an embedded PostgreSQL (test-support's zonky binaries) on 127.0.0.1 until killed, for machines without a
 * local server: {@code EmbeddedPostgresMain <port> <data directory> <database>}. Keeps its data between runs;
 * creates the database if missing; prints {@code READY <jdbc url>} once it accepts connections.
 * <p>
 * With {@code synchronous_commit=on}, PostgreSQL's default: zonky turns it off for speed, and then a crash of the
 * server loses transactions it had already acknowledged. The snapshot service commits its Kafka offsets after the
 * database acknowledged a batch, so a lost batch is never folded again: its documents stall at a gap (the fault
 * matrix, FaultMatrixIT, found this).
 */
public final class EmbeddedPostgresMain {

    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(Integer.parseInt(args[0]))
                .setDataDirectory(Path.of(args[1])).setCleanDataDirectory(false)
                .setServerConfig("synchronous_commit", "on").start();
        try (var connection = pg.getPostgresDatabase().getConnection()) {
            LocalPostgres.createDatabaseIfMissing(connection, args[2]);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        System.out.println("READY " + pg.getJdbcUrl("postgres", args[2]));
        System.out.flush();
        Thread.currentThread().join();
    }
}
