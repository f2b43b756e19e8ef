using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace EventSourced.Benchmarks;

/// <summary>
/// Fifty signed-in users at once on the city: staff, administrators, an editor's desk and auditors,
/// each going from page to page with a pause to read, as a working day looks. Also checks the async
/// daemon has caught up at launch, and reports the server's peak memory.
/// </summary>
internal static class LoadBenchmark
{
    public const string Name = "load";
    public const int Users = 50;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan MinThink = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxThink = TimeSpan.FromMilliseconds(2500);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan SeedTimeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Goal = TimeSpan.FromMilliseconds(100);

    private static readonly string[] AsyncProjections = AppDatabase.AsyncProjections;

    private static readonly string[] Names = ["nguyen van hung", "tran thi lan", "le van nam", "pham thi hoa", "hoang van minh", "vu thi thu", "do van duc", "bui thi mai", "dang van long", "ngo thi huong"];

    private static readonly string[] DocumentSearches = ["nghi quyet", "chi thi", "sinh hoat chi bo", "ket luan", "huong dan", "chuyen doi so"];

    /// <summary>A user's role in the mix: who signs in, how many of them, and what they open (a page kind and its path, drawn with a weight).</summary>
    private sealed record Role(string Username, int Count, IReadOnlyList<(int Weight, string Kind, Func<Random, string> Path)> Pages);

    /// <summary>
    /// Names a stopped cluster already seeded with the city (owned by the postgres user when run as root)
    /// to measure instead of seeding a fresh one: the seed's 7 minutes are the <c>seed</c> benchmark's
    /// anyway. The application runs on it in place (its schema is upgraded, its pages' reads recorded).
    /// </summary>
    public const string ReuseVariable = "LOAD_CITY_DATA_DIRECTORY";

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var reused = Environment.GetEnvironmentVariable(ReuseVariable) is { Length: > 0 } given ? Path.GetFullPath(given) : null;
        var dataDirectory = reused ?? Path.Combine(workspace.Temporary, "load");
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        try
        {
            if (reused is null)
            {
                var seed = await CitySeed.RunAsync(workspace, dataDirectory, Name, SeedTimeout, ct);
                rows.Add(seed.Row);
                notes.Add(seed.Note);
            }
            else if (!File.Exists(Path.Combine(reused, "PG_VERSION")))
            {
                throw new BenchmarkException($"{ReuseVariable} names {reused}, which holds no cluster.");
            }
            else
            {
                notes.Add($"No seed: the city was an existing seeded cluster named by `{ReuseVariable}`, measured in place.");
            }

            var launched = Stopwatch.StartNew();
            await using var app = AppProcess.Start(workspace, dataDirectory);
            await app.WaitUntilServedAsync("/login", StartTimeout, ct);
            // The city's start: schema check, the register keys (their full check was recorded by the
            // seed, so not scanned again) and the warm-ups, to the first page served.
            rows.Add(new ResultRow("launch on the city → GET /login 200", launched.Elapsed, null, Note: "after the seed; no target set"));
            await using var database = AppDatabase.Open(dataDirectory);
            var head = await database.HeadAsync(ct);
            var caughtUp = await database.WaitForAllProjectionsAsync(head, launched, CatchUpTimeout, done => Console.WriteLine($"  {Name} daemon: {Format.Duration(launched.Elapsed)} after launch, slowest projection at {done:N0} of {head:N0}"), ct);
            // The seed rebuilds every projection before the application starts (decision 0026; its time
            // is the `seed` benchmark's): this only checks the daemon has nothing left to do.
            notes.Add($"The daemon at launch: every asynchronous projection ({string.Join(", ", AsyncProjections.Select(p => $"`{p}`"))}) was at event {head:N0} {Format.Duration(caughtUp)} after the application's launch, the seed having rebuilt them; the rebuild from empty is measured by `seed`.");

            var targets = await TargetsAsync(database, ct);
            var roles = Roles(targets);
            var clients = new List<(Role Role, HttpClient Client)>();
            var index = 0;
            foreach (var role in roles)
            {
                for (var i = 0; i < role.Count; i++)
                {
                    var client = Client(app, index++);
                    await DemoSignIn.SignInAsync(client, ct, role.Username);
                    clients.Add((role, client));
                }
            }

            var samples = new ConcurrentBag<(string Kind, TimeSpan Elapsed, bool Ok)>();
            var clock = Stopwatch.StartNew();
            var end = WarmUp + Duration;
            await Task.WhenAll(clients.Select((c, i) => UserAsync(c.Role, c.Client, new Random(1000 + i), clock, end, samples, ct)));
            var errors = samples.Count(s => !s.Ok);
            var peak = app.PeakWorkingSetBytes();

            foreach (var kind in samples.Select(s => s.Kind).Distinct().Order(StringComparer.Ordinal))
            {
                var times = samples.Where(s => s.Kind == kind && s.Ok).Select(s => s.Elapsed).ToList();
                if (times.Count == 0)
                {
                    continue;
                }

                var measurement = new Measurement(times);
                var sorted = times.Order().ToList();
                var p99 = sorted[(int)Math.Ceiling(0.99 * sorted.Count) - 1];
                var row = new ResultRow(kind, null, measurement, new LatencyTarget(Goal, "p95 with 50 users"), Note: $"p99 {Format.Duration(p99)}; {times.Count:N0} requests");
                rows.Add(row);
                Console.WriteLine($"  {Name} {kind}: median {Format.Duration(measurement.Median)}, p95 {Format.Duration(measurement.P95)}, p99 {Format.Duration(p99)} ({times.Count} requests)");
            }

            var measured = samples.Count;
            notes.Add($"{measured:N0} requests in the {Duration.TotalSeconds:0} s measured ({measured / Duration.TotalSeconds:0.0} a second), {errors:N0} of them not answered 200; the server's peak working set over the whole run (seed excluded): {peak / 1024.0 / 1024.0:N0} MiB (`VmHWM`).");
            notes.Add($"Users: {string.Join("; ", roles.Select(r => $"{r.Count} × `{r.Username}` ({string.Join(", ", r.Pages.Select(p => $"{p.Kind} {p.Weight}"))})"))}.");
            foreach (var (_, client) in clients)
            {
                client.Dispose();
            }

            await app.StopAsync();
        }
        finally
        {
            await Workspace.StopClusterIfRunningAsync(dataDirectory);
        }

        return new BenchmarkResult(
            Name,
            "Fifty users at once on the city",
            $"""
            A fresh data directory is filled by `dotnet EventSourced.Web.dll seed --size City` (members, their app rollout, content), or, when the environment variable `{ReuseVariable}` names the data directory of a stopped cluster already seeded so, that one is used in place and the seed skipped (the notes say which). The application is launched on it (the seed has rebuilt every projection). Then {Users} users sign in through the real form, each from a loopback address of its own, and work at once: each opens a page drawn from its role's mix, reads the whole answer, waits {MinThink.TotalSeconds:0.#}–{MaxThink.TotalSeconds:0.#} s (uniform) and opens the next, for {WarmUp.TotalSeconds:0} s of warm-up (not counted) and {Duration.TotalSeconds:0} s measured. Each request is timed from sending it to having read the whole response; the figures are per kind of page, over every user's requests of that kind.
            """,
            rows,
            notes);
    }

    private sealed record Targets(IReadOnlyList<Guid> CityMembers, IReadOnlyList<Guid> DistrictMembers, IReadOnlyList<Guid> CityUnits, IReadOnlyList<Guid> DistrictUnits, IReadOnlyList<string> DistrictCells, IReadOnlyList<string> Districts);

    private static IReadOnlyList<Role> Roles(Targets t)
    {
        var asOf = DateTime.UtcNow.AddMonths(-6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string Pick<T>(Random r, IReadOnlyList<T> items) => Convert.ToString(items[r.Next(items.Count)], CultureInfo.InvariantCulture)!;
        string Name(Random r) => Uri.EscapeDataString(Names[r.Next(Names.Length)]);
        return
        [
            new Role("staff", 20,
            [
                (15, "member list (district)", _ => "/members"),
                (20, "member search (district)", r => "/members?q=" + Name(r)),
                (25, "member page and timeline", r => "/members/" + Pick(r, t.DistrictMembers)),
                (15, "unit page", r => "/organisations/" + Pick(r, t.DistrictUnits)),
                (10, "worklists (district)", _ => "/members/worklists"),
                (15, "rollout dashboard (district)", _ => "/installs"),
            ]),
            new Role("admin", 15,
            [
                (15, "member list (city)", _ => "/members"),
                (25, "member search (city)", r => "/members?q=" + Name(r)),
                (10, "member list of a district", r => "/members?unit=" + Pick(r, t.Districts)),
                (20, "member page and timeline", r => "/members/" + Pick(r, t.CityMembers)),
                (15, "unit page", r => "/organisations/" + Pick(r, t.CityUnits)),
                (10, "rollout dashboard (city)", _ => "/installs"),
                (5, "worklists (city)", _ => "/members/worklists"),
            ]),
            new Role("editor", 8,
            [
                (50, "editor's desk", _ => "/content"),
                (50, "document search", r => "/documents?q=" + Uri.EscapeDataString(DocumentSearches[r.Next(DocumentSearches.Length)])),
            ]),
            new Role("auditor", 7,
            [
                (50, "roll as of a date (cell)", r => $"/audit/roll?unit={Uri.EscapeDataString(Pick(r, t.DistrictCells))}&on={asOf}"),
                (50, "member page and timeline", r => "/members/" + Pick(r, t.CityMembers)),
            ]),
        ];
    }

    private static async Task UserAsync(Role role, HttpClient client, Random random, Stopwatch clock, TimeSpan end, ConcurrentBag<(string, TimeSpan, bool)> samples, CancellationToken ct)
    {
        var total = role.Pages.Sum(p => p.Weight);
        // Users do not all start on the same tick.
        await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, (int)MaxThink.TotalMilliseconds)), ct);
        while (clock.Elapsed < end)
        {
            var draw = random.Next(total);
            var page = role.Pages.First(p => (draw -= p.Weight) < 0);
            var path = page.Path(random);
            var started = clock.Elapsed;
            var watch = Stopwatch.StartNew();
            bool ok;
            try
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
                await response.Content.ReadAsByteArrayAsync(ct);
                ok = response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                ok = false;
            }

            watch.Stop();
            if (started >= WarmUp)
            {
                samples.Add((page.Kind, watch.Elapsed, ok));
            }

            await Task.Delay(MinThink + TimeSpan.FromMilliseconds(random.NextDouble() * (MaxThink - MinThink).TotalMilliseconds), ct);
        }
    }

    private static async Task<Targets> TargetsAsync(AppDatabase database, CancellationToken ct)
    {
        async Task<List<T>> ListAsync<T>(string sql)
        {
            var list = new List<T>();
            await using var command = database.Command(sql);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                list.Add(reader.GetFieldValue<T>(0));
            }

            return list.Count > 0 ? list : throw new BenchmarkException($"No rows for the load's targets: {sql}");
        }

        const string Active = "data ->> 'status' = 'Active'";
        return new Targets(
            await ListAsync<Guid>("select id from mt_doc_member where status in ('Probationary', 'Official') order by md5(id::text) limit 500"),
            await ListAsync<Guid>($"select m.id from mt_doc_member m join mt_doc_organisation o on o.id = m.cell_id where o.data ->> 'code' like 'HN.BD.%' and m.status in ('Probationary', 'Official') order by md5(m.id::text) limit 500"),
            await ListAsync<Guid>($"select id from mt_doc_organisation where {Active} and data ->> 'kind' <> 'Cell' order by md5(id::text) limit 200"),
            await ListAsync<Guid>($"select id from mt_doc_organisation where {Active} and data ->> 'code' like 'HN.BD.%' and data ->> 'kind' <> 'Cell' order by md5(id::text) limit 100"),
            await ListAsync<string>($"select data ->> 'code' from mt_doc_organisation where {Active} and data ->> 'code' like 'HN.BD.%' and data ->> 'kind' = 'Cell' order by md5(id::text) limit 100"),
            await ListAsync<string>($"select data ->> 'code' from mt_doc_organisation where {Active} and data ->> 'kind' = 'DirectlySubordinateCommittee' order by 1"));
    }

    private static HttpClient Client(AppProcess app, int index) =>
        app.CreateClientFrom(new IPAddress([127, 2, (byte)(index / 200), (byte)((index % 200) + 1)]));
}
