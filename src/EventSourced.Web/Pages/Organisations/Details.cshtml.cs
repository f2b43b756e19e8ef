using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>
/// A unit's page: what it is on the chosen date, where it sits, its children, every state it has
/// been in, and its full history with who recorded each change, in which role, why and on whose
/// decision.
/// </summary>
public sealed class DetailsModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IClock clock) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [FromQuery(Name = "asOf")]
    public string? AsOf { get; set; }

    public LocalDate Date { get; private set; }

    public bool IsToday { get; private set; }

    public Organisation Unit { get; private set; } = new();

    public OrganisationNode? Node { get; private set; }

    public OrganisationTree Tree { get; private set; } = null!;

    public IReadOnlyList<OrganisationNode> Ancestors { get; private set; } = [];

    public IReadOnlyList<OrganisationNode> Children { get; private set; } = [];

    public int SubtreeSize { get; private set; }

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    public bool CanChange { get; private set; }

    /// <summary>Staff who record member work in the unit compare its roll with the register.</summary>
    public bool CanReconcile { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await directory.FindAsync(Id, ct) is not { } unit)
        {
            return NotFound();
        }

        if (!await user.CanSeeAsync(Id, ct))
        {
            return Forbid();
        }

        Unit = unit;
        _names = (await directory.UnitsAsync(ct)).ToDictionary(u => u.Id, u => u.Name);
        var today = VietnamTime.Today(clock);
        Date = LocalDateModelBinder.TryParse(AsOf) ?? today;
        IsToday = Date == today;
        Tree = await directory.TreeAsync(Date, ct);
        Node = Tree.Find(Id);
        Ancestors = Tree.Ancestors(Id);
        Children = Tree.Children(Id).OrderBy(c => c.Name, VietnameseCollation.Comparer).ToList();
        SubtreeSize = Node is null ? 0 : Tree.Subtree(Id).Count() - 1;
        var events = await session.Events.FetchStreamAsync(Id, token: ct);
        History = events.Select(AuditEntry.From).OrderByDescending(e => e.Version).ToList();
        CanChange = Node?.IsActive == true && IsToday && await user.CanAsync(Permission.ChangeOrganisation, Id, ct);
        CanReconcile = Node?.IsActive == true && await user.CanAsync(Permission.ChangeMembers, Id, ct);
        return Page();
    }

    /// <summary>A unit's name for the timeline, whatever its state today.</summary>
    public string NameOf(Guid? id) =>
        id is { } value ? (Tree.Find(value)?.Name ?? _names.GetValueOrDefault(value) ?? "—") : "—";

    private Dictionary<Guid, string> _names = [];

    public string DateQuery => IsToday ? string.Empty : $"?asOf={LocalDateModelBinder.Iso(Date)}";
}
