using System.Globalization;
using EventSourced.Domain.Common;
using EventSourced.Domain.Content.Coverage;
using EventSourced.Web.Infrastructure.Rolls;

namespace EventSourced.Web.Pages.Content.Coverage;

/// <summary>
/// A list of expected documents uploaded as XLSX or CSV: a header row naming the number, title, kind
/// and period columns (in Vietnamese or English, with or without diacritics, in any order), then one
/// document a row. Read with the same reader as the member rolls, so the same files are refused the
/// same way; the rows' own checks are the domain's (<see cref="ExpectedDocumentsHandler"/>).
/// </summary>
public static class ExpectedDocumentsFile
{
    public const long MaxBytes = 5 * 1024 * 1024;

    private static readonly (string Field, string[] Names)[] Columns =
    [
        ("Number", ["so hieu", "so", "so van ban", "so ky hieu", "so hieu van ban", "number", "document number"]),
        ("Title", ["tieu de", "ten van ban", "trich yeu", "ten", "title"]),
        ("Kind", ["loai", "loai van ban", "kind", "type"]),
        ("Period", ["ky", "nam", "nhiem ky", "giai doan", "thoi ky", "period", "year"]),
    ];

    /// <summary>
    /// The rows to list, or the errors (row 0: the whole file) that refuse it, never both; and the
    /// column letter of each field, so the domain's row errors can name the cell. Errors found here
    /// carry the column letter in place of the field.
    /// </summary>
    public static ExpectedDocumentsUpload Read(byte[] bytes)
    {
        var notices = new List<string>();
        return RollReader.Open(
            bytes,
            MaxBytes,
            ExpectedDocumentsHandler.MaxRows + 1,
            notices,
            Map,
            refusal => ExpectedDocumentsUpload.Refused(new ExpectedDocumentError(
                refusal.InRows?.Row ?? 0, refusal.InRows is { ColumnIndex: >= 0 } r ? RollReader.ColumnLetters(r.ColumnIndex) : string.Empty, refusal.Code, refusal.Arguments)));
    }

    private static ExpectedDocumentsUpload Map(IEnumerable<RollRawRow> raw)
    {
        using var rows = raw.GetEnumerator();
        RollRawRow? header = null;
        while (header is null && rows.MoveNext())
        {
            header = rows.Current.IsEmpty ? null : rows.Current;
        }

        if (header is null)
        {
            return ExpectedDocumentsUpload.Refused(new ExpectedDocumentError(0, string.Empty, "Import.EmptyFile", []));
        }

        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<ExpectedDocumentError>();
        for (var i = 0; i < header.Cells.Length; i++)
        {
            var text = RollValues.Clean(Convert.ToString(header.Cells[i], CultureInfo.InvariantCulture));
            if (text is null)
            {
                continue;
            }

            var folded = VietnameseText.Fold(text).TrimEnd(':', '.', ' ');
            var field = Columns.FirstOrDefault(c => c.Names.Contains(folded)).Field;
            if (field is null)
            {
                errors.Add(new ExpectedDocumentError(header.Number, RollReader.ColumnLetters(i), "Coverage.FileUnknownColumn", [text]));
            }
            else if (!map.TryAdd(field, i))
            {
                errors.Add(new ExpectedDocumentError(header.Number, RollReader.ColumnLetters(i), "Coverage.FileRepeatedColumn", [text]));
            }
        }

        foreach (var (field, _) in Columns.Where(c => !map.ContainsKey(c.Field)))
        {
            errors.Add(new ExpectedDocumentError(header.Number, string.Empty, "Coverage.FileMissingColumn", [field]));
        }

        if (errors.Count > 0)
        {
            return new ExpectedDocumentsUpload([], errors, new Dictionary<string, string>());
        }

        var inputs = new List<ExpectedDocumentInput>();
        while (rows.MoveNext())
        {
            var row = rows.Current;
            if (row.IsEmpty)
            {
                continue;
            }

            if (inputs.Count == ExpectedDocumentsHandler.MaxRows)
            {
                return ExpectedDocumentsUpload.Refused(new ExpectedDocumentError(0, string.Empty, "Coverage.TooManyDocuments", [ExpectedDocumentsHandler.MaxRows]));
            }

            string? Cell(string field) =>
                map[field] < row.Cells.Length ? RollValues.Clean(Text(row.Cells[map[field]])) : null;
            inputs.Add(new ExpectedDocumentInput(row.Number, Cell("Number"), Cell("Title"), Cell("Kind"), Cell("Period")));
        }

        return inputs.Count == 0
            ? ExpectedDocumentsUpload.Refused(new ExpectedDocumentError(0, string.Empty, "Import.NoRows", []))
            : new ExpectedDocumentsUpload(inputs, [], map.ToDictionary(m => m.Key, m => RollReader.ColumnLetters(m.Value)));
    }

    // A year typed in a spreadsheet is a number cell; a date cell's year is its period.
    private static string? Text(object? cell) => cell switch
    {
        null => null,
        double number when number == Math.Floor(number) => number.ToString("0", CultureInfo.InvariantCulture),
        DateTime date => date.Year.ToString(CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };
}

/// <summary>An uploaded list as read: its rows, or the errors that refuse the file, and each field's column letter.</summary>
public sealed record ExpectedDocumentsUpload(IReadOnlyList<ExpectedDocumentInput> Rows, IReadOnlyList<ExpectedDocumentError> Errors, IReadOnlyDictionary<string, string> ColumnOf)
{
    public static ExpectedDocumentsUpload Refused(ExpectedDocumentError error) => new([], [error], new Dictionary<string, string>());
}
