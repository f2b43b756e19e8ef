using EventSourced.Domain.Accounts;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Sites;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace EventSourced.Web.Pages.Sites;

/// <summary>One grassroots organisation's line on the deployment page.</summary>
public sealed record SiteRow(OrganisationNode Unit, OrganisationNode? Parent, OrganisationNode Committee, Site? Site, bool Late, bool MayAct, int Trained)
{
    public bool Offline => Unit.Flags.OfflineSite;
}

/// <summary>The deployment rolled up to a committee directly under the city: its grassroots organisations' figures summed.</summary>
public sealed record CommitteeRollup(OrganisationNode Committee, int Grassroots, int OfflineSites, int Installed, int Trained, int Late, int OpenConflicts)
{
    public static IReadOnlyList<CommitteeRollup> Of(IEnumerable<SiteRow> rows) =>
        rows.GroupBy(r => r.Committee.Id)
            .Select(g => new CommitteeRollup(
                g.First().Committee,
                g.Count(),
                g.Count(r => r.Offline),
                g.Count(r => r.Offline && r.Site?.PackageIssuedAt is not null),
                g.Sum(r => r.Trained),
                g.Count(r => r.Late),
                g.Sum(r => r.Site?.OpenConflicts ?? 0)))
            .OrderBy(c => c.Committee.Code, StringComparer.Ordinal)
            .ToList();
}

/// <summary>
/// The management system's own deployment (decision 0023): per grassroots organisation in the user's
/// scope, on the city network or an offline site, when its package was cut, its last batch, the events
/// received and the conflicts still open; offline sites without a batch for more than
/// <c>Sites:StaleAfterDays</c> are listed first. Staff above a site cut its package here.
/// </summary>
public sealed class IndexModel(PageServices services, SiteSync sync, SiteSettings settings) : PageModel
{
    public IReadOnlyList<SiteRow> Rows { get; private set; } = [];

    /// <summary>After how many days without a batch an offline site is late: the page's choice, or <c>Sites:StaleAfterDays</c>.</summary>
    [BindProperty(SupportsGet = true)]
    [Range(1, 3650)]
    public int? LateAfter { get; set; }

    public int StaleAfterDays => LateAfter is >= 1 and <= 3650 ? LateAfter.Value : settings.StaleAfterDays;

    public IEnumerable<SiteRow> LateSites => Rows.Where(r => r.Late);

    public IReadOnlyList<CommitteeRollup> Committees => CommitteeRollup.Of(Rows);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await services.User.HasAnyAsync(Permission.View, ct))
        {
            return Forbid();
        }

        var tree = await services.Directory.TreeAsync(ct: ct);
        var roots = await services.User.ScopeRootsAsync(Permission.View, ct);
        var units = roots.SelectMany(r => tree.Subtree(r))
            .Where(n => n.Kind is OrganisationKind.GrassrootsCommittee or OrganisationKind.GrassrootsCell)
            .DistinctBy(n => n.Id)
            .OrderBy(n => n.Code, StringComparer.Ordinal)
            .ToList();
        var sites = (await services.Session.Query<Site>().ToListAsync(ct)).ToDictionary(s => s.UnitId);
        // Staff trained: the trainees of the training classes held for the organisation or a unit below it.
        var classes = (await services.Session.Query<Domain.Installs.TrainingClass>().Where(c => !c.Cancelled).ToListAsync(ct))
            .Select(c => (Unit: c.UnitId, c.TraineeCount))
            .ToList();
        var lateBefore = services.Clock.GetCurrentInstant() - Duration.FromDays(StaleAfterDays);
        var rows = new List<SiteRow>();
        foreach (var unit in units)
        {
            var site = sites.GetValueOrDefault(unit.Id);
            var heardOf = site?.LastSyncAt ?? site?.PackageIssuedAt;
            var late = unit.Flags.OfflineSite && heardOf is { } at && at < lateBefore;
            var committee = tree.Ancestors(unit.Id).ElementAtOrDefault(1) ?? unit;
            rows.Add(new SiteRow(unit, unit.ParentId is { } p ? tree.Find(p) : null, committee, site, late, unit.Flags.OfflineSite && await sync.MayActOnAsync(unit.Id, ct), classes.Where(c => tree.IsWithin(c.Unit, unit.Id)).Sum(c => c.TraineeCount)));
        }

        Rows = rows;
        return Page();
    }

    /// <summary>Cuts the site's package and hands it over as a file to take to the site.</summary>
    public Task<IActionResult> OnPostPackageAsync(Guid unitId, CancellationToken ct) =>
        HandOverAsync(unitId, "site-package", () => sync.IssuePackageAsync(unitId, ct), ct);

    /// <summary>Cuts an update for an installed site: what changed here since, with the resolved conflicts.</summary>
    public Task<IActionResult> OnPostUpdateAsync(Guid unitId, CancellationToken ct) =>
        HandOverAsync(unitId, "site-update", () => sync.IssueUpdateAsync(unitId, ct), ct);

    private async Task<IActionResult> HandOverAsync(Guid unitId, string prefix, Func<Task<SignedSiteFile>> cut, CancellationToken ct)
    {
        SignedSiteFile? file = null;
        var refusal = await services.Sender.TryAsync(async () => file = await cut(), Site.StreamIdFor(unitId), ct);
        if (refusal is not null || file is null)
        {
            await OnGetAsync(ct);
            return await this.RefuseAsync(refusal!, services.Text);
        }

        var unit = (await services.Directory.TreeAsync(ct: ct)).Find(unitId);
        var name = FormattableString.Invariant($"{prefix}-{unit?.Code ?? unitId.ToString("N")}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        return File(System.Text.Encoding.UTF8.GetBytes(SiteSigning.Write(file)), "application/json", name);
    }
}
