package io.tagtrail.db;

import io.tagtrail.core.PipelineConfig;
import io.tagtrail.core.ResultSink;
import io.tagtrail.core.StorePipeline;
import io.tagtrail.it.SimulatedRun;
import io.tagtrail.it.TestDatabases;
import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.MemberDirectory;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Each layout version is kept as loaded, so that a version loaded ahead of its effective time waits for it. */
class LayoutVersionsIT {
    private static final ResultSink NOWHERE = new ResultSink() {
    };

    @Test
    void aVersionLoadedAheadOfItsTimeWaitsUnderTheVersionInForceAsItWasKept() throws Exception {
        for (DbConfig db : TestDatabases.all()) {
            Schema.migrate(db);
            StoreLayout v1 = SimulatedRun.sampleVersion(1, "2026-01-01T00:00:00Z", false);
            StoreLayout v2 = SimulatedRun.sampleVersion(2, "2026-11-20T10:03:00Z", true);
            int reader = v1.readerIndex("r-f0-b");
            try (Connection c = db.connect()) {
                LayoutStore.upsert(c, v1);
                LayoutStore.upsert(c, v2);
                Instant before = Instant.parse("2026-11-20T10:02:00Z");

                StorePipeline p = new StorePipeline(v2, PipelineConfig.DEFAULTS, new MemberDirectory(), NOWHERE);
                StoreLayout started = LayoutStore.startUnderVersionInForce(c, p, before);
                assertEquals(1, started.version());
                assertEquals(1, p.layout().version());
                assertEquals(2, p.newestLayout().version(), "v2 waits for its effective time");
                assertEquals(v1.zoneIndex("c-fragrance"), p.layout().zoneOf(reader, 2),
                        "v1 as it was loaded: port 2 at the fragrance counter");

                StorePipeline now = new StorePipeline(v2, PipelineConfig.DEFAULTS, new MemberDirectory(), NOWHERE);
                assertNull(LayoutStore.startUnderVersionInForce(c, now, Instant.parse("2026-11-20T10:03:00Z")),
                        "in force from its effective time on");
                assertEquals(2, now.layout().version());

                try (Statement s = c.createStatement()) {
                    // a version kept before its document was
                    s.executeUpdate("UPDATE layout_versions SET document = NULL WHERE layout_version = 1");
                }
                StorePipeline unknown = new StorePipeline(v2, PipelineConfig.DEFAULTS, new MemberDirectory(),
                        NOWHERE);
                assertNull(LayoutStore.startUnderVersionInForce(c, unknown, before));
                assertEquals(2, unknown.layout().version(), "with no earlier version kept, the loaded one");
            }
        }
    }
}
