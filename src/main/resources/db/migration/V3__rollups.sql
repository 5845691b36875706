-- Hourly and daily roll-ups of zone traffic and counter dwell, under the same names and columns on TimescaleDB and
-- on plain PostgreSQL, so that every dashboard query works on both; compression settings on TimescaleDB; late reads
-- made idempotent like every other table. Retention, compression and refresh *policies* are configuration and are
-- applied at start-up by io.tagtrail.db.StoragePolicies, not here. See docs/storage.md.
--
-- zone_traffic_1h / zone_traffic_1d (from zone_traffic_1m):
--   bucket, store_id, zone_id, floor,
--   entries          visits that began in the bucket (exact: a sum of per-minute entries)
--   visitor_minutes  sum of per-minute unique visitors. NOT distinct visitors of the bucket: one shopper present
--                    in 10 minutes of the hour counts 10. Distinct visitors need zone_visits (see docs/storage.md).
--   shopper_minutes  shopper-minutes present in the zone during the bucket
--   avg_occupancy    time-weighted mean occupancy over the whole bucket (shopper_minutes / minutes in the bucket;
--                    minutes without a row had nobody in the store)
--   peak_occupancy   most shoppers present at one instant
-- counter_dwell_1h / counter_dwell_1d (from zone_visits of counter zones, by the bucket the visit began in):
--   bucket, store_id, zone_id, floor, visits, stops, pass_bys, median_dwell_s, p90_dwell_s, avg_dwell_s,
--   total_dwell_s, median_stop_dwell_s
-- Buckets are UTC hours and UTC days.
--
-- TimescaleDB: zone_traffic_* are continuous aggregates (real-time: the not yet materialized tail is computed on
-- query). counter_dwell_* are plain views on both databases, because continuous aggregates cannot hold ordered-set
-- aggregates (percentile_cont) and exact medians cannot be combined from partial aggregates; on TimescaleDB they use
-- time_bucket so that a filter on bucket excludes chunks.

-- Late reads: one row per read, however often the same reads are replayed.
DELETE FROM late_reads a USING late_reads b
WHERE a.ctid < b.ctid AND a.time = b.time AND a.store_id = b.store_id AND a.reader_id = b.reader_id
  AND a.antenna = b.antenna AND a.epc = b.epc;
ALTER TABLE late_reads ADD PRIMARY KEY (store_id, reader_id, antenna, epc, time);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        -- Continuous aggregates may be created in a transaction only WITH NO DATA; the refresh policy fills them.
        EXECUTE $q$
            CREATE MATERIALIZED VIEW zone_traffic_1h
            WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
            SELECT time_bucket(interval '1 hour', bucket) AS bucket, store_id, zone_id, floor,
                   sum(entries)::bigint AS entries,
                   sum(unique_visitors)::bigint AS visitor_minutes,
                   sum(avg_occupancy) AS shopper_minutes,
                   sum(avg_occupancy) / 60 AS avg_occupancy,
                   max(peak_occupancy) AS peak_occupancy
            FROM zone_traffic_1m
            GROUP BY time_bucket(interval '1 hour', bucket), store_id, zone_id, floor
            WITH NO DATA $q$;
        EXECUTE $q$
            CREATE MATERIALIZED VIEW zone_traffic_1d
            WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
            SELECT time_bucket(interval '1 day', bucket) AS bucket, store_id, zone_id, floor,
                   sum(entries)::bigint AS entries,
                   sum(unique_visitors)::bigint AS visitor_minutes,
                   sum(avg_occupancy) AS shopper_minutes,
                   sum(avg_occupancy) / 1440 AS avg_occupancy,
                   max(peak_occupancy) AS peak_occupancy
            FROM zone_traffic_1m
            GROUP BY time_bucket(interval '1 day', bucket), store_id, zone_id, floor
            WITH NO DATA $q$;
        EXECUTE $q$
            CREATE VIEW counter_dwell_1h AS
            SELECT time_bucket(interval '1 hour', enter_time) AS bucket, store_id, zone_id, floor,
                   count(*) AS visits,
                   count(*) FILTER (WHERE counter_stop) AS stops,
                   count(*) FILTER (WHERE NOT counter_stop) AS pass_bys,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_s) AS median_dwell_s,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY dwell_s) AS p90_dwell_s,
                   avg(dwell_s) AS avg_dwell_s,
                   sum(dwell_s) AS total_dwell_s,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_s) FILTER (WHERE counter_stop)
                       AS median_stop_dwell_s
            FROM zone_visits
            WHERE zone_kind = 'counter'
            GROUP BY time_bucket(interval '1 hour', enter_time), store_id, zone_id, floor $q$;
        EXECUTE $q$
            CREATE VIEW counter_dwell_1d AS
            SELECT time_bucket(interval '1 day', enter_time) AS bucket, store_id, zone_id, floor,
                   count(*) AS visits,
                   count(*) FILTER (WHERE counter_stop) AS stops,
                   count(*) FILTER (WHERE NOT counter_stop) AS pass_bys,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_s) AS median_dwell_s,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY dwell_s) AS p90_dwell_s,
                   avg(dwell_s) AS avg_dwell_s,
                   sum(dwell_s) AS total_dwell_s,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_s) FILTER (WHERE counter_stop)
                       AS median_stop_dwell_s
            FROM zone_visits
            WHERE zone_kind = 'counter'
            GROUP BY time_bucket(interval '1 day', enter_time), store_id, zone_id, floor $q$;

        -- Compression layout (the policies that compress are applied at start-up). Segment by what queries filter
        -- on, order by time; every column of a unique key is a segment-by or order-by column.
        ALTER TABLE tag_reads SET (timescaledb.compress, timescaledb.compress_segmentby = 'store_id, reader_id',
            timescaledb.compress_orderby = 'time DESC, antenna, epc');
        ALTER TABLE late_reads SET (timescaledb.compress, timescaledb.compress_segmentby = 'store_id, reader_id',
            timescaledb.compress_orderby = 'time DESC, antenna, epc');
        ALTER TABLE zone_visits SET (timescaledb.compress, timescaledb.compress_segmentby = 'store_id, zone_id',
            timescaledb.compress_orderby = 'enter_time DESC, visit_id');
        ALTER TABLE trips SET (timescaledb.compress, timescaledb.compress_segmentby = 'store_id',
            timescaledb.compress_orderby = 'start_time DESC, trip_id');
        ALTER TABLE zone_traffic_1m SET (timescaledb.compress, timescaledb.compress_segmentby = 'store_id, zone_id',
            timescaledb.compress_orderby = 'bucket DESC');
        ALTER TABLE floor_traffic_1m SET (timescaledb.compress, timescaledb.compress_segmentby = 'store_id, floor',
            timescaledb.compress_orderby = 'bucket DESC');
        ALTER TABLE zone_occupancy SET (timescaledb.compress, timescaledb.compress_segmentby = 'store_id, zone_id',
            timescaledb.compress_orderby = 'time DESC');
    ELSE
        -- Plain PostgreSQL: the same names and columns as views; date_bin on the same origin as time_bucket gives the
        -- same buckets. Expression indexes let a filter on bucket use an index instead of scanning everything.
        CREATE VIEW zone_traffic_1h AS
        SELECT date_bin(interval '1 hour', bucket, timestamptz '2000-01-03 00:00:00+00') AS bucket,
               store_id, zone_id, floor,
               sum(entries)::bigint AS entries,
               sum(unique_visitors)::bigint AS visitor_minutes,
               sum(avg_occupancy) AS shopper_minutes,
               sum(avg_occupancy) / 60 AS avg_occupancy,
               max(peak_occupancy) AS peak_occupancy
        FROM zone_traffic_1m
        GROUP BY 1, store_id, zone_id, floor;
        CREATE VIEW zone_traffic_1d AS
        SELECT date_bin(interval '1 day', bucket, timestamptz '2000-01-03 00:00:00+00') AS bucket,
               store_id, zone_id, floor,
               sum(entries)::bigint AS entries,
               sum(unique_visitors)::bigint AS visitor_minutes,
               sum(avg_occupancy) AS shopper_minutes,
               sum(avg_occupancy) / 1440 AS avg_occupancy,
               max(peak_occupancy) AS peak_occupancy
        FROM zone_traffic_1m
        GROUP BY 1, store_id, zone_id, floor;
        CREATE VIEW counter_dwell_1h AS
        SELECT date_bin(interval '1 hour', enter_time, timestamptz '2000-01-03 00:00:00+00') AS bucket,
               store_id, zone_id, floor,
               count(*) AS visits,
               count(*) FILTER (WHERE counter_stop) AS stops,
               count(*) FILTER (WHERE NOT counter_stop) AS pass_bys,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_s) AS median_dwell_s,
               percentile_cont(0.9) WITHIN GROUP (ORDER BY dwell_s) AS p90_dwell_s,
               avg(dwell_s) AS avg_dwell_s,
               sum(dwell_s) AS total_dwell_s,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_s) FILTER (WHERE counter_stop)
                   AS median_stop_dwell_s
        FROM zone_visits
        WHERE zone_kind = 'counter'
        GROUP BY 1, store_id, zone_id, floor;
        CREATE VIEW counter_dwell_1d AS
        SELECT date_bin(interval '1 day', enter_time, timestamptz '2000-01-03 00:00:00+00') AS bucket,
               store_id, zone_id, floor,
               count(*) AS visits,
               count(*) FILTER (WHERE counter_stop) AS stops,
               count(*) FILTER (WHERE NOT counter_stop) AS pass_bys,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_s) AS median_dwell_s,
               percentile_cont(0.9) WITHIN GROUP (ORDER BY dwell_s) AS p90_dwell_s,
               avg(dwell_s) AS avg_dwell_s,
               sum(dwell_s) AS total_dwell_s,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_s) FILTER (WHERE counter_stop)
                   AS median_stop_dwell_s
        FROM zone_visits
        WHERE zone_kind = 'counter'
        GROUP BY 1, store_id, zone_id, floor;

        CREATE INDEX zone_traffic_1m_hour
            ON zone_traffic_1m (date_bin(interval '1 hour', bucket, timestamptz '2000-01-03 00:00:00+00'));
        CREATE INDEX zone_traffic_1m_day
            ON zone_traffic_1m (date_bin(interval '1 day', bucket, timestamptz '2000-01-03 00:00:00+00'));
        CREATE INDEX zone_visits_counter_hour
            ON zone_visits (date_bin(interval '1 hour', enter_time, timestamptz '2000-01-03 00:00:00+00'))
            WHERE zone_kind = 'counter';
        CREATE INDEX zone_visits_counter_day
            ON zone_visits (date_bin(interval '1 day', enter_time, timestamptz '2000-01-03 00:00:00+00'))
            WHERE zone_kind = 'counter';
    END IF;
END
$$;
