package dev.tandem.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * The machine's own PostgreSQL on 127.0.0.1:5432 (user postgres), if it answers: the run's database is created in it
 * (named by {@link RunLayout#databaseName()}, so each checkout has its own) and dropped by {@code ./tandem reset}.
 */
final class LocalPostgres {

    static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String USER = "postgres";

    private LocalPostgres() {
    }

    /** A connection to the server's postgres database, or empty (with the reason) if none answers. */
    static Optional<Connection> connect(StringBuilder whyNot) {
        var props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("connectTimeout", "3");
        props.setProperty("socketTimeout", "30");
        try {
            return Optional.of(DriverManager.getConnection(ADMIN_URL, props));
        } catch (SQLException e) {
            whyNot.append(e.getMessage());
            return Optional.empty();
        }
    }

    static String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }

    /** Returns true if it created the database. The name is ours ({@link RunLayout#databaseName()}): safe to quote. */
    static boolean createDatabaseIfMissing(Connection connection, String database) throws SQLException {
        try (var check = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            check.setString(1, database);
            if (check.executeQuery().next()) {
                return false;
            }
        }
        try (var create = connection.createStatement()) {
            create.execute("create database \"" + database + "\"");
        }
        return true;
    }

    static boolean dropDatabase(Connection connection, String database) throws SQLException {
        try (var drop = connection.createStatement()) {
            boolean existed;
            try (var check = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                check.setString(1, database);
                existed = check.executeQuery().next();
            }
            drop.execute("drop database if exists \"" + database + "\" with (force)");
            return existed;
        }
    }
}
