-- Reader health per minute of the store's clock: reads taken in, reads rejected (malformed, unknown antenna,
-- future timestamp, ...), late reads and the newest reader timestamp. Readers named by a topic but absent from the
-- layout appear under that name with their rejections.
CREATE TABLE reader_health_1m (
    bucket          timestamptz NOT NULL,
    store_id        text        NOT NULL,
    reader_id       text        NOT NULL,
    in_layout       boolean     NOT NULL,
    reads           bigint      NOT NULL,
    rejected        bigint      NOT NULL,
    late            bigint      NOT NULL,
    last_read_at    timestamptz,
    PRIMARY KEY (store_id, reader_id, bucket)
);
CREATE INDEX reader_health_1m_bucket ON reader_health_1m (bucket DESC);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('reader_health_1m', 'bucket', chunk_time_interval => interval '7 days',
                                  migrate_data => true);
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tagtrail_reader') THEN
        GRANT SELECT ON reader_health_1m TO tagtrail_reader;
    END IF;
END
$$;
