using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Members.MemberList;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Htmx;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace EventSourced.Web.Pages.Members;

/// <summary>
/// The member list for the user's scope: filter by unit (and everything below it), status,
/// admission year and badge due; search by name with or without diacritics, citizen ID or card
/// number; Vietnamese sort; paged; the table region updates through htmx.
/// </summary>
public sealed class IndexModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IClock clock, MemberListCache lists) : PageModel
{
    public const int PageSize = 50;

    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [FromQuery(Name = "status")]
    public MemberStatusFilter Status { get; set; } = MemberStatusFilter.Current;

    [FromQuery(Name = "year")]
    public int? AdmissionYear { get; set; }

    [FromQuery(Name = "q")]
    public string? Search { get; set; }

    [FromQuery(Name = "badge")]
    public bool BadgeDue { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Member> Members { get; private set; } = [];

    public int Total { get; private set; }

    /// <summary>A search's count stopped at the cap: the list says "more than" and asks for a narrower search.</summary>
    public bool TotalIsOver => !BadgeDue && !string.IsNullOrWhiteSpace(Search) && Total > MemberListQuery.SearchCountCap;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The page shown, and whether the one asked for was past the end.</summary>
    public Paging Paging { get; private set; }

    public OrganisationTree Tree { get; private set; } = null!;

    public OrganisationNode? Unit { get; private set; }

    public string? UnitError { get; private set; }

    public LocalDate NextAwardDate { get; private set; }

    public IReadOnlyDictionary<Guid, int> BadgeYears { get; private set; } = new Dictionary<Guid, int>();

    public LocalDate Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Tree = await directory.TreeAsync(ct: ct);
        Today = VietnamTime.Today(clock);
        NextAwardDate = PartyBadges.NextAwardDate(Today);
        if (!string.IsNullOrWhiteSpace(UnitCode))
        {
            Unit = Tree.FindActiveByCode(UnitCode) ?? Tree.Search(UnitCode, includeClosed: true).FirstOrDefault(n => n.Code.Equals(UnitCode.Trim(), StringComparison.OrdinalIgnoreCase));
            if (Unit is null || !await user.CanSeeMembersAsync(Unit.Id, ct))
            {
                UnitError = Unit is null ? "Organisation.CodeNotFound" : "Access.Denied";
                Unit = null;
            }
        }

        var cells = UnitError is null ? await user.CellsInScopeAsync(Unit?.Id, ct) : [];
        var query = new MemberListQuery(cells, Status, AdmissionYear, Search, PageNumber, PageSize);
        if (BadgeDue)
        {
            // Badge candidates are few; their due badge is computed from the record, so filter in memory.
            var candidates = BadgeCandidates.For(await query.AllAsync(session, ct), NextAwardDate);
            Total = candidates.Count;
            Paging = Paging.Of(PageNumber, PageSize, Total);
            PageNumber = Paging.Number;
            Members = candidates.Skip(Paging.Skip).Take(PageSize).Select(c => c.Member).ToList();
            BadgeYears = candidates.ToDictionary(c => c.Member.Id, c => c.Years);
        }
        else
        {
            // Reused while no member's record changes: the city's list counted every member on every page.
            (Members, Total) = await lists.RunAsync(session, query, ct);
            Paging = Paging.Of(PageNumber, PageSize, Total);
            if (Paging.PastEnd)
            {
                (Members, Total) = await lists.RunAsync(session, query with { Page = Paging.Number }, ct);
            }

            PageNumber = Paging.Number;
        }

        Response.Headers.Vary = "HX-Request";
        return Request.IsHtmx() && Request.Headers["HX-Target"] == "member-rows"
            ? Partial("_MemberRows", this)
            : Page();
    }

    /// <summary>The current filters as a query string, with one value replaced (for paging and export links).</summary>
    public string QueryWith(string key, string? value)
    {
        var values = new Dictionary<string, string?>
        {
            ["unit"] = Unit?.Code ?? UnitCode,
            ["status"] = Status == MemberStatusFilter.Current ? null : Status.ToString(),
            ["year"] = AdmissionYear?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["q"] = Search,
            ["badge"] = BadgeDue ? "true" : null,
            ["page"] = PageNumber > 1 ? PageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        values[key] = value;
        return Microsoft.AspNetCore.Http.QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value))).ToString();
    }

    public string CellName(Guid cellId) => Tree.Find(cellId)?.Name ?? "—";
}
