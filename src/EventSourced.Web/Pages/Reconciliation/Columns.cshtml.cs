using System.Security.Cryptography;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Infrastructure.Rolls;
using EventSourced.Web.Reconciliation;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Web.Pages.Reconciliation;

/// <summary>
/// The uploaded roll's headers, each with the column the reader proposes; staff change what it got
/// wrong and confirm, which starts the reconciliation and queues the matching.
/// </summary>
public sealed class ColumnsModel(PageServices services) : UnitReconciliationPage(services)
{
    [FromRoute]
    public Guid Id { get; set; }

    /// <summary>
    /// The one sheet of a workbook read as the roll, by its place in the table of sheets (1 = the first; decision
    /// 0048), or <see cref="AllSheets"/> for every sheet, one after another. Not given, a cell's reconciliation starts
    /// on the sheet named for the cell, when one is; every sheet otherwise.
    /// </summary>
    [BindProperty(SupportsGet = true)]
    public string? Sheet { get; set; }

    /// <summary>The chosen sheet's index, null for every sheet, -1 for a value that names no place (refused as no such sheet).</summary>
    public int? SheetIndex => string.IsNullOrEmpty(Sheet) || Sheet == AllSheets
        ? null
        : int.TryParse(Sheet, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var place) && place >= 1 ? place - 1 : -1;

    /// <summary>The chosen sheet's name, as the table of sheets shows it.</summary>
    public string? SheetName => SheetIndex is { } i && i >= 0 && i < Sheets.Count ? Sheets[i].Name : null;

    /// <summary>True when <see cref="Sheet"/> was chosen for staff because it is named for the cell.</summary>
    public bool SheetNamedForCell { get; private set; }

    /// <summary>The column chosen for each header, by the header's position (empty: not used).</summary>
    [BindProperty]
    public Dictionary<int, string?> Columns { get; set; } = [];

    public IReadOnlyList<RollHeader> Headers { get; private set; } = [];

    public IReadOnlyList<ImportError> Errors { get; private set; } = [];

    /// <summary>How the file was read when that needed a guess (its encoding, a legacy font).</summary>
    public IReadOnlyList<string> Notices { get; private set; } = [];

    /// <summary>The rows of the file left out as not members (decision 0045).</summary>
    public IReadOnlyList<EventSourced.Web.Infrastructure.Rolls.RollSkipped> Skipped { get; private set; } = [];

    /// <summary>A workbook's sheets when it has more than one with values (decision 0048).</summary>
    public IReadOnlyList<EventSourced.Web.Infrastructure.Rolls.RollSheet> Sheets { get; private set; } = [];

    public ReconciliationUpload Upload { get; private set; } = null!;

    /// <summary>What a header can be mapped to: every column the reader knows.</summary>
    public static IEnumerable<string> Choices => RollHeaders.Template.Concat(RollHeaders.NameParts).Concat(RollHeaders.BirthBySex).Select(h => h.Column);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var file = RollReader.Read(Upload.Bytes, schema: RollSchema.Reconciliation, onlySheet: SheetIndex);
        if (Sheet is null && Unit.Kind is OrganisationKind.Cell or OrganisationKind.GrassrootsCell && RollSheet.NamedFor(file.Sheets, Unit.Name, Unit.Code) is { } named)
        {
            // The organisation's workbook uploaded for one of its cells: that cell's sheet is its roll.
            (Sheet, SheetNamedForCell) = ((named + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), true);
            file = RollReader.Read(Upload.Bytes, schema: RollSchema.Reconciliation, onlySheet: SheetIndex);
        }

        Headers = file.Headers;
        Errors = file.Errors;
        Skipped = file.Skipped;
        Sheets = file.Sheets;
        Notices = file.Notices;
        Columns = file.Headers.ToDictionary(h => h.Index, h => h.Column);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var mapping = new RollColumnMap(Columns.Where(c => !string.IsNullOrEmpty(c.Value)).ToDictionary(c => c.Key, c => c.Value!));
        var file = RollReader.Read(Upload.Bytes, mapping, RollSchema.Reconciliation, SheetIndex);
        Headers = file.Headers;
        Skipped = file.Skipped;
        Sheets = file.Sheets;
        Notices = file.Notices;
        if (!file.RowsCanBeChecked)
        {
            Errors = file.Errors;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        if (ReconciliationFiles.Check(file, Upload.ReferenceDate) is { Count: > 0 } errors)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        // Each person keeps the row the file has them on (rows run on across sheets, decision 0048), as the
        // results' "row in the file" column, the errors and the left-out rows all say it.
        var people = file.Rows.Select(row => ReconciliationFiles.ToPerson(row.RowNumber, row, Upload.ReferenceDate)).ToList();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Upload.Bytes));
        var cells = await CellsAsync(Upload.ReferenceDate, ct);
        var refusal = await Services.Sender.TrySendAsync(() => new StartReconciliation(Id, people, cells, hash, SheetName), Permission.ChangeMembers, _ => [Unit.Id], new AuditNote(null, null), Id, ct);
        return refusal is null ? Redirect($"{UnitPath}/{Id}") : this.Refuse(refusal);
    }

    /// <summary>Staff discard the upload instead of confirming its columns: the file is deleted now, not in seven days.</summary>
    public async Task<IActionResult> OnPostDiscardAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var refusal = await Services.Sender.TrySendAsync(() => new DiscardRollUpload(Id), Permission.ChangeMembers, _ => [Unit.Id], AuditNote.None, Id, ct);
        return refusal is null ? Redirect($"{UnitPath}?notice={UnitModel.UploadDiscarded}") : this.Refuse(refusal);
    }

    /// <summary>The choice of every sheet, one after another: given, it is not replaced by the cell's own sheet.</summary>
    public const string AllSheets = "*";

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await FindUnitAsync(ct) is { } refused)
        {
            return refused;
        }

        if (await Services.Session.LoadAsync<Domain.Reconciliation.Reconciliation>(Id, ct) is not null)
        {
            return Redirect($"{UnitPath}/{Id}");
        }

        if (await Services.Session.LoadAsync<ReconciliationUpload>(Id, ct) is not { } upload || upload.UnitId != Unit.Id)
        {
            // Discarded, deleted after waiting too long for its columns, or never this unit's: the unit's page
            // says the file is no longer kept and offers the upload again.
            return Redirect($"{UnitPath}?notice={UnitModel.UploadGone}");
        }

        Upload = upload;
        return null;
    }
}
