using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace EventSourced.Web.Pages.Members;

/// <summary>Readmit a former member into a cell: 36 months out at least, once in a lifetime, a new probation.</summary>
public sealed class ReadmitModel(PageServices services) : MemberChangePage(services)
{
    [BindProperty]
    public string? CellCode { get; set; }

    [BindProperty]
    public LocalDate? CeremonyDate { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var tree = await Services.Directory.TreeAsync(ct: ct);
        var cell = string.IsNullOrWhiteSpace(CellCode) ? null : tree.FindActiveByCode(CellCode);
        return await SendAsync(
            () => new ReadmitMember(Id, ExpectedVersion, cell?.Id ?? throw new RuleViolation("Organisation.CodeNotFound", CellCode ?? string.Empty), Decision, CeremonyDate ?? Decision.Date),
            ct,
            cell?.Id);
    }
}
