using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>
/// What every structural form shares: the unit, the version the user saw (so a stale form fails
/// with who changed it and when), the effective date, the reason and the decision reference, and
/// turning refusals into messages on the form. Each form's page adds only its own fields and command.
/// </summary>
public abstract class OrganisationChangePage(PageServices services) : PageModel
{
    protected PageServices Services { get; } = services;

    protected IStringLocalizer Text => Services.Text;

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public int ExpectedVersion { get; set; }

    [BindProperty]
    public LocalDate? EffectiveDate { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? DecisionReference { get; set; }

    public Organisation Unit { get; private set; } = new();

    public OrganisationTree Tree { get; private set; } = null!;

    /// <summary>Loads the unit; null when it may be shown, otherwise the result to return instead.</summary>
    protected async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await Services.Directory.FindAsync(Id, ct) is not { } unit)
        {
            return NotFound();
        }

        if (!await Services.User.CanAsync(Permission.ChangeOrganisation, Id, ct))
        {
            return Forbid();
        }

        Unit = unit;
        Tree = await Services.Directory.TreeAsync(ct: ct);
        if (ExpectedVersion == 0)
        {
            ExpectedVersion = unit.Version;
        }

        EffectiveDate ??= VietnamTime.Today(Services.Clock);
        return null;
    }

    /// <summary>Sends the command; on success returns to the unit page, otherwise back to the form with the reason.</summary>
    protected async Task<IActionResult> SendAsync(Func<LocalDate, object> command, Guid? showAfter, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        var invalid = this.InputErrors(Text);
        if (EffectiveDate is null && !invalid.Any(e => e.Field == nameof(EffectiveDate)))
        {
            invalid.Add(Text.Error("Date.Required", nameof(EffectiveDate)));
        }

        if (invalid.Count > 0 || EffectiveDate is not { } date)
        {
            return await this.RefuseAsync(new Refusal(RefusalKind.Invalid, invalid), Text);
        }

        // The units touched are read from the tree as it is now, not as cached up to half a second ago:
        // a unit moved away a moment ago must not be judged by its old place.
        Services.Directory.Invalidate();
        var onDate = await Services.Directory.TreeAsync(date, ct);
        var refusal = await Services.Sender.TrySendAsync(
            () => command(date), Permission.ChangeOrganisation, c => CommandScope.Touches(c, onDate), new AuditNote(Reason, DecisionReference), Id, ct);
        if (refusal is null)
        {
            TempData["Flash"] = Text["Organisation.Saved"].Value;
            return Redirect($"/organisations/{showAfter ?? Id}");
        }

        // A stale form shows the unit as it is now; the user's entries stay in the fields.
        return await this.RefuseAsync(refusal, Text, reload: async () =>
        {
            ExpectedVersion = 0;
            await LoadAsync(ct);
        });
    }

    /// <summary>Finds an active unit by its code on today's tree, for forms that name another unit.</summary>
    protected OrganisationNode? UnitByCode(string? code) =>
        string.IsNullOrWhiteSpace(code) ? null : Tree.FindActiveByCode(code);
}
