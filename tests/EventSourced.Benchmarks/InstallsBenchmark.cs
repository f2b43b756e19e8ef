using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EventSourced.Domain.Installs;
using EventSourced.Web.Api;

namespace EventSourced.Benchmarks;

/// <summary>
/// The handbook app reporting install events (<c>POST /api/app/installs</c>) for members of the
/// small demo, each member a phone of its own: credentials issued through the staff form, a token
/// from <c>POST /api/app/token</c>, then bursts from several phones at once, first in batches as a
/// phone sends them after being offline, then one event per request. Some requests are retries, so
/// the idempotency check is part of what is measured; afterwards the database must hold every
/// event once, and the rollout projection (async daemon) is timed until it has caught up.
/// </summary>
internal static partial class InstallsBenchmark
{
    public const string Name = "installs";

    /// <summary>Phones: members of the small demo, each with a credential, a token and a client of its own.</summary>
    public const int Phones = 320;

    /// <summary>Requests in flight at once: each client sends for its own phones, one request after another.</summary>
    public const int Clients = 16;

    public const int BatchSize = 25;
    public const int BatchRounds = 8;
    /// <summary>
    /// Rounds of one event per request: 25,600 requests, a burst of about a quarter of a minute. Twelve
    /// rounds (3,840 requests) lasted under two seconds, and runs of the same code varied by a sixth.
    /// </summary>
    public const int SingleRounds = 80;

    /// <summary>A retry of a batch repeats this many of the previous request's events before the new ones.</summary>
    public const int PartialRetry = 5;

    /// <summary>"At least 2,000 events per second through the HTTP API on this 2-core machine with idempotency on."</summary>
    public static readonly RateTarget Target = new(2_000, "events", "every event sent, retries included, over the burst's wall-clock time");

    private const string Username = DemoSignIn.Username;

    /// <summary>Install reports a minute per member allowed during the bursts.</summary>
    private const int LiftedLimit = 100_000;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromMinutes(10);

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var dataDirectory = Path.Combine(workspace.Temporary, "installs");
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        // Each phone here reports far faster than the app ever does (tens of requests a minute against a
        // handful a day), so the per-member limit (Installs:RequestsPerMinute, 20) is lifted: the figure is
        // the server's rate, not the limit's.
        await using (var app = AppProcess.Start(workspace, dataDirectory, $"--Installs:RequestsPerMinute={LiftedLimit}"))
        {
            await app.WaitUntilServedAsync("/login", StartTimeout, ct);
            await using var database = AppDatabase.Open(dataDirectory);

            // The small demo's own events first, so the catch-up timed below is the burst's alone.
            var demoLoaded = Stopwatch.StartNew();
            var demoHead = await database.HeadAsync(ct);
            await database.WaitForRolloutAsync(demoHead, demoLoaded, CatchUpTimeout, null, ct);
            notes.Add($"Before the bursts the rollout projection had applied the small demo's {demoHead:N0} events (waited {Format.Duration(demoLoaded.Elapsed)} after the first served page).");

            var setup = Stopwatch.StartNew();
            var members = await PickMembersAsync(database, ct);
            using var staff = app.CreateClient();
            await DemoSignIn.SignInAsync(staff, ct);
            var secrets = new ConcurrentDictionary<Guid, string>();
            await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (member, token) =>
                secrets[member.Id] = await GrantAsync(staff, member.Id, token));
            var phones = members.Select((m, i) => new Phone(m, Client(app, i))).ToList();
            try
            {
                await Parallel.ForEachAsync(phones, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (phone, token) =>
                    await phone.SignInAsync(secrets[phone.Member.Id], token));
                Console.WriteLine($"  {Name} setup: {Phones} members given a credential through the staff form and signed in through /api/app/token in {Format.Duration(setup.Elapsed)} (not timed)");

                // Every phone's first report (installed, activated): warms the connections, the handler and the caches.
                var warmUp = await BurstAsync(phones, _ => 1, (phone, _) => phone.NextBatch(2, retry: Retry.None), ct);
                rows.Add(new ResultRow($"warm-up: 1 request per phone ({Phones} × 2 events)", warmUp.Latencies[0], new Measurement(warmUp.Latencies.Skip(1)), Note: "cold = the first request since the start"));

                var cpu = CpuTime.Now(app, dataDirectory);
                var batches = await BurstAsync(phones, _ => BatchRounds, (phone, round) => phone.NextBatch(BatchSize, RetryFor(round)), ct);
                var batchesCpu = (CpuTime.Now(app, dataDirectory) - cpu).PerRequest(batches.Requests);
                rows.Add(batches.Row($"batches of {BatchSize} events, {Clients} clients: per request", Target));
                rows.Add(await CatchUpAsync(database, batches, "batches", ct));

                cpu = CpuTime.Now(app, dataDirectory);
                var singles = await BurstAsync(phones, _ => SingleRounds, (phone, round) => phone.NextBatch(1, round % 4 == 3 ? Retry.Full : Retry.None), ct);
                var singlesCpu = (CpuTime.Now(app, dataDirectory) - cpu).PerRequest(singles.Requests);
                rows.Add(singles.Row($"1 event per request, {Clients} clients: per request", Target));
                rows.Add(await CatchUpAsync(database, singles, "single events", ct));
                Console.WriteLine($"  {Name} batches: {batchesCpu}; single events: {singlesCpu}");
                notes.Add($"Where a request's time goes, as CPU time over each burst (from /proc: the server process, the PostgreSQL postmaster and its backends, this harness's clients; the async daemon's work in the same seconds is in the server's and PostgreSQL's share): batches of {BatchSize}, {batchesCpu}; one event per request, {singlesCpu}. On a shared machine these move less than the rates.");

                var unique = warmUp.Stored + batches.Stored + singles.Stored;
                var sent = warmUp.Events + batches.Events + singles.Events;
                await VerifyAsync(database, phones, unique, ct);
                notes.Add($"Idempotency: {sent:N0} events sent, {sent - unique:N0} of them retries; the responses' `stored` added up to {unique:N0}, exactly the distinct event ids sent, and the database holds each of them once (`mt_events`, checked after the runs). Every request's `stored` was also the number of its events not sent before.");
                notes.Add($"After the last catch-up `rollout_spans` showed every one of the {Phones} phones' members active today; none was before the bursts.");
                notes.Add($"Each phone's history grows to {unique / Phones:N0} app events by the end; every report loads and rewrites the member's app-usage snapshot (inline), which keeps at most one report of each sort a day and device and no event ids (decision 0032): a retry is found by its stored id, unique in `mt_events`, so a longer history no longer makes each request dearer.");
            }
            finally
            {
                foreach (var phone in phones)
                {
                    phone.Dispose();
                }
            }

            await app.StopAsync();
        }

        notes.Add("The app's events are generated: one device per phone, kinds Installed, Activated, SignedIn and now and then Uninstalled followed by Activated, times on the device going forward from two days ago in 5-minute steps.");
        notes.Add("The catch-up figures have no target: the dashboard reads what the daemon has projected, so they say how stale it is right after a burst.");
        return new BenchmarkResult(
            Name,
            "App install events through the HTTP API",
            $"""
            The application is started as in `startup` on a fresh embedded cluster with the small demo, the per-member limit on install reports (`Installs:RequestsPerMinute`) lifted to {LiftedLimit:N0} a minute since every phone here reports far faster than an app does. Not timed: the rollout projection is left to catch up with the demo, {Phones} members (probationary or official, not exempt, not active in the app today, citizen ID unique) are picked from the database, `{Username}` issues each a credential through the member's app page (`GET`/`POST /members/ID/app?handler=Grant`, as staff do), and each member's "phone", an `HttpClient` of its own bound to a loopback address of its own (127.1.x.y, so the sign-in rate limit of 10 a minute per address applies per phone, as it would), exchanges citizen ID and credential for a Bearer token at `POST /api/app/token`. Then {Clients} clients send at once, each for its own {Phones / Clients} phones in turn, every phone's requests one after another: a warm-up (each phone's first report: Installed and Activated), then {BatchRounds} rounds of JSON arrays of {BatchSize} events per phone (of every four requests of a phone, one resends the previous request unchanged, as the app does when an answer is lost, and one starts with the last {PartialRetry} events of the previous request followed by {BatchSize - PartialRetry} new ones), then {SingleRounds} rounds of single event objects (every fourth resends the previous event). Each request is timed from sending it to having read the response (the counts `received` and `stored`); the rate is every event sent (retries included) over the burst's wall-clock time, from the first request sent to the last answer read. After each burst the rollout projection is timed until `mt_event_progression` shows it has applied the newest event of `mt_events` at the end of the burst (polled every 200 ms).
            """,
            rows,
            notes);
    }

    private enum Retry
    {
        None,
        Partial,
        Full,
    }

    private static Retry RetryFor(int round) => (round % 4) switch
    {
        3 => Retry.Full,
        1 => Retry.Partial,
        _ => Retry.None,
    };

    private sealed record Member(Guid Id, string CitizenId);

    /// <summary>An event as the app puts it on the wire: the kind by name, the device's time as an ISO instant.</summary>
    private sealed record WireEvent(Guid EventId, string Kind, string DeviceId, string Platform, string AppVersion, string OccurredAt);

    /// <summary>
    /// Members the rollout shows as not active today, so the check after the bursts proves the projection
    /// took the new events in; a citizen ID shared by two records (a legacy error in the demo) could sign
    /// in as the other one.
    /// </summary>
    private static async Task<List<Member>> PickMembersAsync(AppDatabase database, CancellationToken ct)
    {
        await using var command = database.Command(
            """
            select m.id, m.data->'profile'->>'citizenId' from mt_doc_member m
            where m.status in ('Probationary', 'Official') and not (m.data->>'exempt')::boolean
              and m.data->'profile'->>'citizenId' is not null and m.data->'activeAppAccess' is null
              and not exists (select 1 from rollout_spans s where s.member_id = m.id and s.active
                              and s.from_day <= (now() at time zone 'Asia/Ho_Chi_Minh')::date and s.to_day > (now() at time zone 'Asia/Ho_Chi_Minh')::date)
              and not exists (select 1 from mt_doc_member o where o.id <> m.id and o.data->'profile'->>'citizenId' = m.data->'profile'->>'citizenId')
            order by m.id
            limit $1
            """,
            Phones);
        var members = new List<Member>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            members.Add(new Member(reader.GetGuid(0), reader.GetString(1)));
        }

        return members.Count == Phones
            ? members
            : throw new BenchmarkException($"The small demo has only {members.Count} members fit to be phones, {Phones} are needed.");
    }

    /// <summary>The staff form on the member's app page, as <c>AppMember</c> in the web tests uses it; returns the credential shown once.</summary>
    private static async Task<string> GrantAsync(HttpClient staff, Guid memberId, CancellationToken ct)
    {
        var path = $"/members/{memberId}/app";
        var form = await staff.GetStringAsync(new Uri(path, UriKind.Relative), ct);
        using var fields = new FormUrlEncodedContent([
            new("ExpectedVersion", Field(ExpectedVersionField(), form, "ExpectedVersion")),
            new("AccessId", Field(AccessIdField(), form, "AccessId")),
            new("__RequestVerificationToken", DemoSignIn.Token(form, "app access form")),
        ]);
        using var response = await staff.PostAsync(new Uri(path + "?handler=Grant", UriKind.Relative), fields, ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        return response.StatusCode == HttpStatusCode.OK && SecretShown().Match(html) is { Success: true } secret
            ? secret.Groups[1].Value
            : throw new BenchmarkException($"Granting app access to member {memberId} answered {(int)response.StatusCode} without a credential.");
    }

    private static string Field(Regex field, string html, string name) =>
        field.Match(html) is { Success: true } match ? match.Groups[1].Value : throw new BenchmarkException($"The app access form has no {name} field.");

    /// <summary>A phone's client: its own connection from its own loopback address, as the server's rate limit sees phones.</summary>
    private static HttpClient Client(AppProcess app, int index) =>
        app.CreateClientFrom(new IPAddress([127, 1, (byte)(index / 200), (byte)((index % 200) + 1)]));

    /// <summary>One member's phone: its client, its events so far and what the server must answer to them.</summary>
    private sealed class Phone(Member member, HttpClient client) : IDisposable
    {
        private static readonly DateTime FirstEvent = DateTime.UtcNow.AddDays(-2);
        private readonly string _device = "bench-" + member.Id.ToString("N")[..12];
        private readonly string _platform = member.Id.GetHashCode() % 4 == 0 ? "ios" : "android";
        private List<WireEvent> _previous = [];
        private int _events;

        public Member Member { get; } = member;

        public HttpClient Client { get; } = client;

        /// <summary>This phone's last event by the device's clock: what the member's state comes down to.</summary>
        public AppInstallEventKind LastKind { get; private set; }

        public async Task SignInAsync(string secret, CancellationToken ct)
        {
            using var response = await Client.PostAsJsonAsync(new Uri("/api/app/token", UriKind.Relative), new AppTokenRequest(Member.CitizenId, secret), ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new BenchmarkException($"POST /api/app/token for member {Member.Id} answered {(int)response.StatusCode} {response.StatusCode}.");
            }

            var token = await response.Content.ReadFromJsonAsync<AppTokenResponse>(JsonSerializerOptions.Web, ct)
                ?? throw new BenchmarkException("POST /api/app/token answered no token.");
            Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        }

        /// <summary>The next request's events and how many of them are new.</summary>
        public (IReadOnlyList<WireEvent> Events, int New) NextBatch(int size, Retry retry)
        {
            if (retry == Retry.Full && _previous.Count > 0)
            {
                return (_previous, 0);
            }

            var repeated = retry == Retry.Partial ? _previous.TakeLast(Math.Min(PartialRetry, size - 1)).ToList() : [];
            var batch = new List<WireEvent>(repeated);
            while (batch.Count < size)
            {
                batch.Add(NextEvent());
            }

            _previous = batch;
            return (batch, size - repeated.Count);
        }

        private WireEvent NextEvent()
        {
            var index = _events++;
            var kind = index switch
            {
                0 => AppInstallEventKind.Installed,
                1 => AppInstallEventKind.Activated,
                _ when index % 50 == 48 => AppInstallEventKind.Uninstalled,
                _ when index % 50 == 49 => AppInstallEventKind.Activated,
                _ => AppInstallEventKind.SignedIn,
            };
            LastKind = kind;
            var at = FirstEvent.AddMinutes(5 * index).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            return new WireEvent(Guid.NewGuid(), kind.ToString(), _device, _platform, "1.2.0", at);
        }

        public void Dispose() => Client.Dispose();
    }

    private sealed record Burst(IReadOnlyList<TimeSpan> Latencies, TimeSpan WallClock, int Requests, int Events, int Stored, Stopwatch SinceEnd)
    {
        public ResultRow Row(string label, Target target)
        {
            var row = new ResultRow(
                label,
                null,
                new Measurement(Latencies),
                target,
                $"{Requests:N0} requests ({Requests / WallClock.TotalSeconds:N0}/s), {Events:N0} events of which {Stored:N0} new ({Stored / WallClock.TotalSeconds:N0} new/s), in {Format.Duration(WallClock)}",
                new Rate(Events / WallClock.TotalSeconds, "events"));
            Console.WriteLine($"  {Name} {label}: {row.Rate}; median {Format.Duration(row.Repeated!.Median)}, p95 {Format.Duration(row.Repeated.P95)} per request; {row.Note}");
            return row;
        }
    }

    /// <summary>
    /// <see cref="Clients"/> clients at once, each sending for its share of the phones round after round;
    /// every answer must say the events were received and exactly the new ones stored.
    /// </summary>
    private static async Task<Burst> BurstAsync(
        List<Phone> phones, Func<Phone, int> rounds, Func<Phone, int, (IReadOnlyList<WireEvent> Events, int New)> next, CancellationToken ct)
    {
        var latencies = new ConcurrentBag<TimeSpan>();
        var first = new TimeSpan[1];
        var events = 0;
        var stored = 0;
        var requests = 0;
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(
            async () =>
            {
                var mine = phones.Where((_, i) => i % Clients == client).ToList();
                for (var round = 0; mine.Any(p => round < rounds(p)); round++)
                {
                    foreach (var phone in mine.Where(p => round < rounds(p)))
                    {
                        var (batch, expected) = next(phone, round);
                        var (elapsed, answer) = await SendAsync(phone, batch, ct);
                        if (answer.Received != batch.Count || answer.Stored != expected)
                        {
                            throw new BenchmarkException($"Member {phone.Member.Id}: {batch.Count} events of which {expected} new answered received {answer.Received}, stored {answer.Stored}.");
                        }

                        if (Interlocked.Increment(ref requests) == 1)
                        {
                            first[0] = elapsed;
                        }
                        else
                        {
                            latencies.Add(elapsed);
                        }

                        Interlocked.Add(ref events, batch.Count);
                        Interlocked.Add(ref stored, expected);
                    }
                }
            },
            ct)).ToList();
        await Task.WhenAll(clients);
        var wallClock = clock.Elapsed;
        return new Burst([first[0], .. latencies], wallClock, requests, events, stored, Stopwatch.StartNew());
    }

    private sealed record Answer(int Received, int Stored);

    private static async Task<(TimeSpan Elapsed, Answer Answer)> SendAsync(Phone phone, IReadOnlyList<WireEvent> batch, CancellationToken ct)
    {
        using var content = batch.Count == 1
            ? JsonContent.Create(batch[0], options: JsonSerializerOptions.Web)
            : JsonContent.Create(batch, options: JsonSerializerOptions.Web);
        var clock = Stopwatch.StartNew();
        using var response = await phone.Client.PostAsync(new Uri("/api/app/installs", UriKind.Relative), content, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        clock.Stop();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new BenchmarkException($"POST /api/app/installs for member {phone.Member.Id} answered {(int)response.StatusCode} {response.StatusCode}: {body}");
        }

        return (clock.Elapsed, JsonSerializer.Deserialize<Answer>(body, JsonSerializerOptions.Web) ?? throw new BenchmarkException($"POST /api/app/installs answered {body}."));
    }

    private static async Task<ResultRow> CatchUpAsync(AppDatabase database, Burst burst, string what, CancellationToken ct)
    {
        var head = await database.HeadAsync(ct);
        var lagging = head - await database.RolloutProgressAsync(ct);
        var elapsed = await database.WaitForRolloutAsync(head, burst.SinceEnd, CatchUpTimeout, null, ct);
        Console.WriteLine($"  {Name} rollout projection caught up {Format.Duration(elapsed)} after the {what} burst ({lagging:N0} {(lagging == 1 ? "event" : "events")} behind when it ended)");
        return new ResultRow($"rollout projection caught up after the {what} burst", elapsed, null, Note: $"{lagging:N0} {(lagging == 1 ? "event" : "events")} behind at the burst's end");
    }

    /// <summary>Each distinct event id sent is in the store exactly once, and the projection shows every phone's member active today.</summary>
    private static async Task VerifyAsync(AppDatabase database, List<Phone> phones, int unique, CancellationToken ct)
    {
        var streams = phones.Select(p => MemberAppUsage.StreamIdFor(p.Member.Id)).ToArray();
        await using (var command = database.Command(
            """
            select count(*), count(distinct data->>'eventId') from mt_events
            where stream_id = any($1) and data->>'deviceId' like 'bench-%'
            """,
            streams))
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var (rows, distinct) = (reader.GetInt64(0), reader.GetInt64(1));
            if (rows != unique || distinct != unique)
            {
                throw new BenchmarkException($"Idempotency: {unique:N0} distinct events were sent, the store holds {rows:N0} events with {distinct:N0} distinct ids.");
            }
        }

        var active = await database.ScalarAsync<long>(
            """
            select count(distinct member_id) from rollout_spans
            where member_id = any($1) and active
              and from_day <= (now() at time zone 'Asia/Ho_Chi_Minh')::date and to_day > (now() at time zone 'Asia/Ho_Chi_Minh')::date
            """,
            ct,
            phones.Select(p => p.Member.Id).ToArray());
        if (active != phones.Count)
        {
            throw new BenchmarkException($"After the catch-up rollout_spans shows {active} of the {phones.Count} phones' members active today.");
        }
    }

    [GeneratedRegex("name=\"ExpectedVersion\" value=\"(\\d+)\"")]
    private static partial Regex ExpectedVersionField();

    [GeneratedRegex("name=\"AccessId\" value=\"([0-9a-fA-F-]+)\"")]
    private static partial Regex AccessIdField();

    [GeneratedRegex("data-testid=\"secret\">([A-Z0-9-]+)<")]
    private static partial Regex SecretShown();
}
