using System.Diagnostics;
using System.Globalization;
using EventSourced.Domain.Audit;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Statistics;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using Marten;
using NodaTime;

namespace EventSourced.Benchmarks;

/// <summary>
/// The city-wide statistics tables (as of a date and for a year) at city scale: the per-cell counts
/// in SQL over the read-model tables and the roll-up of the city tree in memory, in process. The
/// tables are filled with synthetic rows directly (the statistics read nothing else), spread over the
/// cells of the City-size demo tree. STATISTICS_BENCH_MEMBERS sets the number of members for a smoke run.
/// </summary>
internal static class StatisticsBenchmark
{
    public const string Name = "statistics";
    public const int Requests = 20;

    private static readonly LatencyTarget Under1s = new(TimeSpan.FromSeconds(1), "p95 of the warm runs");

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var members = int.TryParse(Environment.GetEnvironmentVariable("STATISTICS_BENCH_MEMBERS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 475_000;
        var dataDirectory = Path.Combine(workspace.Temporary, "statistics");
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        var units = DemoCity.Build(DemoSize.City);
        var today = VietnamTime.Today(SystemClock.Instance);
        var tree = new OrganisationTree(today, units.Select(u => new OrganisationNode(u.OrganisationId, u.Kind, u.Code, u.Name, u.ParentId, OrganisationStatus.Active, u.Flags, 1)));
        var city = tree.Roots.Single();
        var cells = units.Where(u => u.Kind is OrganisationKind.Cell or OrganisationKind.GrassrootsCell).Select(u => u.OrganisationId).ToArray();
        try
        {
            await using var cluster = await EmbeddedPostgres.StartAsync(dataDirectory, durable: false, ct);
            await cluster.EnsureDatabaseAsync("statistics", ct: ct);
            // Writing the synthetic rows took over Npgsql's 30 s command timeout on a machine shared with
            // several builds; the timed queries are far below it either way.
            var connection = new Npgsql.NpgsqlConnectionStringBuilder(cluster.ConnectionString("statistics")) { CommandTimeout = 600 }.ConnectionString;
            using var store = DocumentStore.For(options => EventStoreConfiguration.Configure(options, connection));
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            var load = Stopwatch.StartNew();
            await using (var session = store.LightweightSession())
            {
                // One roll period per member in a cell chosen by its number, with standings, sexes, ages
                // and party ages spread as in the register; about one movement per ten members a year.
                session.QueueSqlCommand(
                    $"""
                    insert into {MemberRollProjection.TableName} (member_id, cell_id, from_day, to_day, status, full_name, sort_name, date_of_birth, sex, card_number, party_periods, party_age_from, ethnicity, religion)
                    select gen_random_uuid(), (?::uuid[])[1 + i % ?], date '2000-01-01' + (i % 8000), date '9999-12-31',
                           (array['Official','Official','Official','Official','Official','Official','Official','Probationary','Exempt'])[1 + i % 9],
                           'NGUYỄN VĂN ' || i, 'x', date '1940-01-01' + (i * 7 % 25000), case when i % 2 = 0 then 'Male' else 'Female' end, null,
                           '1990-01-01/', date '1960-01-01' + (i * 13 % 23000), case when i % 20 = 0 then 'Tày' else 'Kinh' end, case when i % 10 = 0 then 'Công giáo' else null end
                    from generate_series(1, ?) as i
                    """,
                    cells, cells.Length, members);
                session.QueueSqlCommand(
                    $"""
                    insert into {MemberMovementsProjection.TableName} (member_id, cell_id, day, kind, detail, version)
                    select gen_random_uuid(), (?::uuid[])[1 + i % ?], date '2015-01-01' + (i % 4000),
                           (array['Admissions','Recognitions','Transfers','Ends','Disciplines','Badges'])[1 + i % 6],
                           (array['Admitted','Recognised','ArrivedWithinCity','Deceased','Reprimand','30'])[1 + i % 6], 1
                    from generate_series(1, ?) as i
                    """,
                    cells, cells.Length, members);
                await session.SaveChangesAsync(ct);
            }

            await using (var session = store.LightweightSession())
            {
                session.QueueSqlCommand($"analyze {MemberRollProjection.TableName}");
                session.QueueSqlCommand($"analyze {MemberMovementsProjection.TableName}");
                await session.SaveChangesAsync(ct);
            }

            notes.Add($"{members:N0} roll periods and {members:N0} movements (2015 to 2025) over the {cells.Length:N0} cells of the City demo tree ({tree.Count:N0} units), written in {Format.Duration(load.Elapsed)} (not timed).");
            rows.Add(await MeasureAsync($"MembershipAsOf.TablesAsync, the city, {members:N0} members (in process)", () => AsOfAsync(store, tree, city.Id, today, ct)));
            rows.Add(await MeasureAsync("MovementsInPeriod.TablesAsync, the city, one year (in process)", () => PeriodAsync(store, tree, city.Id, today, ct)));
            var district = tree.Children(city.Id)[0];
            rows.Add(await MeasureAsync($"MembershipAsOf.TablesAsync, one committee `{district.Code}` (in process)", () => AsOfAsync(store, tree, district.Id, today, ct)));
        }
        finally
        {
            await Workspace.StopClusterIfRunningAsync(dataDirectory);
        }

        notes.Add("The as-of query reads the roll periods covering the date once and returns one wide row per cell (and ethnicity and religion): standing, sex and the age and party-age bands are filtered counts, the bands' edges are dates worked out before the query, the hash of cells gets 64 MB of work memory; the period query groups movements by cell, table and column; the city tree then adds the cells up in memory. The city reads every cell without an id filter; a committee passes its cells' ids.");
        return new BenchmarkResult(
            Name,
            "Statistics tables at city scale",
            $"An embedded cluster with the application's schema; the statistics read models filled with synthetic rows; each query {Requests} times after one cold run, one at a time, in process.",
            rows,
            notes);
    }

    private static async Task<int> AsOfAsync(DocumentStore store, OrganisationTree tree, Guid unit, LocalDate on, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var tables = await MembershipAsOf.TablesAsync(session, tree, unit, on, StatisticsBands.Default, ct);
        return tables[0].Total.Total;
    }

    private static async Task<int> PeriodAsync(DocumentStore store, OrganisationTree tree, Guid unit, LocalDate on, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var tables = await MovementsInPeriod.TablesAsync(session, tree, unit, on.PlusYears(-1), on, ct);
        return tables.Sum(t => t.Total.Total);
    }

    private static async Task<ResultRow> MeasureAsync(string label, Func<Task<int>> run)
    {
        var samples = new List<TimeSpan>();
        TimeSpan first = default;
        var counted = 0;
        for (var i = 0; i <= Requests; i++)
        {
            var clock = Stopwatch.StartNew();
            counted = await run();
            clock.Stop();
            if (i == 0)
            {
                first = clock.Elapsed;
            }
            else
            {
                samples.Add(clock.Elapsed);
            }
        }

        var row = new ResultRow(label, first, new Measurement(samples), Under1s, Note: $"{counted:N0} counted");
        Console.WriteLine($"  {Name} {label}: first {Format.Duration(first)}, median {Format.Duration(row.Repeated!.Median)}, p95 {Format.Duration(row.Repeated.P95)}");
        return row;
    }
}
