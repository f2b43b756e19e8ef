using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Reconciliation;

/// <summary>Where a unit stands in a round.</summary>
public enum RoundUnitStatus
{
    NotStarted,
    InProgress,
    Finished,
}

/// <summary>
/// How many units of a subtree have finished, are in progress or have not started their part of a
/// round, and how many items they still have open. A unit with its own part counts once, itself.
/// </summary>
public sealed record RoundCounts(int Finished, int InProgress, int NotStarted, int OpenItems)
{
    public static readonly RoundCounts None = new(0, 0, 0, 0);

    public int Units => Finished + InProgress + NotStarted;

    public RoundCounts Plus(RoundCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Finished + other.Finished, InProgress + other.InProgress, NotStarted + other.NotStarted, OpenItems + other.OpenItems);
    }
}

/// <summary>
/// A unit's line on the round's page: its own status when it has a part to do (null for a committee,
/// which only sums the units below it) and the figures rolled up from its subtree.
/// </summary>
public sealed record RoundUnitRow(OrganisationNode Unit, RoundUnitStatus? Status, RoundCounts Counts, LocalDate? FinishedOn)
{
    /// <summary>Not finished and the deadline has passed.</summary>
    public bool IsLate(LocalDate deadline, LocalDate today) => Status is RoundUnitStatus.NotStarted or RoundUnitStatus.InProgress && today > deadline;
}

/// <summary>
/// A round's progress over the tree on its reference date. The units with a part to do are the ones
/// whose roll lists members directly (grassroots cells and cells); committees roll their units up the
/// same way the rollout dashboard does (<see cref="TreeRollup"/>).
/// </summary>
public static class RoundProgress
{
    public static bool IsCommittee(OrganisationKind kind) => kind is not (OrganisationKind.GrassrootsCell or OrganisationKind.Cell);

    /// <summary>
    /// Every active unit of the round's subtree, in tree order, the round's unit first. For each unit
    /// with a part, the latest reconciliation of that unit in this round decides its status (a unit
    /// may have started again after a wrong file); a unit with none has not started.
    /// </summary>
    /// <summary>Each unit's latest reconciliation not abandoned: the one its part of a round stands on.</summary>
    public static Dictionary<Guid, Reconciliation> Latest(IEnumerable<Reconciliation> reconciliations)
    {
        ArgumentNullException.ThrowIfNull(reconciliations);
        return reconciliations
            .Where(r => r.Status != ReconciliationStatus.Abandoned)
            .GroupBy(r => r.UnitId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.ReferenceDate).ThenByDescending(r => r.Id).First());
    }

    public static IReadOnlyList<RoundUnitRow> Build(OrganisationTree tree, Guid roundUnitId, IEnumerable<Reconciliation> reconciliations)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(reconciliations);
        var latest = Latest(reconciliations);

        RoundUnitStatus? StatusOf(OrganisationNode unit) => IsCommittee(unit.Kind)
            ? null
            : latest.GetValueOrDefault(unit.Id) switch
            {
                null => RoundUnitStatus.NotStarted,
                { Status: ReconciliationStatus.Finished } => RoundUnitStatus.Finished,
                _ => RoundUnitStatus.InProgress,
            };

        RoundCounts Own(OrganisationNode unit) => StatusOf(unit) switch
        {
            RoundUnitStatus.NotStarted => new RoundCounts(0, 0, 1, 0),
            RoundUnitStatus.InProgress => new RoundCounts(0, 1, 0, latest[unit.Id].OpenItems),
            RoundUnitStatus.Finished => new RoundCounts(1, 0, 0, latest[unit.Id].OpenItems),
            _ => RoundCounts.None,
        };

        return TreeRollup.SumUp(tree, Own, (a, b) => a.Plus(b), roundUnitId)
            .Select(row => new RoundUnitRow(row.Unit, StatusOf(row.Unit), row.Total, latest.GetValueOrDefault(row.Unit.Id)?.FinishedOn))
            .ToList();
    }
}
