using EventSourced.Domain.Members;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// A header cell of a roll: its place (zero-based column, and the cell as a spreadsheet names it),
/// its text (both lines of a two-line header) and the column the reader proposes for it (null when
/// the text names none).
/// </summary>
public sealed record RollHeader(int Index, string Cell, string Text, string? Column);

/// <summary>
/// Which <see cref="ImportColumns"/> column each column of the file holds, by zero-based position;
/// a position not in the map is not read. The reader proposes one from the headers
/// (<see cref="RollFile.Mapping"/>); a caller that lets staff remap the columns on screen passes
/// theirs back to <see cref="RollReader.Read"/> with the same file.
/// </summary>
public sealed record RollColumnMap(IReadOnlyDictionary<int, string> Columns)
{
    public static RollColumnMap Of(params (int Index, string Column)[] columns) =>
        new(columns.ToDictionary(c => c.Index, c => c.Column));

    /// <summary>The map the headers propose: each recognised header's column.</summary>
    public static RollColumnMap Proposed(IEnumerable<RollHeader> headers) =>
        new(headers.Where(h => h.Column is not null).ToDictionary(h => h.Index, h => h.Column!));

    public string? ColumnAt(int index) => Columns.GetValueOrDefault(index);
}

/// <summary>
/// What a caller needs of a roll: the columns without which it cannot be used, how large it may be,
/// whether headers that name no column refuse the file (the member import) or are left for staff
/// to remap (reconciliation), and whether the file is read as a printed roll, its title, numbered columns,
/// headings and footer left out (decision 0045), or as a plain table whose every row is a row (a roll
/// typed into the page, whose rows are all the staff's own).
/// </summary>
public sealed record RollSchema(IReadOnlyList<string> Required, int MaxRows, long MaxBytes, bool RefuseUnknownColumns, bool ReadsLayout = true, bool ReadsFormulaValues = false)
{
    /// <summary>A constant for the upload page's request limit attributes.</summary>
    public const long MemberImportMaxBytes = 20 * 1024 * 1024;

    /// <summary>The member import: every admission column, 100,000 rows in 20 MB, every header known.</summary>
    public static readonly RollSchema MemberImport = new(ImportColumns.Required, MaxRows: 100_000, MaxBytes: MemberImportMaxBytes, RefuseUnknownColumns: true);

    /// <summary>
    /// A unit's actual roll for reconciliation: a name and a date of birth are the least a row can be
    /// matched on; a city's roll of 120,000 rows fits; other headers are shown to be remapped.
    /// Reconciliation compares, and takes a roll's value into the register only as staff choose, so a formula cell gives
    /// the value Excel last computed and shows (a clerk's "=ROW()-5" ordinal or "=B5&amp;" "&amp;C5" name), as an .xls does (decision 0050).
    /// </summary>
    public static readonly RollSchema Reconciliation = new([ImportColumns.FullName, ImportColumns.DateOfBirth], MaxRows: 200_000, MaxBytes: 50 * 1024 * 1024, RefuseUnknownColumns: false, ReadsFormulaValues: true);
}

/// <summary>
/// A roll as read: its data rows keyed by canonical column, the errors that make it unusable, and
/// notices about how it was read; its headers and the mapping applied, for a screen to show and
/// change. When the file is refused, <see cref="Rows"/> is empty.
/// </summary>
public sealed record RollFile(
    IReadOnlyList<ImportRow> Rows,
    IReadOnlyList<ImportError> Errors,
    IReadOnlyList<string> Notices,
    IReadOnlyList<RollHeader> Headers,
    RollColumnMap? Mapping,
    IReadOnlyList<RollSkipped>? Skipped = null,
    IReadOnlyList<RollSheet>? Sheets = null)
{
    /// <summary>The rows that are not members and were left out (the title, section headings, the footer; decision 0045).</summary>
    public IReadOnlyList<RollSkipped> Skipped { get; } = Skipped ?? [];

    /// <summary>
    /// The workbook's sheets with values when it has more than one (decision 0048), in order, each with the
    /// numbers its rows have in this roll and whether it was read; empty for a roll on one sheet.
    /// </summary>
    public IReadOnlyList<RollSheet> Sheets { get; } = Sheets ?? [];

    /// <summary>
    /// False when the file itself is wrong (unreadable, too big, unknown or missing columns): its
    /// rows cannot be checked. Formula cells are row errors that the import's own checks report too.
    /// </summary>
    public bool RowsCanBeChecked => Errors.All(e => e.Code == RollReader.FormulaCode);
}

/// <summary>
/// A record of the file as it came, before headers: its row number and its cells (text, number, boolean or
/// date), and the sheet it is on when a workbook's sheets are read one after another (0 = the first read;
/// decision 0048), its number then running on from the sheets before it.
/// </summary>
public sealed record RollRawRow(int Number, object?[] Cells, int Sheet = 0)
{
    public bool IsEmpty => Cells.All(c => c is null || (c is string s && string.IsNullOrWhiteSpace(s)));
}

/// <summary>
/// A sheet of a workbook read as part of one roll (decision 0048): its name, and where its rows are in the
/// roll's numbering (its own row r is number <see cref="Offset"/> + r). <see cref="LastNumber"/> is the number
/// of its last row with a value; <see cref="LeftOut"/>, when set, says why the sheet was not read (a resource
/// code: its column headers are not the first sheet's, or it cannot be read).
/// </summary>
public sealed record RollSheet(string Name, int Offset, int LastNumber = 0, string? LeftOut = null)
{
    /// <summary>
    /// The longest sheet name kept, for the screens and the record: Excel stops at 31 characters, LibreOffice does
    /// not; a sheet is chosen by its place, so a name cut here is never mistaken for another.
    /// </summary>
    public const int MaxNameChars = 100;

    /// <summary>A later sheet whose column headers are not the first sheet's.</summary>
    public const string OtherHeaders = "Import.SheetOtherHeaders";

    /// <summary>A later sheet that cannot be read (a damaged part); the sheets before it are read.</summary>
    public const string Unreadable = "Import.SheetUnreadable";

    /// <summary>A later sheet past a sheet's limits (too many columns, a cell too long, too many rows).</summary>
    public const string PastLimit = "Import.SheetPastLimit";

    /// <summary>A sheet not read because staff chose another one as the roll.</summary>
    public const string NotChosen = "Import.SheetNotChosen";

    /// <summary>A sheet not read because the roll was refused before it (the first sheet's headers do not fit).</summary>
    public const string NotReached = "Import.SheetNotReached";

    /// <summary>A short sheet before the roll whose headers name none of a roll's required columns (a summary).</summary>
    public const string NoRollColumns = "Import.SheetNoRollColumns";

    /// <summary>Whether staff may choose this sheet alone as the roll: one read, or one left out only for its headers or another's.</summary>
    public bool CanBeChosen => LeftOut is null or OtherHeaders or NotChosen or NotReached or NoRollColumns;

    public bool Read => LeftOut is null;

    /// <summary>
    /// The place of the sheet named for a cell among a workbook's: its name is the cell's name ("Chi bộ" optional on
    /// either side and "CB" read as it, diacritics, case and spacing aside: "CB 2", "Khu phố 3" for "Chi bộ Khu phố
    /// 3") or the cell's code as written; a sheet named by a bare number ("2") is a page or a year, not a cell. Null
    /// when no sheet is, or when two are.
    /// </summary>
    public static int? NamedFor(IReadOnlyList<RollSheet> sheets, string cellName, string cellCode)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        var name = Plain(cellName).Name;
        var code = Spaced(cellCode);
        var named = Enumerable.Range(0, sheets.Count)
            .Where(i => sheets[i].CanBeChosen && (Plain(sheets[i].Name) is var plain && plain.Name.Length > 0 && plain.Name == name && (plain.Prefixed || !plain.Name.All(char.IsAsciiDigit)) || (code.Length > 0 && Spaced(sheets[i].Name) == code)))
            .Take(2)
            .ToList();
        return named.Count == 1 ? named[0] : null;
    }

    private static string Spaced(string text) =>
        string.Join(' ', EventSourced.Domain.Common.VietnameseText.Fold(text).Split([' ', '.', '_', '-'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A cell's name without "Chi bộ" (or "CB") in front, and whether it had it.</summary>
    private static (string Name, bool Prefixed) Plain(string text)
    {
        var folded = Spaced(text);
        if (folded.Length > 2 && folded.StartsWith("cb", StringComparison.Ordinal) && (folded[2] == ' ' || char.IsAsciiDigit(folded[2])))
        {
            return (folded[2..].TrimStart(), true);
        }

        return folded.StartsWith("chi bo ", StringComparison.Ordinal) ? (folded[7..], true) : (folded, false);
    }

    /// <summary>The sheet's own row number for a number of the roll.</summary>
    public int RowOf(int number) => number - Offset;
}

/// <summary>Why a file cannot be read: a resource code and its arguments; <see cref="InRows"/> when it was found partway through the rows.</summary>
public sealed record RollRefusal(string Code, IReadOnlyList<object> Arguments, RollRefusedException? InRows = null);

/// <summary>The file cannot be read past this point: a resource code, where (row, zero-based column, or -1) and its arguments.</summary>
public sealed class RollRefusedException(string code, int row, int column, params object[] arguments) : Exception(code)
{
    public string Code { get; } = code;

    public int Row { get; } = row;

    public int ColumnIndex { get; } = column;

    public IReadOnlyList<object> Arguments { get; } = arguments;
}
