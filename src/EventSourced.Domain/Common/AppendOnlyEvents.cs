using Marten;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Core.Migrations;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Triggers;

namespace EventSourced.Domain.Common;

/// <summary>
/// Makes <c>mt_events</c> append-only in the database itself: a row trigger refuses DELETE and any
/// UPDATE that touches a column other than the ones Marten maintains after the fact (the archive
/// flag), and a statement trigger refuses TRUNCATE. It is registered as a Marten feature, so the
/// schema Marten creates or patches always carries it, and it is ordered after the event tables.
/// </summary>
public sealed class AppendOnlyEvents : FeatureSchemaBase
{
    private readonly string _schema;

    public AppendOnlyEvents(StoreOptions options)
        : base(nameof(AppendOnlyEvents), options.Advanced.Migrator)
    {
        _schema = options.Events.DatabaseSchemaName;
    }

    public override Type StorageType => typeof(AppendOnlyEvents);

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var function = new Function(new PostgresqlObjectName(_schema, "mt_refuse_event_change", SchemaUtils.IdentifierUsage.Function), $$"""
            CREATE OR REPLACE FUNCTION {{_schema}}.mt_refuse_event_change() RETURNS trigger
            LANGUAGE plpgsql AS $function$
            BEGIN
              IF TG_OP = 'UPDATE'
                 AND (to_jsonb(NEW) - 'is_archived') = (to_jsonb(OLD) - 'is_archived') THEN
                RETURN NEW;
              END IF;
              RAISE EXCEPTION 'stored events are append-only: % on %.mt_events is refused', TG_OP, TG_TABLE_SCHEMA
                USING ERRCODE = 'insufficient_privilege';
            END;
            $function$;
            """);
        yield return function;

        var events = new PostgresqlObjectName(_schema, "mt_events", SchemaUtils.IdentifierUsage.General);
        yield return new Trigger(new PostgresqlObjectName(_schema, "mt_events_append_only", SchemaUtils.IdentifierUsage.General), events, $"{_schema}.mt_refuse_event_change()")
        {
            Timing = TriggerTiming.Before,
            Events = TriggerEvents.Update | TriggerEvents.Delete,
            ForEachRow = true,
        };
        yield return new Trigger(new PostgresqlObjectName(_schema, "mt_events_no_truncate", SchemaUtils.IdentifierUsage.General), events, $"{_schema}.mt_refuse_event_change()")
        {
            Timing = TriggerTiming.Before,
            Events = TriggerEvents.Truncate,
            ForEachRow = false,
        };
    }
}
