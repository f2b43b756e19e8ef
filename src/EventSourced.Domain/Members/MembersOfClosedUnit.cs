using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>
/// When a cell is merged or dissolved its members go to the target cell on the effective date, as
/// events on their own streams, so each member's timeline shows the move. The change may be recorded
/// after its date (back-dated): whoever the register shows in the cell after that date moves too, a
/// member who left it since (died, transferred) from the effective date until they left, a member who
/// joined it since (admitted, received) from the day they joined. Otherwise the one who left would be
/// counted in a cell that no longer existed (in no unit's roll) and the one who joined would be shown
/// in the target cell before they were a member.
/// </summary>
public static class MembersOfClosedUnit
{
    public static IReadOnlyList<StreamEvent> Decide(IReadOnlyList<Member> members, Guid closedUnitId, OrganisationNode? target, CellChangeCause cause, LocalDate effectiveDate)
    {
        ArgumentNullException.ThrowIfNull(members);
        // Each stretch in the cell still running after the effective date (empty ones aside), moved on the
        // later of that date and its start; the fold then ends it in the target cell as it ended here.
        var stretches = members
            .SelectMany(m => m.Cells
                .Where(c => c.CellId == closedUnitId && (c.To is not { } to || (to > effectiveDate && to > c.From)))
                .Select(c => (Member: m, On: LocalDate.Max(effectiveDate, c.From))))
            .ToList();
        if (stretches.Count == 0)
        {
            return [];
        }

        if (target is null)
        {
            throw new RuleViolation("Organisation.DissolveWithMembers", stretches.Select(s => s.Member.Id).Distinct().Count());
        }

        if (target.Kind is not (OrganisationKind.Cell or OrganisationKind.GrassrootsCell))
        {
            throw new RuleViolation("Organisation.MembersNeedACell", target.Name);
        }

        return stretches.Select(s => new StreamEvent(s.Member.Id, new MemberCellChanged(closedUnitId, target.Id, cause, s.On))).ToList();
    }

    /// <summary>
    /// The members whose record shows them in <paramref name="unitId"/> after <paramref name="effectiveDate"/>:
    /// those in it now (read from the register itself), and those who left it since, found through the roll
    /// periods kept beside the register. That table follows the register a moment behind, but a member who left
    /// a moment ago still stands in the cell there, so only someone who both joined and left within that moment
    /// could be missed.
    /// </summary>
    public static async Task<IReadOnlyList<Member>> InAsync(IQuerySession session, Guid unitId, LocalDate effectiveDate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var current = await session.Query<Member>()
            .Where(m => m.CellId == unitId && (m.Status == MembershipStatus.Probationary || m.Status == MembershipStatus.Official))
            .ToListAsync(ct);
        var periods = $"{session.DocumentStore.Options.DatabaseSchemaName}.{Audit.MemberRollProjection.TableName}";
        var left = (await session.QueryAsync<Guid>(
                $"select distinct member_id from {periods} where cell_id = ? and to_day > ?", ct, unitId, effectiveDate.ToDateOnly()))
            .Except(current.Select(m => m.Id))
            .ToArray();
        return left.Length == 0 ? current : [.. current, .. await session.LoadManyAsync<Member>(ct, left)];
    }

    /// <summary>
    /// Appends the moves at the version each member was read at. Without the version a quick append
    /// leaves the member's snapshot at version 0, and every form on the member is then refused as stale;
    /// with it, a procedure recorded on the member meanwhile makes the change fail rather than be lost.
    /// </summary>
    public static void Append(IDocumentSession session, IReadOnlyList<Member> members, IEnumerable<StreamEvent> moves)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(moves);
        var versions = members.ToDictionary(m => m.Id, m => (long)m.Version);
        foreach (var move in moves)
        {
            versions[move.StreamId]++;
            session.Events.Append(move.StreamId, versions[move.StreamId], move.Event);
        }
    }
}
