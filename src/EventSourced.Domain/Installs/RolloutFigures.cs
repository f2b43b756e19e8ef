using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Installs;

/// <summary>
/// One member as the rollout counts them on a date: the cell they belonged to then, whether they were
/// exempt then, and their app usage (null when the app never reported and staff never recorded anything).
/// </summary>
public sealed record MemberRolloutInput(Guid CellId, bool Exempt, MemberAppUsage? Usage);

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
    int ActiveInLast30Days)
{
    /// <summary>Installed out of all members, or null for a unit with no members.</summary>
    public decimal? InstalledOfAll => Members == 0 ? null : (decimal)Installed / Members;

    /// <summary>
    /// Installed eligible members out of eligible members. An exempt member who installed anyway is
    /// left out of the numerator too, so the ratio never passes 100 %.
    /// </summary>
    public decimal? InstalledOfEligible => Eligible == 0 ? null : (decimal)InstalledEligible / Eligible;

    internal UnitRolloutFigures Plus(UnitRolloutFigures other) => this with
    {
        Members = Members + other.Members,
        Eligible = Eligible + other.Eligible,
        Installed = Installed + other.Installed,
        InstalledEligible = InstalledEligible + other.InstalledEligible,
        ActiveInLast30Days = ActiveInLast30Days + other.ActiveInLast30Days,
    };
}

/// <summary>
/// The rollout figures of every active unit of the tree on a date, pure and in memory like the tree
/// itself: each member is counted once, in their cell, and every unit sums its subtree.
/// </summary>
public static class RolloutFigures
{
    /// <summary>
    /// Figures per active unit, in tree order (each unit before the units below it). The tree should
    /// be the tree on <paramref name="date"/> and the inputs the members on that date; a member whose
    /// cell is not an active unit of the tree belongs to no unit then and is not counted.
    /// </summary>
    public static IReadOnlyList<UnitRolloutFigures> Compute(
        OrganisationTree tree, IEnumerable<MemberRolloutInput> members, LocalDate date, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(members);

        var own = new Dictionary<Guid, UnitRolloutFigures>();
        foreach (var member in members)
        {
            if (tree.Find(member.CellId) is not { IsActive: true } cell)
            {
                continue;
            }

            var eligible = member.Usage?.EligibleOn(date, member.Exempt) ?? !member.Exempt;
            var installed = member.Usage?.InstalledOn(date, zone) ?? false;
            var counted = new UnitRolloutFigures(
                cell.Id,
                cell.ParentId,
                cell.Code,
                cell.Name,
                cell.Flags.Pilot,
                1,
                eligible ? 1 : 0,
                installed ? 1 : 0,
                installed && eligible ? 1 : 0,
                member.Usage?.ActiveInLast30Days(date, zone) == true ? 1 : 0);
            own[cell.Id] = own.TryGetValue(cell.Id, out var sofar) ? sofar.Plus(counted) : counted;
        }

        var totals = new Dictionary<Guid, UnitRolloutFigures>();
        var ordered = new List<OrganisationNode>();
        var stack = new Stack<OrganisationNode>(tree.Roots.Where(r => r.IsActive).Reverse());
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            ordered.Add(node);
            // Pushed in reverse so the table lists children in code order, as the tree does.
            foreach (var child in tree.Children(node.Id).Reverse())
            {
                stack.Push(child);
            }
        }

        // Children before parents: walking the pre-order list backwards does that without recursion,
        // which an eighteen-thousand-unit tree would otherwise need.
        for (var i = ordered.Count - 1; i >= 0; i--)
        {
            var unit = ordered[i];
            var figures = own.TryGetValue(unit.Id, out var mine)
                ? mine
                : new UnitRolloutFigures(unit.Id, unit.ParentId, unit.Code, unit.Name, unit.Flags.Pilot, 0, 0, 0, 0, 0);
            foreach (var child in tree.Children(unit.Id))
            {
                figures = figures.Plus(totals[child.Id]);
            }

            totals[unit.Id] = figures;
        }

        return ordered.Select(u => totals[u.Id]).ToList();
    }
}
