using System.Collections.Concurrent;
using EventSourced.Domain.Members;
using EventSourced.Domain.Members.MemberList;
using Marten;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// The member list's pages and the worklists, reused while the member register stands still
/// (<see cref="MemberRegisterChanges"/>): the city's list counted 475,000 members and the worklists
/// gathered and sorted thousands of candidates on every page, for a figure that changes only when a
/// member's record does. What is reused is exactly what the query would answer now; searches are not
/// kept (too many different ones to be worth it).
/// </summary>
public sealed class MemberListCache
{
    private const int MaxEntries = 512;

    /// <summary>Members held across all entries (a worklist keeps 200, a list page 50): bounds the memory, a few kilobytes each.</summary>
    private const int MaxMembers = 20_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    private int _members;

    /// <summary>The query's page and total, run now or reused from the same register version.</summary>
    public async Task<(IReadOnlyList<Member> Members, int Total)> RunAsync(IQuerySession session, MemberListQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(query);
        if (query.Searching)
        {
            return await query.RunAsync(session, ct);
        }

        // Read before the query, each in its own statement: a change committed in between is in the answer
        // but moves the version past the one stored with it, so the next page counts again; an answer is
        // never older than its version.
        var version = await VersionAsync(session, ct);
        var key = $"{session.TenantId}:{query.Key()}";
        if (_entries.TryGetValue(key, out var entry) && entry.Version == version)
        {
            return entry.Value;
        }

        var value = await query.RunAsync(session, ct);
        if (_entries.Count >= MaxEntries || Interlocked.Add(ref _members, value.Members.Count) > MaxMembers)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _members, value.Members.Count);
        }

        _entries[key] = new Entry(version, value);
        return value;
    }

    /// <summary>The member register's version as this session's database has it now.</summary>
    public static async Task<long> VersionAsync(IQuerySession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var rows = await session.QueryAsync<long>($"select {MemberRegisterChanges.VersionSql(session.DocumentStore.Options.DatabaseSchemaName)}", ct);
        return rows.Count > 0 ? rows[0] : 0;
    }

    private sealed record Entry(long Version, (IReadOnlyList<Member> Members, int Total) Value);
}
