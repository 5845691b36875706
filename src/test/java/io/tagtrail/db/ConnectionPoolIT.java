package io.tagtrail.db;

import io.tagtrail.it.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionPoolIT {
    @Test
    void reusesReturnedConnectionsReplacesBrokenOnesAndNeverHandsOutMoreThanItsSize() throws Exception {
        DbConfig db = TestDatabases.freshPostgres();
        try (ConnectionPool pool = new ConnectionPool(db, 2)) {
            Connection first;
            try (ConnectionPool.Lease a = pool.lease()) {
                first = a.connection();
            }
            try (ConnectionPool.Lease again = pool.lease()) {
                assertSame(first, again.connection(), "an idle connection is reused");
                again.broken();
            }
            assertTrue(first.isClosed(), "a broken connection is closed, not returned");
            ConnectionPool.Lease one = pool.lease();
            ConnectionPool.Lease two = pool.lease();
            assertNotSame(first, one.connection());
            CompletableFuture<ConnectionPool.Lease> third = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.lease();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertFalse(third.isDone(), "a third lease waits while both connections are out");
            one.close();
            ConnectionPool.Lease got = third.get(10, TimeUnit.SECONDS);
            assertSame(one.connection(), got.connection(), "and gets the one that came back");
            try (var s = got.connection().createStatement(); var rs = s.executeQuery("SELECT 1")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            got.close();
            two.close();
        }
    }
}
