using System.Diagnostics;
using System.Net;
using EventSourced.Domain.Audit;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using Marten;
using NodaTime;

namespace EventSourced.Benchmarks;

/// <summary>
/// A unit's roll as of a date for a cell of 5,000 members: the query behind it in process, and the
/// auditors' page and its CSV export through HTTP.
/// </summary>
internal static class RollAsOfBenchmark
{
    public const string Name = "roll";
    public const int Members = 5_000;
    public const int Requests = 20;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly LatencyTarget Under100 = new(TimeSpan.FromMilliseconds(100), "p95 of the warm runs");

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var dataDirectory = Path.Combine(workspace.Temporary, "roll");
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        var cell = DemoCity.Build(DemoSize.Small).First(u => u.Kind == OrganisationKind.Cell);
        var on = VietnamTime.Today(SystemClock.Instance).PlusMonths(-1);
        try
        {
            await using (var first = AppProcess.Start(workspace, dataDirectory))
            {
                await first.WaitUntilServedAsync("/login", StartTimeout, ct);
                await first.StopAsync();
            }

            await using (var cluster = await EmbeddedPostgres.StartAsync(dataDirectory, ct))
            {
                using var store = DocumentStore.For(options => EventStoreConfiguration.Configure(options, cluster.ConnectionString(DatabaseSetup.DatabaseName)));
                await LoadAsync(store, cell, ct);
            }

            await using var app = AppProcess.Start(workspace, dataDirectory);
            await app.WaitUntilServedAsync("/login", StartTimeout, ct);
            await using var database = AppDatabase.Open(dataDirectory);
            var head = await database.ScalarAsync<long>("select coalesce(max(seq_id), 0) from mt_events", ct);
            var waited = Stopwatch.StartNew();
            while (await database.ScalarAsync<long>("select coalesce(max(last_seq_id), 0) from mt_event_progression where name = $1", ct, "MemberRollProjection:All") < head)
            {
                if (waited.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new BenchmarkException("the roll projection did not catch up in 5 minutes");
                }

                await Task.Delay(200, ct);
            }

            var onRoll = await database.ScalarAsync<long>(
                "select count(distinct member_id) from member_roll_periods where cell_id = $1 and from_day <= $2 and to_day > $2", ct, cell.OrganisationId, on.ToDateOnly());
            notes.Add($"The cell `{cell.Code}` has {onRoll:N0} members on its roll on {on:yyyy-MM-dd} ({Members:N0} demo members added to it, admitted 1955 to last month, the recent ones probationary, some exempt).");

            using (var store = DocumentStore.For(options => EventStoreConfiguration.Configure(options, database.ConnectionString)))
            {
                var samples = new List<TimeSpan>();
                TimeSpan firstQuery = default;
                for (var i = 0; i <= Requests; i++)
                {
                    await using var session = store.QuerySession();
                    var clock = Stopwatch.StartNew();
                    var lines = await RollAsOf.ReadAsync(session, [cell.OrganisationId], on, ct);
                    clock.Stop();
                    if (lines.Count < onRoll)
                    {
                        throw new BenchmarkException($"the roll read {lines.Count} lines, the table has {onRoll}");
                    }

                    if (i == 0)
                    {
                        firstQuery = clock.Elapsed;
                    }
                    else
                    {
                        samples.Add(clock.Elapsed);
                    }
                }

                rows.Add(new ResultRow($"RollAsOf.ReadAsync, one cell of {onRoll:N0} members (in process)", firstQuery, new Measurement(samples), Under100));
            }

            using var client = app.CreateClient();
            await DemoSignIn.SignInAsync(client, ct);
            rows.Add(await MeasureAsync(client, $"/audit/roll?unit={cell.Code}&on={on:yyyy-MM-dd}", "GET /audit/roll (the whole page, every line)", null, ct));
            rows.Add(await MeasureAsync(client, $"/audit/roll?handler=Export&format=csv&unit={cell.Code}&on={on:yyyy-MM-dd}", "GET /audit/roll export CSV", null, ct));
            await app.StopAsync();
        }
        finally
        {
            await Workspace.StopClusterIfRunningAsync(dataDirectory);
        }

        notes.Add("The query reads the cell's rows of `member_roll_periods` covering the date through the index on (cell_id, from_day, to_day), computes each member's party age, then reads the transfers of those members (in transit that day) and temporary transfers into the cell (hosted). The page renders every line (no paging: an auditor prints the roll); its time includes rendering and reading the whole response.");
        return new BenchmarkResult(
            Name,
            "A unit's roll as of a date: a cell of 5,000 members",
            $"""
            A fresh data directory: the application starts once to create the cluster, the schema and the small demo, and stops; {Members:N0} demo members are appended to one cell through Marten; the application starts again and the async daemon builds the roll periods. Then, as of a month ago: the query in process {Requests} times after one cold run, and the auditors' page and its CSV export through HTTP, signed in as `{DemoSignIn.Username}`, once cold and {Requests} times more, one at a time.
            """,
            rows,
            notes);
    }

    private static async Task LoadAsync(DocumentStore store, OrganisationCreated cell, CancellationToken ct)
    {
        var today = VietnamTime.Today(SystemClock.Instance);
        var members = DemoMembers.Build([cell, cell, cell], today, Members, seed: 5000).Take(Members).ToList();
        foreach (var batch in members.Chunk(500))
        {
            await using var session = store.LightweightSession();
            foreach (var (_, events) in batch)
            {
                var id = Guid.CreateVersion7();
                events[0] = ((MemberAdmitted)events[0]) with { MemberId = id, Profile = ((MemberAdmitted)events[0]).Profile with { CitizenId = null } };
                session.Events.StartStream<Member>(id, events);
            }

            await session.SaveChangesAsync(ct);
        }
    }

    private static async Task<ResultRow> MeasureAsync(HttpClient client, string path, string label, Target? target, CancellationToken ct)
    {
        var samples = new List<TimeSpan>();
        TimeSpan first = default;
        long bytes = 0;
        for (var i = 0; i <= Requests; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            clock.Stop();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new BenchmarkException($"GET {path} answered {(int)response.StatusCode}");
            }

            bytes = body.Length;
            if (i == 0)
            {
                first = clock.Elapsed;
            }
            else
            {
                samples.Add(clock.Elapsed);
            }
        }

        var row = new ResultRow(label, first, new Measurement(samples), target, Note: Format.Size(bytes));
        Console.WriteLine($"  {Name} {label}: first {Format.Duration(first)}, median {Format.Duration(row.Repeated!.Median)}, p95 {Format.Duration(row.Repeated.P95)}");
        return row;
    }
}
