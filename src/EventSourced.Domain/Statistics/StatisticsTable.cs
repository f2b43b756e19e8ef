using EventSourced.Domain.Organisations;

namespace EventSourced.Domain.Statistics;

/// <summary>
/// What a table counts: its key (the resource "Statistics.Table.{Key}"), its columns' values in order,
/// and whether they are the product's own words (translated as "Statistics.{Key}.{Value}") or the
/// register's free text (ethnicity, religion), shown as recorded.
/// </summary>
public sealed record StatisticsDimension(string Key, IReadOnlyList<string> Values, bool Translated = true)
{
    /// <summary>The value a count carries when the record holds nothing for the dimension.</summary>
    public const string NotRecorded = "";

    /// <summary>The key of one count in a unit's tally: "Dimension.Value".</summary>
    public string CountKey(string value) => $"{Key}.{value}";
}

/// <summary>A row of a table: a unit (or the unit's own members, <paramref name="Own"/>) and its counts in the columns' order.</summary>
public sealed record StatisticsRow(OrganisationNode Unit, IReadOnlyList<int> Counts, bool Own = false)
{
    public int Total => Counts.Sum();
}

/// <summary>One standard table for a unit: a row per unit directly below it, and the unit's total.</summary>
public sealed record StatisticsTable(StatisticsDimension Dimension, IReadOnlyList<string> Columns, IReadOnlyList<StatisticsRow> Rows, StatisticsRow Total);

/// <summary>
/// Counts of each unit, keyed "Dimension.Value" (<see cref="StatisticsDimension.CountKey"/>). The
/// queries count per cell; the tree adds them up.
/// </summary>
public sealed class Tally : Dictionary<string, int>
{
    public Tally()
        : base(StringComparer.Ordinal)
    {
    }

    public void Add(Tally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (key, count) in other)
        {
            this[key] = this.GetValueOrDefault(key) + count;
        }
    }

    public void Increase(string key, int count) => this[key] = this.GetValueOrDefault(key) + count;
}

/// <summary>
/// Adds the cells' counts up the organisation tree (in memory, decision 0002), so a unit's figure is
/// always the sum of the units below it plus any members held by the unit itself; and lays a unit's
/// figures out as the standard tables.
/// </summary>
public static class StatisticsRollUp
{
    /// <summary>
    /// Every unit of <paramref name="unitId"/>'s subtree with its total. Units closed by the tree's
    /// date are included, so what a cell counted before it was merged away still reaches its parent.
    /// </summary>
    public static IReadOnlyDictionary<Guid, Tally> Totals(OrganisationTree tree, Guid unitId, IReadOnlyDictionary<Guid, Tally> perCell)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(perCell);
        var totals = new Dictionary<Guid, Tally>();
        Total(unitId);
        return totals;

        Tally Total(Guid id)
        {
            var tally = new Tally();
            if (perCell.TryGetValue(id, out var own))
            {
                tally.Add(own);
            }

            foreach (var child in tree.Children(id, includeClosed: true))
            {
                tally.Add(Total(child.Id));
            }

            totals[id] = tally;
            return tally;
        }
    }

    /// <summary>
    /// The table of one dimension for a unit: its active children (and closed ones that counted
    /// anything), a row for members the unit holds itself when it has children too, then the total.
    /// Columns of free-text dimensions are the values found, most frequent first.
    /// </summary>
    public static StatisticsTable Table(OrganisationTree tree, Guid unitId, IReadOnlyDictionary<Guid, Tally> totals, IReadOnlyDictionary<Guid, Tally> perCell, StatisticsDimension dimension)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(perCell);
        ArgumentNullException.ThrowIfNull(dimension);
        var unit = tree.Find(unitId) ?? throw new ArgumentException("The unit is not on the tree.", nameof(unitId));
        var total = totals.GetValueOrDefault(unitId) ?? new Tally();
        var prefix = dimension.Key + ".";
        var columns = dimension.Values.Count > 0
            ? dimension.Values
            : [.. total.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal) && c.Value > 0)
                .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => c.Key[prefix.Length..])];
        IReadOnlyList<int> Counts(Tally? tally) => [.. columns.Select(c => tally?.GetValueOrDefault(dimension.CountKey(c)) ?? 0)];
        var rows = new List<StatisticsRow>();
        var children = tree.Children(unitId, includeClosed: true);
        if (children.Count > 0 && perCell.TryGetValue(unitId, out var own) && own.Values.Any(v => v > 0))
        {
            rows.Add(new StatisticsRow(unit, Counts(own), Own: true));
        }

        foreach (var child in children.OrderBy(c => c.Code, StringComparer.Ordinal))
        {
            var counts = Counts(totals.GetValueOrDefault(child.Id));
            if (child.IsActive || counts.Any(c => c > 0))
            {
                rows.Add(new StatisticsRow(child, counts));
            }
        }

        return new StatisticsTable(dimension, columns, rows, new StatisticsRow(unit, Counts(total)));
    }
}
