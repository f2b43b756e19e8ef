using System.Diagnostics;
using System.Net;

namespace EventSourced.Benchmarks;

/// <summary>
/// Two application nodes on one database (<c>Cluster:Nodes=Several</c>): what one records the other
/// shows at once, and when a node is killed the other takes over the asynchronous projections.
/// </summary>
internal static class NodesBenchmark
{
    public const string Name = "nodes";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan HandOverTimeout = TimeSpan.FromMinutes(5);
    private const string Several = "--Cluster:Nodes=Several";
    private static int _serial;

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var dataDirectory = Path.Combine(workspace.Temporary, "nodes");
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        try
        {
            // The first start loads the small demo; the second node finds it loaded.
            var first = AppProcess.Start(workspace, dataDirectory, Several);
            await first.WaitUntilServedAsync("/login", StartTimeout, ct);
            var second = AppProcess.Start(workspace, dataDirectory, Several);
            await second.WaitUntilServedAsync("/login", StartTimeout, ct);
            await using var database = AppDatabase.Open(dataDirectory);
            var cell = await database.ScalarAsync<string>("select data ->> 'code' from mt_doc_organisation where data ->> 'kind' = 'Cell' and data ->> 'status' = 'Active' order by data ->> 'code' limit 1", ct);

            using (var onFirst = await SignedInAsync(first, ct))
            using (var onSecond = await SignedInAsync(second, ct))
            {
                var admitted = await AdmitAsync(onFirst, cell, ct);
                var seen = Stopwatch.StartNew();
                await ShowsAsync(onSecond, admitted, ct);
                rows.Add(new ResultRow("admitted on node 1 → member page served by node 2", seen.Elapsed, null));
                var back = await AdmitAsync(onSecond, cell, ct);
                seen.Restart();
                await ShowsAsync(onFirst, back, ct);
                rows.Add(new ResultRow("admitted on node 2 → member page served by node 1", seen.Elapsed, null));
            }

            // Kill each node in turn while the other works: the second kill is always of the node
            // running the daemon, since by then it is the only one.
            var survivor = second;
            await first.KillAsync();
            rows.Add(await HandOverAsync("node 1 killed", survivor, cell, database, ct));
            var restarted = AppProcess.Start(workspace, dataDirectory, Several);
            await restarted.WaitUntilServedAsync("/login", StartTimeout, ct);
            await survivor.KillAsync();
            rows.Add(await HandOverAsync("node 2 killed (it ran the daemon)", restarted, cell, database, ct));
            notes.Add("Each node is `dotnet EventSourced.Web.dll` with `--Cluster:Nodes=Several` (Marten's async daemon in HotCold mode, elected by a PostgreSQL advisory lock; Wolverine's durability in Balanced mode). A kill is SIGKILL to one node's process; the database keeps running.");
            await restarted.StopAsync();
            foreach (var node in (AppProcess[])[first, second, restarted])
            {
                await node.DisposeAsync();
            }
        }
        finally
        {
            await Workspace.StopClusterIfRunningAsync(dataDirectory);
        }

        return new BenchmarkResult(
            Name,
            "Two application nodes on one database",
            """
            Two application processes on one embedded cluster, each signed in as `admin` through the real form. A member admitted through one node's form is looked for on the other node's member page (polled every 100 ms until it answers 200). Then one node is killed with SIGKILL and a member is admitted through the other; the time from the kill until every asynchronous projection has reached the newest event (`mt_event_progression`) is the hand-over. The killed node is restarted, the other killed, and the hand-over measured again.
            """,
            rows,
            notes);
    }

    private static async Task<ResultRow> HandOverAsync(string what, AppProcess survivor, string cell, AppDatabase database, CancellationToken ct)
    {
        var since = Stopwatch.StartNew();
        using var client = await SignedInAsync(survivor, ct);
        await AdmitAsync(client, cell, ct);
        var head = await database.HeadAsync(ct);
        var caughtUp = await database.WaitForAllProjectionsAsync(head, since, HandOverTimeout, null, ct);
        Console.WriteLine($"  {Name} {what}: projections at the newest event {Format.Duration(caughtUp)} after the kill");
        return new ResultRow($"{what} → the other node's daemon at the newest event", null, new Measurement([caughtUp]), new LatencyTarget(TimeSpan.FromMinutes(1), "hand-over after a kill"));
    }

    private static async Task<HttpClient> SignedInAsync(AppProcess app, CancellationToken ct)
    {
        var client = app.CreateClient();
        await DemoSignIn.SignInAsync(client, ct);
        return client;
    }

    private static async Task<(Guid Id, string Name)> AdmitAsync(HttpClient client, string cell, CancellationToken ct)
    {
        var serial = Interlocked.Increment(ref _serial);
        var form = await client.GetStringAsync(new Uri("/members/admit", UriKind.Relative), ct);
        var id = Guid.NewGuid();
        var name = $"Nguyễn Văn Nút {serial}";
        using var fields = DemoSignIn.Admission(id, 800000 + serial, name, cell, DemoSignIn.Token(form, "admission form"));
        using var response = await client.PostAsync(new Uri("/members/admit", UriKind.Relative), fields, ct);
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.SeeOther))
        {
            throw new BenchmarkException($"The admission answered {(int)response.StatusCode} instead of a redirect.");
        }

        return (id, name);
    }

    private static async Task ShowsAsync(HttpClient client, (Guid Id, string Name) member, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await client.GetAsync(new Uri($"/members/{member.Id}", UriKind.Relative), ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100, ct);
        }

        throw new BenchmarkException($"The other node did not show member {member.Id} within 30 s.");
    }
}
