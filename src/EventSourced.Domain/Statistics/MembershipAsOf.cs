using System.Globalization;
using EventSourced.Domain.Audit;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Statistics;

/// <summary>
/// Where the age and party-age bands start: each number opens a band ("31" opens 31–40). Kept in
/// configuration ("Statistics:AgeBands", "Statistics:PartyAgeBands") because the forms change.
/// </summary>
public sealed class StatisticsBands
{
    /// <summary>30 and under, 31–40, 41–50, 51–60, 61–70, over 70.</summary>
    public IReadOnlyList<int> AgeBands { get; set; } = [31, 41, 51, 61, 71];

    /// <summary>Under 10 years, 10–19, 20–29, 30–39, 40–49, 50 and over.</summary>
    public IReadOnlyList<int> PartyAgeBands { get; set; } = [10, 20, 30, 40, 50];

    public static readonly StatisticsBands Default = new();

    /// <summary>"0-30", "31-40", …, "71+" for thresholds 31, 41, …, 71.</summary>
    public static IReadOnlyList<string> Labels(IReadOnlyList<int> starts)
    {
        ArgumentNullException.ThrowIfNull(starts);
        var labels = new List<string>();
        var from = 0;
        foreach (var start in starts)
        {
            labels.Add(string.Create(CultureInfo.InvariantCulture, $"{from}-{start - 1}"));
            from = start;
        }

        labels.Add(string.Create(CultureInfo.InvariantCulture, $"{from}+"));
        return labels;
    }

    /// <summary>The band a whole number of years falls in (the index into <see cref="Labels"/>).</summary>
    public static int Band(IReadOnlyList<int> starts, int years) => starts.Count(s => years >= s);
}

/// <summary>
/// The as-of-date tables: who was a member of each unit on a date, by standing, sex, age, party age,
/// ethnicity, religion, education and political theory. Members come from <c>member_roll_periods</c>
/// (the periods the audit's rolls read), counted per cell in one pass in SQL and added up the tree of
/// that date in memory. A member in transit counts in the sending cell (decision 0005); a member
/// hosted on a temporary transfer only in the home cell.
/// </summary>
public static class MembershipAsOf
{
    public static readonly StatisticsDimension Status = new("Status", ["Probationary", "Official", "Exempt"]);

    public static readonly StatisticsDimension Sex = new("Sex", ["Male", "Female"]);

    public static readonly StatisticsDimension Ethnicity = new("Ethnicity", [], Translated: false);

    public static readonly StatisticsDimension Religion = new("Religion", [], Translated: false);

    /// <summary>Not kept by the member record: the table shows every member under "not recorded" rather than a guess.</summary>
    public static readonly StatisticsDimension Education = new("Education", [StatisticsDimension.NotRecorded]);

    /// <summary>Not kept by the member record, like <see cref="Education"/>.</summary>
    public static readonly StatisticsDimension PoliticalTheory = new("PoliticalTheory", [StatisticsDimension.NotRecorded]);

    public static StatisticsDimension Age(StatisticsBands bands) => new("Age", StatisticsBands.Labels(bands.AgeBands), Translated: false);

    public static StatisticsDimension PartyAge(StatisticsBands bands) => new("PartyAge", StatisticsBands.Labels(bands.PartyAgeBands), Translated: false);

    public static IReadOnlyList<StatisticsDimension> Dimensions(StatisticsBands bands) =>
        [Status, Sex, Age(bands), PartyAge(bands), Ethnicity, Religion, Education, PoliticalTheory];

    /// <summary>One member on a roll on the day, as counted: what <see cref="Count"/> needs of a roll line.</summary>
    public sealed record Counted(Guid CellId, RollStatus Status, Members.Sex Sex, int AgeYears, int PartyAgeYears, string? Ethnicity, string? Religion);

    /// <summary>The tally of one cell's members (pure; what the SQL of <see cref="PerCellAsync"/> computes at scale).</summary>
    public static Tally Count(IEnumerable<Counted> members, StatisticsBands bands)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(bands);
        var tally = new Tally();
        var ages = StatisticsBands.Labels(bands.AgeBands);
        var partyAges = StatisticsBands.Labels(bands.PartyAgeBands);
        foreach (var m in members)
        {
            tally.Increase(Status.CountKey(m.Status.ToString()), 1);
            tally.Increase(Sex.CountKey(m.Sex.ToString()), 1);
            tally.Increase($"Age.{ages[StatisticsBands.Band(bands.AgeBands, m.AgeYears)]}", 1);
            tally.Increase($"PartyAge.{partyAges[StatisticsBands.Band(bands.PartyAgeBands, m.PartyAgeYears)]}", 1);
            tally.Increase(Ethnicity.CountKey(m.Ethnicity ?? StatisticsDimension.NotRecorded), 1);
            tally.Increase(Religion.CountKey(m.Religion ?? StatisticsDimension.NotRecorded), 1);
            tally.Increase(Education.CountKey(StatisticsDimension.NotRecorded), 1);
            tally.Increase(PoliticalTheory.CountKey(StatisticsDimension.NotRecorded), 1);
        }

        return tally;
    }

    /// <summary>
    /// Each cell's tally on <paramref name="on"/>, for the cells given (all cells when null, which
    /// skips a 15,000-id filter for the city). Bands are compared as "born + N years on or before the
    /// day", which is how whole years are counted everywhere else (NodaTime and PostgreSQL agree on
    /// 29 February).
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, Tally>> PerCellAsync(IQuerySession session, IReadOnlyCollection<Guid>? cellIds, LocalDate on, StatisticsBands bands, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(bands);
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.{MemberRollProjection.TableName}";
        var parameters = new List<object> { on.ToDateOnly() };
        string Parameter(object value)
        {
            parameters.Add(value);
            return string.Create(CultureInfo.InvariantCulture, $"${parameters.Count}");
        }

        // A band is a range of dates (of birth, of joining): the day turning N years before the
        // date is worked out once here, so the scan compares plain dates instead of adding intervals
        // to every row.
        IEnumerable<string> Banded(string column, IReadOnlyList<int> starts)
        {
            var turned = starts.Select(s => Parameter(LatestStart(on, s).ToDateOnly())).ToList();
            for (var band = 0; band <= turned.Count; band++)
            {
                var conditions = new List<string>();
                if (band > 0)
                {
                    conditions.Add($"{column} <= {turned[band - 1]}");
                }

                if (band < turned.Count)
                {
                    conditions.Add($"{column} > {turned[band]}");
                }

                yield return conditions.Count == 0 ? "count(*)::int" : $"count(*) filter (where {string.Join(" and ", conditions)})::int";
            }
        }

        var counts = new List<(string Dimension, string Value, string Sql)>();
        counts.AddRange(Status.Values.Select(v => (Status.Key, v, $"count(*) filter (where status = {Parameter(v)})::int")));
        counts.AddRange(Sex.Values.Select(v => (Sex.Key, v, $"count(*) filter (where sex = {Parameter(v)})::int")));
        counts.AddRange(StatisticsBands.Labels(bands.AgeBands).Zip(Banded("date_of_birth", bands.AgeBands), (label, sql) => ("Age", label, sql)));
        counts.AddRange(StatisticsBands.Labels(bands.PartyAgeBands).Zip(Banded("coalesce(party_age_from, from_day)", bands.PartyAgeBands), (label, sql) => ("PartyAge", label, sql)));
        var keys = counts.Select(c => $"{c.Dimension}.{c.Value}").ToArray();
        var where = cellIds is null ? string.Empty : $"and cell_id = any({Parameter(cellIds.ToArray())})";
        var result = new Dictionary<Guid, Tally>();
        await using var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // A hash of one row per cell (and ethnicity and religion) fits in this; at the default 4 MB
        // the city's 15,000 cells spill into a sort on disk, which doubled the time.
        await using (var memory = new Npgsql.NpgsqlCommand("set local work_mem = '64MB'", connection, transaction))
        {
            await memory.ExecuteNonQueryAsync(ct);
        }

        // One pass, one wide row per cell: the fixed dimensions (standing, sex, the bands) are
        // filtered counts; only the open-ended ones (ethnicity, religion) are grouped, and a cell
        // holds few of those. Exempt members are counted under "exempt" whatever their standing, as
        // the roll shows them; hosted members are not in these periods at all (the home cell's period
        // counts them).
        await using var command = new Npgsql.NpgsqlCommand(
            $"""
            select cell_id, coalesce(ethnicity, ''), coalesce(religion, ''), count(*)::int,
                   {string.Join(",\n       ", counts.Select(c => c.Sql))}
            from {table} where from_day <= $1 and to_day > $1 {where}
            group by cell_id, ethnicity, religion
            """,
            connection,
            transaction);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var cell = reader.GetGuid(0);
            var members = reader.GetInt32(3);
            if (!result.TryGetValue(cell, out var tally))
            {
                result[cell] = tally = new Tally();
                tally.Increase(Education.CountKey(StatisticsDimension.NotRecorded), 0);
                tally.Increase(PoliticalTheory.CountKey(StatisticsDimension.NotRecorded), 0);
            }

            tally.Increase(Ethnicity.CountKey(reader.GetString(1)), members);
            tally.Increase(Religion.CountKey(reader.GetString(2)), members);
            tally.Increase(Education.CountKey(StatisticsDimension.NotRecorded), members);
            tally.Increase(PoliticalTheory.CountKey(StatisticsDimension.NotRecorded), members);
            for (var i = 0; i < keys.Length; i++)
            {
                // Only what was counted, as a grouping would give: a tally holds no zero for a value no one has.
                if (reader.GetInt32(4 + i) is > 0 and var count)
                {
                    tally.Increase(keys[i], count);
                }
            }
        }

        return result;
    }

    /// <summary>The latest day of birth (or of joining) that is <paramref name="years"/> whole years behind <paramref name="on"/>.</summary>
    /// <remarks>
    /// Not simply <c>on - years</c>: someone born on 29 February turns a year older on 28 February in
    /// common years, so on 28 February both the 28th and the 29th of the leap year qualify.
    /// </remarks>
    public static LocalDate LatestStart(LocalDate on, int years)
    {
        var day = on.PlusYears(-years);
        while (day.PlusDays(1).PlusYears(years) <= on)
        {
            day = day.PlusDays(1);
        }

        return day;
    }

    /// <summary>The tables of <paramref name="unitId"/> on <paramref name="on"/>, on the tree of that date.</summary>
    public static async Task<IReadOnlyList<StatisticsTable>> TablesAsync(IQuerySession session, OrganisationTree tree, Guid unitId, LocalDate on, StatisticsBands bands, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var cells = tree.Find(unitId)?.ParentId is null ? null : tree.Subtree(unitId, includeClosed: true).Select(n => n.Id).ToList();
        var perCell = await PerCellAsync(session, cells, on, bands, ct);
        return Tables(tree, unitId, perCell, bands);
    }

    /// <summary>The tables from the cells' tallies (pure).</summary>
    public static IReadOnlyList<StatisticsTable> Tables(OrganisationTree tree, Guid unitId, IReadOnlyDictionary<Guid, Tally> perCell, StatisticsBands bands)
    {
        var totals = StatisticsRollUp.Totals(tree, unitId, perCell);
        return [.. Dimensions(bands).Select(d => StatisticsRollUp.Table(tree, unitId, totals, perCell, d))];
    }
}
