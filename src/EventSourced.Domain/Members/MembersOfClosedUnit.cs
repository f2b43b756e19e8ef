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

    /// <summary>The members whose cell is <paramref name="unitId"/> now.</summary>
    public static async Task<IReadOnlyList<Guid>> InAsync(IQuerySession session, Guid unitId, CancellationToken ct) =>
        await session.Query<Member>()
            .Where(m => m.CellId == unitId && (m.Status == MembershipStatus.Probationary || m.Status == MembershipStatus.Official))
            .Select(m => m.Id)
            .ToListAsync(ct);
}
