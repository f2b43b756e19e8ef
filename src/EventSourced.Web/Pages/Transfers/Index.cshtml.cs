using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using EventSourced.Domain.Transfers.TransferList;
using EventSourced.Web.Infrastructure;
using Htmx;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace EventSourced.Web.Pages.Transfers;

/// <summary>
/// The transfers page for the user's scope: outgoing, incoming, in transit, overdue, and temporary
/// members hosted and away; narrowed to a unit by its code; paged; the table updates through htmx.
/// </summary>
public sealed class IndexModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IClock clock) : PageModel
{
    public const int PageSize = 50;

    [FromQuery(Name = "view")]
    public TransferView View { get; set; } = TransferView.Outgoing;

    [FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Transfer> Transfers { get; private set; } = [];

    public IReadOnlyDictionary<Guid, Member> Members { get; private set; } = new Dictionary<Guid, Member>();

    public int Total { get; private set; }

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The page shown, and whether the one asked for was past the end.</summary>
    public Paging Paging { get; private set; }

    public OrganisationTree Tree { get; private set; } = null!;

    public OrganisationNode? Unit { get; private set; }

    public string? UnitError { get; private set; }

    public LocalDate Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Tree = await directory.TreeAsync(ct: ct);
        Today = VietnamTime.Today(clock);
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
        var requested = PageNumber;
        PageNumber = Paging.Clamp(PageNumber);
        (Transfers, Total) = await QueryAsync(cells, ct);
        Paging = Paging.Of(requested, PageSize, Total);
        if (Paging.Number != PageNumber)
        {
            PageNumber = Paging.Number;
            (Transfers, Total) = await QueryAsync(cells, ct);
        }

        var memberIds = Transfers.Select(t => t.MemberId).Distinct().ToArray();
        Members = memberIds.Length == 0
            ? new Dictionary<Guid, Member>()
            : (await session.LoadManyAsync<Member>(ct, memberIds)).ToDictionary(m => m.Id);

        Response.Headers.Vary = "HX-Request";
        return Request.IsHtmx() && Request.Headers["HX-Target"] == "transfer-rows"
            ? Partial("_TransferRows", this)
            : Page();
    }

    private Task<(IReadOnlyList<Transfer> Transfers, int Total)> QueryAsync(IReadOnlyCollection<Guid>? cells, CancellationToken ct) =>
        new TransferListQuery(cells, View, Today, PageNumber, PageSize).RunAsync(session, ct);

    /// <summary>An official transfer in transit after its due date, marked by the check or not yet.</summary>
    public bool IsOverdue(Transfer transfer) =>
        transfer.Status == TransferStatus.InTransit && (transfer.Overdue || TransferRules.IsOverdue(transfer, Today));

    /// <summary>The current filters as a query string, with one value replaced (for tabs and paging links).</summary>
    public string QueryWith(string key, string? value)
    {
        var values = new Dictionary<string, string?>
        {
            ["view"] = View.ToString(),
            ["unit"] = Unit?.Code ?? UnitCode,
            ["page"] = PageNumber > 1 ? PageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        values[key] = value;
        return Microsoft.AspNetCore.Http.QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value))).ToString();
    }

    /// <summary>Another tab, keeping the unit filter and starting at its first page.</summary>
    public string ViewLink(TransferView view) =>
        "/transfers" + Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?> { ["view"] = view.ToString(), ["unit"] = Unit?.Code ?? UnitCode }
            .Where(v => !string.IsNullOrEmpty(v.Value)));

    public string CellName(Guid? cellId) => TransferEventText.CellLabel(Tree, cellId);

    /// <summary>The far end of a transfer: a cell of the city, or the organisation outside it.</summary>
    public string FromName(Transfer t) => t.FromCellId is null ? Outside(t) : CellName(t.FromCellId);

    public string ToName(Transfer t) => t.ToCellId is null ? Outside(t) : CellName(t.ToCellId);

    private static string Outside(Transfer t) => string.Join(", ", new[] { t.OutsideOrganisation, t.OutsideProvince }.Where(s => !string.IsNullOrEmpty(s)));
}
