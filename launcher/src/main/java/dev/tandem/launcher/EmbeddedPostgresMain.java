package dev.tandem.launcher;

import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Runs an embedded PostgreSQL (test-support's zonky binaries) on 127.0.0.1 until killed, for machines without a
 * local server: {@code EmbeddedPostgresMain <port> <data directory> <database>}. Keeps its data between runs;
 * creates the database if missing; prints {@code READY <jdbc url>} once it accepts connections.
 */
public final class EmbeddedPostgresMain {

    private EmbeddedPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(Integer.parseInt(args[0]))
                .setDataDirectory(Path.of(args[1])).setCleanDataDirectory(false).start();
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
