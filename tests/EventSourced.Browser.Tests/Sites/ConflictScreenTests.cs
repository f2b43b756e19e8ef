using System.Text;
using System.Text.Json;
using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Sites;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using Microsoft.Playwright;
using NodaTime;

namespace EventSourced.Browser.Tests.Sites;

/// <summary>
/// Staff above an offline site cut its package on <c>/sites</c>, hand in a batch whose member the centre
/// changed meanwhile, and resolve the conflict on its screen: keeping the centre's record, or taking the
/// site's entries, whose rescission then still names the card the site rescinded.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class ConflictScreenTests(AppProcess app)
{
    private static readonly IReadOnlyList<OrganisationCreated> Units = DemoCity.Build(DemoSize.Small);

    private static readonly OrganisationCreated SiteUnit = Units.First(u =>
        u.Flags.OfflineSite && u.Kind == OrganisationKind.GrassrootsCommittee
        && Units.Any(c => c.ParentId == u.OrganisationId && c.Kind == OrganisationKind.Cell));

    [BrowserFact]
    public async Task staff_above_a_site_see_both_sides_of_a_conflict_and_keep_the_centres_record()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "admin");

        await page.GotoAsync("/sites");
        var row = page.Locator($"[data-testid=site-row][data-unit='{SiteUnit.OrganisationId}']");
        await Expect(row.Locator("[data-testid=site-mode][data-offline=true]")).ToBeVisibleAsync();
        await Accessibility.AssertAccessibleAsync(page);
        var package = await CutPackageAsync(page, row);

        // The site worked from one version before the centre's last: the centre has moved since.
        var member = package.Streams.First(s => s.Events[0].Type.Contains(nameof(MemberAdmitted), StringComparison.Ordinal));
        var exempted = new MemberExempted(new Decision("5-NQ/CB", new LocalDate(2025, 3, 1)), "Tuổi cao", new LocalDate(2025, 3, 1));
        var siteEvent = new PortableEvent(PortableEvents.TypeName(typeof(MemberExempted)), JsonSerializer.SerializeToElement(exempted, PortableEvents.Json), member.Version, SystemClock.Instance.GetCurrentInstant(), "site-clerk", new Dictionary<string, string>());
        await HandInAsync(page, package, new SiteStreamChange(member.Id, member.Version - 1, [siteEvent]));

        var conflict = page.Locator("[data-testid=conflict][data-open=true]");
        await Expect(conflict.Locator("[data-testid=site-side] tr")).ToHaveCountAsync(1);
        await Expect(conflict.Locator("[data-testid=centre-side] tr")).ToHaveCountAsync(1);
        await Accessibility.AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-site-conflict.png"), FullPage = true });
        await conflict.Locator("[data-testid=keep-centre]").CheckAsync();
        await conflict.Locator("[data-testid=resolution-reason]").FillAsync("Quyết định của trung tâm có hiệu lực");
        await conflict.Locator("[data-testid=resolve]").ClickAsync();

        await Expect(page.Locator("[data-testid=resolution][data-resolution=KeepCentre]")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task taking_the_sites_side_keeps_its_rescission_on_the_card_it_rescinded_not_on_the_centres_entry()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "admin");
        await page.GotoAsync("/sites");
        var package = await CutPackageAsync(page, page.Locator($"[data-testid=site-row][data-unit='{SiteUnit.OrganisationId}']"));

        // Another member than the other test's, with at least two entries: the site worked from the one before
        // the centre's last, issued a card and found it given in error (its entries base + 1 and base + 2).
        var member = package.Streams.Where(s => s.Events[0].Type.Contains(nameof(MemberAdmitted), StringComparison.Ordinal) && s.Version >= 2).Skip(1).First();
        var at = member.Version - 1;
        var card = "TR" + (Environment.TickCount64 % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var day = new LocalDate(2025, 3, 9);
        object[] recorded =
        [
            new PartyCardIssued(card, day),
            new MemberEntryRescinded((int)at + 1, nameof(PartyCardIssued), new Decision("77-QĐ/ĐU", day), "Cấp nhầm người", null, null, null, Guid.NewGuid(), "Cán bộ trạm", day),
        ];
        var siteEvents = recorded.Select((e, i) => new PortableEvent(PortableEvents.TypeName(e.GetType()), JsonSerializer.SerializeToElement(e, e.GetType(), PortableEvents.Json), at + 1 + i, SystemClock.Instance.GetCurrentInstant(), "site-clerk", new Dictionary<string, string>())).ToList();
        await HandInAsync(page, package, new SiteStreamChange(member.Id, at, siteEvents));
        var conflict = page.Locator($"[data-testid=conflict][data-open=true]:has([data-testid=site-side] tr:nth-child(2))");
        await conflict.Locator("[data-testid=accept-site]").CheckAsync();
        await conflict.Locator("[data-testid=resolution-reason]").FillAsync("Trạm ghi đúng");
        await conflict.Locator("[data-testid=resolve]").ClickAsync();
        await Expect(page.Locator("[data-testid=resolution][data-resolution=AcceptSite]")).ToBeVisibleAsync();

        await page.GotoAsync($"/members/{member.Id}");
        var timeline = page.Locator("[data-testid=timeline]");
        await Expect(timeline.Locator($"li[data-event=PartyCardIssued][data-version='{member.Version + 1}'][data-rescinded=true]")).ToBeVisibleAsync();
        await Expect(timeline.Locator($"li[data-version='{member.Version}'][data-rescinded=true]")).ToHaveCountAsync(0);
        await Accessibility.AssertAccessibleAsync(page);
    }

    private static byte[] SiteKey => SiteSigning.SiteKey(Encoding.UTF8.GetBytes(SiteSettings.DevelopmentCentreKey), SiteUnit.OrganisationId);

    /// <summary>The package cut from the site's row on <c>/sites</c>, opened as the site would.</summary>
    private static async Task<SitePackage> CutPackageAsync(IPage page, ILocator row)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => row.Locator("[data-testid=cut-package]").ClickAsync());
        var packageFile = SiteSigning.Read(await File.ReadAllTextAsync((await download.PathAsync())!))!;
        return SiteSigning.Open<SitePackage>(packageFile, SiteFileKind.Package, SiteKey).Payload!;
    }

    /// <summary>A signed batch of <paramref name="change"/> handed in on <c>/sites/receive</c>, as one conflict, then its conflicts page.</summary>
    private static async Task HandInAsync(IPage page, SitePackage package, SiteStreamChange change)
    {
        var batch = new SyncBatch(Guid.NewGuid(), SiteUnit.OrganisationId, package.PackageId, SystemClock.Instance.GetCurrentInstant(), [change]);
        var batchPath = Path.Combine(Path.GetTempPath(), $"batch-{batch.BatchId:N}.json");
        await File.WriteAllTextAsync(batchPath, SiteSigning.Write(SiteSigning.Sign(SiteFileKind.Batch, SiteUnit.OrganisationId, batch, SiteKey)));

        await page.GotoAsync("/sites/receive");
        await page.Locator("#batch").SetInputFilesAsync(batchPath);
        await page.Locator("[data-testid=receive]").ClickAsync();
        await Expect(page.Locator("[data-testid=conflicts]")).ToHaveTextAsync("1");
        await page.Locator("[data-testid=conflicts-link]").ClickAsync();
    }
}
