using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace EventSourced.Web.Pages.Members;

/// <summary>
/// A member's page: profile with citizen-ID warnings, status, cell and the chain above it, party
/// age, next badge, the procedures the user may start, and the timeline of every recorded step.
/// </summary>
public sealed class DetailsModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IClock clock) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public Member Member { get; private set; } = new();

    public OrganisationTree Tree { get; private set; } = null!;

    public IReadOnlyList<OrganisationNode> Chain { get; private set; } = [];

    public IReadOnlyList<AuditEntry> Timeline { get; private set; } = [];

    public IReadOnlyList<CitizenIdWarning> Warnings { get; private set; } = [];

    public LocalDate Today { get; private set; }

    public int? NextBadge { get; private set; }

    public LocalDate NextAwardDate { get; private set; }

    public bool CanChange { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await session.LoadAsync<Member>(Id, ct) is not { } member)
        {
            return NotFound();
        }

        if (!await user.CanSeeMembersAsync(member.CellId, ct))
        {
            return Forbid();
        }

        Member = member;
        Tree = await directory.TreeAsync(ct: ct);
        Chain = [.. Tree.Ancestors(member.CellId), .. Tree.Find(member.CellId) is { } cell ? new[] { cell } : []];
        Today = VietnamTime.Today(clock);
        NextAwardDate = PartyBadges.NextAwardDate(Today);
        NextBadge = PartyBadges.Due(member, NextAwardDate) ?? member.NextBadge;
        Warnings = CitizenId.Check(member.Profile.CitizenId, member.Profile.DateOfBirth, member.Profile.Sex);
        Timeline = (await session.Events.FetchStreamAsync(Id, token: ct)).Select(AuditEntry.From).OrderByDescending(e => e.Version).ToList();
        CanChange = await user.CanAsync(Permission.ChangeMembers, member.CellId, ct);
        await LinkReconciliationsAsync(ct);
        return Page();
    }

    /// <summary>The results page of each reconciliation that changed the member, by the events' reconciliation header.</summary>
    public IReadOnlyDictionary<Guid, string> ReconciliationLinks { get; private set; } = new Dictionary<Guid, string>();

    public string? ReconciliationLink(AuditEntry entry, out int item)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ReconciliationReference.TryParse(entry.Reconciliation, out var id, out item) ? ReconciliationLinks.GetValueOrDefault(id) : null;
    }

    private async Task LinkReconciliationsAsync(CancellationToken ct)
    {
        var ids = Timeline
            .Select(e => ReconciliationReference.TryParse(e.Reconciliation, out var id, out _) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty)
            .Distinct()
            .ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        var links = new Dictionary<Guid, string>();
        foreach (var reconciliation in await session.LoadManyAsync<Domain.Reconciliation.Reconciliation>(ct, ids))
        {
            if (Tree.Find(reconciliation.UnitId) is { } unit)
            {
                links[reconciliation.Id] = $"/reconciliation/units/{Uri.EscapeDataString(unit.Code)}/{reconciliation.Id}";
            }
        }

        ReconciliationLinks = links;
    }

    public string UnitName(Guid? id) => id is { } v ? Tree.Find(v)?.Name ?? "—" : "—";

    /// <summary>
    /// The entries of the timeline that are notes on another one (a rescission, a corrected date), by the entry they
    /// name, read from the stream itself: each entry shows the notes on it, each note links back to its entry.
    /// </summary>
    public ILookup<long, AuditEntry> NotesOn => _notesOn ??= Timeline
        .Where(e => NotedEntry(e.Data) is not null)
        .ToLookup(e => (long)NotedEntry(e.Data)!.Value);

    private ILookup<long, AuditEntry>? _notesOn;

    /// <summary>The entry (stream version) a note names: a rescission or a date correction.</summary>
    public static int? NotedEntry(object data) => data switch
    {
        MemberEntryRescinded e => e.EntryVersion,
        MemberDateCorrected e => e.EntryVersion,
        _ => null,
    };
}
