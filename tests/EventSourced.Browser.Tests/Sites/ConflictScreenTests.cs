using System.Text;
using System.Text.Json;
using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Sites;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using NodaTime;

namespace EventSourced.Browser.Tests.Sites;

/// <summary>
/// Staff above an offline site cut its package on <c>/sites</c>, hand in a batch whose member the centre
/// changed meanwhile, and resolve the conflict on its screen by keeping the centre's record.
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
        var download = await page.RunAndWaitForDownloadAsync(() => row.Locator("[data-testid=cut-package]").ClickAsync());
        var packageFile = SiteSigning.Read(await File.ReadAllTextAsync((await download.PathAsync())!))!;
        var key = SiteSigning.SiteKey(Encoding.UTF8.GetBytes(SiteSettings.DevelopmentCentreKey), SiteUnit.OrganisationId);
        var package = SiteSigning.Open<SitePackage>(packageFile, SiteFileKind.Package, key).Payload!;

        // The site worked from one version before the centre's last: the centre has moved since.
        var member = package.Streams.First(s => s.Events[0].Type.Contains(nameof(MemberAdmitted), StringComparison.Ordinal));
        var exempted = new MemberExempted(new Decision("5-NQ/CB", new LocalDate(2025, 3, 1)), "Tuổi cao", new LocalDate(2025, 3, 1));
        var siteEvent = new PortableEvent(PortableEvents.TypeName(typeof(MemberExempted)), JsonSerializer.SerializeToElement(exempted, PortableEvents.Json), member.Version, SystemClock.Instance.GetCurrentInstant(), "site-clerk", new Dictionary<string, string>());
        var batch = new SyncBatch(Guid.NewGuid(), SiteUnit.OrganisationId, package.PackageId, SystemClock.Instance.GetCurrentInstant(), [new SiteStreamChange(member.Id, member.Version - 1, [siteEvent])]);
        var batchPath = Path.Combine(Path.GetTempPath(), $"batch-{batch.BatchId:N}.json");
        await File.WriteAllTextAsync(batchPath, SiteSigning.Write(SiteSigning.Sign(SiteFileKind.Batch, SiteUnit.OrganisationId, batch, key)));

        await page.GotoAsync("/sites/receive");
        await page.Locator("#batch").SetInputFilesAsync(batchPath);
        await page.Locator("[data-testid=receive]").ClickAsync();
        await Expect(page.Locator("[data-testid=conflicts]")).ToHaveTextAsync("1");
        await page.Locator("[data-testid=conflicts-link]").ClickAsync();

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
}
