package io.tagtrail.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes TimescaleDB's retention, compression and roll-up refresh jobs match the configuration, at start-up: a missing
 * policy is added, one whose interval differs from the configured value is replaced, one that matches is left alone
 * (so that its job history survives restarts). The layout (hypertables, continuous aggregates, compression settings)
 * belongs to the migrations; only the intervals, which operators tune, live here. On plain PostgreSQL it does
 * nothing.
 */
public final class StoragePolicies {
    private static final String RETENTION = "policy_retention";
    private static final String COMPRESSION = "policy_compression";
    private static final String REFRESH = "policy_refresh_continuous_aggregate";

    /** One background job that TimescaleDB should run for a relation, with the intervals it should run with. */
    record Policy(String proc, String relation, List<Setting> settings) {
        Policy {
            if (proc == null || relation == null || settings == null || settings.isEmpty()) {
                throw new IllegalArgumentException("a policy needs a procedure, a relation and settings");
            }
            settings = List.copyOf(settings);
        }
    }

    /** An interval of a policy: a key of the job's config, or the job's schedule ({@code key == null}). */
    record Setting(String key, Duration value) {
        static Setting schedule(Duration value) {
            return new Setting(null, value);
        }
    }

    private final List<Policy> policies;

    public StoragePolicies(StorageConfig cfg) {
        List<Policy> p = new ArrayList<>();
        p.add(retention("tag_reads", cfg.rawRetention()));
        p.add(retention("intake_log", cfg.rawRetention()));
        p.add(retention("zone_occupancy", cfg.occupancyRetention()));
        for (String table : List.of("late_reads", "zone_visits", "trips", "zone_traffic_1m", "floor_traffic_1m")) {
            p.add(retention(table, cfg.resultRetention()));
        }
        p.add(retention("zone_traffic_1h", cfg.rollupRetention()));
        p.add(retention("zone_traffic_1d", cfg.rollupRetention()));
        p.add(compression("tag_reads", cfg.rawCompressAfter()));
        for (String table : List.of("late_reads", "zone_visits", "trips", "zone_traffic_1m", "floor_traffic_1m",
                "zone_occupancy")) {
            p.add(compression(table, cfg.compressAfter()));
        }
        p.add(refresh("zone_traffic_1h", cfg.rollupRefreshLookback(), cfg.rollupRefreshInterval()));
        p.add(refresh("zone_traffic_1d", cfg.dailyLookback(), cfg.rollupRefreshInterval()));
        this.policies = List.copyOf(p);
    }

    /** The policies this configuration asks for. */
    List<Policy> policies() {
        return policies;
    }

    /**
     * Adds or replaces every policy that does not match the configuration.
     *
     * @return one line per change made (empty when everything already matched, or on plain PostgreSQL)
     */
    public List<String> apply(Connection c) throws SQLException {
        if (!Schema.hasTimescale(c)) {
            return List.of();
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            List<String> changes = new ArrayList<>();
            for (Policy p : policies) {
                Boolean matches = matches(c, p);
                if (Boolean.TRUE.equals(matches)) {
                    continue;
                }
                if (matches != null) {
                    remove(c, p);
                }
                add(c, p);
                changes.add((matches == null ? "added " : "updated ") + describe(p));
            }
            return changes;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** True when the job exists with the configured intervals, false when it differs, null when there is none. */
    private static Boolean matches(Connection c, Policy p) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT true");
        for (Setting s : p.settings()) {
            sql.append(s.key() == null ? " AND schedule_interval = ?::interval"
                    : " AND (config->>'" + s.key() + "')::interval IS NOT DISTINCT FROM ?::interval");
        }
        sql.append(" FROM timescaledb_information.jobs WHERE proc_name = ? AND hypertable_schema = current_schema()"
                + " AND hypertable_name = ?");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (Setting s : p.settings()) {
                ps.setString(i++, interval(s.value()));
            }
            ps.setString(i++, p.proc());
            ps.setString(i, p.relation());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                boolean all = true;
                do {
                    all &= rs.getBoolean(1);
                } while (rs.next());
                return all;
            }
        }
    }

    private static void add(Connection c, Policy p) throws SQLException {
        String sql = switch (p.proc()) {
            case RETENTION -> "SELECT add_retention_policy(?::regclass, drop_after => ?::interval,"
                    + " if_not_exists => true)";
            case COMPRESSION -> "SELECT add_compression_policy(?::regclass, compress_after => ?::interval,"
                    + " if_not_exists => true)";
            case REFRESH -> "SELECT add_continuous_aggregate_policy(?::regclass, start_offset => ?::interval,"
                    + " end_offset => ?::interval, schedule_interval => ?::interval, if_not_exists => true)";
            default -> throw new IllegalStateException("unknown policy " + p.proc());
        };
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, p.relation());
            int i = 2;
            for (Setting s : p.settings()) {
                ps.setString(i++, interval(s.value()));
            }
            ps.executeQuery().close();
        }
    }

    private static void remove(Connection c, Policy p) throws SQLException {
        String sql = switch (p.proc()) {
            case RETENTION -> "SELECT remove_retention_policy(?::regclass, if_exists => true)";
            case COMPRESSION -> "SELECT remove_compression_policy(?::regclass, if_exists => true)";
            case REFRESH -> "SELECT remove_continuous_aggregate_policy(?::regclass, if_exists => true)";
            default -> throw new IllegalStateException("unknown policy " + p.proc());
        };
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, p.relation());
            ps.executeQuery().close();
        }
    }

    private static Policy retention(String relation, Duration dropAfter) {
        return new Policy(RETENTION, relation, List.of(new Setting("drop_after", dropAfter)));
    }

    private static Policy compression(String relation, Duration compressAfter) {
        return new Policy(COMPRESSION, relation, List.of(new Setting("compress_after", compressAfter)));
    }

    private static Policy refresh(String rollup, Duration lookback, Duration every) {
        return new Policy(REFRESH, rollup, List.of(new Setting("start_offset", lookback),
                new Setting("end_offset", StorageConfig.REFRESH_END_OFFSET), Setting.schedule(every)));
    }

    private static String describe(Policy p) {
        StringBuilder sb = new StringBuilder(p.proc().replace("policy_", "").replace('_', ' '))
                .append(" policy on ").append(p.relation()).append(':');
        for (Setting s : p.settings()) {
            sb.append(' ').append(s.key() == null ? "every" : s.key()).append(' ').append(interval(s.value()));
        }
        return sb.toString();
    }

    /** A PostgreSQL interval literal for a duration, in the largest whole unit ({@code 7 days}, {@code 90 minutes}). */
    static String interval(Duration d) {
        long millis = d.toMillis();
        if (millis % 86_400_000L == 0) {
            return millis / 86_400_000L + " days";
        }
        if (millis % 3_600_000L == 0) {
            return millis / 3_600_000L + " hours";
        }
        if (millis % 60_000L == 0) {
            return millis / 60_000L + " minutes";
        }
        if (millis % 1_000L == 0) {
            return millis / 1_000L + " seconds";
        }
        return millis + " milliseconds";
    }
}
