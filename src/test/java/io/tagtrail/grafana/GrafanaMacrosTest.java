package io.tagtrail.grafana;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Expected strings are what Grafana's macros.go / sqleng produce for the same input. */
class GrafanaMacrosTest {
    static final Instant FROM = Instant.parse("2026-11-20T10:00:00Z");
    static final Instant TO = Instant.parse("2026-11-20T10:20:00.250Z");
    static final Duration MINUTE = Duration.ofMinutes(1);
    final GrafanaMacros timescale = new GrafanaMacros(true);
    final GrafanaMacros plain = new GrafanaMacros(false);

    String ts(String sql) {
        return timescale.expand(sql, FROM, TO, MINUTE);
    }

    String pg(String sql) {
        return plain.expand(sql, FROM, TO, MINUTE);
    }

    @Test
    void timeFilterIsBetweenTheRangeEndsInRfc3339WithoutTrailingZeros() {
        assertEquals("WHERE v.enter_time BETWEEN '2026-11-20T10:00:00Z' AND '2026-11-20T10:20:00.25Z'",
                pg("WHERE $__timeFilter(v.enter_time)"));
        assertEquals(pg("$__timeFilter( t )"), "t BETWEEN '2026-11-20T10:00:00Z' AND '2026-11-20T10:20:00.25Z'");
    }

    @Test
    void timeFromAndTimeToAreQuotedInstantsWithNanosecondPrecision() {
        Instant to = Instant.parse("2026-11-20T10:20:00.000000123Z");
        assertEquals("'2026-11-20T10:00:00Z' < '2026-11-20T10:20:00.000000123Z'",
                plain.expand("$__timeFrom() < $__timeTo()", FROM, to, MINUTE));
    }

    @Test
    void timeGroupIsTimeBucketWithTheTimescaleOption() {
        assertEquals("GROUP BY time_bucket('60.000s',bucket)", ts("GROUP BY $__timeGroup(bucket, '1m')"));
        assertEquals("time_bucket('0.500s',t)", ts("$__timeGroup(t, '500ms')"));
    }

    @Test
    void timeGroupIsAnEpochFloorWithoutTheTimescaleOption() {
        assertEquals("GROUP BY floor(extract(epoch from bucket)/60)*60", pg("GROUP BY $__timeGroup(bucket, '1m')"));
        assertEquals("floor(extract(epoch from t)/0.5)*0.5", pg("$__timeGroup(t,'500ms')"));
    }

    @Test
    void timeGroupAliasNamesTheColumnTime() {
        assertEquals("SELECT time_bucket('900.000s',t) AS \"time\" FROM x", ts("SELECT $__timeGroupAlias(t, '15m') FROM x"));
        assertEquals("SELECT floor(extract(epoch from t)/900)*900 AS \"time\" FROM x",
                pg("SELECT $__timeGroupAlias(t, '15m') FROM x"));
    }

    @Test
    void timeGroupDirectlyFollowedByACommaGetsTheAliasAsBeforeGrafana53() {
        assertEquals("SELECT time_bucket('300.000s',t) AS \"time\", count(*) FROM x GROUP BY 1",
                ts("SELECT $__timeGroup(t,'5m'), count(*) FROM x GROUP BY 1"));
        assertEquals("SELECT time_bucket('300.000s',t) , count(*)",
                ts("SELECT $__timeGroup(t,'5m') , count(*)"), "only a comma right after the macro counts");
    }

    @Test
    void fillModeArgumentIsAccepted() {
        assertEquals("floor(extract(epoch from t)/60)*60", pg("$__timeGroup(t, '1m', NULL)"));
        assertEquals("time_bucket('60.000s',t)", ts("$__timeGroup(t, 1m, previous)"));
    }

    @Test
    void intervalsFollowGrafanasParserForDaysWeeksAndGoDurations() {
        assertEquals("floor(extract(epoch from t)/86400)*86400", pg("$__timeGroup(t,'1d')"));
        assertEquals("floor(extract(epoch from t)/604800)*604800", pg("$__timeGroup(t,'1w')"));
        assertEquals("floor(extract(epoch from t)/5400)*5400", pg("$__timeGroup(t,'1h30m')"));
        assertEquals("floor(extract(epoch from t)/1.2096e+06)*1.2096e+06", pg("$__timeGroup(t,'2w')"),
                "Go prints a float64 of 7 digits in exponent form");
        assertEquals("time_bucket('1209600.000s',t)", ts("$__timeGroup(t,'2w')"));
    }

    @Test
    void globalSubstitutionsComeBeforeTheMacros() {
        assertEquals("60000 1m 1795168800 1795170000", pg("$__interval_ms $__interval $__unixEpochFrom() $__unixEpochTo()"));
        assertEquals("time_bucket('60.000s',t)", ts("$__timeGroup(t, $__interval)"));
        assertEquals("2d 12h 30s 250ms", String.join(" ",
                GrafanaMacros.formatInterval(Duration.ofHours(50)), GrafanaMacros.formatInterval(Duration.ofHours(12)),
                GrafanaMacros.formatInterval(Duration.ofSeconds(30)), GrafanaMacros.formatInterval(Duration.ofMillis(250))));
    }

    @Test
    void unixEpochMacrosUseSecondsAndNanoseconds() {
        assertEquals("ts >= 1795168800 AND ts <= 1795170000", pg("$__unixEpochFilter(ts)"));
        assertEquals("1795170000250000000", pg("$__unixEpochNanoTo()"));
        assertEquals("floor((ts)/300)*300 AS \"time\"", pg("$__unixEpochGroupAlias(ts, '5m')"));
        assertEquals("extract(epoch from t) as \"time\"", pg("$__timeEpoch(t)"));
        assertEquals("t AS \"time\"", pg("$__time(t)"));
    }

    @Test
    void textWithoutMacrosIsUnchanged() {
        String sql = "SELECT 'a$b', $1, x FROM t WHERE y = '$(z)'";
        assertTrue(pg(sql).startsWith("SELECT 'a$b', $1, x"), pg(sql));
    }

    @Test
    void mistakesAreErrorsAsInGrafana() {
        assertEquals("unknown macro \"__timeFiltr\"",
                assertThrows(IllegalArgumentException.class, () -> pg("$__timeFiltr(t)")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> pg("$__timeGroup(t)"));
        assertEquals("error parsing interval '1 minute'",
                assertThrows(IllegalArgumentException.class, () -> pg("$__timeGroup(t, '1 minute')")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> pg("$__timeFilter()"));
    }
}
