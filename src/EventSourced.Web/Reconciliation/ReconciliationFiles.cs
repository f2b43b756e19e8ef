using System.Globalization;
using System.Resources;
using EventSourced.Domain.Members;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Infrastructure.Rolls;
using NodaTime;

namespace EventSourced.Web.Reconciliation;

/// <summary>A file read for matching: its people, or why it cannot be used; the rows left out and how it was read (its notices, as text).</summary>
public sealed record ReconciliationFile(IReadOnlyList<RollPerson> People, string? Error, IReadOnlyList<RollSkipped>? Skipped = null, IReadOnlyList<string>? Notices = null, IReadOnlyList<RollSheet>? Sheets = null);

/// <summary>
/// All the reading of roll and register files for reconciliation, in one place: the roll reader
/// (the member import's, with reconciliation's columns) turns bytes into rows, and this turns rows
/// into the people matching compares. Row numbers count data rows (1 = the first after the header;
/// blank rows are not counted).
/// </summary>
public static class ReconciliationFiles
{
    /// <summary>
    /// Files named on the command line are the operator's own, not uploads: a whole city's register
    /// (475,000 members and its growth) must fit, so only the columns are the roll's.
    /// </summary>
    public static readonly RollSchema CommandLine = RollSchema.Reconciliation with { MaxRows = 2_000_000, MaxBytes = 1L << 30 };

    private static readonly ResourceManager Texts = new("EventSourced.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    public static ReconciliationFile Read(byte[] bytes, RollSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var file = RollReader.Read(bytes, schema: schema ?? CommandLine);
        if (!file.RowsCanBeChecked)
        {
            return new ReconciliationFile([], Describe(file.Errors[0]));
        }

        var people = new List<RollPerson>(file.Rows.Count);
        foreach (var row in file.Rows)
        {
            people.Add(ToPerson(row.RowNumber, row));
        }

        return new ReconciliationFile(people, null, file.Skipped, [.. file.Notices.Select(code => Texts.GetString(code, CultureInfo.CurrentUICulture) ?? code)], file.Sheets);
    }

    /// <summary>
    /// Why a roll read with its columns cannot be matched, by row and column: the reader's own row
    /// errors (formula cells) and, for each row, a missing name or date of birth, an unreadable date of
    /// birth or sex. The same checks for an uploaded roll (on confirming its columns) and a typed one. With the
    /// roll's <paramref name="referenceDate"/>, a date of birth with a two-digit year is read (<see cref="ImportDates.TryParseRollDate"/>).
    /// </summary>
    public static IReadOnlyList<ImportError> Check(RollFile file, LocalDate? referenceDate = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var errors = file.Errors.ToList();
        foreach (var row in file.Rows)
        {
            string? Cell(string column) => row.Cells.GetValueOrDefault(column) is { Length: > 0 } text && text.Trim() is { Length: > 0 } trimmed ? trimmed : null;
            void Fail(string column, string code, params object[] arguments) => errors.Add(new ImportError(row.RowNumber, column, code, arguments));

            if (Cell(ImportColumns.FullName) is null)
            {
                Fail(ImportColumns.FullName, "Import.Required");
            }

            if (Cell(ImportColumns.DateOfBirth) is not { } birth)
            {
                Fail(ImportColumns.DateOfBirth, "Import.Required");
            }
            else if (!ImportDates.TryParseRollDate(birth, out _, referenceDate))
            {
                Fail(ImportColumns.DateOfBirth, "Import.DateInvalid", birth);
            }

            if (Cell(ImportColumns.CitizenId) is { } citizenId && CitizenId.LostDigits(citizenId))
            {
                // "1.23457E+11": Excel cut the ID's digits when it saved the CSV; the roll must give it whole, or not at all.
                Fail(ImportColumns.CitizenId, "Member.CitizenIdLostDigits", citizenId);
            }

            if (Cell(ImportColumns.Sex) is { } sex && SexOf(sex) is null)
            {
                Fail(ImportColumns.Sex, "Import.SexInvalid", sex);
            }
        }

        return [.. errors.OrderBy(e => e.RowNumber)];
    }

    /// <summary>A roll row as the people matching compares: the command line's files and uploaded rolls alike.</summary>
    public static RollPerson ToPerson(int number, ImportRow row, LocalDate? referenceDate = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        string? Cell(string column) => row.Cells.GetValueOrDefault(column) is { Length: > 0 } text ? text.Trim() : null;
        LocalDate? Date(string column) => ImportDates.TryParse(Cell(column), out var date) ? date : null;

        RollDate? dateOfBirth = ImportDates.TryParseRollDate(Cell(ImportColumns.DateOfBirth), out var birth, referenceDate) ? birth : null;
        var sex = SexOf(Cell(ImportColumns.Sex));
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

    private static Sex? SexOf(string? text) => PersonName.Fold(text) switch
    {
        "nam" or "male" or "m" => Sex.Male,
        "nu" or "female" or "f" => Sex.Female,
        _ => null,
    };

    private static string Describe(ImportError error)
    {
        var text = Texts.GetString(error.Code, CultureInfo.CurrentUICulture) ?? error.Code;
        var message = string.Format(CultureInfo.CurrentCulture, text, [.. error.Arguments]);
        return error.RowNumber > 0 ? $"{message} (row {error.RowNumber})" : message;
    }
}
