using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Sites;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Sites;

/// <summary>
/// What the centre checks beyond stream versions when a batch arrives (decision 0023, second slice): the
/// register keys a site's admission claims, and a transfer the centre recorded meanwhile.
/// </summary>
public sealed class SiteConflictKindsTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task a_member_admitted_at_a_site_claims_their_citizen_id_at_the_centre()
    {
        var (staff, site, _) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Nền");
        var admitted = Guid.NewGuid();
        await site.StartAsync(admitted, Admission(admitted, site, "001090771001"));

        (await OfflineSite.ReceiveAsync(staff, await site.ExportBatchAsync())).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var session = app.Store.QuerySession())
        {
            (await session.LoadAsync<RegisterKey>("citizen-id:001090771001")).ShouldNotBeNull().OwnerId.ShouldBe(admitted);
        }

        var refused = await staff.PostFormAsync("/members/admit", "/members/admit", AdmissionForm.Fields("NGUYỄN VĂN TRÙNG", "001090771001"));
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task a_site_admission_of_a_citizen_id_admitted_at_the_centre_meanwhile_is_a_conflict_never_a_duplicate()
    {
        var (staff, site, _) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Gốc");
        var admitted = Guid.NewGuid();
        await site.StartAsync(admitted, Admission(admitted, site, "001090772002"));
        var atCentre = await AdmissionForm.AdmitAsync(staff, "NGUYỄN VĂN HAI", "001090772002");

        var received = await OfflineSite.ReceiveAsync(staff, await site.ExportBatchAsync());

        received.StatusCode.ShouldBe(HttpStatusCode.OK, await received.Content.ReadAsStringAsync());
        await using (var session = app.Store.QuerySession())
        {
            (await session.Events.FetchStreamStateAsync(admitted)).ShouldBeNull("the site's admission is not appended");
            (await session.LoadAsync<RegisterKey>("citizen-id:001090772002")).ShouldNotBeNull().OwnerId.ShouldBe(atCentre);
        }

        var siteState = await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId);
        var conflict = siteState.Conflicts.Where(c => c.StreamId == admitted).ShouldHaveSingleItem();
        conflict.Reason.ShouldBe(SiteConflictReasons.RegisterKeyTaken);
        (await staff.GetTextAsync($"/sites/{site.Unit.OrganisationId}/conflicts")).ShouldContain($"data-reason=\"{SiteConflictReasons.RegisterKeyTaken}\"");

        // Taking the site's admission anyway would hold the citizen ID twice: refused with the register's rule.
        var accept = await OfflineSite.ResolveAsync(staff, siteState, conflict, SiteConflictResolution.AcceptSite, "Nhận hồ sơ của trạm");
        accept.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await accept.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Register.CitizenIdTaken\"");
        await using (var session = app.Store.QuerySession())
        {
            (await session.Events.FetchStreamStateAsync(admitted)).ShouldBeNull();
        }
    }

    [Fact]
    public async Task a_transfer_received_at_the_centre_while_the_site_disciplined_the_member_is_its_own_conflict_with_both_sides()
    {
        var (staff, site, members) = await OfflineSite.SetUpAsync(app, "Trần Văn Chuyển");
        var member = members[0];
        await site.RecordAsync(member, new DisciplineImposed(Guid.NewGuid(), DisciplineKind.Reprimand, new Decision("41-QĐ/CB", new LocalDate(2025, 3, 2)), "Vắng họp", new LocalDate(2025, 3, 2)));
        // The receiving cell recorded the member's arrival at the centre (set up behind the pages: the transfer procedure has its own tests).
        var elsewhere = DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId)
            .Where(u => u.OrganisationId != site.Unit.OrganisationId)
            .SelectMany(u => DemoUnits.ChildrenOf(u.OrganisationId))
            .First(u => u.Kind == Domain.Organisations.OrganisationKind.Cell);
        await using (var session = app.Store.LightweightSession())
        {
            // At the version the procedures would name, so the snapshot knows its version (quick append does not read it back).
            session.Events.Append(member, 2, new MemberTransferred(Guid.NewGuid(), DemoUnits.CellUnder(site.Unit).OrganisationId, elsewhere.OrganisationId, new LocalDate(2025, 3, 3)));
            await session.SaveChangesAsync();
        }

        (await OfflineSite.ReceiveAsync(staff, await site.ExportBatchAsync())).StatusCode.ShouldBe(HttpStatusCode.OK);

        var conflict = (await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId)).Conflicts.Where(c => c.StreamId == member).ShouldHaveSingleItem();
        conflict.Reason.ShouldBe(SiteConflictReasons.TransferredAtCentre);
        conflict.CentreVersion.ShouldBe(2);
        var page = await staff.GetTextAsync($"/sites/{site.Unit.OrganisationId}/conflicts");
        page.ShouldContain($"data-reason=\"{SiteConflictReasons.TransferredAtCentre}\"");
        Between(page, "data-testid=\"site-side\"", "</tbody>").ShouldContain(nameof(DisciplineImposed));
        Between(page, "data-testid=\"centre-side\"", "</tbody>").ShouldContain(nameof(MemberTransferred));
    }

    [Fact]
    public async Task a_card_number_the_site_rescinds_is_freed_at_the_centre_for_the_member_who_holds_it()
    {
        var unit = OfflineSite.DemoSiteUnit;
        await OfflineSite.MarkAsync(app, unit.OrganisationId);
        var staff = await app.SignInAsync("staff");
        var wrong = await AdmissionForm.AdmitAsync(staff, AdmissionForm.Fields("Phạm Văn Nhầm", DemoUnits.CellUnder(unit).Code, new LocalDate(2024, 6, 5)));
        var serial = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var (atCentre, atSite) = ("TC" + serial, "TS" + serial);
        (await staff.PostFormAsync($"/members/{wrong}/card", $"/members/{wrong}/card", CardFields(atCentre, 1))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var site = await OfflineSite.InstallAsync(unit, await OfflineSite.CutPackageAsync(staff, unit.OrganisationId));
        // At the site: the card the centre issued (entry 2) found given to the wrong member, and a card the
        // site itself issued (entry 4) rescinded in the same batch.
        await site.RecordAsync(wrong, Rescinded(2));
        await site.RecordAsync(wrong, new PartyCardIssued(atSite, new LocalDate(2025, 3, 2)));
        await site.RecordAsync(wrong, Rescinded(4));

        var received = await OfflineSite.ReceiveAsync(staff, await site.ExportBatchAsync());

        received.StatusCode.ShouldBe(HttpStatusCode.OK, await received.Content.ReadAsStringAsync());
        await using (var session = app.Store.QuerySession())
        {
            (await session.Events.FetchStreamStateAsync(wrong)).ShouldNotBeNull().Version.ShouldBe(5, "the site's entries are appended");
            (await session.LoadAsync<RegisterKey>(RegisterKeys.Card(atCentre)!)).ShouldBeNull();
            (await session.LoadAsync<RegisterKey>(RegisterKeys.Card(atSite)!)).ShouldBeNull();
        }

        var right = await AdmissionForm.AdmitAsync(staff, "Phạm Văn Đúng", new LocalDate(2024, 6, 5));
        var issued = await staff.PostFormAsync($"/members/{right}/card", $"/members/{right}/card", CardFields(atCentre, 1));
        issued.StatusCode.ShouldBe(HttpStatusCode.Redirect, await issued.Content.ReadAsStringAsync());
        await using (var session = app.Store.QuerySession())
        {
            (await session.LoadAsync<Member>(right)).ShouldNotBeNull().CardNumber.ShouldBe(atCentre);
            (await session.LoadAsync<RegisterKey>(RegisterKeys.Card(atCentre)!)).ShouldNotBeNull().OwnerId.ShouldBe(right);
        }
    }

    [Fact]
    public async Task an_accepted_site_rescission_rescinds_the_site_entry_it_named_not_the_centre_entry_now_at_that_number()
    {
        var (staff, site, members) = await OfflineSite.SetUpAsync(app, "Võ Văn Thẻ");
        var member = members[0];
        var atBase = (await MemberForm.MemberAsync(app, member)).Version;
        var card = "TR" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        // At the site: a card issued (the site's entry atBase + 1), then found given in error and rescinded.
        await site.RecordAsync(member, new PartyCardIssued(card, new LocalDate(2025, 3, 2)));
        await site.RecordAsync(member, Rescinded(atBase + 1));
        // Meanwhile the centre records an exemption: its own entry atBase + 1.
        await MemberForm.RecordAsync(app, staff, member, "exemption", "Exempt", new() { ["DecisionNumber"] = "9-NQ/CB", ["DecisionDate"] = "2025-03-03", ["EffectiveDate"] = "2025-03-03", ["Reason"] = "Ốm" });
        (await OfflineSite.ReceiveAsync(staff, await site.ExportBatchAsync())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var siteState = await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId);
        var conflict = siteState.Conflicts.Where(c => c.StreamId == member).ShouldHaveSingleItem();
        conflict.Reason.ShouldBe(SiteConflictReasons.CentreMoved);

        var accepted = await OfflineSite.ResolveAsync(staff, siteState, conflict, SiteConflictResolution.AcceptSite, "Cả hai đều đúng");

        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await accepted.Content.ReadAsStringAsync());
        var events = await MemberForm.EventsAsync(app, member);
        events[^3].Data.ShouldBeOfType<MemberExempted>();
        events[^2].Data.ShouldBeOfType<PartyCardIssued>();
        events[^1].Data.ShouldBeOfType<MemberEntryRescinded>().EntryVersion.ShouldBe(atBase + 2, "the card's entry where the centre appended it");
        var record = await MemberForm.MemberAsync(app, member);
        record.Exempt.ShouldBeTrue("the centre's exemption stands");
        record.CardNumber.ShouldBeNull("the card the site rescinded is rescinded");
        await using var session = app.Store.QuerySession();
        (await session.LoadAsync<RegisterKey>(RegisterKeys.Card(card)!)).ShouldBeNull("a rescinded card holds no number");
    }

    [Fact]
    public async Task after_keeping_the_centres_record_the_sites_next_change_is_a_conflict_even_when_the_versions_happen_to_match()
    {
        var (staff, site, members) = await OfflineSite.SetUpAsync(app, "Võ Văn Bỏ");
        var member = members[0];
        // The site issues a card; the centre exempts the member meanwhile: one entry each after the base.
        await site.RecordAsync(member, new PartyCardIssued("TB" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(), new LocalDate(2025, 3, 2)));
        await MemberForm.RecordAsync(app, staff, member, "exemption", "Exempt", new() { ["DecisionNumber"] = "64-NQ/CB", ["DecisionDate"] = "2025-03-03", ["EffectiveDate"] = "2025-03-03", ["Reason"] = "Ốm" });
        (await OfflineSite.ReceiveAsync(staff, await site.ExportBatchAsync())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var state = await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId);
        var kept = await OfflineSite.ResolveAsync(staff, state, state.Conflicts.Single(c => c.StreamId == member), SiteConflictResolution.KeepCentre, "Trung tâm không cấp thẻ này");
        kept.StatusCode.ShouldBe(HttpStatusCode.Redirect, await kept.Content.ReadAsStringAsync());
        var before = (await MemberForm.MemberAsync(app, member)).Version;
        // Not having installed an update, the site records on top of its discarded card: its base is the centre's version by chance.
        await site.RecordAsync(member, new PartyCardReplaced("TC" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(), "x", CardReplacementReason.Lost, new LocalDate(2025, 3, 5)));

        var received = await OfflineSite.ReceiveAsync(staff, await site.ExportBatchAsync());

        received.StatusCode.ShouldBe(HttpStatusCode.OK, await received.Content.ReadAsStringAsync());
        (await MemberForm.MemberAsync(app, member)).Version.ShouldBe(before, "a change made on a discarded card is not appended");
        (await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId)).Conflicts.Last(c => c.StreamId == member).Reason.ShouldBe(SiteConflictReasons.CentreKept);
    }

    private static MemberEntryRescinded Rescinded(int entry) =>
        new(entry, nameof(PartyCardIssued), new Decision("77-QĐ/ĐU", new LocalDate(2025, 3, 9)), "Cấp nhầm người", null, null, null, Guid.NewGuid(), "Cán bộ trạm", new LocalDate(2025, 3, 9));

    private static Dictionary<string, string> CardFields(string card, int expectedVersion) => new()
    {
        ["ExpectedVersion"] = expectedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CardNumber"] = card,
        ["IssueDate"] = "2025-03-01",
    };

    private static MemberAdmitted Admission(Guid member, OfflineSite site, string citizenId) =>
        new(member, new MemberProfile("NGUYỄN VĂN TRẠM", Sex.Male, new LocalDate(1990, 1, 1), CitizenId: citizenId), DemoUnits.CellUnder(site.Unit).OrganisationId, new Decision("9-QĐ/ĐU", new LocalDate(2025, 3, 1)), new LocalDate(2025, 3, 1));

    private static string Between(string html, string from, string to)
    {
        var start = html.IndexOf(from, StringComparison.Ordinal);
        return html[start..html.IndexOf(to, start, StringComparison.Ordinal)];
    }
}
