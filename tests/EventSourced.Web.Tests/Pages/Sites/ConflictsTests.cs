using System.Net;
using EventSourced.Domain.Members;
using EventSourced.Domain.Sites;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Sites;

/// <summary>
/// Resolving a site's conflicts on <c>/sites/{unit}/conflicts</c>: who may take the site's side of a member's
/// record, and in which order the conflicts of one record may be taken.
/// </summary>
public sealed class ConflictsTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task staff_above_the_site_cannot_take_the_sites_side_of_a_member_the_centre_moved_to_another_district()
    {
        var (staff, site, members) = await OfflineSite.SetUpAsync(app, "Đỗ Văn Vượt");
        var member = members[0];
        await site.RecordAsync(member, Reprimand("61-QĐ/CB"));
        var elsewhere = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem)).OrganisationId;
        await using (var session = app.Store.LightweightSession())
        {
            // Received into a cell of Hoàn Kiếm at the centre (behind the pages: the transfer procedure has its own tests).
            session.Events.Append(member, 2, new MemberTransferred(Guid.NewGuid(), DemoUnits.CellUnder(site.Unit).OrganisationId, elsewhere, new LocalDate(2025, 3, 3)));
            await session.SaveChangesAsync();
        }

        (await OfflineSite.ReceiveAsync(staff, await site.ExportBatchAsync())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var state = await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId);
        var conflict = state.Conflicts.Single(c => c.StreamId == member);
        var name = (await MemberForm.MemberAsync(app, member)).Profile.FullName;
        var before = (await MemberForm.MemberAsync(app, member)).Version;

        var page = await staff.GetTextAsync($"/sites/{site.Unit.OrganisationId}/conflicts");
        var accepted = await OfflineSite.ResolveAsync(staff, state, conflict, SiteConflictResolution.AcceptSite, "Nhận kỷ luật của trạm");

        page.ShouldNotContain(name, Case.Insensitive, "Ba Đình's staff may not read a member of Hoàn Kiếm");
        page.ShouldContain("data-testid=\"outside-scope\"");
        page.ShouldNotContain("data-testid=\"accept-site\"");
        accepted.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await accepted.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Access.Denied\"");
        (await MemberForm.MemberAsync(app, member)).Version.ShouldBe(before);
        (await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId)).Conflicts.Single(c => c.Id == conflict.Id).IsOpen.ShouldBeTrue();

        // Keeping the centre's record writes nothing on the member: staff above the site may close it.
        var kept = await OfflineSite.ResolveAsync(staff, state, conflict, SiteConflictResolution.KeepCentre, "Đảng viên đã chuyển đi");
        kept.StatusCode.ShouldBe(HttpStatusCode.Redirect, await kept.Content.ReadAsStringAsync());

        // The city's administrator may change members in Hoàn Kiếm too, so could have taken it.
        (await (await app.SignInAsync("admin")).GetTextAsync($"/sites/{site.Unit.OrganisationId}/conflicts")).ShouldContain(name);
    }

    private static DisciplineImposed Reprimand(string decision) =>
        new(Guid.NewGuid(), DisciplineKind.Reprimand, new Decision(decision, new LocalDate(2025, 3, 2)), "Vắng họp", new LocalDate(2025, 3, 2));
}
