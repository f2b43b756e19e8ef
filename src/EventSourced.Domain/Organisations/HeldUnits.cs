using System.Collections.Concurrent;
using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Organisations;

/// <summary>
/// Every unit's snapshot, held in memory per database for the commands that decide against the tree
/// (admissions, transfers, structural changes...). Each use checks, on the command's own session, the
/// unit table's version (<see cref="Changes"/>, moved by triggers on every write) and reloads when it moved, so a
/// command never decides on a tree older than the moment it runs, whichever node or tool changed it;
/// what it saves is reading and deserialising every unit (17,643 at city scale, 10 MB of JSON) for
/// every command. The snapshots and trees are shared between commands and never changed.
/// </summary>
public static class HeldUnits
{
    private const int TreesPerDatabase = 32;

    private static readonly ConcurrentDictionary<(JasperFx.Descriptors.DatabaseId Database, string Schema), Held> All = new();

    /// <summary>The tree on <paramref name="date"/>, from the units as they are now in the session's database.</summary>
    public static async Task<OrganisationTree> TreeAsync(IQuerySession session, LocalDate date, CancellationToken ct) =>
        (await CurrentAsync(session, ct)).TreeOn(date);

    /// <summary>
    /// The units as they are now in the session's database: the held ones when the token says nothing
    /// changed. The screens' directory keeps the result for a moment between checks; it is the same copy.
    /// </summary>
    public static Task<Snapshot> CurrentAsync(IQuerySession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var held = All.GetOrAdd((session.Database.Id, session.DocumentStore.Options.DatabaseSchemaName), _ => new Held());
        return CurrentAsync(session, held, ct);
    }

    private static async Task<Snapshot> CurrentAsync(IQuerySession session, Held held, CancellationToken ct)
    {
        var token = await TokenAsync(session, ct);
        var snapshot = held.Snapshot;
        if (snapshot?.Token == token)
        {
            return snapshot;
        }

        // One command reloads; the others that found the same change wait for it instead of reading too.
        await held.Lock.WaitAsync(ct);
        try
        {
            if (held.Snapshot is { } loaded && loaded.Token == token)
            {
                return loaded;
            }

            // Read after the token: a change committed in between makes the units newer than their token,
            // and the next command reloads; never the other way round.
            var units = await session.Query<Organisation>().ToListAsync(ct);
            held.Snapshot = new Snapshot(token, [.. units]);
            return held.Snapshot;
        }
        finally
        {
            held.Lock.Release();
        }
    }

    /// <summary>
    /// The version of the unit snapshots' table, moved by every statement writing it (a command, a rebuild,
    /// a delete or truncate). One row read, where counting and summing the table's 17,643 rows at city
    /// scale took 15–18 ms under load on every command.
    /// </summary>
    public static readonly ChangeCounter Changes = new("organisation_changes", "id", "organisation_changed", "mt_doc_organisation", 1);

    private static async Task<string> TokenAsync(IQuerySession session, CancellationToken ct)
    {
        var rows = await session.QueryAsync<long>($"select {Changes.VersionSql(session.DocumentStore.Options.DatabaseSchemaName)}", ct);
        return rows.Count > 0 ? rows[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
    }

#pragma warning disable CA1001 // Held for the process's lifetime, like the dictionary that holds it.
    private sealed class Held
#pragma warning restore CA1001
    {
        public readonly SemaphoreSlim Lock = new(1, 1);

        public Snapshot? Snapshot;
    }

    /// <summary>One database's units at one moment, and the trees of the dates asked for; never changed once built.</summary>
    public sealed class Snapshot
    {
        private readonly ConcurrentDictionary<LocalDate, OrganisationTree> _trees = new();

        internal Snapshot(string token, IReadOnlyList<Organisation> units)
        {
            Token = token;
            Units = units;
        }

        internal string Token { get; }

        public IReadOnlyList<Organisation> Units { get; }

        /// <summary>The tree on <paramref name="date"/>, built once per snapshot (the same object each time, up to 32 dates).</summary>
        public OrganisationTree TreeOn(LocalDate date) => _trees.GetOrAdd(date, day =>
        {
            if (_trees.Count >= TreesPerDatabase)
            {
                _trees.Clear();
            }

            return OrganisationTree.AsOf(day, Units);
        });
    }
}
