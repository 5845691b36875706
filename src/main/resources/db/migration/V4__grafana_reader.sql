-- A read-only role for Grafana and other readers: SELECT on every table and view, now and later. It is created
-- without LOGIN and without a password, because a migration is the wrong place for a secret; to let Grafana in, run
-- once, as a user allowed to (see docs/storage.md):
--
--     ALTER ROLE tagtrail_reader LOGIN PASSWORD '<the value of TAGTRAIL_GRAFANA_DB_PASSWORD>';
--
-- Roles belong to the server, not the database: when the role exists already (another TagTrail database on the same
-- server, or a DBA created it), it is only granted the privileges here. When it does not exist and the migrating user
-- may not create roles, this migration changes nothing and says so with a NOTICE; create the role as a DBA with
-- CREATE ROLE tagtrail_reader NOLOGIN, then run the GRANT statements below by hand.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tagtrail_reader') THEN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
            RAISE NOTICE 'role tagtrail_reader not created: % may not create roles; see docs/storage.md',
                current_user;
            RETURN;
        END IF;
        CREATE ROLE tagtrail_reader NOLOGIN;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO tagtrail_reader', current_database());
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO tagtrail_reader', current_schema());
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO tagtrail_reader', current_schema());
    -- tables and views that later migrations create (they are created by the same migrating user)
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO tagtrail_reader',
        current_schema());
END
$$;
