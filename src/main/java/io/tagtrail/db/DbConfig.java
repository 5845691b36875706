package io.tagtrail.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where the database is: a JDBC URL ({@code jdbc:postgresql://host:port/db}), with the user and password in it or
 * given apart. {@link #toString()} never shows the password.
 */
public record DbConfig(String url, String user, String password) {
    public DbConfig {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("database URL must be a JDBC URL starting with jdbc:postgresql:, got "
                    + redact(url));
        }
    }

    public Connection connect() throws SQLException {
        Properties p = new Properties();
        if (user != null && !user.isBlank()) {
            p.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            p.setProperty("password", password);
        }
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("ApplicationName", "tagtrail");
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(url, p);
    }

    /** The URL with any password parameter masked, for logs and messages. */
    public static String redact(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
        return "DbConfig[" + redact(url) + (user != null ? ", user=" + user : "") + "]";
    }
}
