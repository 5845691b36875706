-- Keys the service generates once and shares between its instances, such as the member pseudonymisation key
-- (when none is configured). Never readable by the dashboards' read-only role.
CREATE TABLE tagtrail_secrets (
    name        text        PRIMARY KEY,
    value       bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tagtrail_reader') THEN
        REVOKE ALL ON tagtrail_secrets FROM tagtrail_reader;
    END IF;
END
$$;
