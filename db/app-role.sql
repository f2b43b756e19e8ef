-- The least-privilege role the application runs as in production (psql -v app_password=... -f db/app-role.sql).
-- The schema (db/schema.sql, db/wolverine.sql) is applied by the owner role at deployment; the
-- application then runs with EventStore__ManageSchema=false, so it never needs DDL rights.
-- Stored events can be appended, never rewritten, archived or removed: the triggers in
-- schema.sql refuse that for every role, and this role is not even granted it.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'eventsourced_app') THEN
    CREATE ROLE eventsourced_app LOGIN;
  END IF;
END
$$;
ALTER ROLE eventsourced_app PASSWORD :'app_password';

GRANT CONNECT ON DATABASE :"DBNAME" TO eventsourced_app;
GRANT USAGE ON SCHEMA public TO eventsourced_app;

-- Documents, projections and Wolverine's message storage are read and written freely.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO eventsourced_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO eventsourced_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO eventsourced_app;

-- The event log: read and append; nothing else. Not even the archive flag: the application never archives a
-- stream, and an archived event is hidden from every projection and rebuild as if it had been deleted.
REVOKE UPDATE, DELETE, TRUNCATE ON public.mt_events FROM eventsourced_app;
REVOKE UPDATE (is_archived) ON public.mt_events FROM eventsourced_app;
REVOKE DELETE, TRUNCATE ON public.mt_streams FROM eventsourced_app;

-- The hash chain over the event log and its checkpoints: linked and kept, never rewritten.
REVOKE UPDATE, DELETE, TRUNCATE ON public.event_chain, public.event_chain_checkpoints FROM eventsourced_app;
