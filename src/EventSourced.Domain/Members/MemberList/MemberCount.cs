using Marten;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Domain.Members.MemberList;

/// <summary>
/// How many members a set of cells had on a date, from the members' cell periods: the same periods
/// that transfers (on receipt), merges and dissolutions close and open, so a count as of any date
/// agrees with what was recorded up to it. A member in transit is still in the sending cell's period.
/// </summary>
public static class MemberCount
{
    public static async Task<int> AsOfAsync(IQuerySession session, IReadOnlyCollection<Guid> cellIds, LocalDate date, CancellationToken ct)
    {
        if (cellIds.Count == 0)
        {
            return 0;
        }

        var day = LocalDatePattern.Iso.Format(date);
        var table = session.DocumentStore.Options.Schema.For<Member>(qualified: true);
        var rows = await session.QueryAsync<int>(
            $"""
            select count(*)::int from {table} as d
            where exists (
              select 1 from jsonb_array_elements(d.data -> 'cells') as c
              where (c ->> 'cellId')::uuid = any(?)
                and c ->> 'from' <= ?
                and (c ->> 'to' is null or c ->> 'to' > ?))
            """,
            ct,
            cellIds.ToArray(),
            day,
            day);
        return rows.Count > 0 ? rows[0] : 0;
    }
}
