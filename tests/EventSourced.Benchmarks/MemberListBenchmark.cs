using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace EventSourced.Benchmarks;

/// <summary>
/// The member list and the staff worklists as a signed-in administrator sees them, on a city-scale
/// demo loaded by the seed command with its members: the first page of the whole city, a search, one
/// district, a deep page and the worklists.
/// </summary>
internal static partial class MemberListBenchmark
{
    public const string Name = "members";
    public const int Requests = 20;

    /// <summary>Repeated runs of a request whose first (cold) run took longer than <see cref="SlowThreshold"/>.</summary>
    public const int SlowRequests = 3;

    private const string Username = DemoSignIn.Username;
    private static readonly TimeSpan SlowThreshold = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan SeedTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(5);

    private static readonly string[] Paths =
    [
        "/members",
        "/members?q=nguyen%20van%20hung",
        "/members?unit=HN.BD",
        "/members?page=200",
        "/members/worklists",
    ];

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        // Its own cluster: the tree benchmark's city has no members.
        var dataDirectory = Path.Combine(workspace.Temporary, "members");
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        try
        {
            var seed = await SeedAsync(workspace, dataDirectory, ct);
            rows.Add(seed.Row);
            notes.Add(seed.Note);

            await using (var app = AppProcess.Start(workspace, dataDirectory))
            {
                await app.WaitUntilServedAsync("/login", StartTimeout, ct);
                using var client = app.CreateClient();
                client.Timeout = RequestTimeout;
                await DemoSignIn.SignInAsync(client, ct);
                foreach (var path in Paths)
                {
                    var (row, slow) = await MeasureAsync(client, path, ct);
                    rows.Add(row);
                    if (slow)
                    {
                        notes.Add($"`GET {path}` took {Format.Duration(row.First)} cold, over {Format.Duration(SlowThreshold)}: measured {SlowRequests} more times instead of {Requests}.");
                    }
                }

                await app.StopAsync();
            }
        }
        finally
        {
            // Whatever happened, no cluster is left running; the workspace deletes the directory.
            await Workspace.StopClusterIfRunningAsync(dataDirectory);
        }

        notes.Add("No target is set for these requests yet.");
        notes.Add("The first request after the application starts may also load the in-memory organisation directory; it is reported as the cold figure of `GET /members`.");

        return new BenchmarkResult(
            Name,
            "Member list and worklists at city scale",
            $"""
            A fresh data directory is filled by `dotnet EventSourced.Web.dll seed --size City` with members (the whole command is timed: initdb, schema, load). The application is then started on it (not timed) and signed in as `{Username}` through the real form. Then, in this order, each request is sent once cold (its first time since the start) and {Requests} times more ({SlowRequests} if the cold one took over {Format.Duration(SlowThreshold)}), one at a time, timing each from sending the request to having read the whole response: {string.Join(", ", Paths.Select(p => $"`GET {p}`"))}.
            """,
            rows,
            notes);
    }

    private static async Task<(ResultRow Row, bool Slow)> MeasureAsync(HttpClient client, string path, CancellationToken ct)
    {
        var (first, bytes, tableRows) = await TimeOneAsync(client, path, ct);
        var slow = first > SlowThreshold;
        var samples = new List<TimeSpan>();
        for (var i = 0; i < (slow ? SlowRequests : Requests); i++)
        {
            samples.Add((await TimeOneAsync(client, path, ct)).Elapsed);
        }

        var row = new ResultRow($"city: GET {path}", first, new Measurement(samples), Note: $"{Format.Size(bytes)}, {tableRows} table rows");
        Console.WriteLine($"  {Name} {row.Label}: first {Format.Duration(first)}, median {Format.Duration(row.Repeated!.Median)}, p95 {Format.Duration(row.Repeated.P95)} ({row.Note})");
        return (row, slow);
    }

    private static async Task<(TimeSpan Elapsed, long Bytes, int TableRows)> TimeOneAsync(HttpClient client, string path, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        clock.Stop();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new BenchmarkException($"GET {path} answered {(int)response.StatusCode} {response.StatusCode} instead of 200.");
        }

        return (clock.Elapsed, System.Text.Encoding.UTF8.GetByteCount(body), TableRow().Count(body));
    }


    private sealed record Seed(ResultRow Row, string Note);

    /// <summary>
    /// <c>dotnet EventSourced.Web.dll seed --size City --environment Development</c> (with members) into a
    /// fresh data directory, given by environment variable as the tree benchmark does.
    /// </summary>
    private static async Task<Seed> SeedAsync(Workspace workspace, string dataDirectory, CancellationToken ct)
    {
        var info = workspace.AppStartInfo(["seed", "--size", "City", "--environment", "Development", "--contentroot", workspace.ContentRoot]);
        info.Environment["EmbeddedDatabase__DataDirectory"] = dataDirectory;

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
            await Workspace.StopClusterIfRunningAsync(dataDirectory);
        }

        var elapsed = clock.Elapsed;
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            throw new BenchmarkException($"The seed command succeeded but created no cluster in {dataDirectory}: where did it write?");
        }

        var loaded = SeedLoaded().Match(result.Output);
        if (!loaded.Success)
        {
            throw new BenchmarkException($"The seed command did not report what it loaded:\n{result.Tail(20)}");
        }

        var units = int.Parse(loaded.Groups["units"].Value, CultureInfo.InvariantCulture);
        var members = int.Parse(loaded.Groups["members"].Value, CultureInfo.InvariantCulture);
        if (members == 0)
        {
            throw new BenchmarkException($"The seed command loaded no members:\n{result.Tail(20)}");
        }

        var loadSeconds = double.Parse(loaded.Groups["seconds"].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
        var wholeRate = members / elapsed.TotalSeconds;
        var loadRate = members / loadSeconds;
        Console.WriteLine($"  {Name} seed --size City: {units:N0} units and {members:N0} members in {Format.Duration(elapsed)} ({wholeRate:N0} members/s; the load alone {loadSeconds:0.0} s, {loadRate:N0} members/s)");
        return new Seed(
            new ResultRow($"seed --size City ({units:N0} units, {members:N0} members), whole command", elapsed, null, Note: $"{wholeRate:N0} members/s"),
            $"Seed: {units:N0} units, {members:N0} members and the demo accounts in {Format.Duration(elapsed)} for the whole command ({wholeRate:N0} members/s), of which the load itself took {loadSeconds:0.0} s by the command's own report ({loadRate:N0} members/s); the rest is the process start, initdb, the cluster start and the schema.");
    }

    [GeneratedRegex(@"seed: (?<units>\d+) units, (?<members>\d+) members and \d+ demo accounts loaded in (?<seconds>[\d.,]+) s")]
    private static partial Regex SeedLoaded();

    [GeneratedRegex("<tr[ >]")]
    private static partial Regex TableRow();
}
