using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Installs;

/// <summary>
/// One member as the rollout counts them on a date: the cell they belonged to then, whether they were
/// exempt then, and their app usage (null when the app never reported and staff never recorded anything).
/// </summary>
public sealed record MemberRolloutInput(Guid CellId, bool Exempt, MemberAppUsage? Usage);

/// <summary>
/// What a unit counts on its own, before the units below it are added: members of a cell, and the
/// staff trained in classes the unit held.
/// </summary>
public sealed record UnitCounts(int Members, int Eligible, int Installed, int InstalledEligible, int ActiveInLast30Days, int Trained = 0)
{
    public static readonly UnitCounts None = new(0, 0, 0, 0, 0);

    public UnitCounts Plus(UnitCounts other) => new(
        Members + other.Members,
        Eligible + other.Eligible,
        Installed + other.Installed,
        InstalledEligible + other.InstalledEligible,
        ActiveInLast30Days + other.ActiveInLast30Days,
        Trained + other.Trained);
}

/// <summary>
/// A unit's rollout figures on a date, its own members plus every unit below it. Counts are whole
/// numbers summed up the tree, and the ratios are computed from the sums (never averaged), so a
/// parent's figures are exactly the sum of its children's.
/// </summary>
public sealed record UnitRolloutFigures(
    Guid UnitId,
    Guid? ParentId,
    string Code,
    string Name,
    bool Pilot,
    int Members,
    int Eligible,
    int Installed,
    int InstalledEligible,
    int ActiveInLast30Days,
    int Trained = 0)
{
    /// <summary>Installed out of all members, or null for a unit with no members.</summary>
    public decimal? InstalledOfAll => Members == 0 ? null : (decimal)Installed / Members;

    /// <summary>
    /// Installed eligible members out of eligible members. An exempt member who installed anyway is
    /// left out of the numerator too, so the ratio never passes 100 %.
    /// </summary>
    public decimal? InstalledOfEligible => Eligible == 0 ? null : (decimal)InstalledEligible / Eligible;

    public UnitCounts Counts => new(Members, Eligible, Installed, InstalledEligible, ActiveInLast30Days, Trained);

    internal static UnitRolloutFigures For(OrganisationNode unit, UnitCounts counts) => new(
        unit.Id, unit.ParentId, unit.Code, unit.Name, unit.Flags.Pilot,
        counts.Members, counts.Eligible, counts.Installed, counts.InstalledEligible, counts.ActiveInLast30Days, counts.Trained);
}

/// <summary>
/// The rollout figures of every active unit of the tree on a date, pure and in memory like the tree
/// itself: each member is counted once, in their cell, and every unit sums its subtree.
/// </summary>
public static class RolloutFigures
{
    /// <summary>
    /// Figures per active unit from each member on <paramref name="date"/> (the rules applied member
    /// by member; the dashboard gets the same counts from the rollout spans).
    /// </summary>
    public static IReadOnlyList<UnitRolloutFigures> Compute(
        OrganisationTree tree, IEnumerable<MemberRolloutInput> members, LocalDate date, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(members);
        var own = new Dictionary<Guid, UnitCounts>();
        foreach (var member in members)
        {
            var eligible = member.Usage?.EligibleOn(date, member.Exempt) ?? !member.Exempt;
            var installed = member.Usage?.InstalledOn(date, zone) ?? false;
            var counted = new UnitCounts(
                1,
                eligible ? 1 : 0,
                installed ? 1 : 0,
                installed && eligible ? 1 : 0,
                member.Usage?.ActiveInLast30Days(date, zone) == true ? 1 : 0);
            own[member.CellId] = own.TryGetValue(member.CellId, out var sofar) ? sofar.Plus(counted) : counted;
        }

        return Compute(tree, own);
    }

    /// <summary>
    /// Figures per active unit, in tree order (each unit before the units below it). The tree should
    /// be the tree on the date of the counts; counts for a unit that is not an active unit of the tree
    /// (a cell dissolved by then) belong to no unit and are not counted.
    /// </summary>
    public static IReadOnlyList<UnitRolloutFigures> Compute(OrganisationTree tree, IReadOnlyDictionary<Guid, UnitCounts> own)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(own);

        return TreeRollup.SumUp(tree, unit => own.GetValueOrDefault(unit.Id) ?? UnitCounts.None, (a, b) => a.Plus(b))
            .Select(row => UnitRolloutFigures.For(row.Unit, row.Total))
            .ToList();
    }
}
