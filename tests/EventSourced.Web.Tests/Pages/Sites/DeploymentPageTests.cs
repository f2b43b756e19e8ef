using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Sites;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Sites;

/// <summary>The deployment page <c>/sites</c> rolled up by committee, with the late list's days chosen on the page.</summary>
public sealed partial class DeploymentPageTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task a_package_and_an_update_cut_on_the_page_are_recorded_as_exports_of_personal_data()
    {
        var (staff, site, members) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Xuất", "Trần Văn Xuất");

        var update = await OfflineSite.CutUpdateAsync(staff, site.Unit.OrganisationId);

        update.StatusCode.ShouldBe(HttpStatusCode.OK, await update.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        var recorded = (await session.Events.QueryRawEventDataOnly<Domain.Audit.PersonalDataExported>().ToListAsync())
            .Where(e => e.UnitIds.Contains(site.Unit.OrganisationId))
            .ToList();
        var cut = (await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId)).PackageId;
        var package = recorded.Where(e => e.Dataset == "site-package" && e.Filters == $"package={cut}").ShouldHaveSingleItem();
        package.UserName.ShouldBe("staff");
        package.Format.ShouldBe("json");
        package.Rows.ShouldBeGreaterThanOrEqualTo(members.Length, "the package carries every member of the site with their citizen ID");
        recorded.ShouldContain(e => e.Dataset == "site-update" && e.UserName == "staff");
    }

    [Fact]
    public async Task the_sites_page_rolls_up_by_committee_and_lists_the_sites_late_after_the_days_chosen()
    {
        var before = CommitteeRow(await (await app.SignInAsync("staff")).GetTextAsync("/sites?LateAfter=3"), DemoUnits.BaDinh.OrganisationId);
        var (staff, site, _) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Triển");
        var quiet = DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId)
            .First(u => u.Kind is OrganisationKind.GrassrootsCommittee or OrganisationKind.GrassrootsCell && u.OrganisationId != site.Unit.OrganisationId && !u.Flags.OfflineSite);
        var newlyOffline = site.Unit.Flags.OfflineSite ? 1 : 2;
        await OfflineSite.MarkAsync(app, quiet.OrganisationId);
        // A package cut five days ago for the second site, which has not synced since (set up behind the page).
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.StartStream<Site>(Site.StreamIdFor(quiet.OrganisationId), new SitePackageIssued(quiet.OrganisationId, Guid.NewGuid(), 0, 0, SystemClock.Instance.GetCurrentInstant() - Duration.FromDays(5)));
            await session.SaveChangesAsync();
        }

        var threeDays = await staff.GetTextAsync("/sites?LateAfter=3");
        var tenDays = await staff.GetTextAsync("/sites?LateAfter=10");

        LateUnits(threeDays).ShouldBe([quiet.OrganisationId.ToString()]);
        LateUnits(tenDays).ShouldBeEmpty();
        var baDinh = CommitteeRow(threeDays, DemoUnits.BaDinh.OrganisationId);
        Count(baDinh, "committee-offline").ShouldBe(Count(before, "committee-offline") + newlyOffline);
        Count(baDinh, "committee-installed").ShouldBe(Count(before, "committee-installed") + 2);
        Count(baDinh, "committee-late").ShouldBe(Count(before, "committee-late") + 1);
        Count(CommitteeRow(tenDays, DemoUnits.BaDinh.OrganisationId), "committee-late").ShouldBe(Count(before, "committee-late"));
    }

    [Fact]
    public async Task days_that_are_no_number_fall_back_to_the_configured_days()
    {
        var staff = await app.SignInAsync("staff");

        var response = await staff.GetAsync("/sites?LateAfter=abc");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("value=\"14\"");
        (await staff.GetAsync("/sites?LateAfter=0")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static List<string> LateUnits(string html)
    {
        var late = html[html.IndexOf("data-testid=\"late-sites\"", StringComparison.Ordinal)..];
        late = late[..late.IndexOf("</section>", StringComparison.Ordinal)];
        return LateItem().Matches(late).Select(m => m.Groups[1].Value).ToList();
    }

    private static string CommitteeRow(string html, Guid committee)
    {
        var start = html.IndexOf($"data-testid=\"committee-row\" data-unit=\"{committee}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0);
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static int Count(string row, string testid) =>
        int.Parse(Regex.Match(row, $"data-testid=\"{testid}\">([^<]*)<").Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.GetCultureInfo("vi-VN"));

    [GeneratedRegex("<li data-unit=\"([^\"]+)\"")]
    private static partial Regex LateItem();
}
