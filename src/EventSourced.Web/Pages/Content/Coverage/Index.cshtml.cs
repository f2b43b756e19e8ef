using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Content.Coverage;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Pages.Content.Coverage;

/// <summary>
/// The content coverage dashboard: a unit in the user's scope over a period, its posts and those of
/// each unit below it, bulletins on time, the units with no post, the unit's expected documents, and
/// its content target, which a committee member with the right to change the unit can set here.
/// </summary>
public sealed class IndexModel(CoverageView view, CurrentUser user, CommandSender sender, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int PageSize = 100;

    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [FromQuery(Name = "from")]
    public LocalDate? From { get; set; }

    [FromQuery(Name = "to")]
    public LocalDate? To { get; set; }

    [FromQuery(Name = "sort")]
    public CoverageSort Sort { get; set; } = CoverageSort.Code;

    [FromQuery(Name = "desc")]
    public bool Descending { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public CoverageView View => view;

    public Paging Paging { get; private set; }

    public IReadOnlyList<CoverageRow> Rows { get; private set; } = [];

    public int TotalRows { get; private set; }

    public CoverageTarget? OwnTarget { get; private set; }

    public bool CanSetTarget { get; private set; }

    public bool CanListDocuments { get; private set; }

    [BindProperty]
    public CoverageTargetInput Target { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostTargetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        var unit = view.Unit!;
        if (!string.Equals(unit.Code, UnitCode?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return this.Refuse(text.Invalid("Installs.UnitNotFound", nameof(UnitCode), UnitCode ?? string.Empty));
        }

        if (this.InputErrors(text) is { Count: > 0 } invalid)
        {
            return this.Refuse(new Refusal(RefusalKind.Invalid, invalid));
        }

        var refusal = await sender.TrySendAsync(
            () => Target.Remove
                ? new RemoveCoverageTarget(unit.Id, Target.ExpectedVersion, Target.EffectiveDate ?? view.Today)
                : new SetCoverageTarget(unit.Id, Target.ExpectedVersion, Target.PostsPerMonth, Target.BulletinsOnTimePercent, Target.DecisionReference ?? string.Empty, Target.EffectiveDate ?? view.Today),
            Permission.ChangeOrganisation,
            _ => [unit.Id],
            new AuditNote(null, Target.DecisionReference),
            CoverageTarget.StreamIdFor(unit.Id),
            ct);
        if (refusal is null)
        {
            TempData["Flash"] = text["Organisation.Saved"].Value;
            return Redirect(Url.Page("/Content/Coverage/Index", new { unit = unit.Code })!);
        }

        return await this.RefuseAsync(refusal, text, reload: () =>
        {
            ModelState.Remove("Target.ExpectedVersion");
            Target.ExpectedVersion = OwnTarget?.Version ?? 0;
            return Task.CompletedTask;
        });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var unreadable = CoverageView.DatesUnreadable(ModelState);
        if (!await view.LoadAsync(UnitCode, From, To, unreadable, ct))
        {
            return Forbid();
        }

        var unit = view.Unit!;
        OwnTarget = view.Data?.Targets.GetValueOrDefault(unit.Id);
        CanSetTarget = await user.CanAsync(Permission.ChangeOrganisation, unit.Id, ct);
        CanListDocuments = await user.CanAsync(Permission.ChangeContent, unit.Id, ct);
        if (Request.Method == HttpMethods.Get)
        {
            Target = CoverageTargetInput.From(OwnTarget, view.Today);
        }

        if (view.Dashboard is { } dashboard)
        {
            var ordered = CoverageView.Order(dashboard.Children, Sort, Descending);
            TotalRows = ordered.Count;
            Paging = Paging.Of(PageNumber, PageSize, TotalRows);
            PageNumber = Paging.Number;
            Rows = [.. ordered.Skip(Paging.Skip).Take(PageSize)];
        }

        return null;
    }

    /// <summary>Query string for the same view with some values changed.</summary>
    public Dictionary<string, string?> With(CoverageSort? sort = null, bool? desc = null, int? page = null, string? unit = null, string? format = null) => new()
    {
        ["unit"] = unit ?? view.Unit?.Code,
        ["from"] = LocalDateModelBinder.Iso(view.Period.From),
        ["to"] = LocalDateModelBinder.Iso(view.Period.To),
        ["sort"] = format is null ? (sort ?? Sort).ToString() : null,
        ["desc"] = format is null && (desc ?? Descending) ? "true" : null,
        ["page"] = page is { } p && p > 1 ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        ["format"] = format,
    };
}

/// <summary>The content target form: posts a month and the share of cells with their bulletin on time, on a decision, from a date.</summary>
public sealed class CoverageTargetInput
{
    public int ExpectedVersion { get; set; }

    public int? PostsPerMonth { get; set; }

    public int? BulletinsOnTimePercent { get; set; }

    public string? DecisionReference { get; set; }

    public LocalDate? EffectiveDate { get; set; }

    public bool Remove { get; set; }

    public static CoverageTargetInput From(CoverageTarget? target, LocalDate today)
    {
        var current = target?.Periods.LastOrDefault() is { Removed: false } period ? period : null;
        return new CoverageTargetInput
        {
            ExpectedVersion = target?.Version ?? 0,
            PostsPerMonth = current?.PostsPerMonth,
            BulletinsOnTimePercent = current?.BulletinsOnTimePercent,
            DecisionReference = current?.DecisionReference,
            EffectiveDate = today,
        };
    }
}
