using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace EventSourced.Benchmarks;

/// <summary>
/// The member list and the staff worklists as a signed-in administrator sees them, on a city-scale
/// demo loaded by the seed command with its members: the first page of the whole city, a search, one
/// district, a deep page, the worklists and the home page's cards (counted over the whole city).
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
        // The administrator's home page: every card counted over the whole city.
        "/",
    ];

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        // The city the load benchmark seeded earlier in the same run when there is one (a seed costs
        // minutes); otherwise a cluster of its own: the tree benchmark's city has no members.
        var seeded = Path.Combine(workspace.Temporary, LoadBenchmark.Name);
        var reuse = File.Exists(Path.Combine(seeded, "PG_VERSION"));
        var dataDirectory = reuse ? seeded : Path.Combine(workspace.Temporary, "members");
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        try
        {
            if (reuse)
            {
                notes.Add($"The city is the one the `{LoadBenchmark.Name}` benchmark seeded and loaded earlier in the same run (its seed's time is in that section).");
            }
            else
            {
                var seed = await CitySeed.RunAsync(workspace, dataDirectory, Name, SeedTimeout, ct);
                rows.Add(seed.Row);
                notes.Add(seed.Note);
            }

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

    [GeneratedRegex("<tr[ >]")]
    private static partial Regex TableRow();
}
