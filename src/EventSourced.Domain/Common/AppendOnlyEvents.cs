using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Triggers;

namespace EventSourced.Domain.Common;

/// <summary>
/// Makes <c>mt_events</c> append-only in the database itself: row triggers refuse DELETE and every
/// UPDATE, the archive flag's included (the application never archives a stream, and an archived event is
/// hidden from every projection and rebuild as if deleted), and a statement trigger refuses TRUNCATE. Its objects are part of the store's extra schema
/// (<see cref="ExtraSchemaObjects"/>), so the schema Marten creates or patches always carries them, after
/// the event tables. The hash chain's tables (<see cref="Audit.EventChainStorage"/>) are guarded the same way.
/// </summary>
public static class AppendOnlyEvents
{
    public static IEnumerable<ISchemaObject> SchemaObjects(string schema)
    {
        var function = new Function(new PostgresqlObjectName(schema, "mt_refuse_event_change", SchemaUtils.IdentifierUsage.Function), $$"""
            CREATE OR REPLACE FUNCTION {{schema}}.mt_refuse_event_change() RETURNS trigger
            LANGUAGE plpgsql AS $function$
            BEGIN
              RAISE EXCEPTION 'stored events are append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
            END;
            $function$;
            """);
        yield return function;

        // Written the way pg_get_triggerdef reads them back (one event per trigger, the function
        // unqualified when its schema is on the search path), or the schema check sees a difference on
        // every start and drops and re-creates the triggers on mt_events under load.
        var call = RefuseChangeCall(schema);
        var events = new PostgresqlObjectName(schema, "mt_events", SchemaUtils.IdentifierUsage.General);
        foreach (var (name, on, row) in new[] { ("mt_events_no_update", TriggerEvents.Update, true), ("mt_events_no_delete", TriggerEvents.Delete, true), ("mt_events_no_truncate", TriggerEvents.Truncate, false) })
        {
            yield return new Trigger(new PostgresqlObjectName(schema, name, SchemaUtils.IdentifierUsage.General), events, call)
            {
                Timing = TriggerTiming.Before,
                Events = on,
                ForEachRow = row,
            };
        }

        // The chain over the events is kept by the same rule, after the function it calls.
        foreach (var chainObject in Audit.EventChainStorage.SchemaObjects(schema, call))
        {
            yield return chainObject;
        }
    }

    /// <summary>How a trigger calls the refusing function, as PostgreSQL prints it back.</summary>
    public static string RefuseChangeCall(string schema) =>
        schema == "public" ? "mt_refuse_event_change()" : $"{schema}.mt_refuse_event_change()";
}
