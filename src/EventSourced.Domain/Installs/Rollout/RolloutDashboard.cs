using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Installs.Rollout;

/// <summary>A unit's line on the dashboard: its figures, the target that applies and how it stands against it.</summary>
public sealed record DashboardRow(UnitRolloutFigures Figures, EffectiveTarget? Target, RolloutProgress Progress);

/// <summary>How many units are below 50 %, between 50 and 80 %, and at or over 80 % of eligible members installed.</summary>
public sealed record RatioBuckets(int Below50, int From50To80, int AtLeast80, int NoEligible)
{
    public int Total => Below50 + From50To80 + AtLeast80 + NoEligible;
}

/// <summary>
/// One screen of the rollout dashboard: a unit on a date, each unit directly below it, the pilot units
/// against the rest, and the units spread over the 50 % and 80 % thresholds. Built from figures that
/// were summed up the whole tree, so the unit's line equals the sum of its children's lines.
/// </summary>
public sealed record RolloutDashboard(
    LocalDate Date,
    DashboardRow Unit,
    IReadOnlyList<DashboardRow> Children,
    UnitCounts Pilot,
    int PilotUnits,
    UnitCounts Others,
    int OtherUnits,
    RatioBuckets Buckets)
{
    public const decimal Low = 0.5m;

    public const decimal High = 0.8m;

    /// <summary>The dashboard for <paramref name="unitId"/>, or null when it is not an active unit on the date.</summary>
    public static RolloutDashboard? Build(
        OrganisationTree tree,
        IReadOnlyList<UnitRolloutFigures> figures,
        IReadOnlyDictionary<Guid, RolloutTarget> targets,
        Guid unitId,
        LocalDate date)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(figures);
        // Only the unit and its children are shown: indexing the city's eighteen thousand figures on every
        // request cost more than the rest of the page.
        var shown = tree.Children(unitId).Select(c => c.Id).Append(unitId).ToHashSet();
        var byUnit = figures.Where(f => shown.Contains(f.UnitId)).ToDictionary(f => f.UnitId);
        if (!byUnit.TryGetValue(unitId, out var unit))
        {
            return null;
        }

        DashboardRow Row(UnitRolloutFigures f)
        {
            var target = RolloutTargets.EffectiveOn(f.UnitId, tree, targets, date);
            return new DashboardRow(f, target, RolloutTargets.Progress(f.InstalledOfEligible, target, date));
        }

        var children = tree.Children(unitId).Select(c => Row(byUnit[c.Id])).ToList();
        var pilot = children.Where(c => c.Figures.Pilot).ToList();
        var others = children.Where(c => !c.Figures.Pilot).ToList();
        return new RolloutDashboard(
            date,
            Row(unit),
            children,
            Sum(pilot),
            pilot.Count,
            Sum(others),
            others.Count,
            new RatioBuckets(
                children.Count(c => c.Figures.InstalledOfEligible < Low),
                children.Count(c => c.Figures.InstalledOfEligible is >= Low and < High),
                children.Count(c => c.Figures.InstalledOfEligible >= High),
                children.Count(c => c.Figures.InstalledOfEligible is null)));
    }

    private static UnitCounts Sum(IEnumerable<DashboardRow> rows) =>
        rows.Aggregate(UnitCounts.None, (sum, row) => sum.Plus(row.Figures.Counts));
}
