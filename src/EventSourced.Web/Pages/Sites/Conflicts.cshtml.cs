using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Sites;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventSourced.Web.Pages.Sites;

/// <summary>One side of a conflict as shown: what was recorded, when and by whom.</summary>
public sealed record ConflictLine(string Type, long Version, NodaTime.Instant RecordedAt, string? UserName);

/// <summary>
/// A conflict with both sides: the site's events and the centre's since the site's base version. The member
/// is named only to a viewer who may see members of the member's cell now, and the site's side may be taken
/// only by one who may change them (<see cref="MayTakeSite"/>).
/// </summary>
public sealed record ConflictView(SiteConflict Conflict, string? MemberName, bool OutsideScope, bool MayTakeSite, IReadOnlyList<ConflictLine> SiteSide, IReadOnlyList<ConflictLine> CentreSide);

/// <summary>
/// A site's conflicts for staff above it: both sides of each, and for an open one the choice to take
/// the site's events after the centre's or keep the centre's record, with a reason (decision 0023).
/// </summary>
public sealed class ConflictsModel(PageServices services, SiteSync sync) : PageModel
{
    [FromRoute]
    public Guid UnitId { get; set; }

    public OrganisationNode? Unit { get; private set; }

    public Site? Site { get; private set; }

    public IReadOnlyList<ConflictView> Conflicts { get; private set; } = [];

    [BindProperty]
    public Guid ConflictId { get; set; }

    [BindProperty]
    public int ExpectedVersion { get; set; }

    [BindProperty]
    public SiteConflictResolution? Resolution { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await sync.MayActOnAsync(UnitId, ct))
        {
            return Forbid();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await sync.MayActOnAsync(UnitId, ct))
        {
            return Forbid();
        }

        var invalid = this.InputErrors(services.Text);
        if (Resolution is null)
        {
            invalid.Add(services.Text.Error("Site.ResolutionRequired", nameof(Resolution)));
        }

        if (invalid.Count > 0)
        {
            await LoadAsync(ct);
            return this.Refuse(new Refusal(RefusalKind.Invalid, invalid));
        }

        var refusal = await services.Sender.TryAsync(
            () => sync.ResolveAsync(new ResolveSiteConflict(UnitId, ConflictId, ExpectedVersion, Resolution!.Value, Reason ?? string.Empty), ct),
            Site.StreamIdFor(UnitId),
            ct);
        if (refusal is null)
        {
            TempData["Flash"] = services.Text["Sites.Resolved"].Value;
            return Redirect($"/sites/{UnitId}/conflicts");
        }

        return await this.RefuseAsync(refusal, services.Text, reload: () => LoadAsync(ct));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Unit = (await services.Directory.TreeAsync(ct: ct)).Find(UnitId);
        Site = await services.Session.LoadAsync<Site>(Domain.Sites.Site.StreamIdFor(UnitId), ct);
        ExpectedVersion = Site?.Version ?? 0;
        var views = new List<ConflictView>();
        foreach (var conflict in (Site?.Conflicts ?? []).OrderBy(c => c.IsOpen ? 0 : 1))
        {
            var member = await services.Session.LoadAsync<Member>(conflict.StreamId, ct);
            var centre = await services.Session.Events.FetchStreamAsync(conflict.StreamId, token: ct);
            // Staff above the site see its conflicts; a member the centre has moved out of their units since is
            // not theirs to read (or to write on): the entries' kinds and dates stay, the name and the centre's clerks go.
            var inScope = member is null || await services.User.CanAsync(Domain.Accounts.Permission.ViewMembers, member.CellId, ct);
            var mayTake = member is null || await services.User.CanAsync(Domain.Accounts.Permission.ChangeMembers, member.CellId, ct);
            views.Add(new ConflictView(
                conflict,
                inScope ? member?.Profile.FullName : null,
                !inScope,
                mayTake,
                conflict.SiteEvents.Select(e => new ConflictLine(ShortName(e.Type), e.Version, e.RecordedAt, e.UserName)).ToList(),
                centre.Where(e => e.Version > conflict.BaseVersion)
                    .Select(e => new ConflictLine(e.EventType.Name, e.Version, NodaTime.Instant.FromDateTimeOffset(e.Timestamp), inScope ? e.UserName : null))
                    .ToList()));
        }

        Conflicts = views;
    }

    private static string ShortName(string type)
    {
        var name = type.Split(',')[0];
        return name[(name.LastIndexOf('.') + 1)..];
    }
}
