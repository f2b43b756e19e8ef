using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace EventSourced.Domain.Members.MemberList;

/// <summary>
/// The member register's version: a number that grows with every statement writing the member
/// snapshots (<c>mt_doc_member</c>), however they are written (a command, a rebuild, a bulk load, a
/// truncate), in the writing transaction. A figure read in one statement with the version is exact for
/// as long as the version stands still, so the member list's counts and the worklists are reused per
/// version (decision 0029) instead of counting half a million members on every page.
/// </summary>
/// <remarks>
/// The counter is spread over <see cref="Slots"/> rows chosen by the writing backend, so concurrent
/// commands do not queue on one row lock until they commit; the version is the sum, which only grows.
/// </remarks>
public static class MemberRegisterChanges
{
    public const string TableName = "member_register_changes";

    public const int Slots = 16;

    /// <summary>The version as a SQL expression, to read in the same statement (the same snapshot) as what it versions.</summary>
    public static string VersionSql(string schema) => $"(select coalesce(sum(version), 0)::bigint from {schema}.{TableName})";

    public static IEnumerable<ISchemaObject> SchemaObjects(string schema)
    {
        var changes = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        changes.AddColumn<int>("slot").AsPrimaryKey();
        changes.AddColumn<long>("version").NotNull();
        yield return changes;
        yield return new Function(new PostgresqlObjectName(schema, "member_register_changed", SchemaUtils.IdentifierUsage.Function), $$"""
            CREATE OR REPLACE FUNCTION {{schema}}.member_register_changed() RETURNS trigger
            LANGUAGE plpgsql AS $function$
            BEGIN
              INSERT INTO {{schema}}.{{TableName}} AS c (slot, version) VALUES (pg_backend_pid() % {{Slots}}, 1)
                ON CONFLICT (slot) DO UPDATE SET version = c.version + 1;
              RETURN NULL;
            END;
            $function$;
            """);

        // As the rollout spans' counter: one event per trigger, the function unqualified on the search path,
        // how pg_get_triggerdef reads them back.
        var call = schema == "public" ? "member_register_changed()" : $"{schema}.member_register_changed()";
        var members = new PostgresqlObjectName(schema, "mt_doc_member", SchemaUtils.IdentifierUsage.General);
        foreach (var (name, on) in new[] { ("member_register_changed_insert", TriggerEvents.Insert), ("member_register_changed_update", TriggerEvents.Update), ("member_register_changed_delete", TriggerEvents.Delete), ("member_register_changed_truncate", TriggerEvents.Truncate) })
        {
            yield return new Trigger(new PostgresqlObjectName(schema, name, SchemaUtils.IdentifierUsage.General), members, call)
            {
                Timing = TriggerTiming.After,
                Events = on,
                ForEachRow = false,
            };
        }
    }
}
