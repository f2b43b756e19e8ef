using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;

namespace EventSourced.Domain.Members;

/// <summary>
/// A membership given back (an expulsion annulled, an end rescinded) continues in the member's last cell. When that
/// cell was merged or dissolved meanwhile, its members went to the cell that took them, and so does this one, as the
/// merge recorded the others' moves. The move is dated the closing's day, or <c>restoredOn</c> when later: an end
/// rescinded (recorded in error) is out of the fold, so the member moves with the others on the closing's day and the
/// closed cell's roll never holds them after it; an expulsion annulled gives the membership back on the annulment's
/// day, and a move dated inside the time the member stood expelled would be folded while they were not a member.
/// </summary>
public static class RestoredMembership
{
    /// <summary>How many closings are followed (a cell merged into one merged in turn...) before giving up.</summary>
    private const int MaxSteps = 10;

    /// <summary>The moves that take <paramref name="restored"/> (the record with the restoring entry folded) out of closed cells.</summary>
    public static async Task<IReadOnlyList<MemberCellChanged>> MovesAsync(IQuerySession session, Member restored, NodaTime.LocalDate restoredOn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(restored);
        var moves = new List<MemberCellChanged>();
        if (!restored.IsMember)
        {
            return moves;
        }

        var cellId = restored.CellId;
        for (var step = 0; step < MaxSteps; step++)
        {
            var cell = await session.LoadAsync<Organisation>(cellId, ct);
            if (cell is not { ClosedOn: { } closedOn } || cell.Status == OrganisationStatus.Active)
            {
                return moves;
            }

            var closing = (await session.Events.FetchStreamAsync(cellId, token: ct))
                .Select(e => e.Data)
                .LastOrDefault(d => d is OrganisationMerged or OrganisationDissolved);
            var (target, cause) = closing switch
            {
                OrganisationMerged merged => ((Guid?)merged.TargetId, CellChangeCause.CellMerged),
                OrganisationDissolved dissolved => (dissolved.MembersTransferredToId, CellChangeCause.CellDissolved),
                _ => (null, CellChangeCause.CellDissolved),
            };
            if (target is not { } to)
            {
                throw new RuleViolation("Member.RestoredCellClosed", cell.Name, closedOn);
            }

            moves.Add(new MemberCellChanged(cellId, to, cause, closedOn > restoredOn ? closedOn : restoredOn));
            cellId = to;
        }

        throw new RuleViolation("Member.RestoredCellClosed", cellId, restored.CellId);
    }
}
