package io.tagtrail.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Whether the database answers: one connection kept for a {@code SELECT 1}, replaced when it breaks. */
public final class DatabaseProbe implements AutoCloseable {
    private final DbConfig db;
    private Connection connection;
    private volatile boolean up;
    private volatile String lastError;

    public DatabaseProbe(DbConfig db) {
        this.db = db;
    }

    /** Checks now (blocking, a few seconds at most); call from a worker thread. */
    public synchronized boolean check() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = db.connect();
            }
            try (Statement s = connection.createStatement()) {
                s.setQueryTimeout(3);
                s.execute("SELECT 1");
            }
            up = true;
            lastError = null;
        } catch (SQLException e) {
            up = false;
            lastError = e.getMessage();
            close();
        }
        return up;
    }

    public boolean up() {
        return up;
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already
            }
            connection = null;
        }
    }
}
