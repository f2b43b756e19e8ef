using Weasel.Core;

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

    public static readonly Common.ChangeCounter Counter = new(TableName, "slot", "member_register_changed", "mt_doc_member", Slots);

    /// <summary>The version as a SQL expression, to read in the same statement (the same snapshot) as what it versions.</summary>
    public static string VersionSql(string schema) => Counter.VersionSql(schema);

    public static IEnumerable<ISchemaObject> SchemaObjects(string schema) => Counter.SchemaObjects(schema);
}
