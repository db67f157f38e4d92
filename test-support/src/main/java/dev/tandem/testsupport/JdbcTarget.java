package dev.tandem.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to reach one PostgreSQL database: what a datasource needs, and nothing about where it came from.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/database[?params]}
 * @param user     user name; empty to take it from the URL or the driver's default
 * @param password password; empty where the server trusts the user
 */
public record JdbcTarget(String jdbcUrl, String user, String password) {

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?$");

    public JdbcTarget {
        if (!URL.matcher(jdbcUrl).matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /** Opens a connection; the caller closes it. */
    public Connection connect() throws SQLException {
        var props = new Properties();
        if (!user.isEmpty()) {
            props.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl, props);
    }

    /** The database the URL names; empty when it names none (the server then uses the user's name). */
    public String databaseName() {
        String path = matcher().group(2);
        return path == null ? "" : path.substring(1);
    }

    /**
     * The same target as a libpq connection URI ({@code postgres://user:password@host:port/db}), for clients that
     * are not JDBC (node-postgres, psql). URL parameters are left out.
     */
    public String libpqUri() {
        String hostPort = matcher().group(1).substring("jdbc:postgresql://".length());
        String credentials = user.isEmpty() ? "" : encode(user) + (password.isEmpty() ? "" : ":" + encode(password)) + "@";
        return "postgres://" + credentials + hostPort + "/" + databaseName();
    }

    private static String encode(String part) {
        return java.net.URLEncoder.encode(part, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The same server, user and URL parameters, another database. */
    public JdbcTarget withDatabase(String database) {
        Matcher m = matcher();
        String params = m.group(3) == null ? "" : m.group(3);
        return new JdbcTarget(m.group(1) + "/" + database + params, user, password);
    }

    private Matcher matcher() {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalStateException(jdbcUrl);
        }
        return m;
    }
}
