using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace EventSourced.Web.Pages.Reconciliation;

/// <summary>
/// The reconciliation rounds the user's units take part in (opened for their subtree or above it),
/// newest reference date first, and the form for a committee's staff to open one for their subtree.
/// </summary>
public sealed class IndexModel(PageServices services) : PageModel
{
    public const int PageSize = 50;

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Paging Paging { get; private set; }

    public IReadOnlyList<(ReconciliationRound Round, OrganisationNode? Unit)> Rounds { get; private set; } = [];

    public int TotalRounds { get; private set; }

    public LocalDate Today { get; private set; }

    /// <summary>Whether the user holds a role that may open a round somewhere (the send checks the unit itself).</summary>
    public bool CanOpen { get; private set; }

    [BindProperty]
    public Guid NewRoundId { get; set; }

    [BindProperty]
    public string? UnitCode { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public LocalDate? ReferenceDate { get; set; }

    [BindProperty]
    public LocalDate? Deadline { get; set; }

    [BindProperty]
    public string? DecisionReference { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        NewRoundId = Guid.CreateVersion7();
        ReferenceDate = Today;
        var tree = await services.Directory.TreeAsync(ct: ct);
        UnitCode = (await services.User.ScopeRootsAsync(Permission.ViewMembers, ct)).Select(tree.Find).FirstOrDefault(n => n is not null && RoundProgress.IsCommittee(n.Kind))?.Code;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        if (NewRoundId == Guid.Empty)
        {
            NewRoundId = Guid.CreateVersion7();
        }

        var invalid = this.InputErrors(services.Text);
        var tree = await services.Directory.TreeAsync(ct: ct);
        var unit = string.IsNullOrWhiteSpace(UnitCode) ? null : tree.FindActiveByCode(UnitCode.Trim());
        if (unit is null)
        {
            invalid.Add(services.Text.Error("Reconciliation.UnitNotFound", nameof(UnitCode), UnitCode ?? string.Empty));
        }

        foreach (var (date, field) in new[] { (ReferenceDate, nameof(ReferenceDate)), (Deadline, nameof(Deadline)) })
        {
            if (date is null && !invalid.Any(e => e.Field == field))
            {
                invalid.Add(services.Text.Error("Date.Required", field));
            }
        }

        if (invalid.Count > 0 || unit is null || ReferenceDate is not { } reference || Deadline is not { } deadline)
        {
            return this.Refuse(new Refusal(RefusalKind.Invalid, invalid));
        }

        var refusal = await services.Sender.TrySendAsync(
            () => new OpenRound(NewRoundId, unit.Id, Name ?? string.Empty, reference, deadline, DecisionReference ?? string.Empty),
            Permission.ChangeOrganisation,
            _ => [unit.Id],
            new AuditNote(null, DecisionReference),
            NewRoundId,
            ct);
        if (refusal is null)
        {
            TempData["Flash"] = services.Text["Reconciliation.RoundOpened"].Value;
            return Redirect($"/reconciliation/rounds/{NewRoundId}");
        }

        return await this.RefuseAsync(
            refusal,
            services.Text,
            recordedMeanwhile: async () => await services.Session.LoadAsync<ReconciliationRound>(NewRoundId, ct) is not null);
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var roots = await services.User.ScopeRootsAsync(Permission.ViewMembers, ct);
        if (roots.Count == 0)
        {
            return Forbid();
        }

        Today = VietnamTime.Today(services.Clock);
        CanOpen = await services.User.HasAnyAsync(Permission.ChangeOrganisation, ct) && !Access.IsReadOnly(await services.User.AssignmentsAsync(ct));
        var tree = await services.Directory.TreeAsync(ct: ct);
        // Rounds are few (a committee opens one or two a year), so they are filtered here on the tree:
        // a round concerns the user when it was opened within their scope or for a committee above it.
        var all = await services.Session.Query<ReconciliationRound>().ToListAsync(ct);
        var visible = all
            .Where(r => roots.Any(root => tree.IsWithin(r.UnitId, root) || tree.IsWithin(root, r.UnitId)))
            .OrderByDescending(r => r.ReferenceDate)
            .ThenByDescending(r => r.Deadline)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        TotalRounds = visible.Count;
        Paging = Paging.Of(PageNumber, PageSize, TotalRounds);
        PageNumber = Paging.Number;
        Rounds = [.. visible.Skip(Paging.Skip).Take(PageSize).Select(r => (r, tree.Find(r.UnitId)))];
        return null;
    }
}
