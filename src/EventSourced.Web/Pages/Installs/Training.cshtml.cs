using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Pages.Installs;

/// <summary>
/// Training classes on the handbook held in the user's scope, newest first, and the form to record
/// one (by a unit the user may change) or cancel one recorded by mistake.
/// </summary>
public sealed class TrainingModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IClock clock, CommandSender sender, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int PageSize = 50;

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public Guid ClassId { get; set; }

    [BindProperty]
    public TrainingLevel Level { get; set; } = TrainingLevel.Grassroots;

    [BindProperty]
    public string? UnitCode { get; set; }

    [BindProperty]
    public LocalDate? HeldOn { get; set; }

    [BindProperty]
    public string? Trainer { get; set; }

    [BindProperty]
    public int? TraineeCount { get; set; }

    [BindProperty]
    public string? TraineeNames { get; set; }

    /// <summary>The class a cancel form is about: its own field, so a refused cancel never lends its id to the record form.</summary>
    [BindProperty]
    public Guid CancelClassId { get; set; }

    [BindProperty]
    public int ExpectedVersion { get; set; }

    [BindProperty]
    public string? CancelReason { get; set; }

    public IReadOnlyList<TrainingClass> Classes { get; private set; } = [];

    public int Total { get; private set; }

    /// <summary>The page shown, and whether the one asked for was past the end.</summary>
    public Paging Paging { get; private set; }

    public OrganisationTree Tree { get; private set; } = null!;

    public LocalDate Today { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRecordAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var unit = string.IsNullOrWhiteSpace(UnitCode) ? null : Tree.FindActiveByCode(UnitCode.Trim());
        var invalid = this.InputErrors(text);
        if (unit is null)
        {
            invalid.Add(text.Error("Installs.UnitNotFound", nameof(UnitCode), UnitCode ?? string.Empty));
        }

        if (invalid.Count > 0 || unit is null)
        {
            return Refused(new Refusal(RefusalKind.Invalid, invalid));
        }

        var refusal = await sender.TrySendAsync(
            () => new RecordTrainingClass(ClassId, Level, unit.Id, HeldOn ?? Today, Trainer ?? string.Empty, TraineeCount, TraineeNames),
            Permission.ChangeOrganisation,
            _ => [unit.Id],
            AuditNote.None,
            ClassId,
            ct);
        return refusal is null ? Saved() : Refused(refusal);
    }

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var training = await session.LoadAsync<TrainingClass>(CancelClassId, ct);
        if (training is null)
        {
            return NotFound();
        }

        var refusal = await sender.TrySendAsync(
            () => new CancelTrainingClass(CancelClassId, ExpectedVersion, CancelReason ?? string.Empty),
            Permission.ChangeOrganisation,
            _ => [training.UnitId],
            new AuditNote(CancelReason, null),
            CancelClassId,
            ct);
        return refusal is null ? Saved() : Refused(refusal);
    }

    private RedirectResult Saved()
    {
        TempData["Flash"] = text["Organisation.Saved"].Value;
        return Redirect("/installs/training");
    }

    private PageResult Refused(Refusal refusal) => this.Refuse(refusal);

    private async Task LoadAsync(CancellationToken ct)
    {
        Today = VietnamTime.Today(clock);
        Tree = await directory.TreeAsync(ct: ct);
        HeldOn ??= Today;
        if (ClassId == Guid.Empty || Request.Method == HttpMethods.Get)
        {
            ClassId = Guid.NewGuid();
        }

        // Null when the user sees the whole city: no filter needed.
        var units = (await user.ScopeRootsAsync(ct)).Any(r => Tree.Find(r)?.ParentId is null) ? null : await UnitsInScopeAsync(ct);
        var query = session.Query<TrainingClass>().Where(c => units == null || units.Contains(c.UnitId));
        Total = await query.CountAsync(ct);
        Paging = Paging.Of(PageNumber, PageSize, Total);
        PageNumber = Paging.Number;
        Classes = await query.OrderByDescending(c => c.HeldOn).ThenBy(c => c.Id).Skip(Paging.Skip).Take(PageSize).ToListAsync(ct);
    }

    private async Task<Guid[]> UnitsInScopeAsync(CancellationToken ct) =>
        [.. (await user.ScopeRootsAsync(ct)).SelectMany(r => Tree.Subtree(r, includeClosed: true)).Select(n => n.Id)];

    public string UnitName(Guid id) => Tree.Find(id)?.Name ?? "—";
}
