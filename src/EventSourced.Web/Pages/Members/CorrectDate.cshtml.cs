using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace EventSourced.Web.Pages.Members;

/// <summary>Correct a date of one timeline entry (admission decision, ceremony, recognition, exemption, transfer) with a reason.</summary>
public sealed class CorrectDateModel(PageServices services) : MemberChangePage(services)
{
    [BindProperty(SupportsGet = true)]
    public int Entry { get; set; }

    [BindProperty]
    public MemberDateKind? Date { get; set; }

    [BindProperty]
    public LocalDate? NewDate { get; set; }

    public MemberEntry? Target => MemberHistory.Entry(Member, Entry);

    /// <summary>The dates the entry carries, as they stand after earlier corrections.</summary>
    public IReadOnlyList<(MemberDateKind Kind, LocalDate Date)> Dates =>
        Target is { } target
            ? [.. Enum.GetValues<MemberDateKind>()
                .Select(k => (Kind: k, Date: Member.History.Select(h => h.Event).OfType<MemberDateCorrected>().LastOrDefault(c => c.EntryVersion == Entry && c.Date == k)?.NewDate ?? MemberDates.Read(target.Event, k)))
                .Where(d => d.Date is not null)
                .Select(d => (d.Kind, d.Date!.Value))]
            : [];

    public OrganisationTree Tree { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        Tree = await Services.Directory.TreeAsync(ct: ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Tree = await Services.Directory.TreeAsync(ct: ct);
        return await SendAsync(
            () => new CorrectDate(
                Id,
                ExpectedVersion,
                Entry,
                Date ?? throw new Domain.Common.RuleViolation("Member.DateNotOnEntry"),
                NewDate ?? throw new Domain.Common.RuleViolation("Date.Required"),
                Reason ?? string.Empty),
            ct);
    }

    public string Describe(IMemberEvent e) => MemberEventText.Describe(Text, e, id => id is { } v ? Tree.Find(v)?.Name ?? "—" : "—");
}
