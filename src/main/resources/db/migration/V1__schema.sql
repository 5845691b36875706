-- TagTrail schema: the data contract of DESIGN.md. Works on plain PostgreSQL; V2 adds TimescaleDB features
-- when the extension is available.

CREATE TABLE stores (
    store_id        text PRIMARY KEY,
    name            text        NOT NULL,
    timezone        text        NOT NULL DEFAULT 'UTC',
    layout_version  integer     NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE layout_versions (
    store_id        text        NOT NULL REFERENCES stores (store_id),
    layout_version  integer     NOT NULL,
    effective_from  timestamptz NOT NULL,
    loaded_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, layout_version)
);

CREATE TABLE zones (
    store_id        text        NOT NULL REFERENCES stores (store_id),
    zone_id         text        NOT NULL,
    floor           integer     NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('entrance', 'department', 'aisle', 'counter', 'checkout',
                                                        'escalator', 'fitting_room', 'other')),
    name            text        NOT NULL,
    x               double precision,
    y               double precision,
    w               double precision,
    h               double precision,
    layout_version  integer     NOT NULL,
    PRIMARY KEY (store_id, zone_id)
);

CREATE TABLE zone_adjacency (
    store_id        text NOT NULL,
    zone_id         text NOT NULL,
    neighbour_id    text NOT NULL,
    PRIMARY KEY (store_id, zone_id, neighbour_id)
);

CREATE TABLE readers (
    store_id        text NOT NULL REFERENCES stores (store_id),
    reader_id       text NOT NULL,
    hostname        text,
    PRIMARY KEY (store_id, reader_id)
);

CREATE TABLE reader_antennas (
    store_id        text    NOT NULL,
    reader_id       text    NOT NULL,
    antenna         integer NOT NULL,
    zone_id         text    NOT NULL,
    PRIMARY KEY (store_id, reader_id, antenna)
);

-- The CRM's side: input to the member join.
CREATE TABLE member_cards (
    epc             text        PRIMARY KEY,
    member_id       text        NOT NULL,
    tier            text        NOT NULL,
    segment         text,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Raw reads (optional, retained short).
CREATE TABLE tag_reads (
    time            timestamptz NOT NULL,
    store_id        text        NOT NULL,
    reader_id       text        NOT NULL,
    antenna         integer     NOT NULL,
    epc             text        NOT NULL,
    rssi            real        NOT NULL,
    read_count      integer     NOT NULL DEFAULT 1,
    PRIMARY KEY (store_id, reader_id, antenna, epc, time)
);
CREATE INDEX tag_reads_store_time ON tag_reads (store_id, time DESC);

-- Reads that arrived after their time was final: kept raw, never applied, never silently dropped.
CREATE TABLE late_reads (
    time            timestamptz NOT NULL,
    store_id        text        NOT NULL,
    reader_id       text        NOT NULL,
    antenna         integer     NOT NULL,
    epc             text        NOT NULL,
    rssi            real        NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX late_reads_store_time ON late_reads (store_id, time DESC);

CREATE TABLE zone_visits (
    store_id        text             NOT NULL,
    zone_id         text             NOT NULL,
    visit_id        uuid             NOT NULL,
    epc             text             NOT NULL,
    member_id       text,
    tier            text,
    segment         text,
    enter_time      timestamptz      NOT NULL,
    exit_time       timestamptz      NOT NULL,
    dwell_s         double precision NOT NULL,
    read_count      integer          NOT NULL,
    floor           integer          NOT NULL,
    zone_kind       text             NOT NULL,
    -- counters only: a stop (dwell at least the engagement threshold) or a pass-by; NULL for other zones
    counter_stop    boolean,
    PRIMARY KEY (store_id, visit_id, enter_time)
);
CREATE INDEX zone_visits_zone_time ON zone_visits (store_id, zone_id, enter_time DESC);
CREATE INDEX zone_visits_epc_time ON zone_visits (epc, enter_time DESC);

CREATE TABLE trips (
    store_id         text             NOT NULL,
    trip_id          uuid             NOT NULL,
    epc              text             NOT NULL,
    member_id        text,
    tier             text,
    segment          text,
    start_time       timestamptz      NOT NULL,
    end_time         timestamptz      NOT NULL,
    duration_s       double precision NOT NULL,
    zone_count       integer          NOT NULL,
    path             text[]           NOT NULL,
    left_by_entrance boolean          NOT NULL,
    PRIMARY KEY (store_id, trip_id, start_time)
);
CREATE INDEX trips_store_time ON trips (store_id, start_time DESC);

CREATE TABLE zone_traffic_1m (
    bucket          timestamptz      NOT NULL,
    store_id        text             NOT NULL,
    zone_id         text             NOT NULL,
    floor           integer          NOT NULL,
    entries         integer          NOT NULL,
    unique_visitors integer          NOT NULL,
    avg_occupancy   double precision NOT NULL,
    peak_occupancy  integer          NOT NULL,
    PRIMARY KEY (store_id, zone_id, bucket)
);
CREATE INDEX zone_traffic_1m_bucket ON zone_traffic_1m (bucket DESC);

CREATE TABLE floor_traffic_1m (
    bucket          timestamptz      NOT NULL,
    store_id        text             NOT NULL,
    floor           integer          NOT NULL,
    entries         integer          NOT NULL,
    unique_visitors integer          NOT NULL,
    avg_occupancy   double precision NOT NULL,
    peak_occupancy  integer          NOT NULL,
    PRIMARY KEY (store_id, floor, bucket)
);

CREATE TABLE zone_occupancy (
    time            timestamptz NOT NULL,
    store_id        text        NOT NULL,
    zone_id         text        NOT NULL,
    occupancy       integer     NOT NULL,
    PRIMARY KEY (store_id, zone_id, time)
);
CREATE INDEX zone_occupancy_time ON zone_occupancy (time DESC);

-- Counter dwell: the zone visits of counter zones, with stop / pass-by.
CREATE VIEW counter_dwell AS
SELECT v.store_id, v.zone_id, z.name AS counter_name, v.floor, v.visit_id, v.epc, v.member_id, v.tier, v.segment,
       v.enter_time, v.exit_time, v.dwell_s, v.counter_stop AS is_stop
FROM zone_visits v
JOIN zones z ON z.store_id = v.store_id AND z.zone_id = v.zone_id
WHERE v.zone_kind = 'counter';
