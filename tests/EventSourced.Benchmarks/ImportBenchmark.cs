using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;

namespace EventSourced.Benchmarks;

/// <summary>
/// The member import as staff use it: a 50,000-row CSV uploaded through the real form by the
/// administrator of the small demo, from the upload to the page that says how many were imported.
/// Every run imports new people (fresh citizen IDs and card numbers), so the register grows by
/// 50,000 members a run; a last run sends a file with one bad row, which is checked whole and refused.
/// </summary>
internal static partial class ImportBenchmark
{
    public const string Name = "import";
    public const int Rows = 50_000;
    public const int Runs = 3;

    /// <summary>"50,000 rows must import in under a minute on this machine."</summary>
    public static readonly LatencyTarget Target = new(TimeSpan.FromSeconds(60), "p95 of the runs after the first");

    private const string Username = DemoSignIn.Username;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(10);

    private const string Header = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Nơi sinh,Quê quán,Dân tộc,Điện thoại,Mã chi bộ,Số quyết định kết nạp,Ngày vào Đảng,Ngày lễ kết nạp,Ngày chính thức,Số quyết định chính thức,Số thẻ đảng viên";

    private static readonly string[] Family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"];
    private static readonly string[] Middle = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quốc", "Ngọc", "Hữu"];
    private static readonly string[] Given = ["Hùng", "Lan", "Dũng", "Hương", "Nam", "Mai", "Tuấn", "Hà", "Sơn", "Linh", "Quang", "Trang"];

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var directory = Path.Combine(workspace.Temporary, "import");
        var cells = DemoCity.Build(DemoSize.Small)
            .Where(u => u.Kind is OrganisationKind.Cell or OrganisationKind.GrassrootsCell)
            .Select(u => u.Code)
            .ToList();
        var notes = new List<string>();
        var samples = new List<TimeSpan>();
        TimeSpan refused;

        await using (var app = AppProcess.Start(workspace, directory))
        {
            await app.WaitUntilServedAsync("/login", StartTimeout, ct);
            using var client = app.CreateClient();
            client.Timeout = UploadTimeout;
            await DemoSignIn.SignInAsync(client, ct);

            for (var run = 0; run < Runs; run++)
            {
                var file = Csv(cells, run, badRow: null);
                var (elapsed, html) = await UploadAsync(client, file, ct);
                var imported = Imported().Match(html);
                if (!imported.Success || int.Parse(imported.Groups["count"].Value.Replace(".", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture) != Rows)
                {
                    throw new BenchmarkException($"Run {run + 1}: the import did not report {Rows:N0} members imported:\n{Excerpt(html)}");
                }

                samples.Add(elapsed);
                Console.WriteLine($"  {Name} run {run + 1}/{Runs}: {Rows:N0} rows ({Format.Size(file.LongLength)}) imported in {Format.Duration(elapsed)}{(run == 0 ? " (cold: first import since the start)" : string.Empty)}");
            }

            // The same size of file with one bad row near the end: every row is checked, nothing is written.
            var bad = Csv(cells, Runs, badRow: Rows - 10);
            (refused, var refusal) = await UploadAsync(client, bad, ct, expected: HttpStatusCode.UnprocessableEntity);
            if (!refusal.Contains("data-code=\"Import.DateInvalid\"", StringComparison.Ordinal))
            {
                throw new BenchmarkException($"The file with a bad row was not refused for that row:\n{Excerpt(refusal)}");
            }

            Console.WriteLine($"  {Name} refused file: {Rows:N0} rows checked, 1 error listed, nothing imported, in {Format.Duration(refused)}");
            await app.StopAsync();
            notes.Add($"The file: {Rows:N0} rows of 15 columns (about {Format.Size(Csv(cells, 0, null).LongLength)}), UTF-8 with a byte order mark, for the {cells.Count:N0} cells of the small demo; two rows in three carry an official date and a card, so each run appends about {Rows * 7 / 3:N0} events to {Rows:N0} new streams.");
            notes.Add($"The register holds the small demo's members before run 1 and grows by {Rows:N0} members a run ({Rows * Runs:N0} imported in all).");
            notes.Add($"Run 1 ({Format.Duration(samples[0])}, {(samples[0] < Target.Limit ? "also under" : "over")} the target) pays once what the first import after a start pays: cold caches and, while the handler's code is not in Internal/Generated yet, Wolverine compiling it at run time (the Development environment does that).");
        }

        return new BenchmarkResult(
            Name,
            "Member import: a 50,000-row CSV through the upload form",
            $"""
            Wall-clock time of `POST /members/import` (multipart, the form's antiforgery token, signed in as `{Username}`) from sending a {Rows:N0}-row CSV to the end of the response, on the application started as in `startup` with a fresh embedded cluster that loaded the small demo. The server reads and decodes the file, checks every row (register look-ups for the file's citizen IDs and card numbers, the organisation tree, the admission rules), then starts one stream per member in a single transaction through Wolverine and Marten (the member snapshot is an inline projection). {Runs} runs, each with new people; run 1 is reported as cold. A last upload of a file with one bad row measures the check alone.
            """,
            [
                new ResultRow($"import {Rows:N0} rows (CSV upload → page)", samples[0], new Measurement(samples.Skip(1)), Target, "cold = run 1"),
                new ResultRow($"refuse {Rows:N0} rows with 1 bad row (check only)", refused, null, Note: "nothing written"),
            ],
            notes);
    }

    /// <summary>Rows for the demo's cells; citizen IDs (province 079, not the demo's 001) and cards never repeat across runs.</summary>
    private static byte[] Csv(List<string> cells, int run, int? badRow)
    {
        var text = new StringBuilder(Rows * 200);
        text.Append(Header).Append("\r\n");
        for (var i = 0; i < Rows; i++)
        {
            var serial = (run * Rows) + i;
            var female = i % 5 < 2;
            var born = new DateOnly(1950, 1, 1).AddDays(serial * 7 % 18_000);
            var admitted = born.AddYears(20 + (i % 30)).AddDays(i % 200);
            if (admitted > new DateOnly(2023, 12, 1))
            {
                admitted = new DateOnly(2023, 12, 1).AddDays(-(i % 900));
            }

            var ceremony = admitted.AddDays(i % 20);
            var official = i % 3 != 2;
            var century = (born.Year >= 2000 ? 2 : 0) + (female ? 1 : 0);
            text.Append(CultureInfo.InvariantCulture, $"{Family[i % Family.Length]} {(female ? "Thị" : Middle[i % Middle.Length])} {Given[(i / 7) % Given.Length]},");
            text.Append(female ? "Nữ" : "Nam").Append(',');
            text.Append(badRow == i ? "31/02/1985" : born.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append(',');
            text.Append(CultureInfo.InvariantCulture, $"079{century}{born.Year % 100:D2}{serial % 1_000_000:D6},");
            text.Append("Hà Nội,\"Xã Phù Đổng, Gia Lâm\",Kinh,");
            text.Append(CultureInfo.InvariantCulture, $"09{serial % 100_000_000:D8},");
            text.Append(cells[i % cells.Count]).Append(',');
            text.Append(CultureInfo.InvariantCulture, $"{(i % 900) + 100}-QĐ/ĐU,{admitted:dd/MM/yyyy},{ceremony:dd/MM/yyyy},");
            text.Append(official ? ceremony.AddMonths(12).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : string.Empty).Append(',');
            text.Append(official ? $"{(i % 700) + 100}-QĐ/ĐU" : string.Empty).Append(',');
            text.Append(official ? string.Create(CultureInfo.InvariantCulture, $"BM{serial:D8}") : string.Empty).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>Opens the form (for its token and import id), then times the upload and the whole response.</summary>
    private static async Task<(TimeSpan Elapsed, string Html)> UploadAsync(HttpClient client, byte[] file, CancellationToken ct, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var form = await client.GetStringAsync(new Uri("/members/import", UriKind.Relative), ct);
        var token = DemoSignIn.Token(form, "import form");
        var importId = ImportIdField().Match(form) is { Success: true } id
            ? id.Groups["id"].Value
            : throw new BenchmarkException("The import form has no ImportId field.");

        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(importId), "ImportId" },
        };
        var upload = new ByteArrayContent(file);
        upload.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        content.Add(upload, "Upload", "dang-vien.csv");

        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsync(new Uri("/members/import", UriKind.Relative), content, ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        clock.Stop();
        if (response.StatusCode != expected)
        {
            throw new BenchmarkException($"POST /members/import answered {(int)response.StatusCode} {response.StatusCode} instead of {(int)expected}:\n{Excerpt(html)}");
        }

        return (clock.Elapsed, html);
    }

    private static string Excerpt(string html) =>
        string.Join('\n', html.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.Contains("import", StringComparison.OrdinalIgnoreCase)).Take(30));

    [GeneratedRegex("name=\"ImportId\" value=\"(?<id>[^\"]+)\"")]
    private static partial Regex ImportIdField();

    [GeneratedRegex("""data-testid="import-done">[^<0-9]*(?<count>[0-9.,]+)""")]
    private static partial Regex Imported();
}
