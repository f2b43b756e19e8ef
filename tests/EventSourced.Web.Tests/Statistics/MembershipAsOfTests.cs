using System.Globalization;
using EventSourced.Domain.Audit;
using EventSourced.Domain.Common;
using EventSourced.Domain.Statistics;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using NodaTime;

namespace EventSourced.Web.Tests.Statistics;

/// <summary>
/// The one-row-per-cell as-of query against the grouping-sets query it replaced and against the pure
/// <see cref="MembershipAsOf.Count"/>, on synthetic roll periods (no application host) that put
/// members in every age and party-age band, on both sides of each band's edge, born on 29 February,
/// with and without a recorded ethnicity, religion and date of joining, and periods that end or start
/// around the dates asked.
/// </summary>
public sealed class MembershipAsOfTests(MembershipAsOfTests.Fixture db) : IClassFixture<MembershipAsOfTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public static readonly Guid[] Cells = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

        public DocumentStore Store { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var connection = await TestCluster.NewDatabaseAsync(nameof(MembershipAsOfTests));
            Store = DocumentStore.For(options => EventStoreConfiguration.Configure(options, connection));
            await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await using var session = Store.LightweightSession();
            // Births every 13 days over a century and joinings every 11 days over seventy years cross
            // every band edge near each date asked; 29 February falls on some of them by construction
            // and the last rows add it explicitly.
            session.QueueSqlCommand(
                $"""
                insert into {MemberRollProjection.TableName} (member_id, cell_id, from_day, to_day, status, full_name, sort_name, date_of_birth, sex, card_number, party_periods, party_age_from, ethnicity, religion)
                select gen_random_uuid(), (?::uuid[])[1 + i % 3], date '1990-01-01' + (i * 7 % 12000),
                       case when i % 17 = 0 then date '2024-02-29' when i % 19 = 0 then date '2025-02-28' else date '9999-12-31' end,
                       (array['Official','Official','Probationary','Exempt'])[1 + i % 4],
                       'NGUYỄN VĂN ' || i, 'x', date '1925-01-01' + (i * 13 % 36500), case when i % 3 = 0 then 'Male' else 'Female' end, null,
                       '1990-01-01/', case when i % 5 = 0 then null else date '1930-01-01' + (i * 11 % 35000) end,
                       case when i % 7 = 0 then 'Tày' when i % 11 = 0 then null else 'Kinh' end,
                       case when i % 6 = 0 then 'Công giáo' when i % 9 = 0 then 'Phật giáo' else null end
                from generate_series(1, 4000) as i
                """,
                Cells);
            session.QueueSqlCommand(
                $"""
                insert into {MemberRollProjection.TableName} (member_id, cell_id, from_day, to_day, status, full_name, sort_name, date_of_birth, sex, card_number, party_periods, party_age_from, ethnicity, religion)
                select gen_random_uuid(), ?::uuid, date '2001-01-01', date '9999-12-31', 'Official', 'LÊ THỊ ' || b, 'x', b, 'Female', null, '1990-01-01/', b + interval '10 years', 'Kinh', null
                from unnest(array[date '1964-02-29', date '1984-02-29', date '1996-02-29', date '1954-02-28', date '1954-03-01', date '1995-02-28', date '1995-03-01']) as b
                """,
                Cells[0]);
            await session.SaveChangesAsync();
        }

        public Task DisposeAsync()
        {
            Store?.Dispose();
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData("2025-02-28")]
    [InlineData("2024-02-29")]
    [InlineData("2024-02-28")]
    [InlineData("2024-03-01")]
    [InlineData("2025-03-01")]
    [InlineData("2026-12-06")]
    [InlineData("2001-06-30")]
    public async Task the_one_pass_tallies_are_those_of_the_grouping_sets_query_it_replaced(string day)
    {
        var on = LocalDate.FromDateOnly(DateOnly.Parse(day, CultureInfo.InvariantCulture));
        await using var session = db.Store.QuerySession();

        var all = await MembershipAsOf.PerCellAsync(session, null, on, StatisticsBands.Default, default);
        var some = await MembershipAsOf.PerCellAsync(session, [Fixture.Cells[0], Fixture.Cells[2]], on, StatisticsBands.Default, default);
        var before = await GroupingSetsAsync(session, on, StatisticsBands.Default);

        Sorted(all).ShouldBe(Sorted(before));
        Sorted(some).ShouldBe(Sorted(before.Where(c => c.Key != Fixture.Cells[1]).ToDictionary()));
        foreach (var band in MembershipAsOf.Dimensions(StatisticsBands.Default).Where(d => d.Key is "Age" or "PartyAge"))
        {
            // Every band is represented, so no edge goes untested.
            band.Values.ShouldAllBe(v => all.Values.Sum(t => t.GetValueOrDefault(band.CountKey(v))) > 0, $"{band.Key} on {day}");
        }
    }

    [Fact]
    public async Task the_one_pass_tallies_are_the_pure_count_of_the_same_members()
    {
        var on = new LocalDate(2025, 2, 28);
        await using var session = db.Store.QuerySession();
        var counted = new List<MembershipAsOf.Counted>();
        await using (var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                $"select cell_id, status, sex, date_of_birth, coalesce(party_age_from, from_day), ethnicity, religion from {MemberRollProjection.TableName} where from_day <= $1 and to_day > $1",
                connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = on.ToDateOnly() });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                int Years(int column) => Period.Between(LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(column)), on, PeriodUnits.Years).Years;
                counted.Add(new MembershipAsOf.Counted(
                    reader.GetGuid(0),
                    Enum.Parse<RollStatus>(reader.GetString(1)),
                    Enum.Parse<Domain.Members.Sex>(reader.GetString(2)),
                    Years(3),
                    Years(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
        }

        var all = await MembershipAsOf.PerCellAsync(session, null, on, StatisticsBands.Default, default);

        Sorted(all).ShouldBe(Sorted(counted.GroupBy(m => m.CellId).ToDictionary(g => g.Key, g => MembershipAsOf.Count(g, StatisticsBands.Default))));
    }

    [Theory]
    [InlineData("2025-02-28", 10, "2015-02-28")]
    [InlineData("2024-02-28", 1, "2023-02-28")]
    [InlineData("2025-02-28", 1, "2024-02-29")]
    [InlineData("2024-02-29", 4, "2020-02-29")]
    [InlineData("2025-03-01", 1, "2024-03-01")]
    public void the_latest_start_n_years_back_counts_29_february_as_28_february_in_common_years(string on, int years, string expected)
    {
        MembershipAsOf.LatestStart(LocalDate.FromDateOnly(DateOnly.Parse(on, CultureInfo.InvariantCulture)), years)
            .ShouldBe(LocalDate.FromDateOnly(DateOnly.Parse(expected, CultureInfo.InvariantCulture)));
    }

    private static List<string> Sorted(IReadOnlyDictionary<Guid, Tally> perCell) =>
        [.. perCell.SelectMany(c => c.Value.Select(v => $"{c.Key} {v.Key}={v.Value}")).Order(StringComparer.Ordinal)];

    /// <summary>The grouping-sets query as it stood before the one-pass query (commit c8a137e), kept here as the reference.</summary>
    private static async Task<Dictionary<Guid, Tally>> GroupingSetsAsync(IQuerySession session, LocalDate on, StatisticsBands bands)
    {
        static string Banded(string column, IReadOnlyList<int> starts) =>
            starts.Count == 0 ? "0" : string.Join(" + ", starts.Select(s => string.Create(CultureInfo.InvariantCulture, $"({column} + interval '{s} years' <= $1)::int")));
        var ageLabels = StatisticsBands.Labels(bands.AgeBands);
        var partyLabels = StatisticsBands.Labels(bands.PartyAgeBands);
        var result = new Dictionary<Guid, Tally>();
        await using var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"""
            select cell_id,
                   case when grouping(status) = 0 then 'Status' when grouping(sex) = 0 then 'Sex' when grouping(age) = 0 then 'Age'
                        when grouping(party_age) = 0 then 'PartyAge' when grouping(ethnicity) = 0 then 'Ethnicity' else 'Religion' end,
                   case when grouping(status) = 0 then status when grouping(sex) = 0 then sex when grouping(age) = 0 then age::text
                        when grouping(party_age) = 0 then party_age::text when grouping(ethnicity) = 0 then ethnicity else religion end,
                   count(*)::int
            from (
                select cell_id, status, sex, {Banded("date_of_birth", bands.AgeBands)} as age, {Banded("coalesce(party_age_from, from_day)", bands.PartyAgeBands)} as party_age,
                       coalesce(ethnicity, '') as ethnicity, coalesce(religion, '') as religion
                from {MemberRollProjection.TableName} where from_day <= $1 and to_day > $1
            ) as m
            group by grouping sets ((cell_id, status), (cell_id, sex), (cell_id, age), (cell_id, party_age), (cell_id, ethnicity), (cell_id, religion))
            """,
            connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = on.ToDateOnly() });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var cell = reader.GetGuid(0);
            var dimension = reader.GetString(1);
            var value = reader.GetString(2);
            var count = reader.GetInt32(3);
            if (!result.TryGetValue(cell, out var tally))
            {
                result[cell] = tally = new Tally();
                tally.Increase(MembershipAsOf.Education.CountKey(StatisticsDimension.NotRecorded), 0);
                tally.Increase(MembershipAsOf.PoliticalTheory.CountKey(StatisticsDimension.NotRecorded), 0);
            }

            var label = dimension switch
            {
                "Age" => ageLabels[int.Parse(value, CultureInfo.InvariantCulture)],
                "PartyAge" => partyLabels[int.Parse(value, CultureInfo.InvariantCulture)],
                _ => value,
            };
            tally.Increase($"{dimension}.{label}", count);
            if (dimension == "Status")
            {
                tally.Increase(MembershipAsOf.Education.CountKey(StatisticsDimension.NotRecorded), count);
                tally.Increase(MembershipAsOf.PoliticalTheory.CountKey(StatisticsDimension.NotRecorded), count);
            }
        }

        return result;
    }
}
