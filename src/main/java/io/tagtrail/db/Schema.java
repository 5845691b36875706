package io.tagtrail.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The schema, created and upgraded by versioned migrations at start-up. */
public final class Schema {
    private Schema() {
    }

    /** Applies pending migrations; returns how many were applied. */
    public static int migrate(DbConfig db) {
        Flyway flyway = Flyway.configure()
                .dataSource(db.url(), db.user(), db.password())
                .locations("classpath:db/migration")
                .load();
        MigrateResult result = flyway.migrate();
        return result.migrationsExecuted;
    }

    /** Whether this database has the TimescaleDB extension installed. */
    public static boolean hasTimescale(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
            return rs.next();
        }
    }
}
