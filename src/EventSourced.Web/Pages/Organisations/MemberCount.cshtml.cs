using EventSourced.Domain.Common;
using EventSourced.Domain.Members.MemberList;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>
/// The unit's member count on a date (its cells on that date, their members on that date), loaded by
/// htmx after the unit page so a large unit's page is not held up by the count.
/// </summary>
public sealed class MemberCountModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IClock clock) : PageModel
{
    public int Count { get; private set; }

    public LocalDate Date { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? asOf, CancellationToken ct)
    {
        if (!await user.CanSeeAsync(id, ct))
        {
            return Forbid();
        }

        Date = LocalDateModelBinder.TryParse(asOf) ?? VietnamTime.Today(clock);
        var tree = await directory.TreeAsync(Date, ct);
        var cells = tree.Subtree(id, includeClosed: true)
            .Where(n => n.Kind is OrganisationKind.Cell or OrganisationKind.GrassrootsCell)
            .Select(n => n.Id)
            .ToList();
        Count = await MemberCount.AsOfAsync(session, cells, Date, ct);
        Response.Headers.Vary = "HX-Request";
        return Page();
    }
}
