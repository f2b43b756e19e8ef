using System.Diagnostics;
using System.Globalization;
using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using EventSourced.Web.Infrastructure;
using Marten;
using NodaTime;

namespace EventSourced.Benchmarks;

/// <summary>
/// The document library over 100,000 published documents: searches with and without diacritics, by
/// number, with a type filter and a date range, through the staff page and as the page's results
/// fragment (what htmx asks for while the user types).
/// </summary>
internal static class LibraryBenchmark
{
    public const string Name = "library";
    public const int Documents = 100_000;
    public const int Requests = 20;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly LatencyTarget Under200 = new(TimeSpan.FromMilliseconds(200), "p95 of the warm runs");

    private static readonly string[] Paths =
    [
        "/documents?q=nghi%20quyet%20chuyen%20doi%20so",
        "/documents?q=Ngh%E1%BB%8B%20quy%E1%BA%BFt%20chuy%E1%BB%83n%20%C4%91%E1%BB%95i%20s%E1%BB%91",
        "/documents?q=05-NQ%2FTU",
        "/documents?q=sinh%20hoat%20chi%20bo&type=Guidance",
        "/documents?q=dang%20vien&from=2024-01-01&to=2024-12-31",
        "/documents?q=khong%20co%20tu%20nay%20xyz",
    ];

    private static readonly string[] Topics =
    [
        "chuyển đổi số", "sinh hoạt chi bộ", "công tác cán bộ", "phát triển đảng viên", "kiểm tra, giám sát", "dân vận",
        "xây dựng chính quyền", "văn hóa, xã hội", "quốc phòng, an ninh", "cải cách hành chính", "tuyên truyền", "đại hội đảng bộ",
    ];

    private static readonly (DocumentType Type, string Code, string Word)[] Types =
    [
        (DocumentType.Resolution, "NQ", "Nghị quyết"), (DocumentType.Directive, "CT", "Chỉ thị"), (DocumentType.Regulation, "QĐ", "Quy định"),
        (DocumentType.Guidance, "HD", "Hướng dẫn"), (DocumentType.Plan, "KH", "Kế hoạch"),
    ];

    private static readonly string[] Bodies = ["Thành ủy Hà Nội", "Ban Tuyên giáo Thành ủy", "Ban Tổ chức Thành ủy", "Quận ủy Ba Đình", "Huyện ủy Sóc Sơn", "Ủy ban Kiểm tra Thành ủy"];

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var dataDirectory = Path.Combine(workspace.Temporary, "library");
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        try
        {
            // The application creates the cluster, the schema and the small demo; then it stops and the
            // documents are written straight through Marten, as the workflow's events would be.
            await using (var first = AppProcess.Start(workspace, dataDirectory))
            {
                await first.WaitUntilServedAsync("/login", StartTimeout, ct);
                await first.StopAsync();
            }

            var load = await LoadAsync(dataDirectory, ct);
            rows.Add(new ResultRow($"load {Documents:N0} published documents (4 events each, inline snapshots)", load, null, Note: $"{Documents / load.TotalSeconds:N0} documents/s"));

            await using var app = AppProcess.Start(workspace, dataDirectory);
            await app.WaitUntilServedAsync("/login", StartTimeout, ct);
            using var client = app.CreateClient();
            await DemoSignIn.SignInAsync(client, ct);
            foreach (var path in Paths)
            {
                rows.Add(await MeasureAsync(client, path, htmx: false, ct));
            }

            rows.Add(await MeasureAsync(client, Paths[0], htmx: true, ct));
            await app.StopAsync();
        }
        finally
        {
            await Workspace.StopClusterIfRunningAsync(dataDirectory);
        }

        notes.Add($"Documents: {Documents:N0}, each a published document post (drafted, submitted, approved, published) with a title from {Types.Length} types × {Topics.Length} topics, a number, one of {Bodies.Length} issuing bodies, an issue date in 2020–2026 and a body of about 60 words; about one in 12 is about \"chuyển đổi số\".");
        notes.Add("The search folds the words (no diacritics, lower case), asks for every word as a prefix through the GIN index on `library_documents.vector` (stored by the inline library projection, title and number weighted above the rest), and ranks by `ts_rank` with the total counted in the same scan; the page then loads its 20 posts.");

        return new BenchmarkResult(
            Name,
            "Document library: search over 100,000 documents",
            $"""
            A fresh data directory: the application starts once to create the cluster, the schema and the small demo, and stops. {Documents:N0} published documents are then appended through Marten (timed, as a figure without a target) and the application started again, signed in as `{DemoSignIn.Username}`. Each search is sent once cold and {Requests} times more, one at a time, timing from sending the request to having read the whole response (the full page, header, filters, 20 results and the pager): {string.Join(", ", Paths.Select(p => $"`GET {WebUtility.UrlDecode(p)}`"))}; the first again as the htmx fragment (`HX-Request: true`).
            """,
            rows,
            notes);
    }

    private static async Task<ResultRow> MeasureAsync(HttpClient client, string path, bool htmx, CancellationToken ct)
    {
        var first = await TimeOneAsync(client, path, htmx, ct);
        var samples = new List<TimeSpan>();
        for (var i = 0; i < Requests; i++)
        {
            samples.Add((await TimeOneAsync(client, path, htmx, ct)).Elapsed);
        }

        var label = $"GET {WebUtility.UrlDecode(path)}{(htmx ? " (htmx fragment)" : string.Empty)}";
        var row = new ResultRow(label, first.Elapsed, new Measurement(samples), Under200, Note: $"{Format.Size(first.Bytes)}");
        Console.WriteLine($"  {Name} {label}: first {Format.Duration(first.Elapsed)}, median {Format.Duration(row.Repeated!.Median)}, p95 {Format.Duration(row.Repeated.P95)}");
        return row;
    }

    private static async Task<(TimeSpan Elapsed, long Bytes)> TimeOneAsync(HttpClient client, string path, bool htmx, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        clock.Stop();
        return response.StatusCode == HttpStatusCode.OK
            ? (clock.Elapsed, System.Text.Encoding.UTF8.GetByteCount(body))
            : throw new BenchmarkException($"GET {path} answered {(int)response.StatusCode} instead of 200.");
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394", Justification = "benchmark data, deterministic")]
    private static async Task<TimeSpan> LoadAsync(string dataDirectory, CancellationToken ct)
    {
        var cluster = await EmbeddedPostgres.StartAsync(dataDirectory, ct);
        using var store = DocumentStore.For(options => EventStoreConfiguration.Configure(options, cluster.ConnectionString(DatabaseSetup.DatabaseName)));
        var random = new Random(100_000);
        var unit = Guid.Empty;
        await using (var query = store.QuerySession())
        {
            unit = (await query.Query<Domain.Organisations.Organisation>().FirstAsync(o => o.Code == "HN", ct)).Id;
        }

        var actor = new ContentActor(Guid.NewGuid(), "Ban Biên tập (dữ liệu thử)", BoardRole.Author, null, unit, "Đảng bộ Thành phố Hà Nội");
        var clock = Stopwatch.StartNew();
        const int batch = 1000;
        for (var start = 0; start < Documents; start += batch)
        {
            await using var session = store.LightweightSession();
            for (var i = start; i < start + batch; i++)
            {
                var (type, code, word) = Types[random.Next(Types.Length)];
                var topic = i % 12 == 0 ? Topics[0] : Topics[random.Next(1, Topics.Length)];
                var issued = new LocalDate(2020, 1, 1).PlusDays(random.Next(2500));
                var number = string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 400):D2}-{code}/TU");
                var content = new PostContent
                {
                    Kind = PostKind.Document,
                    Title = $"{word} về {topic} ({i})",
                    DocumentNumber = number,
                    IssuingBody = Bodies[random.Next(Bodies.Length)],
                    IssuedOn = issued,
                    DocumentType = type,
                    AttachmentFileId = Guid.NewGuid(),
                    Summary = $"{word} của {Bodies[random.Next(Bodies.Length)]} về {topic}.",
                    Body = string.Join(' ', Enumerable.Range(0, 6).Select(_ => $"Đảng viên, chi bộ thực hiện {Topics[random.Next(Topics.Length)]} theo tinh thần {word.ToLowerInvariant()}.")),
                };
                var id = Guid.CreateVersion7();
                var at = issued.AtStartOfDayInZone(VietnamTime.Zone).ToInstant();
                session.Events.StartStream<Post>(
                    id,
                    new PostDrafted(id, unit, actor.BodyName, content, actor, at),
                    new PostSubmitted(1, 1, actor, null, at),
                    new PostApproved(1, 1, actor with { Role = BoardRole.Approver }, null, at),
                    new PostPublished(1, actor with { Role = BoardRole.Publisher }, null, at));
            }

            await session.SaveChangesAsync(ct);
        }

        clock.Stop();
        await using (var connection = store.Storage.Database.CreateConnection())
        {
            // Fresh statistics, as autovacuum would have them by the time anyone searches.
            await connection.OpenAsync(ct);
            await using var analyse = connection.CreateCommand();
            analyse.CommandText = "analyze";
            await analyse.ExecuteNonQueryAsync(ct);
        }

        await cluster.DisposeAsync();
        Console.WriteLine($"  {Name} loaded {Documents:N0} documents in {Format.Duration(clock.Elapsed)}");
        return clock.Elapsed;
    }
}
