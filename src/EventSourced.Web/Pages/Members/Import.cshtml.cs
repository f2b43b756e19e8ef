using System.Globalization;
using System.Text;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Infrastructure.Rolls;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventSourced.Web.Pages.Members;

/// <summary>
/// Bring existing members in from a CSV or XLSX file: the file is read and every row checked;
/// either every error is listed (row, column, reason) and nothing is imported, or every row
/// becomes a member in one transaction.
/// </summary>
/// <remarks>
/// The request is cut off a little above the file limit, so an oversized upload is not first
/// buffered to disk in full (the server's defaults allow 30 MB bodies and 128 MB forms); what the file
/// expands to is limited by the reader (<see cref="XlsxLimits"/>).
/// </remarks>
[RequestSizeLimit(RollSchema.MemberImportMaxBytes + RequestOverhead)]
[RequestFormLimits(MultipartBodyLengthLimit = RollSchema.MemberImportMaxBytes + RequestOverhead)]
public sealed class ImportModel(PageServices services) : PageModel
{
    /// <summary>A file full of errors is not a page of fifty thousand rows: the first ones say what is wrong.</summary>
    public const int ShownErrorLimit = 1_000;

    /// <summary>The form's other fields and the multipart framing around the file.</summary>
    private const long RequestOverhead = 1024 * 1024;

    /// <summary>Generated with the form: sending it twice finds the first import's members and imports nothing.</summary>
    [BindProperty]
    public Guid ImportId { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public IReadOnlyList<ImportError> Errors { get; private set; } = [];

    public IReadOnlyList<string> Notices { get; private set; } = [];

    /// <summary>The rows of the file left out as not members (decision 0045).</summary>
    public IReadOnlyList<EventSourced.Web.Infrastructure.Rolls.RollSkipped> Skipped { get; private set; } = [];

    /// <summary>A workbook's sheets when it has more than one with values (decision 0048).</summary>
    public IReadOnlyList<EventSourced.Web.Infrastructure.Rolls.RollSheet> Sheets { get; private set; } = [];

    public int? Imported { get; private set; }

    public IEnumerable<ImportError> ShownErrors => Errors.Take(ShownErrorLimit);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        ImportId = Guid.CreateVersion7();
        return await services.User.HasAnyAsync(Permission.ChangeMembers, ct) ? Page() : Forbid();
    }

    /// <summary>The columns with their Vietnamese headers and one example row, UTF-8 with a byte order mark so Excel reads the diacritics.</summary>
    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken ct)
    {
        if (!await services.User.HasAnyAsync(Permission.ChangeMembers, ct))
        {
            return Forbid();
        }

        var tree = await services.User.TreeAsync(ct);
        var scope = await CellsUserMayChangeAsync(ct);
        var cell = (scope is null ? tree.Roots.SelectMany(r => tree.Subtree(r.Id)).Select(n => n.Id) : scope)
            .Select(tree.Find)
            .FirstOrDefault(n => n is { IsActive: true, Kind: OrganisationKind.Cell or OrganisationKind.GrassrootsCell });
        var example = new Dictionary<string, string>
        {
            [ImportColumns.FullName] = "Nguyễn Văn An",
            [ImportColumns.Sex] = "Nam",
            [ImportColumns.DateOfBirth] = "15/06/1985",
            [ImportColumns.CitizenId] = "001085012345",
            [ImportColumns.PlaceOfBirth] = "Hà Nội",
            [ImportColumns.HomeTown] = "Hà Nội",
            [ImportColumns.Ethnicity] = "Kinh",
            [ImportColumns.Religion] = "Không",
            [ImportColumns.Phone] = "0912345678",
            [ImportColumns.CellCode] = cell?.Code ?? string.Empty,
            [ImportColumns.AdmissionDecisionNumber] = "123-QĐ/ĐU",
            [ImportColumns.AdmissionDate] = "02/03/2015",
            [ImportColumns.CeremonyDate] = "15/03/2015",
            [ImportColumns.OfficialDate] = "15/03/2016",
            [ImportColumns.OfficialDecisionNumber] = "45-QĐ/ĐU",
            [ImportColumns.CardNumber] = "01234567",
        };
        var text = new StringBuilder();
        text.AppendJoin(',', RollHeaders.Template.Select(h => Quote(h.Header))).Append("\r\n");
        text.AppendJoin(',', RollHeaders.Template.Select(h => Quote(example.GetValueOrDefault(h.Column) ?? string.Empty))).Append("\r\n");
        return File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())], "text/csv; charset=utf-8", "mau-nhap-dang-vien.csv");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await services.User.HasAnyAsync(Permission.ChangeMembers, ct))
        {
            return Forbid();
        }

        // The import touches many cells: the events cite the first assignment that allows member work.
        var actingAs = (await services.User.AssignmentsAsync(ct)).First(a => Access.Grants(a.Role, Permission.ChangeMembers));

        if (ImportId == Guid.Empty)
        {
            ImportId = Guid.CreateVersion7();
        }

        if (Upload is null || Upload.Length == 0)
        {
            return this.Refuse(services.Text.Invalid("Import.NoFile", nameof(Upload)));
        }

        if (Upload.Length > RollSchema.MemberImportMaxBytes)
        {
            Errors = [new ImportError(0, string.Empty, "Import.FileTooLarge", [RollSchema.MemberImportMaxBytes / (1024 * 1024)])];
            return Refused();
        }

        var bytes = new byte[Upload.Length];
        await using (var stream = Upload.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, ct);
        }

        var file = RollReader.Read(bytes);
        Notices = file.Notices;
        Skipped = file.Skipped;
        Sheets = file.Sheets;
        if (!file.RowsCanBeChecked)
        {
            Errors = file.Errors;
            return Refused();
        }

        var command = new ImportMembers(ImportId, file.Rows, await CellsUserMayChangeAsync(ct));
        var note = new AuditNote(services.Text["Import.AuditReason", Path.GetFileName(Upload.FileName)], null);
        ImportOutcome? outcome = null;
        var refusal = await services.Sender.TryAsync(async () => outcome = await services.Sender.SendAsync<ImportOutcome>(command, actingAs, note, ct), null, ct);
        if ((refusal is not null || outcome?.Errors.Count > 0) && await ImportedMeanwhileAsync(file.Rows, ct))
        {
            // The same form sent twice (its import id, hence its members' ids, chosen when it opens): the
            // other post imported the file while this one was checking it, so this one found its own
            // values in the register or failed on its members' streams or keys at commit.
            return this.Refuse(FormPage.AlreadyRecorded(services.Text));
        }

        // A value of the file taken by another transaction while it was checked: the whole file is
        // refused, as for any error, and nothing was imported.
        if (refusal is not null || outcome is null)
        {
            return this.Refuse(refusal ?? FormPage.AlreadyRecorded(services.Text));
        }

        // The reader's row errors (formulas) are found again by the import's own checks, which then import nothing.
        Errors = file.Errors.Concat(outcome.Errors)
            .DistinctBy(e => (e.RowNumber, e.Column, e.Code))
            .OrderBy(e => e.RowNumber)
            .ToList();
        if (Errors.Count > 0)
        {
            return Refused();
        }

        Imported = outcome.Imported;
        ImportId = Guid.CreateVersion7();
        return Page();
    }

    public static string ColumnLabel(string column) =>
        column.Length == 0 ? "—" : $"{RollHeaders.HeaderOf(column)} ({column})";

    public static string RowLabel(ImportError error) =>
        error.RowNumber > 0 ? error.RowNumber.ToString("N0", CultureInfo.CurrentCulture) : "—";

    /// <summary>Whether this form's import is in the register: its first row's member exists.</summary>
    private async Task<bool> ImportedMeanwhileAsync(IReadOnlyList<ImportRow> rows, CancellationToken ct) =>
        rows.Count > 0 && await services.Session.LoadAsync<Member>(ImportMembersHandler.MemberIdFor(ImportId, rows[0].RowNumber), ct) is not null;

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>
    /// The cells under the assignments that allow changing members (null: the whole register). A
    /// role that only lets the user read a unit does not let them import into it.
    /// </summary>
    private async Task<IReadOnlyList<Guid>?> CellsUserMayChangeAsync(CancellationToken ct)
    {
        var tree = await services.User.TreeAsync(ct);
        var roots = (await services.User.AssignmentsAsync(ct))
            .Where(a => Access.Grants(a.Role, Permission.ChangeMembers))
            .Select(a => a.OrganisationId)
            .ToList();
        if (roots.Any(r => tree.Find(r) is { ParentId: null }))
        {
            return null;
        }

        return roots.SelectMany(r => tree.Subtree(r))
            .Where(n => n.Kind is OrganisationKind.Cell or OrganisationKind.GrassrootsCell)
            .Select(n => n.Id)
            .Distinct()
            .ToList();
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
