using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Members;
using EventSourced.Domain.Sites;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Sites;

/// <summary>
/// An offline site end to end (decision 0023): the centre cuts the package, the site installs it in its
/// own database and records work, the centre records work too, and the site's batch comes back through
/// <c>/sites/receive</c>: appended where the centre did not move, a conflict where it did, resolved by staff above.
/// </summary>
public sealed partial class SyncRoundTripTests : IClassFixture<AppFixture>
{
    private readonly AppFixture _app;

    public SyncRoundTripTests(AppFixture app) => _app = app;

    [Fact]
    public async Task a_site_round_trip_appends_its_work_keeps_a_conflict_for_staff_above_and_resolves_it()
    {
        var (staff, site, quiet, busy) = await InstalledSiteAsync();
        (await site.Store.QuerySession().LoadAsync<Member>(quiet)).ShouldNotBeNull("the package carries the site's members");

        await site.RecordAsync(quiet, new MemberExempted(new Decision("5-NQ/CB", new LocalDate(2025, 3, 1)), "Tuổi cao", new LocalDate(2025, 3, 1)));
        await site.RecordAsync(busy, new DisciplineImposed(Guid.NewGuid(), DisciplineKind.Reprimand, new Decision("6-QĐ/CB", new LocalDate(2025, 3, 2)), "Vắng họp", new LocalDate(2025, 3, 2)));
        // Meanwhile the centre records an exemption of the other member.
        await MemberForm.RecordAsync(_app, staff, busy, "exemption", "Exempt", new() { ["DecisionNumber"] = "9-NQ/CB", ["DecisionDate"] = "2025-03-03", ["EffectiveDate"] = "2025-03-03", ["Reason"] = "Ốm" });
        var busyAtCentre = (await MemberForm.MemberAsync(_app, busy)).Version;

        var received = await OfflineSite.ReceiveAsync(staff, await site.ExportBatchAsync());

        var html = await received.Content.ReadAsStringAsync();
        received.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        Testid(html, "appended-events").ShouldBe("1");
        Testid(html, "conflicts").ShouldBe("1");
        var appended = (await MemberForm.EventsAsync(_app, quiet))[^1];
        appended.Data.ShouldBeOfType<MemberExempted>();
        appended.RecordedBy.UserName.ShouldBe("site-clerk");
        var headers = await HeadersOfLastEventAsync(quiet);
        headers[PortableEvents.SiteHeader].ShouldBe(site.Unit.Code);
        headers.ShouldContainKey(PortableEvents.SiteRecordedAtHeader);
        headers.ShouldContainKey(PortableEvents.SiteBatchHeader);
        (await MemberForm.MemberAsync(_app, busy)).Version.ShouldBe(busyAtCentre, "the conflicting stream is left as the centre had it");

        var conflicts = await staff.GetTextAsync($"/sites/{site.Unit.OrganisationId}/conflicts");
        conflicts.ShouldContain($"data-reason=\"{SiteConflictReasons.CentreMoved}\"");
        var siteState = await SiteAsync(site.Unit.OrganisationId);
        var conflict = siteState.Conflicts.ShouldHaveSingleItem();

        var resolved = await OfflineSite.ResolveAsync(staff, siteState, conflict, SiteConflictResolution.AcceptSite, "Both decisions stand");

        resolved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await resolved.Content.ReadAsStringAsync());
        var busyEvents = await MemberForm.EventsAsync(_app, busy);
        busyEvents[^2].Data.ShouldBeOfType<MemberExempted>();
        busyEvents[^1].Data.ShouldBeOfType<DisciplineImposed>().Reason.ShouldBe("Vắng họp");
        busyEvents[^1].RecordedBy.UserName.ShouldBe("site-clerk");
        (await SiteAsync(site.Unit.OrganisationId)).OpenConflicts.ShouldBe(0);
        (await staff.GetTextAsync("/sites")).ShouldContain("data-testid=\"last-sync\"");
    }

    [Fact]
    public async Task a_batch_received_twice_changes_nothing_the_second_time()
    {
        var (staff, site, quiet, _) = await InstalledSiteAsync();
        await site.RecordAsync(quiet, new MemberExempted(new Decision("7-NQ/CB", new LocalDate(2025, 3, 1)), "Tuổi cao", new LocalDate(2025, 3, 1)));
        var batch = await site.ExportBatchAsync();
        (await OfflineSite.ReceiveAsync(staff, batch)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var events = await _app.EventCountAsync();

        var again = await OfflineSite.ReceiveAsync(staff, batch);

        var html = await again.Content.ReadAsStringAsync();
        again.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("data-testid=\"already-received\"");
        (await _app.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task a_batch_sent_twice_at_the_same_moment_is_appended_once()
    {
        var (staff, site, quiet, _) = await InstalledSiteAsync();
        var other = await _app.SignInAsync("staff");
        await site.RecordAsync(quiet, new MemberExempted(new Decision("8-NQ/CB", new LocalDate(2025, 3, 1)), "Tuổi cao", new LocalDate(2025, 3, 1)));
        var batch = await site.ExportBatchAsync();
        var before = (await MemberForm.MemberAsync(_app, quiet)).Version;
        var batchesBefore = (await SiteAsync(site.Unit.OrganisationId)).BatchesReceived;

        var answers = await AtTheSameMoment.SendAllAsync([() => OfflineSite.ReceiveAsync(staff, batch), () => OfflineSite.ReceiveAsync(other, batch)]);

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK);
        (await MemberForm.MemberAsync(_app, quiet)).Version.ShouldBe(before + 1);
        (await SiteAsync(site.Unit.OrganisationId)).BatchesReceived.ShouldBe(batchesBefore + 1);
    }

    [Fact]
    public async Task a_tampered_batch_is_refused_and_stores_nothing()
    {
        var (staff, site, quiet, _) = await InstalledSiteAsync();
        await site.RecordAsync(quiet, new MemberExempted(new Decision("10-NQ/CB", new LocalDate(2025, 3, 1)), "Tuổi cao", new LocalDate(2025, 3, 1)));
        var batch = await site.ExportBatchAsync();
        var events = await _app.EventCountAsync();

        batch.ShouldContain("10-NQ/CB");

        var refused = await OfflineSite.ReceiveAsync(staff, batch.Replace("10-NQ/CB", "11-NQ/CB", StringComparison.Ordinal));

        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain($"data-rule=\"{SiteFileRefusals.SignatureInvalid}\"");
        (await _app.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task a_batch_signed_for_a_unit_that_is_no_offline_site_is_refused()
    {
        var (staff, site, _, _) = await InstalledSiteAsync();
        var stranger = DemoUnits.CellUnder(site.Unit);
        var key = SiteSigning.SiteKey(System.Text.Encoding.UTF8.GetBytes(Web.Infrastructure.SiteSettings.DevelopmentCentreKey), stranger.OrganisationId);
        var forged = SiteSigning.Sign(SiteFileKind.Batch, stranger.OrganisationId, new SyncBatch(Guid.NewGuid(), stranger.OrganisationId, Guid.NewGuid(), SystemClock.Instance.GetCurrentInstant(), []), key);

        var refused = await OfflineSite.ReceiveAsync(staff, SiteSigning.Write(forged));

        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain($"data-rule=\"{SiteFileRefusals.UnknownSite}\"");
    }

    [Fact]
    public async Task a_conflict_resolved_twice_at_the_same_moment_is_resolved_once()
    {
        var (staff, site, _, busy) = await InstalledSiteAsync();
        await site.RecordAsync(busy, new DisciplineImposed(Guid.NewGuid(), DisciplineKind.Reprimand, new Decision("12-QĐ/CB", new LocalDate(2025, 3, 2)), "Vắng họp", new LocalDate(2025, 3, 2)));
        await MemberForm.RecordAsync(_app, staff, busy, "exemption", "Exempt", new() { ["DecisionNumber"] = "13-NQ/CB", ["DecisionDate"] = "2025-03-03", ["EffectiveDate"] = "2025-03-03", ["Reason"] = "Ốm" });
        (await OfflineSite.ReceiveAsync(staff, await site.ExportBatchAsync())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var state = await SiteAsync(site.Unit.OrganisationId);
        var conflict = state.Conflicts.Single(c => c.IsOpen && c.StreamId == busy);
        var url = $"/sites/{site.Unit.OrganisationId}/conflicts";
        Dictionary<string, string> Fields(SiteConflictResolution resolution) => OfflineSite.ResolutionFields(state, conflict, resolution, "Quyết định của cấp trên");
        var other = await _app.SignInAsync("staff");
        var memberBefore = (await MemberForm.MemberAsync(_app, busy)).Version;

        var (first, second) = await AtTheSameMoment.PostAsync(
            new AtTheSameMoment.Post(staff, url, url, Fields(SiteConflictResolution.AcceptSite)),
            new AtTheSameMoment.Post(other, url, url, Fields(SiteConflictResolution.KeepCentre)));

        new[] { first.StatusCode, second.StatusCode }.Order().ShouldBe(new[] { HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity });
        var refused = first.StatusCode == HttpStatusCode.UnprocessableEntity ? first : second;
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Stale.ChangedBy\"");
        var resolved = (await SiteAsync(site.Unit.OrganisationId)).Conflicts.Single(c => c.Id == conflict.Id);
        resolved.IsOpen.ShouldBeFalse();
        (await MemberForm.MemberAsync(_app, busy)).Version.ShouldBe(resolved.Resolution == SiteConflictResolution.AcceptSite ? memberBefore + 1 : memberBefore);
    }

    /// <summary>The demo site marked, two members admitted into one of its cells, the package cut and installed.</summary>
    private async Task<(WebSession Staff, OfflineSite Site, Guid Quiet, Guid Busy)> InstalledSiteAsync()
    {
        var (staff, site, members) = await OfflineSite.SetUpAsync(_app, "Nguyễn Văn Trạm", "Trần Văn Trạm");
        return (staff, site, members[0], members[1]);
    }

    private Task<Site> SiteAsync(Guid unitId) => OfflineSite.AtCentreAsync(_app, unitId);

    private async Task<Dictionary<string, string>> HeadersOfLastEventAsync(Guid stream)
    {
        await using var session = _app.Store.QuerySession();
        var last = (await session.Events.FetchStreamAsync(stream))[^1];
        return (last.Headers ?? []).ToDictionary(h => h.Key, h => h.Value?.ToString() ?? string.Empty);
    }

    private static string Testid(string html, string testid) =>
        Regex.Match(html, $"data-testid=\"{testid}\">([^<]*)<").Groups[1].Value;
}
