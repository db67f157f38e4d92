package dev.tandem.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where a local run keeps its state: one directory (by default {@code .tandem} in the checkout) holds the Kafka log,
 * an embedded PostgreSQL's data, the logs, the copied service jars and the supervisor's state file. The PostgreSQL
 * database on a shared local server is named after this directory, so the log and the read side always belong to
 * the same run: two checkouts never share a database, and wiping the state directory means a fresh database too.
 *
 * @param root  the checkout (where ./mvnw and the modules are)
 * @param state the state directory
 */
public record RunLayout(Path root, Path state) {

    public RunLayout {
        root = root.toAbsolutePath().normalize();
        state = state.toAbsolutePath().normalize();
    }

    public static RunLayout of(Path root, Path stateOrNull) {
        return new RunLayout(root, stateOrNull == null ? root.resolve(".tandem") : stateOrNull);
    }

    public Path logs() {
        return state.resolve("logs");
    }

    public Path log(String processName) {
        return logs().resolve(processName + ".log");
    }

    /** Copies of the services' build output, so a rebuild during a run cannot pull a jar from under a process. */
    public Path apps() {
        return state.resolve("apps");
    }

    public Path stateFile() {
        return state.resolve("run.json");
    }

    public Path kafkaData() {
        return state.resolve("kafka");
    }

    public Path postgresData() {
        return state.resolve("postgres").resolve("data");
    }

    public Path readOnlyKey() {
        return state.resolve("read-only.key");
    }

    /**
     * The database of this run on a shared PostgreSQL server: {@code tandem_<directory>_<8 hex of its path>}, at most
     * 63 bytes (PostgreSQL's limit), lower case letters, digits and underscores only.
     */
    public String databaseName() {
        String dir = state.getParent() == null ? "root" : state.getParent().getFileName().toString();
        String slug = dir.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40);
        }
        return "tandem_" + (slug.isEmpty() ? "run" : slug) + "_" + sha256(state.toString()).substring(0, 8);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
