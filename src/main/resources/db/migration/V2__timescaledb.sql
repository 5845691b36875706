-- TimescaleDB when the extension is available (installed in this database, or preloaded on the server):
-- the time-keyed tables become hypertables. On plain PostgreSQL this migration changes nothing.
DO $$
DECLARE
    preload text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
            RAISE NOTICE 'timescaledb not available: plain PostgreSQL tables';
            RETURN;
        END IF;
        -- the extension only works when the server preloads it; a user who may not read the setting just tries
        BEGIN
            preload := current_setting('shared_preload_libraries');
        EXCEPTION WHEN insufficient_privilege THEN
            preload := NULL;
        END;
        IF preload IS NOT NULL AND preload NOT LIKE '%timescaledb%' THEN
            RAISE NOTICE 'timescaledb installed but not preloaded: plain PostgreSQL tables';
            RETURN;
        END IF;
        BEGIN
            CREATE EXTENSION timescaledb;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'timescaledb cannot be created here (%): plain PostgreSQL tables', SQLERRM;
            RETURN;
        END;
    END IF;
    PERFORM create_hypertable('tag_reads', 'time', chunk_time_interval => interval '1 hour', migrate_data => true);
    PERFORM create_hypertable('late_reads', 'time', chunk_time_interval => interval '1 day', migrate_data => true);
    PERFORM create_hypertable('zone_visits', 'enter_time', chunk_time_interval => interval '1 day', migrate_data => true);
    PERFORM create_hypertable('trips', 'start_time', chunk_time_interval => interval '7 days', migrate_data => true);
    PERFORM create_hypertable('zone_traffic_1m', 'bucket', chunk_time_interval => interval '7 days', migrate_data => true);
    PERFORM create_hypertable('floor_traffic_1m', 'bucket', chunk_time_interval => interval '7 days', migrate_data => true);
    PERFORM create_hypertable('zone_occupancy', 'time', chunk_time_interval => interval '1 day', migrate_data => true);
END
$$;
