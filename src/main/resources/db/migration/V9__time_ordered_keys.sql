-- Plain PostgreSQL: the primary keys of zone_visits, trips and tag_reads lead with the time column after the store, so
-- that new rows, which come in time order, are added at the right edge of the key's index instead of at places spread over
-- all of it by their UUIDs. An index that spreads its inserts touches a page of it for nearly every row, and once it
-- outgrows shared_buffers that is a read and a full-page image in the WAL each; one added at its edge keeps touching
-- the same few pages. The keys hold the same columns, so ON CONFLICT and the ids are unchanged, and a store's rows in
-- a time range are found by the key: trips_store_time and tag_reads_store_time are the keys' first two columns now,
-- and are dropped.
-- TimescaleDB keeps each chunk's indexes small, and its hypertables keep the keys they have.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        RAISE NOTICE 'timescaledb: the hypertables keep their keys';
        RETURN;
    END IF;
    ALTER TABLE zone_visits DROP CONSTRAINT zone_visits_pkey,
        ADD CONSTRAINT zone_visits_pkey PRIMARY KEY (store_id, enter_time, visit_id);
    ALTER TABLE trips DROP CONSTRAINT trips_pkey,
        ADD CONSTRAINT trips_pkey PRIMARY KEY (store_id, start_time, trip_id);
    DROP INDEX trips_store_time;
    ALTER TABLE tag_reads DROP CONSTRAINT tag_reads_pkey,
        ADD CONSTRAINT tag_reads_pkey PRIMARY KEY (store_id, time, reader_id, antenna, epc);
    DROP INDEX tag_reads_store_time;
END
$$;
