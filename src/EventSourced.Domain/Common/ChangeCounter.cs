using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace EventSourced.Domain.Common;

/// <summary>
/// A version of one table: a number that grows with every statement writing it, however it is written (a
/// command, the daemon, a rebuild, a bulk load, a truncate), moved by statement triggers in the writing
/// transaction. What is read in one statement with the version (or after reading it) is current for as long
/// as the version stands still, so a figure or a copy can be reused per version instead of read again.
/// </summary>
/// <remarks>
/// With several <see cref="Slots"/> the counter is spread over rows chosen by the writing backend, so
/// concurrent writers do not queue on one row lock until they commit; the version is the sum, which only grows.
/// </remarks>
/// <param name="CounterTable">The counter's table.</param>
/// <param name="KeyColumn">Its key column (the slot).</param>
/// <param name="Function">The trigger function's name, and the prefix of the triggers' names.</param>
/// <param name="WatchedTable">The table whose writes move the counter.</param>
/// <param name="Slots">Rows the counter is spread over; one keeps it in the row with key 1.</param>
public sealed record ChangeCounter(string CounterTable, string KeyColumn, string Function, string WatchedTable, int Slots)
{
    /// <summary>The version as a SQL expression, to read in the same statement (the same snapshot) as what it versions.</summary>
    public string VersionSql(string schema) => $"(select coalesce(sum(version), 0)::bigint from {schema}.{CounterTable})";

    public IEnumerable<ISchemaObject> SchemaObjects(string schema)
    {
        var changes = new Table(new PostgresqlObjectName(schema, CounterTable, SchemaUtils.IdentifierUsage.General));
        changes.AddColumn<int>(KeyColumn).AsPrimaryKey();
        changes.AddColumn<long>("version").NotNull();
        yield return changes;
        var slot = Slots == 1 ? "1" : $"pg_backend_pid() % {Slots}";
        yield return new Function(new PostgresqlObjectName(schema, Function, SchemaUtils.IdentifierUsage.Function), $$"""
            CREATE OR REPLACE FUNCTION {{schema}}.{{Function}}() RETURNS trigger
            LANGUAGE plpgsql AS $function$
            BEGIN
              INSERT INTO {{schema}}.{{CounterTable}} AS c ({{KeyColumn}}, version) VALUES ({{slot}}, 1)
                ON CONFLICT ({{KeyColumn}}) DO UPDATE SET version = c.version + 1;
              RETURN NULL;
            END;
            $function$;
            """);

        // One event per trigger and the function unqualified on the search path: how pg_get_triggerdef
        // reads them back, so the schema check finds nothing to change (see AppendOnlyEvents).
        var call = schema == "public" ? $"{Function}()" : $"{schema}.{Function}()";
        var watched = new PostgresqlObjectName(schema, WatchedTable, SchemaUtils.IdentifierUsage.General);
        foreach (var (suffix, on) in new[] { ("insert", TriggerEvents.Insert), ("update", TriggerEvents.Update), ("delete", TriggerEvents.Delete), ("truncate", TriggerEvents.Truncate) })
        {
            yield return new Trigger(new PostgresqlObjectName(schema, $"{Function}_{suffix}", SchemaUtils.IdentifierUsage.General), watched, call)
            {
                Timing = TriggerTiming.After,
                Events = on,
                ForEachRow = false,
            };
        }
    }
}
