package io.tagtrail.db;

import io.tagtrail.core.ZoneVisit;
import io.tagtrail.model.TagRead;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * Writer throughput: N zone visits, then N raw reads (COPY), each through {@link JdbcResultWriter} into a real
 * database, timed from the first row handed over until the last one is committed; then the same rows again, which
 * the writer must absorb without new rows. Prints rows per second. See docs/storage.md for the command.
 *
 * <pre>WriterBenchmark [rows] [jdbc-url of an empty database, or "embedded"] [batch size]</pre>
 */
public final class WriterBenchmark {
    private WriterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        EmbeddedPostgres embedded = null;
        try {
            String url;
            if (args.length > 1 && !args[1].equals("embedded")) {
                url = args[1];
            } else {
                embedded = EmbeddedPostgres.startTemporary();
                url = embedded.jdbcUrl();
            }
            DbConfig db = new DbConfig(url, null, null);
            Schema.migrate(db);
            String kind;
            try (Connection c = db.connect()) {
                kind = Schema.hasTimescale(c) ? "TimescaleDB" : "PostgreSQL";
            }
            int batch = args.length > 2 ? Integer.parseInt(args[2]) : WriterConfig.DEFAULTS.batchSize();
            WriterConfig cfg = new WriterConfig(batch, WriterConfig.DEFAULTS.flushInterval(),
                    WriterConfig.DEFAULTS.queueCapacity(), WriterConfig.DEFAULTS.engagementThreshold(), true);
            System.out.printf(Locale.ROOT, "%s, %,d rows per run, batch %d, queue %d%n", kind, rows,
                    cfg.batchSize(), cfg.queueCapacity());
            for (String pass : new String[] {"new", "replayed"}) {
                report("zone visits (" + pass + ")", rows, time(db, cfg, w -> {
                    for (int i = 0; i < rows; i++) {
                        w.visit(ResultWriterIT.LAYOUT, visit(i), null);
                    }
                }));
                report("raw reads, COPY (" + pass + ")", rows, time(db, cfg, w -> {
                    for (int i = 0; i < rows; i++) {
                        w.rawRead(ResultWriterIT.LAYOUT, ResultWriterIT.read(i));
                    }
                }));
            }
            System.out.printf(Locale.ROOT, "rows stored: zone_visits %,d, tag_reads %,d%n",
                    count(db, "zone_visits"), count(db, "tag_reads"));
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    interface Load {
        void into(JdbcResultWriter w);
    }

    private static ZoneVisit visit(int i) {
        long enter = ResultWriterIT.T0 + i * 250L;
        return new ZoneVisit(ResultWriterIT.LOYALTY_HI, i % 5_000, i % ResultWriterIT.LAYOUT.zoneCount(), enter,
                enter + 5_000L + i % 120 * 1_000L, 7);
    }

    private static long time(DbConfig db, WriterConfig cfg, Load load) throws InterruptedException {
        try (JdbcResultWriter w = new JdbcResultWriter(db, cfg)) {
            long start = System.nanoTime();
            load.into(w);
            if (!w.flush(Duration.ofMinutes(10))) {
                throw new IllegalStateException("writer did not finish: " + w.lastError());
            }
            return System.nanoTime() - start;
        }
    }

    private static void report(String what, int rows, long nanos) {
        System.out.printf(Locale.ROOT, "%-28s %,10d rows in %6.2f s = %,9.0f rows/s%n", what, rows, nanos / 1e9,
                rows / (nanos / 1e9));
    }

    private static long count(DbConfig db, String table) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
