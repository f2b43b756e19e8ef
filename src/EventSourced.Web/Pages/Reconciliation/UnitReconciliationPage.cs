using EventSourced.Domain.Accounts;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace EventSourced.Web.Pages.Reconciliation;

/// <summary>
/// The pages of one unit's reconciliation share the unit from the route and its check: only staff who
/// may record member work in the unit see or change its reconciliations (as for the member import).
/// </summary>
public abstract class UnitReconciliationPage(PageServices services) : PageModel
{
    protected PageServices Services { get; } = services;

    [FromRoute]
    public string UnitCode { get; set; } = string.Empty;

    public OrganisationNode Unit { get; private set; } = null!;

    public string UnitPath => "/reconciliation/units/" + Uri.EscapeDataString(Unit.Code);

    /// <summary>
    /// Null when the user may work on the unit; otherwise what to answer. A unit merged or dissolved since is
    /// still found by its code (while no active unit has taken it over): a reconciliation it had under way, as of
    /// a day it existed, is still its own to resolve, finish or abandon, and its part of a round counts it.
    /// </summary>
    protected async Task<IActionResult?> FindUnitAsync(CancellationToken ct)
    {
        var tree = await Services.User.TreeAsync(ct);
        var code = UnitCode.Trim();
        if ((tree.FindActiveByCode(code) ?? tree.Search(code, includeClosed: true)
                .Where(n => !n.IsActive && string.Equals(n.Code, code, StringComparison.OrdinalIgnoreCase))
                .MaxBy(n => n.Version)) is not { } unit)
        {
            return NotFound();
        }

        Unit = unit;
        return await Services.User.CanAsync(Permission.ChangeMembers, unit.Id, ct) ? null : Forbid();
    }

    /// <summary>
    /// The cells of the unit's subtree (the unit itself when it is a cell) with their codes, as the tree stood on
    /// <paramref name="on"/>, the roll's reference date: a cell merged away since still held its members that
    /// day, and one moved in since was another unit's. The register is who was in those cells that day.
    /// </summary>
    protected async Task<Dictionary<Guid, string>> CellsAsync(LocalDate on, CancellationToken ct)
    {
        var tree = await Services.Directory.TreeAsync(on, ct);
        return tree.Subtree(Unit.Id, includeClosed: true)
            .Where(n => n.Kind is OrganisationKind.Cell or OrganisationKind.GrassrootsCell)
            .ToDictionary(n => n.Id, n => n.Code);
    }
}
