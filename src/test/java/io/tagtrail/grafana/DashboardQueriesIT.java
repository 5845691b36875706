package io.tagtrail.grafana;

import io.tagtrail.db.DbConfig;
import io.tagtrail.it.SimulatedRun;
import io.tagtrail.it.TestDatabases;
import io.tagtrail.sim.Scenario;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every panel query of every provisioned dashboard, expanded as Grafana expands it, against a database filled by a
 * simulated store run: plain PostgreSQL always, TimescaleDB too when {@code TAGTRAIL_TEST_TIMESCALEDB_URL} is set.
 * The dashboard time range is the run's span; the queries run read-only under a role that may only SELECT.
 */
class DashboardQueriesIT {
    /** Long enough that shoppers finish trips (a trip lasts a few minutes) and every tier is in the store. */
    static final Scenario RUN = SimulatedRun.scenario(Instant.parse("2026-11-20T10:00:00Z"), Duration.ofMinutes(20),
            600, 21);
    static final String READER_ROLE = "tagtrail_dashboards_it";

    static Vertx vertx;
    static DbConfig postgres;
    static DbConfig timescale;
    static final List<DashboardFile> DASHBOARDS = DashboardFile.loadAll();
    static final ProvisionedDatasources DATASOURCES = ProvisionedDatasources.load();

    @BeforeAll
    static void fillDatabases() throws Exception {
        vertx = Vertx.vertx();
        postgres = filled(TestDatabases.freshPostgres());
        DbConfig ts = TestDatabases.freshTimescale();
        timescale = ts == null ? null : filled(ts);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    static DbConfig filled(DbConfig db) throws Exception {
        SimulatedRun.Result r = SimulatedRun.run(vertx, db, RUN, null);
        assertTrue(r.trips() > 100 && r.visits() > 1_000, "the run is long enough: " + r);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + READER_ROLE
                    + "') THEN CREATE ROLE " + READER_ROLE + " NOLOGIN; END IF; END $$");
            s.execute("GRANT USAGE ON SCHEMA public TO " + READER_ROLE);
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + READER_ROLE);
        }
        return db;
    }

    static List<PanelQueries.Outcome> run(DbConfig db, String datasourceUid, PanelQueries.Selection selection)
            throws Exception {
        List<PanelQueries.Outcome> all = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SET ROLE " + READER_ROLE);
            s.execute("SET statement_timeout = '60s'");
            c.setReadOnly(true);
            PanelQueries queries = new PanelQueries(c, DATASOURCES.timescaledb(datasourceUid), RUN.start(), RUN.end());
            for (DashboardFile d : DASHBOARDS) {
                all.addAll(queries.run(d, datasourceUid, selection));
            }
        }
        return all;
    }

    static void assertEveryQueryReturnsRows(List<PanelQueries.Outcome> outcomes) {
        long panelTargets = DASHBOARDS.stream().flatMap(d -> d.panels().stream())
                .mapToLong(p -> p.path("targets").size()).sum();
        assertTrue(outcomes.size() >= panelTargets, outcomes.size() + " queries for " + panelTargets + " targets");
        String problems = outcomes.stream().filter(o -> o.failed() || o.rows() == 0)
                .map(PanelQueries.Outcome::describe).collect(Collectors.joining("\n"));
        assertEquals("", problems, "every panel and variable query runs and returns rows");
    }

    @Test
    void everyPanelQueryReturnsRowsOnPlainPostgresWithThePostgresDataSource() throws Exception {
        assertEveryQueryReturnsRows(run(postgres, "tagtrail-postgres", PanelQueries.Selection.DASHBOARD_DEFAULTS));
    }

    @Test
    void everyPanelQueryReturnsRowsOnTimescaleDbWithEitherDataSource() throws Exception {
        assumeTrue(timescale != null, TestDatabases.TIMESCALE_ENV + " is not set");
        assertEveryQueryReturnsRows(run(timescale, "tagtrail-timescaledb", PanelQueries.Selection.DASHBOARD_DEFAULTS));
        assertEveryQueryReturnsRows(run(timescale, "tagtrail-postgres", PanelQueries.Selection.DASHBOARD_DEFAULTS));
    }

    @Test
    void everyPanelQueryRunsWithOneValueSelectedPerVariable() throws Exception {
        List<PanelQueries.Outcome> outcomes = run(postgres, "tagtrail-postgres", PanelQueries.Selection.FIRST_OPTION);
        String errors = outcomes.stream().filter(PanelQueries.Outcome::failed)
                .map(PanelQueries.Outcome::describe).collect(Collectors.joining("\n"));
        assertEquals("", errors);
        assertTrue(outcomes.stream().anyMatch(o -> o.rows() > 0));
    }

    @Test
    void timescaleDataSourceNeedsTheExtensionWhichIsWhyThereAreTwo() throws Exception {
        List<PanelQueries.Outcome> outcomes = run(postgres, "tagtrail-timescaledb",
                PanelQueries.Selection.DASHBOARD_DEFAULTS);
        List<PanelQueries.Outcome> failed = outcomes.stream().filter(PanelQueries.Outcome::failed).toList();
        assertTrue(!failed.isEmpty(), "time_bucket is not on plain PostgreSQL");
        assertTrue(failed.stream().allMatch(o -> o.error().contains("time_bucket")),
                failed.stream().map(PanelQueries.Outcome::describe).collect(Collectors.joining("\n")));
    }
}
