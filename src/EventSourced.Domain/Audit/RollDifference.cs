using EventSourced.Domain.Members;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Audit;

/// <summary>How a member's line changed between two dates of a unit's roll.</summary>
public enum RollChange
{
    /// <summary>On the later roll only, admitted (or readmitted) in between.</summary>
    Joined,

    /// <summary>On the later roll only, having come from another unit (or from outside the city).</summary>
    MovedIn,

    /// <summary>On the earlier roll only, membership ended in between.</summary>
    Left,

    /// <summary>On the earlier roll only, gone to another unit (or out of the city).</summary>
    MovedOut,

    /// <summary>On both rolls with another standing (probationary to official, exempt...).</summary>
    StatusChanged,

    /// <summary>On both rolls, in another cell of the unit.</summary>
    CellChanged,
}

/// <summary>One line of the difference, with the events behind it (recorded, in effect in between).</summary>
public sealed record RollDifferenceLine(RollChange Change, RollLine? Before, RollLine? After, IReadOnlyList<AuditLogRow> Events)
{
    public RollLine Line => After ?? Before!;
}

/// <summary>The difference between a unit's roll on two dates: pure comparison, then the events behind each line from the log.</summary>
public static class RollDifference
{
    /// <summary>
    /// Compares the two rolls member by member. A member's lines as hosted elsewhere are left out: the
    /// home cell counts them. <paramref name="periods"/> tells whether a member's membership began or
    /// ended between the dates (joined/left) rather than moving.
    /// </summary>
    public static IReadOnlyList<(RollChange Change, RollLine? Before, RollLine? After)> Compare(
        IReadOnlyList<RollLine> before, IReadOnlyList<RollLine> after, LocalDate from, LocalDate to, IReadOnlyDictionary<Guid, IReadOnlyList<MembershipPeriod>> periods)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(periods);
        var was = before.Where(l => l.Status != RollStatus.Hosted).ToDictionary(l => l.MemberId);
        var now = after.Where(l => l.Status != RollStatus.Hosted).ToDictionary(l => l.MemberId);
        var result = new List<(RollChange, RollLine?, RollLine?)>();
        foreach (var (id, line) in now)
        {
            if (!was.TryGetValue(id, out var earlier))
            {
                var began = periods.GetValueOrDefault(id)?.Any(p => p.From > from && p.From <= to) ?? false;
                result.Add((began ? RollChange.Joined : RollChange.MovedIn, null, line));
            }
            else if (earlier.CellId != line.CellId)
            {
                result.Add((RollChange.CellChanged, earlier, line));
            }
            else if (earlier.Status != line.Status)
            {
                result.Add((RollChange.StatusChanged, earlier, line));
            }
        }

        foreach (var (id, line) in was)
        {
            if (!now.ContainsKey(id))
            {
                var ended = periods.GetValueOrDefault(id)?.Any(p => p.To is { } end && end > from && end <= to) ?? false;
                result.Add((ended ? RollChange.Left : RollChange.MovedOut, line, null));
            }
        }

        return [.. result.OrderBy(r => r.Item1).ThenBy(r => (r.Item3 ?? r.Item2)!.SortName, StringComparer.Ordinal)];
    }

    /// <summary>Both rolls, compared, each line with the member's events in effect between the dates.</summary>
    public static async Task<IReadOnlyList<RollDifferenceLine>> ReadAsync(IQuerySession session, IReadOnlyCollection<Guid> cellsFrom, IReadOnlyCollection<Guid> cellsTo, LocalDate from, LocalDate to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var before = await RollAsOf.ReadAsync(session, cellsFrom, from, ct);
        var after = await RollAsOf.ReadAsync(session, cellsTo, to, ct);
        var candidates = before.Concat(after).Select(l => l.MemberId).Distinct().ToList();
        var members = (await session.LoadManyAsync<Member>(ct, candidates)).ToDictionary(m => m.Id, m => (IReadOnlyList<MembershipPeriod>)m.Periods);
        var compared = Compare(before, after, from, to, members);
        var changed = compared.Select(c => (c.After ?? c.Before)!.MemberId).Distinct().ToList();
        var events = new List<AuditLogRow>();
        foreach (var member in changed)
        {
            var (rows, _) = await AuditLogQuery.PageAsync(session, new AuditLogFilter(null, member, null, null, null, null, from.PlusDays(1), to, null), 20, VietnamTimeZone, ct);
            events.AddRange(rows);
        }

        var byMember = events.ToLookup(e => e.MemberId);
        return [.. compared.Select(c => new RollDifferenceLine(c.Change, c.Before, c.After, [.. byMember[(c.After ?? c.Before)!.MemberId].OrderBy(e => e.EffectiveDate).ThenBy(e => e.Sequence)]))];
    }

    private static DateTimeZone VietnamTimeZone => Common.VietnamTime.Zone;
}
