using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Sites;
using EventSourced.Web.Tests.Infrastructure;
using JasperFx.Events;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Sites;

/// <summary>
/// An update back down (decision 0023, second slice): staff above cut it on <c>/sites</c>, the site installs
/// it and holds the centre's streams at the centre's versions, resolutions included, while what it
/// recorded since its last batch stays and waits for the next batch.
/// </summary>
public sealed class SiteUpdateTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task an_update_brings_the_site_the_centres_changes_and_both_resolutions_and_keeps_what_the_site_recorded_since()
    {
        var (staff, site, members) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Yên", "Trần Văn Lấy", "Lê Văn Giữ", "Phạm Văn Trung");
        var (quiet, taken, kept, centreOnly) = (members[0], members[1], members[2], members[3]);
        await site.RecordAsync(quiet, Exempted("21-NQ/CB"));
        await site.RecordAsync(taken, Reprimand("22-QĐ/CB"));
        await site.RecordAsync(kept, Reprimand("23-QĐ/CB"));
        await ExemptAtCentreAsync(staff, taken, "24-NQ/CB");
        await ExemptAtCentreAsync(staff, kept, "25-NQ/CB");
        (await OfflineSite.ReceiveAsync(staff, await site.ExportBatchAsync())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var centreSite = await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId);
        await ResolveAsync(staff, site, centreSite, taken, SiteConflictResolution.AcceptSite);
        await ResolveAsync(staff, site, await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId), kept, SiteConflictResolution.KeepCentre);
        await ExemptAtCentreAsync(staff, centreOnly, "26-NQ/CB");
        // Recorded at the site after its batch: one on a member the centre left alone, one on the member whose conflict was kept for the centre.
        await site.RecordAsync(quiet, Reprimand("27-QĐ/CB"));
        await site.RecordAsync(kept, Reprimand("28-QĐ/CB"));
        var keptAtSite = (await site.EventsAsync(kept)).Count;

        var cut = await OfflineSite.CutUpdateAsync(staff, site.Unit.OrganisationId);
        var file = await cut.Content.ReadAsStringAsync();
        cut.StatusCode.ShouldBe(HttpStatusCode.OK, file);
        var report = await site.InstallUpdateAsync(file);

        Shape(await site.EventsAsync(taken)).ShouldBe(Shape(await MemberEventsAsync(taken)), "the site's reprimand taken after the centre's exemption, as the centre holds it");
        Shape(await site.EventsAsync(centreOnly)).ShouldBe(Shape(await MemberEventsAsync(centreOnly)));
        var keptAtCentre = Shape(await MemberEventsAsync(kept));
        var keptNow = await site.EventsAsync(kept);
        Shape(keptNow).Take(keptAtCentre.Count).ShouldBe(keptAtCentre, "the site's superseded reprimand gives way to the centre's exemption");
        keptNow.Count.ShouldBe(keptAtCentre.Count + 1);
        keptNow[^1].Data.ShouldBeOfType<DisciplineImposed>().Decision.Number.ShouldBe("28-QĐ/CB");
        keptNow.Count.ShouldBe(keptAtSite, "one superseded, one of the centre's in its place");
        (await site.EventsAsync(quiet))[^1].Data.ShouldBeOfType<DisciplineImposed>().Decision.Number.ShouldBe("27-QĐ/CB");
        await using (var session = site.Store.QuerySession())
        {
            var snapshot = (await session.LoadAsync<Member>(kept)).ShouldNotBeNull();
            snapshot.Version.ShouldBe(keptNow.Count, "the snapshot is folded again over the realigned stream");
        }

        report.Superseded.Select(s => s.StreamId).Order().ShouldBe(new[] { taken, kept }.Order());
        report.Requeued.ShouldBe([kept]);
        report.Resolutions.Select(r => (r.StreamId, r.Resolution)).Order().ShouldBe(new[] { (taken, SiteConflictResolution.AcceptSite), (kept, SiteConflictResolution.KeepCentre) }.Order());
        report.WaitingEvents.ShouldBe(2);
        report.NeedsBatch.ShouldBeTrue();

        // The next batch carries the two events recorded since, not the centre's: the one on the member the
        // centre also changed goes before staff above, the other is appended.
        var next = await OfflineSite.ReceiveAsync(staff, await site.ExportBatchAsync());
        next.StatusCode.ShouldBe(HttpStatusCode.OK, await next.Content.ReadAsStringAsync());
        (await MemberEventsAsync(quiet))[^1].Data.ShouldBeOfType<DisciplineImposed>().Decision.Number.ShouldBe("27-QĐ/CB");
        var conflict = (await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId)).Conflicts.Single(c => c.IsOpen);
        conflict.StreamId.ShouldBe(kept);
        conflict.Reason.ShouldBe(SiteConflictReasons.CentreMoved);
        conflict.SiteEvents.ShouldHaveSingleItem();
        (await MemberEventsAsync(centreOnly)).Count.ShouldBe((await site.EventsAsync(centreOnly)).Count, "the centre's events do not come back up");
    }

    [Fact]
    public async Task an_update_older_than_the_one_installed_is_refused_and_applies_nothing()
    {
        var (staff, site, members) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Cũ");
        await ExemptAtCentreAsync(staff, members[0], "31-NQ/CB");
        var older = await (await OfflineSite.CutUpdateAsync(staff, site.Unit.OrganisationId)).Content.ReadAsStringAsync();
        var newer = await (await OfflineSite.CutUpdateAsync(staff, site.Unit.OrganisationId)).Content.ReadAsStringAsync();
        await site.InstallUpdateAsync(newer);
        var events = await site.EventCountAsync();

        (await Should.ThrowAsync<RuleViolation>(() => site.InstallUpdateAsync(older))).Code.ShouldBe(SiteUpdateRefusals.Outdated);
        (await Should.ThrowAsync<RuleViolation>(() => site.InstallUpdateAsync(newer))).Code.ShouldBe(SiteUpdateRefusals.AlreadyInstalled);
        (await site.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task a_tampered_update_is_refused_and_applies_nothing()
    {
        var (staff, site, members) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Sửa");
        await ExemptAtCentreAsync(staff, members[0], "32-NQ/CB");
        var update = await (await OfflineSite.CutUpdateAsync(staff, site.Unit.OrganisationId)).Content.ReadAsStringAsync();
        update.ShouldContain("32-NQ/CB");
        var events = await site.EventCountAsync();

        (await Should.ThrowAsync<RuleViolation>(() => site.InstallUpdateAsync(update.Replace("32-NQ/CB", "33-NQ/CB", StringComparison.Ordinal))))
            .Code.ShouldBe(SiteFileRefusals.SignatureInvalid);
        (await site.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task an_update_for_another_site_is_refused()
    {
        var (_, site, _) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Khác");
        var other = DemoUnits.CellUnder(site.Unit);
        var key = SiteSigning.SiteKey(System.Text.Encoding.UTF8.GetBytes(Web.Infrastructure.SiteSettings.DevelopmentCentreKey), other.OrganisationId);
        var foreign = SiteSigning.Sign(SiteFileKind.Update, other.OrganisationId, new SiteUpdate(Guid.NewGuid(), other.OrganisationId, Guid.NewGuid(), SystemClock.Instance.GetCurrentInstant(), [], [], [], 0), key);

        (await Should.ThrowAsync<RuleViolation>(() => site.InstallUpdateAsync(SiteSigning.Write(foreign)))).Code.ShouldBe(SiteFileRefusals.NotForThisSite);
    }

    [Fact]
    public async Task an_update_cut_before_the_centre_received_the_sites_batch_is_refused()
    {
        var (staff, site, members) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Chờ");
        await site.RecordAsync(members[0], Exempted("34-NQ/CB"));
        await site.ExportBatchAsync();
        var update = await (await OfflineSite.CutUpdateAsync(staff, site.Unit.OrganisationId)).Content.ReadAsStringAsync();
        var events = await site.EventCountAsync();

        (await Should.ThrowAsync<RuleViolation>(() => site.InstallUpdateAsync(update))).Code.ShouldBe(SiteUpdateRefusals.BatchNotReceived);
        (await site.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task an_update_cut_twice_at_the_same_moment_is_cut_once()
    {
        var (staff, site, _) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Đôi");
        var other = await app.SignInAsync("staff");
        var url = $"/sites?handler=Update&unitId={site.Unit.OrganisationId}";
        var before = (await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId)).Packages.Count;

        var (first, second) = await AtTheSameMoment.PostAsync(new AtTheSameMoment.Post(staff, "/sites", url, new Dictionary<string, string>()), new AtTheSameMoment.Post(other, "/sites", url, new Dictionary<string, string>()));

        new[] { first.StatusCode, second.StatusCode }.Order().ShouldBe(new[] { HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity });
        (await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId)).Packages.Count.ShouldBe(before + 1);
    }

    private static MemberExempted Exempted(string number) =>
        new(new Decision(number, new LocalDate(2025, 3, 1)), "Tuổi cao", new LocalDate(2025, 3, 1));

    private static DisciplineImposed Reprimand(string number) =>
        new(Guid.NewGuid(), DisciplineKind.Reprimand, new Decision(number, new LocalDate(2025, 3, 2)), "Vắng họp", new LocalDate(2025, 3, 2));

    private Task ExemptAtCentreAsync(WebSession staff, Guid member, string number) =>
        MemberForm.RecordAsync(app, staff, member, "exemption", "Exempt", new() { ["DecisionNumber"] = number, ["DecisionDate"] = "2025-03-03", ["EffectiveDate"] = "2025-03-03", ["Reason"] = "Ốm" });

    private static async Task ResolveAsync(WebSession staff, OfflineSite site, Site centreSite, Guid member, SiteConflictResolution resolution)
    {
        centreSite.UnitId.ShouldBe(site.Unit.OrganisationId);
        var conflict = centreSite.Conflicts.Single(c => c.IsOpen && c.StreamId == member);
        var response = await OfflineSite.ResolveAsync(staff, centreSite, conflict, resolution, "Quyết định của cấp trên");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    private async Task<IReadOnlyList<IEvent>> MemberEventsAsync(Guid member)
    {
        await using var session = app.Store.QuerySession();
        return await session.Events.FetchStreamAsync(member);
    }

    private static List<(long Version, string Type)> Shape(IEnumerable<IEvent> events) =>
        events.Select(e => (e.Version, e.EventType.Name)).ToList();
}
