using System.Globalization;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Content;
using EventSourced.Domain.Content.Coverage;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Pages.Content.Coverage;

/// <summary>
/// The documents an issuing body is expected to have in the library: entered one by one or imported
/// from a spreadsheet, each ticked off once a live document carries its number. The whole list is one
/// stream per body, written at the version the form saw.
/// </summary>
[RequestSizeLimit(ExpectedDocumentsFile.MaxBytes + RequestOverhead)]
[RequestFormLimits(MultipartBodyLengthLimit = ExpectedDocumentsFile.MaxBytes + RequestOverhead)]
public sealed class DocumentsModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, CommandSender sender, IStringLocalizer<SharedResource> text) : PageModel
{
    private const long RequestOverhead = 1024 * 1024;

    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    public OrganisationNode? Unit { get; private set; }

    public ExpectedDocumentList? List { get; private set; }

    public IReadOnlyList<ExpectedDocumentStatus> Documents { get; private set; } = [];

    /// <summary>The errors of an imported file, each with its row and column.</summary>
    public IReadOnlyList<(int Row, string Column, string Code, string Message)> FileErrors { get; private set; } = [];

    public int? Listed { get; private set; }

    [BindProperty]
    public int ExpectedVersion { get; set; }

    [BindProperty]
    public ExpectedDocumentForm Document { get; set; } = new();

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? RemoveNumber { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        var row = new ExpectedDocumentInput(0, Document.Number, Document.Title, Document.Kind?.ToString(), Document.Period);
        return await ListAsync([row], null, new Dictionary<string, string>(), ct);
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        if (Upload is null || Upload.Length == 0)
        {
            return this.Refuse(text.Invalid("Import.NoFile", nameof(Upload)));
        }

        if (Upload.Length > ExpectedDocumentsFile.MaxBytes)
        {
            return Refused([new ExpectedDocumentError(0, string.Empty, "Import.FileTooLarge", [ExpectedDocumentsFile.MaxBytes / (1024 * 1024)])], new Dictionary<string, string>());
        }

        var bytes = new byte[Upload.Length];
        await using (var stream = Upload.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, ct);
        }

        var file = ExpectedDocumentsFile.Read(bytes);
        if (file.Errors.Count > 0)
        {
            return Refused(file.Errors, new Dictionary<string, string>());
        }

        return await ListAsync(file.Rows, Path.GetFileName(Upload.FileName), file.ColumnOf, ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        var refusal = await sender.TrySendAsync(
            () => new RemoveExpectedDocument(Unit!.Id, ExpectedVersion, RemoveNumber ?? string.Empty),
            Permission.ChangeContent,
            _ => [Unit!.Id],
            new AuditNote(null, null),
            ExpectedDocumentList.StreamIdFor(Unit!.Id),
            ct);
        return refusal is null ? Redirect(Url.Page("/Content/Coverage/Documents", new { unit = Unit.Code })!) : await this.RefuseAsync(refusal, text, ReloadAsync);
    }

    private async Task<IActionResult> ListAsync(IReadOnlyList<ExpectedDocumentInput> rows, string? fileName, IReadOnlyDictionary<string, string> columnOf, CancellationToken ct)
    {
        var actingAs = await user.AuthoriseAsync(Permission.ChangeContent, Unit!.Id, ct);
        if (actingAs is null)
        {
            return this.Refuse(Refusal.Of(RefusalKind.Denied, "Access.Denied", text["Access.Denied"]));
        }

        var command = new ListExpectedDocuments(Unit.Id, ExpectedVersion, rows, fileName);
        ExpectedDocumentsOutcome? outcome = null;
        var refusal = await sender.TryAsync(
            async () => outcome = await sender.SendAsync<ExpectedDocumentsOutcome>(command, actingAs, new AuditNote(fileName is null ? null : text["Import.AuditReason", fileName].Value, null), ct),
            ExpectedDocumentList.StreamIdFor(Unit.Id),
            ct);
        if (refusal is not null || outcome is null)
        {
            return await this.RefuseAsync(refusal ?? Refusal.Of(RefusalKind.Invalid, "Rule.Unknown", text["Rule.Unknown"]), text, ReloadAsync);
        }

        if (outcome.Errors.Count > 0)
        {
            return Refused(outcome.Errors, columnOf);
        }

        TempData["Flash"] = text["Coverage.DocumentsListed", outcome.Listed].Value;
        return Redirect(Url.Page("/Content/Coverage/Documents", new { unit = Unit.Code })!);
    }

    // Every error on the form's list and, for a file, in a table of rows and columns; nothing was stored.
    private PageResult Refused(IReadOnlyList<ExpectedDocumentError> errors, IReadOnlyDictionary<string, string> columnOf)
    {
        FileErrors = [.. errors.Select(e => (e.RowNumber, columnOf.GetValueOrDefault(e.Field) ?? e.Field, e.Code, text[e.Code, [.. e.Arguments]].Value))];
        var formErrors = errors
            .Select(e => new FormError(e.Code, e.RowNumber > 0 ? text["Coverage.RowError", e.RowNumber, columnOf.GetValueOrDefault(e.Field) ?? e.Field, text[e.Code, [.. e.Arguments]]].Value : text[e.Code, [.. e.Arguments]].Value, e.RowNumber > 0 ? null : e.Field))
            .ToList();
        return this.Refuse(new Refusal(RefusalKind.Invalid, formErrors));
    }

    private async Task ReloadAsync()
    {
        List = await session.Events.AggregateStreamAsync<ExpectedDocumentList>(ExpectedDocumentList.StreamIdFor(Unit!.Id));
        ModelState.Remove(nameof(ExpectedVersion));
        ExpectedVersion = List?.Version ?? 0;
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var tree = await directory.TreeAsync(ct: ct);
        var roots = await user.ScopeRootsAsync(ct);
        Unit = string.IsNullOrWhiteSpace(UnitCode) ? (roots.Count > 0 ? tree.Find(roots[0]) : null) : tree.FindActiveByCode(UnitCode.Trim());
        if (Unit is null || !await user.CanAsync(Permission.ChangeContent, Unit.Id, ct))
        {
            return Forbid();
        }

        List = await session.LoadAsync<ExpectedDocumentList>(ExpectedDocumentList.StreamIdFor(Unit.Id), ct);
        if (Request.Method == HttpMethods.Get)
        {
            ExpectedVersion = List?.Version ?? 0;
        }

        var library = await session.Query<Post>()
            .Where(p => p.Kind == PostKind.Document && p.LiveRevision != null)
            .ToListAsync(ct);
        Documents = ExpectedDocumentsCheck.Check(List, library.Select(p => (p.LiveContent?.DocumentNumber ?? string.Empty, p.Id)));
        return null;
    }

    public static string RowLabel(int row) => row > 0 ? row.ToString("N0", CultureInfo.CurrentCulture) : "—";
}

/// <summary>One expected document typed on screen.</summary>
public sealed class ExpectedDocumentForm
{
    public string? Number { get; set; }

    public string? Title { get; set; }

    public DocumentType? Kind { get; set; }

    /// <summary>A year ("2025") or a term ("2020-2025").</summary>
    public string? Period { get; set; }
}
