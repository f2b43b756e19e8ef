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

    [Fact]
    public async Task the_conflicts_of_one_record_are_taken_in_order_and_never_on_top_of_a_side_that_was_discarded()
    {
        var (staff, site, members) = await OfflineSite.SetUpAsync(app, "Đỗ Văn Thứ Tự");
        var member = members[0];
        var card = "TT" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var atBase = (await MemberForm.MemberAsync(app, member)).Version;
        await site.RecordAsync(member, new PartyCardIssued(card, new LocalDate(2025, 3, 2)));
        await MemberForm.RecordAsync(app, staff, member, "exemption", "Exempt", new() { ["DecisionNumber"] = "62-NQ/CB", ["DecisionDate"] = "2025-03-03", ["EffectiveDate"] = "2025-03-03", ["Reason"] = "Ốm" });
        (await OfflineSite.ReceiveAsync(staff, await site.ExportBatchAsync())).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The site, not knowing yet, rescinds the card it issued: its next batch waits behind the first conflict.
        await site.RecordAsync(member, new MemberEntryRescinded((int)atBase + 1, nameof(PartyCardIssued), new Decision("63-QĐ/ĐU", new LocalDate(2025, 3, 4)), "Cấp nhầm", null, null, null, Guid.NewGuid(), "Cán bộ trạm", new LocalDate(2025, 3, 4)));
        (await OfflineSite.ReceiveAsync(staff, await site.ExportBatchAsync())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var state = await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId);
        var (first, second) = (state.Conflicts.First(c => c.StreamId == member), state.Conflicts.Last(c => c.StreamId == member));
        second.Reason.ShouldBe(SiteConflictReasons.Pending);
        var before = (await MemberForm.MemberAsync(app, member)).Version;

        var tooEarly = await OfflineSite.ResolveAsync(staff, state, second, SiteConflictResolution.AcceptSite, "Nhận thu hồi thẻ");
        var kept = await OfflineSite.ResolveAsync(staff, state, first, SiteConflictResolution.KeepCentre, "Trung tâm không cấp thẻ này");
        state = await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId);
        var onDiscarded = await OfflineSite.ResolveAsync(staff, state, second, SiteConflictResolution.AcceptSite, "Nhận thu hồi thẻ");

        tooEarly.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await tooEarly.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Site.EarlierConflictOpen\"");
        kept.StatusCode.ShouldBe(HttpStatusCode.Redirect, await kept.Content.ReadAsStringAsync());
        onDiscarded.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await onDiscarded.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Site.ConflictDependsOnDiscarded\"");
        (await MemberForm.MemberAsync(app, member)).Version.ShouldBe(before, "a rescission of an entry the centre never took would rescind the centre's own entry at that number");
    }

    private static DisciplineImposed Reprimand(string decision) =>
        new(Guid.NewGuid(), DisciplineKind.Reprimand, new Decision(decision, new LocalDate(2025, 3, 2)), "Vắng họp", new LocalDate(2025, 3, 2));
}
