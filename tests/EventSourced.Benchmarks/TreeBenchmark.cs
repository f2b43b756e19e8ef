using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EventSourced.Benchmarks;

/// <summary>
/// The organisation tree screens as a signed-in administrator sees them, on the small demo and on
/// a city-scale tree loaded by the seed command: the top level, a search over the whole city, a
/// lazily expanded branch and a unit's page.
/// </summary>
internal static partial class TreeBenchmark
{
    public const string Name = "tree";
    public const int Requests = 20;

    private const string Username = DemoSignIn.Username;
    private const string SearchPath = "/organisations?q=phuc%20xa";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan SeedTimeout = TimeSpan.FromMinutes(15);

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var rows = new List<ResultRow>();
        var notes = new List<string>();

        // The small demo: the cluster the start-up runs left, or a fresh one the first start fills.
        var small = await MeasureScreensAsync(workspace, workspace.SmallDataDirectory, "small demo", ct);
        rows.AddRange(small.Rows);
        notes.Add($"Small demo: the committee expanded and opened is {small.Committee}.");

        var seed = await SeedCityAsync(workspace, ct);
        rows.Add(seed.Row);
        notes.Add(seed.Note);

        var city = await MeasureScreensAsync(workspace, workspace.CityDataDirectory, "city", ct);
        rows.AddRange(city.Rows);
        notes.Add($"City: the committee expanded and opened is {city.Committee}.");
        notes.Add("The first `GET /organisations` after the application starts is the one that loads every unit into the application's in-memory directory; the later first requests find it loaded.");

        return new BenchmarkResult(
            Name,
            "Organisation tree: top level, search, lazy expansion and unit page",
            $"""
            The application is started on a data directory (not timed) and signed in as `{Username}` through the real form (`GET /login`, the hidden `__RequestVerificationToken`, `POST /login` with the cookies). Then, in this order, each request is sent once cold (its first time since the start) and {Requests} times more, one at a time, timing each from sending the request to having read the whole response: `GET /organisations` (the tree's top level), `GET {SearchPath}` (search without diacritics over the whole tree), `GET /organisations/children?parentId=ID` (expanding a directly subordinate committee, the htmx fragment) and `GET /organisations/ID` (that committee's page). The committee is the first one `GET /api/organisations?parentId=CITY` lists (looked up between the search and the expansion, not timed). Two trees: the small demo the start-up runs loaded, and a city-scale tree loaded into a fresh data directory by `dotnet EventSourced.Web.dll seed --size City`, whose wall-clock time (the whole command: initdb, schema, load) is also reported.
            """,
            rows,
            notes);
    }

    private sealed record Screens(IReadOnlyList<ResultRow> Rows, string Committee);

    private static async Task<Screens> MeasureScreensAsync(Workspace workspace, string dataDirectory, string tree, CancellationToken ct)
    {
        await using var app = AppProcess.Start(workspace, dataDirectory);
        await app.WaitUntilServedAsync("/login", StartTimeout, ct);
        using var client = app.CreateClient();
        await DemoSignIn.SignInAsync(client, ct);

        var rows = new List<ResultRow>
        {
            await MeasureAsync(client, tree, "/organisations", ct),
            await MeasureAsync(client, tree, SearchPath, ct),
        };
        var committee = await FirstCommitteeAsync(client, ct);
        rows.Add(await MeasureAsync(client, tree, $"/organisations/children?parentId={committee.Id}", ct, "/organisations/children?parentId=COMMITTEE"));
        rows.Add(await MeasureAsync(client, tree, $"/organisations/{committee.Id}", ct, "/organisations/COMMITTEE"));

        await app.StopAsync();
        return new Screens(rows, $"{committee.Code} {committee.Name} ({committee.ActiveChildren.ToString("N0", CultureInfo.InvariantCulture)} active units below it)");
    }

    /// <summary>One cold request, then <see cref="Requests"/> more; every response must be a 200.</summary>
    private static async Task<ResultRow> MeasureAsync(HttpClient client, string tree, string path, CancellationToken ct, string? shownPath = null)
    {
        var (first, bytes) = await TimeOneAsync(client, path, ct);
        var samples = new List<TimeSpan>();
        for (var i = 0; i < Requests; i++)
        {
            samples.Add((await TimeOneAsync(client, path, ct)).Elapsed);
        }

        var row = new ResultRow($"{tree}: GET {shownPath ?? path}", first, new Measurement(samples), Note: Format.Size(bytes));
        Console.WriteLine($"  {Name} {row.Label}: first {Format.Duration(first)}, median {Format.Duration(row.Repeated!.Median)}, p95 {Format.Duration(row.Repeated.P95)}");
        return row;
    }

    private static async Task<(TimeSpan Elapsed, long Bytes)> TimeOneAsync(HttpClient client, string path, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        clock.Stop();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new BenchmarkException($"GET {path} answered {(int)response.StatusCode} {response.StatusCode} instead of 200.");
        }

        return (clock.Elapsed, body.LongLength);
    }

    private sealed record Unit(Guid Id, string Code, string Name, string Kind, int ActiveChildren);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The city is the administrator's only root; its first directly subordinate committee.</summary>
    private static async Task<Unit> FirstCommitteeAsync(HttpClient client, CancellationToken ct)
    {
        var roots = await client.GetFromJsonAsync<List<Unit>>(new Uri("/api/organisations", UriKind.Relative), Json, ct) ?? [];
        var city = roots.FirstOrDefault() ?? throw new BenchmarkException("GET /api/organisations listed no unit.");
        var children = await client.GetFromJsonAsync<List<Unit>>(new Uri($"/api/organisations?parentId={city.Id}", UriKind.Relative), Json, ct) ?? [];
        return children.FirstOrDefault(u => u.Kind == "DirectlySubordinateCommittee")
            ?? throw new BenchmarkException($"GET /api/organisations?parentId={city.Id} listed no directly subordinate committee.");
    }

    private sealed record Seed(ResultRow Row, string Note);

    /// <summary>
    /// <c>dotnet EventSourced.Web.dll seed --size City -n --environment Development</c> (-n: no members; the long --no-members would swallow the next argument as its value in ASP.NET Core configuration) into a fresh data
    /// directory. The directory is given by environment variable: the seed command's parser refuses
    /// the <c>--EmbeddedDatabase:DataDirectory=</c> switch the web host accepts.
    /// </summary>
    private static async Task<Seed> SeedCityAsync(Workspace workspace, CancellationToken ct)
    {
        var info = workspace.AppStartInfo(["seed", "--size", "City", "-n", "--environment", "Development", "--contentroot", workspace.ContentRoot]);
        info.Environment["EmbeddedDatabase__DataDirectory"] = workspace.CityDataDirectory;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(SeedTimeout);
        var clock = Stopwatch.StartNew();
        CommandResult result;
        try
        {
            result = (await Command.RunAsync(info, timeout.Token)).EnsureSuccess();
        }
        finally
        {
            // A failed or interrupted seed may leave its cluster up.
            await Workspace.StopClusterIfRunningAsync(workspace.CityDataDirectory);
        }

        var elapsed = clock.Elapsed;
        if (!File.Exists(Path.Combine(workspace.CityDataDirectory, "PG_VERSION")))
        {
            throw new BenchmarkException($"The seed command succeeded but created no cluster in {workspace.CityDataDirectory}: where did it write?");
        }

        var loaded = SeedLoaded().Match(result.Output);
        if (!loaded.Success)
        {
            throw new BenchmarkException($"The seed command did not report what it loaded:\n{result.Tail(20)}");
        }

        var units = int.Parse(loaded.Groups["units"].Value, CultureInfo.InvariantCulture);
        var loadSeconds = double.Parse(loaded.Groups["seconds"].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
        var wholeRate = units / elapsed.TotalSeconds;
        var loadRate = units / loadSeconds;
        Console.WriteLine($"  {Name} seed --size City: {units:N0} units in {Format.Duration(elapsed)} ({wholeRate:N0} units/s; the load alone {loadSeconds:0.0} s, {loadRate:N0} units/s)");
        return new Seed(
            new ResultRow($"seed --size City ({units:N0} units), whole command", elapsed, null, Note: $"{wholeRate:N0} units/s"),
            $"Seed: {units:N0} units and the demo accounts in {Format.Duration(elapsed)} for the whole command ({wholeRate:N0} units/s), of which the load itself took {loadSeconds:0.0} s by the command's own report ({loadRate:N0} units/s); the rest is the process start, initdb, the cluster start and the schema.");
    }

    [GeneratedRegex(@"seed: (?<units>\d+) units, \d+ members and \d+ demo accounts loaded in (?<seconds>[\d.,]+) s")]
    private static partial Regex SeedLoaded();
}
