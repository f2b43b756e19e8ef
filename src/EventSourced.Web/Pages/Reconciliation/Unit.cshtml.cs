using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Infrastructure.Rolls;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace EventSourced.Web.Pages.Reconciliation;

/// <summary>
/// A unit's reconciliations and the upload of a new roll. A file the reader refuses is answered with
/// its row, column and reason and nothing is kept; a readable one is kept until its columns are confirmed.
/// </summary>
[RequestSizeLimit(MaxBytes + RequestOverhead)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBytes + RequestOverhead)]
public sealed class UnitModel(PageServices services) : UnitReconciliationPage(services)
{
    public const long MaxBytes = 50 * 1024 * 1024;

    private const long RequestOverhead = 1024 * 1024;

    /// <summary>What the columns page can put right: the file is kept and staff choose the columns there.</summary>
    private static readonly string[] Remappable = ["Import.MissingColumns", "Import.DuplicateColumns", RollReader.FormulaCode];

    [BindProperty]
    public Guid ReconciliationId { get; set; }

    [BindProperty]
    public LocalDate? ReferenceDate { get; set; }

    /// <summary>The round the unit's part belongs to: <c>?round=</c> in the round page's links, and the form's hidden field.</summary>
    [BindProperty(SupportsGet = true, Name = "round")]
    public Guid? RoundId { get; set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>Shown on the page: an upload discarded by staff (<see cref="UploadDiscarded"/>) or no longer kept (<see cref="UploadGone"/>).</summary>
    [BindProperty(SupportsGet = true, Name = "notice")]
    public string? Notice { get; set; }

    public const string UploadDiscarded = "discarded";

    public const string UploadGone = "gone";

    public IReadOnlyList<ImportError> Errors { get; private set; } = [];

    /// <summary>How the file was read when that needed a guess (its encoding, a legacy font).</summary>
    public IReadOnlyList<string> Notices { get; private set; } = [];

    /// <summary>The rows of the file left out as not members (decision 0045).</summary>
    public IReadOnlyList<EventSourced.Web.Infrastructure.Rolls.RollSkipped> Skipped { get; private set; } = [];

    /// <summary>A workbook's sheets when it has more than one with values (decision 0048).</summary>
    public IReadOnlyList<EventSourced.Web.Infrastructure.Rolls.RollSheet> Sheets { get; private set; } = [];

    public IReadOnlyList<Domain.Reconciliation.Reconciliation> Reconciliations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await FindUnitAsync(ct) is { } refused)
        {
            return refused;
        }

        ReconciliationId = Guid.CreateVersion7();
        // Opened from a round, the roll is as of the round's date.
        ReferenceDate = RoundId is { } roundId && await Services.Session.LoadAsync<ReconciliationRound>(roundId, ct) is { } round
            ? round.ReferenceDate
            : VietnamTime.Today(Services.Clock);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await FindUnitAsync(ct) is { } refused)
        {
            return refused;
        }

        await LoadAsync(ct);
        if (ReconciliationId == Guid.Empty)
        {
            ReconciliationId = Guid.CreateVersion7();
        }

        if (ReferenceDate is not { } referenceDate)
        {
            return this.Refuse(Services.Text.Invalid("Reconciliation.ReferenceDateRequired", nameof(ReferenceDate)));
        }

        if (Upload is null || Upload.Length == 0)
        {
            return this.Refuse(Services.Text.Invalid("Import.NoFile", nameof(Upload)));
        }

        var bytes = new byte[Upload.Length];
        await using (var stream = Upload.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, ct);
        }

        var file = RollReader.Read(bytes, schema: RollSchema.Reconciliation);
        if (file.Headers.Count == 0 || file.Errors.Any(e => !Remappable.Contains(e.Code)))
        {
            Errors = file.Errors.Count > 0 ? file.Errors : [new ImportError(0, string.Empty, "Reconciliation.EmptyRoll", [])];
            Skipped = file.Skipped;
            Sheets = file.Sheets;
            Notices = file.Notices;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        if (RoundId is { } inRound && !await TakesPartInAsync(inRound, ct))
        {
            return this.Refuse(Refusal.Of(RefusalKind.Rule, "Reconciliation.NotInRound", Services.Text["Reconciliation.NotInRound"]));
        }

        var command = new UploadRoll(ReconciliationId, Unit.Id, RoundId, referenceDate, Path.GetFileName(Upload.FileName), bytes);
        var refusal = await Services.Sender.TrySendAsync(() => command, Permission.ChangeMembers, _ => [Unit.Id], new AuditNote(null, null), ReconciliationId, ct);
        return refusal is null
            ? Redirect($"{UnitPath}/{ReconciliationId}/columns")
            : this.Refuse(refusal);
    }

    /// <summary>
    /// Whether the unit has a part in the round: a unit whose roll lists members (a cell or grassroots cell, not a
    /// committee) in the round's subtree as the tree stood on its reference date, as its progress and report count them.
    /// A round that does not exist is left to the command, which refuses it.
    /// </summary>
    private async Task<bool> TakesPartInAsync(Guid roundId, CancellationToken ct)
    {
        if (await Services.Session.LoadAsync<ReconciliationRound>(roundId, ct) is not { } round)
        {
            return true;
        }

        var tree = await Services.Directory.TreeAsync(round.ReferenceDate, ct);
        return tree.Subtree(round.UnitId).FirstOrDefault(n => n.Id == Unit.Id) is { } node && !RoundProgress.IsCommittee(node.Kind);
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Reconciliations = await Services.Session.Query<Domain.Reconciliation.Reconciliation>()
            .Where(r => r.UnitId == Unit.Id)
            .OrderByDescending(r => r.ReferenceDate)
            .Take(50)
            .ToListAsync(ct);
}
