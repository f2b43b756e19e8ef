using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;

namespace EventSourced.Benchmarks;

/// <summary>
/// The rollout dashboard (<c>/installs</c>) at city scale, as the administrator sees it: the whole
/// city today and on a past date, one district and one cell, each read from <c>rollout_spans</c>.
/// The seed command loads members and their rollout; the async daemon then projects every event
/// into the spans after the application starts, and that catch-up (the projection's rebuild) is
/// timed too, before any page is.
/// </summary>
internal static partial class DashboardBenchmark
{
    public const string Name = "dashboard";
    public const int Requests = 20;

    /// <summary>"The dashboard for the whole city of 475,000 members renders in under 300 ms from projections."</summary>
    public static readonly LatencyTarget Target = new(TimeSpan.FromMilliseconds(300), "p95 of the warm requests");

    /// <summary>A date in the middle of the rollout's pilot phase.</summary>
    public const string PastDate = "2023-02-20";

    public const string District = "HN.BD";

    private const string Username = DemoSignIn.Username;
    private static readonly TimeSpan SeedTimeout = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromMinutes(60);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(2);

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var dataDirectory = Path.Combine(workspace.Temporary, "dashboard");
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        var cell = CellUnder(District);
        var views = new (string Label, string Path, bool Judged)[]
        {
            ("city today", "/installs", true),
            ($"city on {PastDate}", $"/installs?date={PastDate}", true),
            ($"district {District} today", $"/installs?unit={District}", false),
            ($"cell {cell} today", $"/installs?unit={Uri.EscapeDataString(cell)}", false),
        };
        try
        {
            var seed = await CitySeed.RunAsync(workspace, dataDirectory, Name, SeedTimeout, ct);
            rows.Add(seed.Row);
            notes.Add(seed.Note);

            var launched = Stopwatch.StartNew();
            await using (var app = AppProcess.Start(workspace, dataDirectory))
            {
                await app.WaitUntilServedAsync("/login", StartTimeout, ct);
                var served = launched.Elapsed;
                await using var database = AppDatabase.Open(dataDirectory);
                var head = await database.HeadAsync(ct);
                var caughtUp = await database.WaitForRolloutAsync(
                    head, launched, CatchUpTimeout, done => Console.WriteLine($"  {Name} rollout projection: {done:N0} of {head:N0} events after {Format.Duration(launched.Elapsed)}"), ct);
                var spans = await database.ScalarAsync<long>("select count(*) from rollout_spans", ct);
                Console.WriteLine($"  {Name} rollout projection caught up with {head:N0} events in {Format.Duration(caughtUp)} from the launch ({spans:N0} spans)");
                rows.Add(new ResultRow($"rollout projection rebuilt from {head:N0} events (launch → caught up)", caughtUp, null, Note: $"{head / caughtUp.TotalSeconds:N0} events/s, {spans:N0} spans"));
                notes.Add($"The rebuild: the application was launched on the seeded cluster, whose `rollout_spans` was empty, and served its first page after {Format.Duration(served)}; the async daemon had applied all {head:N0} events of the store to the rollout projection {Format.Duration(caughtUp)} after the launch (`mt_event_progression`, polled every 200 ms), leaving {spans:N0} rows in `rollout_spans`. The dashboard was not requested before that.");

                using var client = app.CreateClient();
                client.Timeout = RequestTimeout;
                await DemoSignIn.SignInAsync(client, ct);
                foreach (var (label, path, judged) in views)
                {
                    rows.Add(await MeasureAsync(client, label, path, judged ? Target : null, ct));
                }

                await app.StopAsync();
            }
        }
        finally
        {
            await Workspace.StopClusterIfRunningAsync(dataDirectory);
        }

        notes.Add($"The cell is {cell}, the first cell of the demo under {District}.");
        notes.Add("The cold figure of each view is the count from the projection itself (the spans of the date grouped per cell, rolled up the tree, and the 26-week series); the warm ones are served from the figures cache (`RolloutFiguresCache`), which reuses a result while the event store and the projection have not moved, as here where nothing is written between requests. A dashboard whose figures changed since it was last shown costs the cold figure once.");
        notes.Add("Every page carries the unit's figures, its table of the units directly below (100 a page), and the charts: installs over the 26 weeks up to the date, the ranked units and the distribution.");
        return new BenchmarkResult(
            Name,
            "Rollout dashboard at city scale",
            $"""
            A fresh data directory is filled by `dotnet EventSourced.Web.dll seed --size City` (members and their app rollout; the whole command is timed). The application is then launched on it and its async daemon rebuilds the rollout projection (`rollout_spans`) from every event in the store; the time from the launch until `mt_event_progression` shows the projection at the newest event is reported. Then, signed in as `{Username}` (city scope) through the real form, each view is requested once cold (its first time since the start) and {Requests} times more, one at a time, timing each from sending the request to having read the whole response: {string.Join(", ", views.Select(v => $"{v.Label} (`GET {v.Path}`)"))}.
            """,
            rows,
            notes);
    }

    private static async Task<ResultRow> MeasureAsync(HttpClient client, string label, string path, Target? target, CancellationToken ct)
    {
        var (first, page) = await TimeOneAsync(client, path, ct);
        var samples = new List<TimeSpan>();
        for (var i = 0; i < Requests; i++)
        {
            samples.Add((await TimeOneAsync(client, path, ct)).Elapsed);
        }

        var row = new ResultRow($"GET /installs: {label}", first, new Measurement(samples), target, $"{Format.Size(page.Bytes)}; {page.Members} members, {page.Installed} installed");
        Console.WriteLine($"  {Name} {row.Label}: first {Format.Duration(first)}, median {Format.Duration(row.Repeated!.Median)}, p95 {Format.Duration(row.Repeated.P95)} ({row.Note})");
        return row;
    }

    private sealed record Page(long Bytes, string Members, string Installed);

    private static async Task<(TimeSpan Elapsed, Page Page)> TimeOneAsync(HttpClient client, string path, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        clock.Stop();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new BenchmarkException($"GET {path} answered {(int)response.StatusCode} {response.StatusCode} instead of 200.");
        }

        if (FormError().Match(body) is { Success: true } error)
        {
            throw new BenchmarkException($"GET {path} shows an error: {WebUtility.HtmlDecode(error.Groups[1].Value)}");
        }

        var members = KpiMembers().Match(body);
        var installed = KpiInstalled().Match(body);
        if (!members.Success || !installed.Success)
        {
            throw new BenchmarkException($"GET {path} shows no figures for the unit.");
        }

        return (clock.Elapsed, new Page(System.Text.Encoding.UTF8.GetByteCount(body), members.Groups[1].Value, installed.Groups[1].Value));
    }

    /// <summary>The first cell (by code) below the unit with <paramref name="code"/> in the city-scale demo.</summary>
    private static string CellUnder(string code)
    {
        var units = DemoCity.Build(DemoSize.City);
        var byId = units.ToDictionary(u => u.OrganisationId);
        var root = units.Single(u => u.Code == code).OrganisationId;
        bool Below(OrganisationCreated unit)
        {
            for (Guid? id = unit.ParentId; id is { } current; id = byId.TryGetValue(current, out var parent) ? parent.ParentId : null)
            {
                if (current == root)
                {
                    return true;
                }
            }

            return false;
        }

        return units.Where(u => u.Kind is OrganisationKind.Cell && Below(u)).Select(u => u.Code).Order(StringComparer.Ordinal).First();
    }

    [GeneratedRegex("""data-testid="kpi-members">([^<]*)<""")]
    private static partial Regex KpiMembers();

    [GeneratedRegex("""data-testid="kpi-installed">([^<]*)<""")]
    private static partial Regex KpiInstalled();

    [GeneratedRegex("""data-testid="form-error">([^<]*)<""")]
    private static partial Regex FormError();
}
