using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Marten;

namespace EventSourced.Benchmarks;

/// <summary>
/// Commands through the real HTTP stack from many clerks at once (admissions through the form), then
/// the same load with the server killed by SIGKILL in the middle: after a restart every admission that
/// was answered as accepted is in the store exactly once, nothing else is, and the async projections
/// catch up.
/// </summary>
internal static class FaultsBenchmark
{
    public const string Name = "faults";
    public const int Clerks = 16;

    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromMinutes(5);

    // Citizen IDs 001090900001 on: clear of the small demo's own (which start at 001...000001).
    private static int _serial = 900_000;

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var dataDirectory = Path.Combine(workspace.Temporary, "faults");
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        try
        {
            string cell;
            await using (var app = AppProcess.Start(workspace, dataDirectory))
            {
                await app.WaitUntilServedAsync("/login", StartTimeout, ct);
                await using var database = AppDatabase.Open(dataDirectory);
                cell = await database.ScalarAsync<string>("select data ->> 'code' from mt_doc_organisation where data ->> 'kind' = 'Cell' and data ->> 'status' = 'Active' order by data ->> 'code' limit 1", ct);

                // Commands under load: every clerk sends admissions one after another, no pause.
                var clerks = await ClerksAsync(app, ct);
                var answers = new ConcurrentBag<Answer>();
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(clerks.Select(c => SendAsync(c, cell, clock, LoadDuration, answers, ct)));
                var elapsed = clock.Elapsed;
                var accepted = answers.Where(a => a.Accepted).ToList();
                var latencies = new Measurement(accepted.Select(a => a.Elapsed));
                var p99 = P99(accepted.Select(a => a.Elapsed));
                rows.Add(new ResultRow($"admissions through the form, {Clerks} clerks at once", null, latencies, new LatencyTarget(TimeSpan.FromMilliseconds(100), "p95 of accepted commands"), Note: $"p99 {Format.Duration(p99)}; {accepted.Count:N0} accepted, {answers.Count - accepted.Count:N0} refused or failed", Rate: new Rate(accepted.Count / elapsed.TotalSeconds, "commands")));
                Console.WriteLine($"  {Name} commands: {accepted.Count / elapsed.TotalSeconds:N0}/s, median {Format.Duration(latencies.Median)}, p95 {Format.Duration(latencies.P95)}, p99 {Format.Duration(p99)}");
                if (await VerifyAsync(database, accepted, ct) is { Count: > 0 } wrong)
                {
                    throw new BenchmarkException("After the load: " + string.Join("; ", wrong));
                }

                foreach (var clerk in clerks)
                {
                    clerk.Client.Dispose();
                }

                // The baseline: the same admissions appended by Marten in-process, as many at once, with
                // the same inline projections (the member snapshot) and none of the HTTP stack, the
                // form, Wolverine, the rules or the register keys; the application idle meanwhile.
                var appended = await AppendInProcessAsync(database.ConnectionString, cell, ct);
                var appendLatencies = new Measurement(appended.Latencies);
                rows.Add(new ResultRow($"baseline: the same admissions as Marten appends in-process, {Clerks} at once", null, appendLatencies, Note: $"p99 {Format.Duration(P99(appended.Latencies))}; {appended.Latencies.Count:N0} appended", Rate: new Rate(appended.Latencies.Count / appended.Elapsed.TotalSeconds, "appends")));
                Console.WriteLine($"  {Name} in-process appends: {appended.Latencies.Count / appended.Elapsed.TotalSeconds:N0}/s, median {Format.Duration(appendLatencies.Median)}");

                await app.StopAsync();
            }

            // The same load, and SIGKILL in the middle of it.
            var killedAnswers = new ConcurrentBag<Answer>();
            var beforeKill = 0L;
            await using (var app = AppProcess.Start(workspace, dataDirectory))
            {
                await app.WaitUntilServedAsync("/login", StartTimeout, ct);
                await using var database = AppDatabase.Open(dataDirectory);
                var clerks = await ClerksAsync(app, ct);
                var clock = Stopwatch.StartNew();
                var load = Task.WhenAll(clerks.Select(c => SendAsync(c, cell, clock, LoadDuration, killedAnswers, ct)));
                await Task.Delay(KillAfter, ct);
                beforeKill = await database.HeadAsync(ct);
                await app.KillAsync();
                await load;
                foreach (var clerk in clerks)
                {
                    clerk.Client.Dispose();
                }
            }

            var restarted = Stopwatch.StartNew();
            await using (var app = AppProcess.Start(workspace, dataDirectory))
            {
                await app.WaitUntilServedAsync("/login", StartTimeout, ct);
                var served = restarted.Elapsed;
                await using var database = AppDatabase.Open(dataDirectory);
                var acceptedBeforeKill = killedAnswers.Where(a => a.Accepted).ToList();
                var problems = await VerifyAsync(database, acceptedBeforeKill, ct);
                var head = await database.HeadAsync(ct);
                var caughtUp = await database.WaitForAllProjectionsAsync(head, restarted, CatchUpTimeout, null, ct);
                var unanswered = killedAnswers.Count(a => !a.Accepted);
                rows.Add(new ResultRow("restart after SIGKILL → sign-in page served", served, null));
                rows.Add(new ResultRow("restart after SIGKILL → async projections at the newest event", caughtUp, null, Note: $"{head:N0} events"));
                notes.Add($"SIGKILL {Format.Duration(KillAfter)} into the load, with {Clerks} clerks sending: {acceptedBeforeKill.Count:N0} admissions were answered as accepted before the kill and {unanswered:N0} requests failed or were cut. After the restart: {(problems.Count == 0 ? "every accepted admission is in the store exactly once (one stream, one admission event, keyed by the form's member id), and no member stream holds two admissions" : "PROBLEMS: " + string.Join("; ", problems))}. The store's newest event was {beforeKill:N0} a moment before the kill and {head:N0} after the restart; the async projections reached it {Format.Duration(caughtUp)} after the relaunch.");
                if (problems.Count > 0)
                {
                    throw new BenchmarkException("After the kill: " + string.Join("; ", problems));
                }

                await app.StopAsync();
            }
        }
        finally
        {
            await Workspace.StopClusterIfRunningAsync(dataDirectory);
        }

        return new BenchmarkResult(
            Name,
            "Commands under load, and the server killed in the middle of them",
            $"""
            The application is started on a fresh embedded cluster with the small demo. {Clerks} clerks, each signed in as `{DemoSignIn.Username}` from a loopback address of its own, send admissions through the real form (`POST /members/admit` with the form's antiforgery token; a new member id, name, citizen ID and decision each time, into one cell) one after another without pause for {LoadDuration.TotalSeconds:0} s; each request is timed from sending it to having read the answer (a redirect to the new member's page is an accepted command). Then the store is checked: every accepted member id has exactly one stream with one admission. As a baseline, the same admissions (a new stream with one `MemberAdmitted` each) are then appended by Marten in-process, {Clerks} at once for {AppendDuration.TotalSeconds:0} s, with the application's store configuration (its inline projections) and nothing else. Then the application is restarted, the same load starts again, and {KillAfter.TotalSeconds:0} s into it the server process gets SIGKILL (its PostgreSQL keeps running, as a real database server would); the application is started again on the same database and the same check is made for every admission accepted before the kill, then the async daemon is timed until every asynchronous projection is at the newest event.
            """,
            rows,
            notes);
    }

    private sealed record Answer(Guid MemberId, bool Accepted, TimeSpan Elapsed);

    private static TimeSpan P99(IEnumerable<TimeSpan> samples)
    {
        var sorted = samples.Order().ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : sorted[(int)Math.Ceiling(0.99 * sorted.Count) - 1];
    }

    private static async Task<List<(HttpClient Client, string Token)>> ClerksAsync(AppProcess app, CancellationToken ct)
    {
        var clerks = new List<(HttpClient, string)>();
        for (var i = 0; i < Clerks; i++)
        {
            var client = Client(app, i);
            await DemoSignIn.SignInAsync(client, ct);
            var form = await client.GetStringAsync(new Uri("/members/admit", UriKind.Relative), ct);
            clerks.Add((client, DemoSignIn.Token(form, "admission form")));
        }

        return clerks;
    }

    private static async Task SendAsync((HttpClient Client, string Token) clerk, string cell, Stopwatch clock, TimeSpan until, ConcurrentBag<Answer> answers, CancellationToken ct)
    {
        while (clock.Elapsed < until)
        {
            var serial = Interlocked.Increment(ref _serial);
            var id = Guid.NewGuid();
            using var fields = DemoSignIn.Admission(id, serial, $"Nguyễn Văn Tải {serial}", cell, clerk.Token);
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await clerk.Client.PostAsync(new Uri("/members/admit", UriKind.Relative), fields, ct);
                await response.Content.ReadAsByteArrayAsync(ct);
                var accepted = response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther
                    && response.Headers.Location?.ToString().EndsWith(id.ToString(), StringComparison.OrdinalIgnoreCase) == true;
                answers.Add(new Answer(id, accepted, watch.Elapsed));
            }
            catch (HttpRequestException)
            {
                // The server is gone (killed): nothing more to send.
                answers.Add(new Answer(id, false, watch.Elapsed));
                return;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                answers.Add(new Answer(id, false, watch.Elapsed));
                return;
            }
        }
    }

    private static readonly TimeSpan AppendDuration = TimeSpan.FromSeconds(15);

    private static async Task<(List<TimeSpan> Latencies, TimeSpan Elapsed)> AppendInProcessAsync(string connectionString, string cellCode, CancellationToken ct)
    {
        using var store = DocumentStore.For(options => EventSourced.Domain.Common.EventStoreConfiguration.Configure(options, connectionString));
        Guid cellId;
        await using (var query = store.QuerySession())
        {
            cellId = (await query.Query<EventSourced.Domain.Organisations.Organisation>().Where(o => o.Code == cellCode).FirstAsync(ct)).Id;
        }

        var latencies = new ConcurrentBag<TimeSpan>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clerks).Select(async _ =>
        {
            while (clock.Elapsed < AppendDuration)
            {
                var serial = Interlocked.Increment(ref _serial);
                var id = Guid.NewGuid();
                var admitted = new EventSourced.Domain.Members.MemberAdmitted(
                    id,
                    new EventSourced.Domain.Members.MemberProfile($"Nguyễn Văn Ghi {serial}", EventSourced.Domain.Members.Sex.Male, new NodaTime.LocalDate(1990, 1, 1), CitizenId: $"001090{serial:D6}"),
                    cellId,
                    new EventSourced.Domain.Members.Decision($"{serial}-QĐ/ĐU", new NodaTime.LocalDate(2024, 6, 3)),
                    new NodaTime.LocalDate(2024, 6, 3));
                var watch = Stopwatch.StartNew();
                await using var session = store.LightweightSession();
                session.Events.StartStream<EventSourced.Domain.Members.Member>(id, admitted);
                await session.SaveChangesAsync(ct);
                latencies.Add(watch.Elapsed);
            }
        }));
        return ([.. latencies], clock.Elapsed);
    }

    /// <summary>What is wrong in the store for these accepted admissions: missing, or applied twice.</summary>
    private static async Task<List<string>> VerifyAsync(AppDatabase database, IReadOnlyCollection<Answer> accepted, CancellationToken ct)
    {
        var problems = new List<string>();
        var ids = accepted.Select(a => a.MemberId).ToArray();
        var found = await database.ScalarAsync<long>("select count(distinct stream_id) from mt_events where stream_id = any($1) and type = 'member_admitted'", ct, [ids]);
        if (found != ids.Length)
        {
            problems.Add($"{ids.Length - found:N0} of {ids.Length:N0} accepted admissions are not in the store");
        }

        var twice = await database.ScalarAsync<long>("select count(*) from (select stream_id from mt_events where type = 'member_admitted' group by stream_id having count(*) > 1) as doubled", ct);
        if (twice > 0)
        {
            problems.Add($"{twice:N0} member streams hold two admissions");
        }

        return problems;
    }

    private static HttpClient Client(AppProcess app, int index) =>
        app.CreateClientFrom(new IPAddress([127, 3, (byte)(index / 200), (byte)((index % 200) + 1)]));
}
