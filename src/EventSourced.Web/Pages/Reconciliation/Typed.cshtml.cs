using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Infrastructure.Rolls;
using EventSourced.Web.Reconciliation;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace EventSourced.Web.Pages.Reconciliation;

/// <summary>One row of a roll typed on screen: the columns an uploaded roll has, as text.</summary>
public sealed class TypedRollRow
{
    public string? FullName { get; set; }

    public string? DateOfBirth { get; set; }

    public string? Sex { get; set; }

    public string? CitizenId { get; set; }

    public string? CardNumber { get; set; }

    public string? Cell { get; set; }

    public bool IsBlank => new[] { FullName, DateOfBirth, Sex, CitizenId, CardNumber, Cell }.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// A small cell's roll typed or corrected on screen (prefilled from the register when staff ask),
/// then read exactly as an uploaded file is: the rows are written as a CSV and go through the roll
/// reader with reconciliation's schema and the same row checks, so a typed roll and an uploaded one
/// cannot be judged differently. Errors come back by row and column with nothing stored; a good roll
/// starts the reconciliation the same way an upload's confirmed columns do.
/// </summary>
[RequestFormLimits(ValueCountLimit = (MaxRows + 1) * 6 + 64)]
public sealed class TypedModel(PageServices services) : UnitReconciliationPage(services)
{
    /// <summary>Typing is for a small cell; a larger roll is uploaded.</summary>
    public const int MaxRows = 200;

    public const int BlankRows = 5;

    public const string FileName = "danh-sach-nhap-tren-man-hinh.csv";

    /// <summary>The columns of the table, in its order, each an <see cref="ImportColumns"/> column.</summary>
    public static readonly IReadOnlyList<(string Column, Func<TypedRollRow, string?> Value)> Columns =
    [
        (ImportColumns.FullName, r => r.FullName),
        (ImportColumns.DateOfBirth, r => r.DateOfBirth),
        (ImportColumns.Sex, r => r.Sex),
        (ImportColumns.CitizenId, r => r.CitizenId),
        (ImportColumns.CardNumber, r => r.CardNumber),
        (ImportColumns.CellCode, r => r.Cell),
    ];

    [BindProperty]
    public Guid ReconciliationId { get; set; }

    [BindProperty]
    public LocalDate? ReferenceDate { get; set; }

    /// <summary>The round the unit's part belongs to: <c>?round=</c> in the round page's links, and the form's hidden field.</summary>
    [BindProperty(SupportsGet = true, Name = "round")]
    public Guid? RoundId { get; set; }

    [BindProperty]
    public List<TypedRollRow> Rows { get; set; } = [];

    public IReadOnlyList<ImportError> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(bool prefill, CancellationToken ct)
    {
        if (await FindUnitAsync(ct) is { } refused)
        {
            return refused;
        }

        ReconciliationId = Guid.CreateVersion7();
        var today = VietnamTime.Today(Services.Clock);
        ReferenceDate = today;
        Rows = prefill ? await FromRegisterAsync(today, ct) : [];
        if (Rows.Count == 0)
        {
            Rows = [.. Enumerable.Range(0, BlankRows).Select(_ => new TypedRollRow())];
        }

        return Page();
    }

    /// <summary>Another empty row at the end; nothing is sent.</summary>
    public async Task<IActionResult> OnPostAddRowAsync(CancellationToken ct)
    {
        if (await FindUnitAsync(ct) is { } refused)
        {
            return refused;
        }

        RowsAsPosted();

        if (Rows.Count >= MaxRows)
        {
            return this.Refuse(Services.Text.Invalid("Import.TooManyRows", null, MaxRows));
        }

        Rows.Add(new TypedRollRow());
        return Page();
    }

    /// <summary>The row at <paramref name="index"/> taken out; nothing is sent.</summary>
    public async Task<IActionResult> OnPostRemoveRowAsync(int index, CancellationToken ct)
    {
        if (await FindUnitAsync(ct) is { } refused)
        {
            return refused;
        }

        RowsAsPosted();

        if (index >= 0 && index < Rows.Count)
        {
            Rows.RemoveAt(index);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await FindUnitAsync(ct) is { } refused)
        {
            return refused;
        }

        RowsAsPosted();

        if (ReconciliationId == Guid.Empty)
        {
            ReconciliationId = Guid.CreateVersion7();
        }

        if (ReferenceDate is not { } referenceDate)
        {
            return this.Refuse(Services.Text.Invalid("Reconciliation.ReferenceDateRequired", nameof(ReferenceDate)));
        }

        if (Rows.Count > MaxRows)
        {
            return this.Refuse(Services.Text.Invalid("Import.TooManyRows", null, MaxRows));
        }

        var (bytes, tableRows) = ToCsv(Rows);
        if (tableRows.Count == 0)
        {
            return this.Refuse(Services.Text.Invalid("Reconciliation.EmptyRoll", null));
        }

        // Every typed row is the staff's own: none is read as a heading or a footer.
        var file = RollReader.Read(bytes, schema: TypedSchema);
        var errors = ReconciliationFiles.Check(file, referenceDate);
        if (errors.Count > 0)
        {
            // The reader numbers the CSV's lines; staff see the table's rows.
            Errors = [.. errors.Select(e => e.RowNumber >= 2 && e.RowNumber - 2 < tableRows.Count ? e with { RowNumber = tableRows[e.RowNumber - 2] } : e)];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var people = file.Rows.Select((row, i) => ReconciliationFiles.ToPerson(i + 1, row, referenceDate)).ToList();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var cells = await CellsAsync(referenceDate, ct);
        var refusal = await Services.Sender.TrySendAsync(() => new UploadRoll(ReconciliationId, Unit.Id, RoundId, referenceDate, FileName, bytes), Permission.ChangeMembers, _ => [Unit.Id], AuditNote.None, ReconciliationId, ct)
            ?? await Services.Sender.TrySendAsync(() => new StartReconciliation(ReconciliationId, people, cells, hash), Permission.ChangeMembers, _ => [Unit.Id], AuditNote.None, ReconciliationId, ct);
        return refusal is null ? Redirect($"{UnitPath}/{ReconciliationId}") : this.Refuse(refusal);
    }

    /// <summary>The roll's columns, read as a plain table (decision 0045).</summary>
    public static readonly RollSchema TypedSchema = RollSchema.Reconciliation with { ReadsLayout = false };

    /// <summary>A form may post gaps in the row indexes (a hand-made or replayed post): each becomes an empty row.</summary>
    private void RowsAsPosted() => Rows = [.. (Rows ?? []).Select(r => r ?? new TypedRollRow())];

    /// <summary>The field's error for a cell of the table, if the check found one (row numbers are the table's, from 1).</summary>
    public ImportError? ErrorAt(int index, string column) => Errors.FirstOrDefault(e => e.RowNumber == index + 1 && e.Column == column);

    /// <summary>
    /// The non-blank rows as a CSV file with the template's headers, and for each data line the
    /// table row (from 1) it came from.
    /// </summary>
    public static (byte[] Bytes, IReadOnlyList<int> TableRows) ToCsv(IReadOnlyList<TypedRollRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.AppendJoin(',', Columns.Select(c => TableExport.Quote(RollHeaders.HeaderOf(c.Column)))).Append("\r\n");
        var tableRows = new List<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].IsBlank)
            {
                continue;
            }

            tableRows.Add(i + 1);
            // Line breaks typed into a field would split the row: a roll's cell is one line.
            text.AppendJoin(',', Columns.Select(c => TableExport.Quote((c.Value(rows[i]) ?? string.Empty).ReplaceLineEndings(" ")))).Append("\r\n");
        }

        return ([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())], tableRows);
    }

    /// <summary>The unit's members on <paramref name="today"/>, as the register has them, for staff to correct against the actual roll.</summary>
    private async Task<List<TypedRollRow>> FromRegisterAsync(LocalDate today, CancellationToken ct)
    {
        var cells = await CellsAsync(today, ct);
        var members = await MatchRollHandler.MembersOnAsync(Services.Session, cells.Keys, today, ct);
        return
        [
            .. members
                .OrderBy(m => m.SortName, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true))
                .Take(MaxRows)
                .Select(m => new TypedRollRow
                {
                    FullName = m.Profile.FullName,
                    DateOfBirth = LocalDateModelBinder.Format(m.Profile.DateOfBirth),
                    Sex = Services.Text.Name(m.Profile.Sex),
                    CitizenId = m.Profile.CitizenId,
                    CardNumber = m.CardNumber,
                    Cell = cells.GetValueOrDefault(m.CellId),
                }),
        ];
    }
}
