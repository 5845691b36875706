package io.tagtrail.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small bounded pool for the service's background database work (member directory refresh, layout reloads,
 * recovery, the readiness probe's neighbours): at most {@code size} connections at once, idle ones reused and
 * checked before use. The result writer keeps a connection of its own, so that writes stay in order.
 */
public final class ConnectionPool implements AutoCloseable {
    /** A pooled connection; closing it returns it to the pool. */
    public final class Lease implements AutoCloseable {
        private final Connection connection;
        private boolean broken;

        private Lease(Connection connection) {
            this.connection = connection;
        }

        public Connection connection() {
            return connection;
        }

        /** Marks the connection as unusable: it is closed instead of returned. */
        public void broken() {
            broken = true;
        }

        @Override
        public void close() {
            give(this.connection, broken);
        }
    }

    private final DbConfig db;
    private final Semaphore permits;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final int size;

    public ConnectionPool(DbConfig db, int size) {
        if (size < 1 || size > 64) {
            throw new IllegalArgumentException("db.pool-size must be 1..64, got " + size);
        }
        this.db = db;
        this.size = size;
        this.permits = new Semaphore(size, true);
    }

    public int size() {
        return size;
    }

    /** A connection, waiting up to 30 s for one to be free. */
    public Lease lease() throws SQLException {
        try {
            if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new SQLException("no database connection free in the pool of " + size + " within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a database connection", e);
        }
        try {
            Connection c;
            synchronized (idle) {
                c = idle.poll();
            }
            while (c != null && !c.isValid(2)) {
                quietlyClose(c);
                synchronized (idle) {
                    c = idle.poll();
                }
            }
            if (c == null) {
                c = db.connect();
            }
            c.setAutoCommit(true);
            return new Lease(c);
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private void give(Connection c, boolean broken) {
        if (broken) {
            quietlyClose(c);
        } else {
            synchronized (idle) {
                idle.push(c);
            }
        }
        permits.release();
    }

    @Override
    public void close() {
        synchronized (idle) {
            idle.forEach(ConnectionPool::quietlyClose);
            idle.clear();
        }
    }

    private static void quietlyClose(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection
        }
    }
}
