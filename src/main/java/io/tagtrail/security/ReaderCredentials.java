package io.tagtrail.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Who may publish to the own MQTT endpoint, and for which store: a properties file of
 * {@code username = store_id:pbkdf2-sha256$...} lines (store {@code *}: every store, for gateways and the
 * simulator). Hashes come from {@code ./tagtrail hash-password}.
 */
public final class ReaderCredentials {
    /** One account. */
    public record Account(String username, String store, String passwordHash) {
        public boolean mayPublishTo(String storeId) {
            return store.equals("*") || store.equals(storeId);
        }
    }

    private final Map<String, Account> accounts;

    private ReaderCredentials(Map<String, Account> accounts) {
        this.accounts = Map.copyOf(accounts);
    }

    public static ReaderCredentials load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("endpoint.users-file " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, Account> accounts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String user : p.stringPropertyNames()) {
            String value = p.getProperty(user).trim();
            int colon = value.indexOf(':');
            String store = colon < 0 ? "" : value.substring(0, colon);
            String hash = colon < 0 ? "" : value.substring(colon + 1);
            if (store.isEmpty() || !PasswordHash.isHash(hash)) {
                problems.add(user + " (expected store_id:pbkdf2-sha256$..., see ./tagtrail hash-password)");
            } else {
                accounts.put(user, new Account(user, store, hash));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("endpoint.users-file " + file + " has malformed entries: "
                    + String.join(", ", problems));
        }
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("endpoint.users-file " + file + " has no accounts");
        }
        return new ReaderCredentials(accounts);
    }

    /** The account for these credentials, or null when they are wrong. */
    public Account authenticate(String username, String password) {
        Account a = username == null ? null : accounts.get(username);
        if (a == null || password == null) {
            // spend the same effort for unknown users, so that timing does not reveal account names
            PasswordHash.matches(new char[]{'x'}, DUMMY);
            return null;
        }
        return PasswordHash.matches(password.toCharArray(), a.passwordHash()) ? a : null;
    }

    private static final String DUMMY = PasswordHash.hash("dummy".toCharArray());
}
