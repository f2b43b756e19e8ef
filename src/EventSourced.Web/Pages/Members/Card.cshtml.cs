using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace EventSourced.Web.Pages.Members;

/// <summary>Issue the first party card, or replace it (exchange, loss); old numbers stay searchable.</summary>
public sealed class CardModel(PageServices services) : MemberChangePage(services)
{
    [BindProperty]
    public string? CardNumber { get; set; }

    [BindProperty]
    public LocalDate? IssueDate { get; set; }

    [BindProperty]
    public CardReplacementReason ReplacementReason { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        SendAsync(() => Member.CardNumber is null
            ? new IssuePartyCard(Id, ExpectedVersion, CardNumber ?? string.Empty, IssueDate ?? Today)
            : new ReplacePartyCard(Id, ExpectedVersion, CardNumber ?? string.Empty, ReplacementReason, IssueDate ?? Today), ct);
}
