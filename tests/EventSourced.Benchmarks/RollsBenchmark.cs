using System.Diagnostics;
using System.Globalization;
using System.Text;
using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure.Rolls;
using MiniExcelLibs;

namespace EventSourced.Benchmarks;

/// <summary>
/// Reading a city's roll for reconciliation, in the harness's own process: 120,000 rows as a CSV
/// and as an XLSX, through <see cref="RollReader"/> from the uploaded bytes to cleaned rows keyed
/// by column. This is the floor under matching: no database, no HTTP.
/// </summary>
internal static class RollsBenchmark
{
    public const string Name = "rolls";
    public const int Rows = 120_000;
    public const int Runs = 5;

    private static readonly string[] Headers = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số thẻ đảng viên", "Chi bộ", "Ngày vào Đảng", "Ngày chính thức", "Dân tộc", "Điện thoại"];
    private static readonly string[] Family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"];
    private static readonly string[] Middle = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quốc", "Ngọc", "Hữu"];
    private static readonly string[] Given = ["Hùng", "Lan", "Dũng", "Hương", "Nam", "Mai", "Tuấn", "Hà", "Sơn", "Linh", "Quang", "Trang"];

    public static Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var people = Enumerable.Range(0, Rows).Select(Person).ToList();
        var csv = Csv(people);
        var xlsx = Xlsx(people);
        var csvRow = Measure("CSV", csv, ct);
        var xlsxRow = Measure("XLSX", xlsx, ct);
        return Task.FromResult(new BenchmarkResult(
            Name,
            "Reading a roll: 120,000 rows as CSV and as XLSX",
            $"""
            Wall-clock time of `RollReader.Read(bytes, schema: RollSchema.Reconciliation)` in the harness's process, from the file's bytes in memory to {Rows:N0} cleaned rows keyed by column (encoding guessed, separator found, headers recognised, every cell trimmed and composed to NFC, citizen IDs padded). The CSV is parsed by Sep 0.18; the XLSX's first sheet is streamed by `XlsxSheetReader` under its limits. The first read of each file is reported as cold (JIT, first allocations); {Runs} reads follow.
            """,
            [csvRow, xlsxRow],
            [
                $"The roll: {Rows:N0} rows of {Headers.Length} columns as a unit's roll is typed (an ordinal column, name, date of birth, sex, citizen ID, card, cell, admission and official dates, ethnicity, phone); one row in 20 has a year-only birth date, one in 10 stray or non-breaking spaces, one in 7 a citizen ID that lost its leading zero.",
                $"CSV: UTF-8 with a byte order mark, {Format.Size(csv.LongLength)}. XLSX: written by MiniExcel with typed cells (dates as dates, the ordinal as a number), {Format.Size(xlsx.LongLength)}.",
                "Measured in the harness process with the Release build of the benchmarks project. The machine is shared (see the load average in the header): the CPU time the process used per read (all its threads, the garbage collector included) is given beside the wall clock, and is the figure to compare between runs.",
            ]));
    }

    private static ResultRow Measure(string format, byte[] bytes, CancellationToken ct)
    {
        var cpu = new List<TimeSpan>();
        using var process = Process.GetCurrentProcess();
        TimeSpan Once()
        {
            ct.ThrowIfCancellationRequested();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var started = Stopwatch.StartNew();
            var file = RollReader.Read(bytes, schema: RollSchema.Reconciliation);
            var elapsed = started.Elapsed;
            process.Refresh();
            cpu.Add(process.TotalProcessorTime - cpuBefore);
            if (file.Errors.Count > 0 || file.Rows.Count != Rows || file.Rows[^1].Cells[ImportColumns.CitizenId] is not { Length: 12 })
            {
                throw new BenchmarkException($"The {format} roll read as {file.Rows.Count:N0} rows with {file.Errors.Count} errors ({string.Join(", ", file.Errors.Take(3).Select(e => e.Code))}).");
            }

            return elapsed;
        }

        var cold = Once();
        var warm = Enumerable.Range(0, Runs).Select(_ => Once()).ToList();
        var measurement = new Measurement(warm);
        Console.WriteLine($"  {Name} {format}: cold {Format.Duration(cold)}, median {Format.Duration(measurement.Median)}");
        // On a shared machine the wall clock waits for other processes; the CPU time the read itself used does not.
        var cpuMedian = new Measurement(cpu.Skip(1)).Median;
        return new ResultRow($"read {Rows:N0} rows ({format}, {Format.Size(bytes.LongLength)})", cold, measurement, Note: $"{Rows / measurement.Median.TotalSeconds:N0} rows/s (median); CPU time of the process per read {Format.Duration(cpuMedian)} (median)");
    }

    private sealed record Row(int Number, string Name, DateOnly Born, bool YearOnly, bool Female, string CitizenId, string Card, string Cell, DateOnly Admitted, DateOnly? Official, string Phone, bool Spaces);

    private static Row Person(int i)
    {
        var female = i % 5 < 2;
        var born = new DateOnly(1950, 1, 1).AddDays(i * 7 % 18_000);
        var admitted = born.AddYears(20 + (i % 30));
        if (admitted > new DateOnly(2024, 1, 1))
        {
            admitted = new DateOnly(2024, 1, 1).AddDays(-(i % 900));
        }

        var century = (born.Year >= 2000 ? 2 : 0) + (female ? 1 : 0);
        var citizenId = string.Create(CultureInfo.InvariantCulture, $"0{(i % 90) + 10:D2}{century}{born.Year % 100:D2}{i % 1_000_000:D6}");
        return new Row(
            i + 1,
            $"{Family[i % Family.Length]} {(female ? "Thị" : Middle[i % Middle.Length])} {Given[(i / 7) % Given.Length]}",
            born,
            i % 20 == 0,
            female,
            i % 7 == 0 ? citizenId[1..] : citizenId,
            string.Create(CultureInfo.InvariantCulture, $"BM{i:D8}"),
            string.Create(CultureInfo.InvariantCulture, $"Chi bộ {(i % 400) + 1}"),
            admitted,
            i % 3 == 2 ? null : admitted.AddYears(1),
            string.Create(CultureInfo.InvariantCulture, $"09{i % 100_000_000:D8}"),
            i % 10 == 0);
    }

    private static byte[] Csv(List<Row> people)
    {
        var text = new StringBuilder(Rows * 160);
        text.AppendJoin(',', Headers).Append("\r\n");
        foreach (var p in people)
        {
            var name = p.Spaces ? $" {p.Name.Replace(" ", "\u00A0 ", StringComparison.Ordinal)} " : p.Name;
            text.Append(CultureInfo.InvariantCulture, $"{p.Number},{name},{Born(p)},{(p.Female ? "Nữ" : "Nam")},{p.CitizenId},{p.Card},{p.Cell},");
            text.Append(CultureInfo.InvariantCulture, $"{p.Admitted:dd/MM/yyyy},{p.Official?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)},Kinh,{p.Phone}\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static byte[] Xlsx(List<Row> people)
    {
        var rows = people.Select(p => new Dictionary<string, object?>
        {
            [Headers[0]] = p.Number,
            [Headers[1]] = p.Spaces ? $" {p.Name} " : p.Name,
            [Headers[2]] = p.YearOnly ? p.Born.Year.ToString(CultureInfo.InvariantCulture) : p.Born.ToDateTime(TimeOnly.MinValue),
            [Headers[3]] = p.Female ? "Nữ" : "Nam",
            [Headers[4]] = p.CitizenId,
            [Headers[5]] = p.Card,
            [Headers[6]] = p.Cell,
            [Headers[7]] = p.Admitted.ToDateTime(TimeOnly.MinValue),
            [Headers[8]] = p.Official?.ToDateTime(TimeOnly.MinValue),
            [Headers[9]] = "Kinh",
            [Headers[10]] = p.Phone,
        });
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, rows);
        return stream.ToArray();
    }

    private static string Born(Row p) =>
        p.YearOnly ? p.Born.Year.ToString(CultureInfo.InvariantCulture) : p.Born.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
