using System.Text;
using Microsoft.AspNetCore.Mvc;
using MiniExcelLibs;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Writes a table as CSV (RFC 4180, UTF-8 with a byte order mark so Excel reads Vietnamese) or XLSX,
/// with every text cell that a spreadsheet would run as a formula written as text.
/// </summary>
public static class TableExport
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public const string CsvContentType = "text/csv; charset=utf-8";

    public static async Task<IActionResult> FileAsync(string format, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows, string name, CancellationToken ct)
    {
        if (string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return new FileStreamResult(await XlsxAsync(headers, rows, ct), XlsxContentType) { FileDownloadName = name + ".xlsx" };
        }

        return new FileContentResult(Csv(headers, rows), CsvContentType) { FileDownloadName = name + ".csv" };
    }

    /// <summary><see cref="FileAsync"/> for a minimal API endpoint.</summary>
    public static async Task<IResult> ResultAsync(string format, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows, string name, CancellationToken ct) =>
        string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase)
            ? Results.File(await XlsxAsync(headers, rows, ct), XlsxContentType, name + ".xlsx")
            : Results.File(Csv(headers, rows), CsvContentType, name + ".csv");

    /// <summary>
    /// CSV written to <paramref name="body"/> as the rows arrive, for lists too long to hold: a
    /// header row, then the rows, flushed every thousand so memory stays flat whatever the length.
    /// </summary>
    public static async Task WriteCsvAsync(Stream body, IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<object?>> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024, leaveOpen: true);
        await writer.WriteAsync((string.Join(',', headers.Select(Quote)) + "\r\n").AsMemory(), ct);
        var written = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            await writer.WriteAsync((string.Join(',', row.Select(Cell)) + "\r\n").AsMemory(), ct);
            if (++written % 1000 == 0)
            {
                await writer.FlushAsync(ct);
            }
        }

        await writer.FlushAsync(ct);
    }

    private static async Task<MemoryStream> XlsxAsync(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows, CancellationToken ct)
    {
        var stream = new MemoryStream();
        var sheet = rows.Select(r => headers.Zip(r).ToDictionary(p => p.First, p => p.Second is string text ? Safe(text) : p.Second));
        await stream.SaveAsAsync(sheet, cancellationToken: ct);
        stream.Position = 0;
        return stream;
    }

    private static byte[] Csv(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var builder = new StringBuilder();
        builder.AppendJoin(',', headers.Select(Quote)).Append("\r\n");
        foreach (var row in rows)
        {
            builder.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(builder.ToString())];
    }

    /// <summary>
    /// A sheet laid out as a printed form (title lines, then each table with its own heading row, one
    /// under the other), as XLSX or CSV: no header row of its own, the rows say everything.
    /// </summary>
    public static async Task<IActionResult> FormAsync(string format, IReadOnlyList<IReadOnlyList<object?>> rows, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var width = rows.Select(r => r.Count).DefaultIfEmpty(1).Max();
        var columns = Enumerable.Range(0, width).Select(i => $"C{i}").ToList();
        var padded = rows.Select(r => (IReadOnlyList<object?>)[.. r, .. Enumerable.Repeat<object?>(null, width - r.Count)]);
        if (string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
        {
            var stream = new MemoryStream();
            var sheet = padded.Select(r => columns.Zip(r).ToDictionary(p => p.First, p => p.Second is string text ? Safe(text) : p.Second));
            await stream.SaveAsAsync(sheet, printHeader: false, cancellationToken: ct);
            stream.Position = 0;
            return new FileStreamResult(stream, XlsxContentType) { FileDownloadName = name + ".xlsx" };
        }

        var builder = new StringBuilder();
        foreach (var row in padded)
        {
            builder.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        }

        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(builder.ToString())).ToArray();
        return new FileContentResult(bytes, "text/csv; charset=utf-8") { FileDownloadName = name + ".csv" };
    }

    private static string Cell(object? cell) => Quote(cell switch
    {
        null => string.Empty,
        string text => Safe(text),
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => Safe(cell.ToString()),
    });

    /// <summary>Several tables as the sheets of one XLSX file (a report's summary beside its detail).</summary>
    public static async Task<IActionResult> XlsxAsync(IReadOnlyList<ExportSheet> sheets, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        var stream = new MemoryStream();
        var workbook = sheets.ToDictionary(
            s => s.Name,
            s => (object)s.Rows.Select(r => s.Headers.Zip(r).ToDictionary(p => p.First, p => p.Second is string text ? Safe(text) : p.Second)).ToList());
        await stream.SaveAsAsync(workbook, cancellationToken: ct);
        stream.Position = 0;
        return new FileStreamResult(stream, XlsxContentType) { FileDownloadName = name + ".xlsx" };
    }

    /// <summary>
    /// The rows an audit export opens with (what was asked, who exported it, when), each a label and
    /// a value padded to the table's <paramref name="width"/>, so the file carries its own parameters.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<object?>> Preamble(int width, params (string Label, string Value)[] lines) =>
        [.. lines.Select(l => (IReadOnlyList<object?>)[l.Label, l.Value, .. Enumerable.Repeat<object?>(null, Math.Max(0, width - 2))])];

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    /// <summary>Text that starts like a formula is prefixed with an apostrophe so no spreadsheet runs it.</summary>
    public static string Safe(string? value) =>
        string.IsNullOrEmpty(value) ? string.Empty : value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}

/// <summary>One sheet of an XLSX export: its name, its headers and its rows (cells in the headers' order).</summary>
public sealed record ExportSheet(string Name, IReadOnlyList<string> Headers, IEnumerable<IReadOnlyList<object?>> Rows);
