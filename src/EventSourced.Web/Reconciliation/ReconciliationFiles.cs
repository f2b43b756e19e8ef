using System.Buffers;
using System.Globalization;
using System.Resources;
using EventSourced.Domain.Members;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Reconciliation;

/// <summary>A file read for matching: its people, or why it cannot be used.</summary>
public sealed record ReconciliationFile(IReadOnlyList<RollPerson> People, string? Error);

/// <summary>
/// All the reading of roll and register files for reconciliation, in one place: the member file
/// reader turns bytes into rows, and this turns rows into the people matching compares. Row
/// numbers count data rows (1 = the first after the header; blank rows are not counted).
/// </summary>
public static class ReconciliationFiles
{
    // The member import refuses files over 100,000 rows (an upload limit); a register is bigger, so a
    // long CSV is read in pieces, each with the header line again, split only between records.
    private const int RowsPerPiece = 50_000;
    private const int BytesPerPiece = 8 * 1024 * 1024;

    private static readonly SearchValues<byte> Blank = SearchValues.Create("\r\n \t,;"u8);

    private static readonly ResourceManager Texts = new("EventSourced.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    public static ReconciliationFile Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var people = new List<RollPerson>();
        foreach (var piece in Pieces(bytes))
        {
            var file = MemberFileReader.Read(piece);
            if (!file.RowsCanBeChecked)
            {
                return new ReconciliationFile([], Describe(file.Errors[0]));
            }

            foreach (var row in file.Rows)
            {
                people.Add(ToPerson(people.Count + 1, row));
            }
        }

        return new ReconciliationFile(people, null);
    }

    private static RollPerson ToPerson(int number, ImportRow row)
    {
        string? Cell(string column) => row.Cells.GetValueOrDefault(column) is { Length: > 0 } text ? text.Trim() : null;
        LocalDate? Date(string column) => ImportDates.TryParse(Cell(column), out var date) ? date : null;

        var birth = Cell(ImportColumns.DateOfBirth);
        RollDate? dateOfBirth = birth is null ? null
            : ImportDates.IsYearOnly(birth) ? RollDate.YearOnly(int.Parse(birth, CultureInfo.InvariantCulture))
            : ImportDates.TryParse(birth, out var day) ? RollDate.Day(day)
            : null;
        Sex? sex = PersonName.Fold(Cell(ImportColumns.Sex)) switch
        {
            "nam" or "male" or "m" => Sex.Male,
            "nu" or "female" or "f" => Sex.Female,
            _ => null,
        };
        return new RollPerson(
            number,
            Cell(ImportColumns.FullName) ?? string.Empty,
            dateOfBirth,
            sex,
            Cell(ImportColumns.CitizenId),
            Cell(ImportColumns.CardNumber),
            [],
            Cell(ImportColumns.CellCode),
            Date(ImportColumns.AdmissionDate));
    }

    private static string Describe(ImportError error)
    {
        var text = Texts.GetString(error.Code, CultureInfo.CurrentUICulture) ?? error.Code;
        var message = string.Format(CultureInfo.CurrentCulture, text, [.. error.Arguments]);
        return error.RowNumber > 0 ? $"{message} (row {error.RowNumber})" : message;
    }

    /// <summary>
    /// The file as pieces the reader accepts: XLSX, UTF-16 and small files whole; a long CSV in an
    /// ASCII-compatible encoding (UTF-8, Windows-1258) cut at line ends outside quotes.
    /// </summary>
    private static IEnumerable<byte[]> Pieces(byte[] bytes)
    {
        var isUtf16 = bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..];
        if (bytes is [0x50, 0x4B, ..] || isUtf16 || bytes.Length < BytesPerPiece / 2)
        {
            yield return bytes;
            yield break;
        }

        var headerEnd = Array.IndexOf(bytes, (byte)'\n') + 1;
        if (headerEnd <= 0)
        {
            yield return bytes;
            yield break;
        }

        var header = bytes.AsMemory(0, headerEnd);
        var start = headerEnd;
        var rows = 0;
        var quoted = false;
        for (var i = headerEnd; i < bytes.Length; i++)
        {
            if (bytes[i] == '"')
            {
                quoted = !quoted;
            }
            else if (bytes[i] == '\n' && !quoted && (++rows >= RowsPerPiece || i - start >= BytesPerPiece))
            {
                yield return [.. header.Span, .. bytes.AsSpan(start, i + 1 - start)];
                start = i + 1;
                rows = 0;
            }
        }

        if (start < bytes.Length && bytes.AsSpan(start).ContainsAnyExcept(Blank))
        {
            yield return [.. header.Span, .. bytes.AsSpan(start)];
        }
    }
}
