-- The latest event time at which a store held no shopper state: a restarted instance rebuilds the store's
-- open visits and trips by replaying the raw reads that follow it.
CREATE TABLE store_checkpoints (
    store_id    text        PRIMARY KEY,
    quiet_at    timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
