package io.tagtrail.db;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Secrets the service generates once and every instance then shares, kept in {@code tagtrail_secrets}. */
public final class SecretStore {
    private SecretStore() {
    }

    /** The named secret, created with {@code bytes} random bytes if it does not exist yet (race-free). */
    public static byte[] getOrCreate(Connection c, String name, int bytes) throws SQLException {
        byte[] fresh = new byte[bytes];
        new SecureRandom().nextBytes(fresh);
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO tagtrail_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
            ins.setString(1, name);
            ins.setBytes(2, fresh);
            ins.executeUpdate();
        }
        try (PreparedStatement sel = c.prepareStatement("SELECT value FROM tagtrail_secrets WHERE name = ?")) {
            sel.setString(1, name);
            try (ResultSet rs = sel.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("secret " + name + " vanished while it was being created");
                }
                return rs.getBytes(1);
            }
        }
    }
}
