using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>
/// When a cell is merged or dissolved its members go to the target cell on the effective date, as
/// events on their own streams, so each member's timeline shows the move.
/// </summary>
public static class MembersOfClosedUnit
{
    public static IReadOnlyList<StreamEvent> Decide(IReadOnlyList<Guid> memberIds, Guid closedUnitId, OrganisationNode? target, CellChangeCause cause, LocalDate effectiveDate)
    {
        if (memberIds.Count == 0)
        {
            return [];
        }

        if (target is null)
        {
            throw new RuleViolation("Organisation.DissolveWithMembers", memberIds.Count);
        }

        if (target.Kind is not (OrganisationKind.Cell or OrganisationKind.GrassrootsCell))
        {
            throw new RuleViolation("Organisation.MembersNeedACell", target.Name);
        }

        return memberIds.Select(id => new StreamEvent(id, new MemberCellChanged(closedUnitId, target.Id, cause, effectiveDate))).ToList();
    }

    /// <summary>The members whose cell is <paramref name="unitId"/> now, with the version of each member's record.</summary>
    public static async Task<IReadOnlyDictionary<Guid, int>> InAsync(IQuerySession session, Guid unitId, CancellationToken ct) =>
        (await session.Query<Member>()
            .Where(m => m.CellId == unitId && (m.Status == MembershipStatus.Probationary || m.Status == MembershipStatus.Official))
            .Select(m => new { m.Id, m.Version })
            .ToListAsync(ct))
        .ToDictionary(m => m.Id, m => m.Version);

    /// <summary>
    /// Appends the moves at the version each member was read at. Without the version a quick append
    /// leaves the member's snapshot at version 0, and every form on the member is then refused as stale;
    /// with it, a procedure recorded on the member meanwhile makes the change fail rather than be lost.
    /// </summary>
    public static void Append(IDocumentSession session, IReadOnlyDictionary<Guid, int> versions, IEnumerable<StreamEvent> moves)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(moves);
        foreach (var move in moves)
        {
            session.Events.Append(move.StreamId, versions[move.StreamId] + 1L, move.Event);
        }
    }
}
