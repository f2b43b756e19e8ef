using System.Globalization;
using System.Net;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Tests.Infrastructure;
using Marten.Events;
using NodaTime;
using Wolverine;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>
/// Corrections of the register through the member's pages, on a clock fixed at 15 August 2025: an
/// entry recorded in error rescinded (by two people when it takes the member off or onto the roll),
/// a date corrected, a decision recorded late folded at its business date; counts read back as of dates.
/// </summary>
public sealed class RescindTests(RescindTests.Fixture app) : IClassFixture<RescindTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-08-15T02:00:00Z";
    }

    private static readonly OrganisationCreated Cell = AdmissionForm.Cell;

    /// <summary>Ba Đình cells no other test of the class admits into, so their counts are this test's alone.</summary>
    private static readonly IReadOnlyList<OrganisationCreated> OwnCells = [.. DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId)
        .SelectMany(g => DemoUnits.ChildrenOf(g.OrganisationId))
        .Where(c => c.Kind == OrganisationKind.Cell && c.OrganisationId != Cell.OrganisationId)];

    private static Dictionary<string, string> Decision(string number) => new()
    {
        ["DecisionNumber"] = number,
        ["DecisionDate"] = "2025-08-14",
        ["Reason"] = "Ghi nhầm người",
    };

    private async Task<(WebSession Staff, Guid Id, int Death)> DeceasedByMistakeAsync(OrganisationCreated? cell = null)
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), (cell ?? Cell).Code);
        await MemberForm.RecordAsync(app, staff, id, "end", "Death", new() { ["DateOfDeath"] = "2025-08-01" });
        return (staff, id, (await MemberForm.MemberAsync(app, id)).Version);
    }

    private async Task<Guid> ProposeAsync(WebSession staff, Guid id, int entry)
    {
        var proposal = Guid.NewGuid();
        var fields = Decision("9-QĐ/ĐU");
        fields["Entry"] = entry.ToString(CultureInfo.InvariantCulture);
        fields["ProposalId"] = proposal.ToString();
        await MemberForm.RecordAsync(app, staff, id, "rescind", null, fields);
        return proposal;
    }

    private Task<string> CountAsync(WebSession session, Guid unit, string asOf) =>
        session.GetTextAsync($"/organisations/{unit}/member-count?asOf={asOf}").ContinueWith(t => t.Result.TestIdText("member-count"), TaskScheduler.Default);

    [Fact]
    public async Task a_death_rescinded_by_a_second_person_puts_the_member_back_in_the_count_and_both_stay_on_the_timeline()
    {
        var cell = OwnCells[0];
        var (staff, id, death) = await DeceasedByMistakeAsync(cell);
        var admin = await app.SignInAsync("admin");
        (await CountAsync(admin, cell.OrganisationId, "2025-08-10")).ShouldBe(Texts.Vi("Unit.MemberCountText", 0, new LocalDate(2025, 8, 10)));

        var proposal = await ProposeAsync(staff, id, death);
        (await MemberForm.MemberAsync(app, id)).Status.ShouldBe(MembershipStatus.Deceased);
        await MemberForm.RecordAsync(app, admin, id, "rescind", "Confirm", new() { ["ProposalId"] = proposal.ToString() });

        var member = await MemberForm.MemberAsync(app, id);
        member.Status.ShouldBe(MembershipStatus.Official);
        member.RescindedEntries.ShouldBe([death]);
        (await CountAsync(admin, cell.OrganisationId, "2025-08-10")).ShouldBe(Texts.Vi("Unit.MemberCountText", 1, new LocalDate(2025, 8, 10)));
        var events = await MemberForm.EventsAsync(app, id);
        events[death - 1].Data.ShouldBeOfType<MemberDied>();
        var rescinded = events[^1].Data.ShouldBeOfType<MemberEntryRescinded>();
        rescinded.EntryVersion.ShouldBe(death);
        rescinded.ProposalId.ShouldBe(proposal);
        rescinded.ProposedBy.ShouldNotBe(rescinded.RecordedBy);
        var page = await admin.GetTextAsync($"/members/{id}");
        page.ShouldContain($"data-version=\"{death}\" data-rescinded=\"true\"");
        page.ShouldContain("data-event=\"MemberEntryRescinded\"");
    }

    [Fact]
    public async Task the_roll_as_known_before_a_rescission_names_the_rescission_among_the_later_entries()
    {
        // Removed on 20 June, the removal rescinded on 15 August: the roll of 1 July as known on 14 August lacked
        // the member, and the rescission (in effect the day it was recorded) is the entry that put them back.
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), Cell.Code);
        await MemberForm.RecordAsync(app, staff, id, "end", "Remove", new() { ["Ground"] = "AbandonedActivityOrUnpaidDues", ["DecisionNumber"] = "5-QĐ/ĐU", ["DecisionDate"] = "2025-06-20" });
        var removal = (await MemberForm.MemberAsync(app, id)).Version;
        var proposal = await ProposeAsync(staff, id, removal);
        await MemberForm.RecordAsync(app, await app.SignInAsync("admin"), id, "rescind", "Confirm", new() { ["ProposalId"] = proposal.ToString() });
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var page = await (await app.SignInAsync("auditor")).GetTextAsync($"/audit/roll?unit={Cell.Code}&on=2025-07-01&known=2025-08-14");

        var line = System.Text.RegularExpressions.Regex.Match(page, $"<li data-member=\"{id}\"(?:(?!</li>).)*</li>", System.Text.RegularExpressions.RegexOptions.Singleline);
        line.Success.ShouldBeTrue(page);
        line.Value.ShouldContain("MemberRemovedFromRolls (#");
        line.Value.ShouldContain("MemberEntryRescinded (#");

        // Confirmed without a decision of its own, the rescission is logged with the proposal's decision and reason.
        await using var session = app.Store.QuerySession();
        var (rows, _) = await EventSourced.Domain.Audit.AuditLogQuery.PageAsync(
            session, new EventSourced.Domain.Audit.AuditLogFilter(null, id, null, "MemberEntryRescinded", null, null, null, null, null), 10, EventSourced.Domain.Common.VietnamTime.Zone, default);
        var logged = rows.ShouldHaveSingleItem();
        (logged.Decision, logged.Reason).ShouldBe(("9-QĐ/ĐU, 14/08/2025", "Ghi nhầm người"));
    }

    [Fact]
    public async Task a_person_whose_admission_was_rescinded_is_admitted_anew_with_the_same_citizen_id_and_is_not_offered_readmission()
    {
        var staff = await app.SignInAsync("staff");
        var fields = AdmissionForm.Fields("Trần Văn Nhầm", OwnCells[1].Code, new LocalDate(2025, 7, 1));
        var id = await AdmissionForm.AdmitAsync(staff, fields);
        var proposal = await ProposeAsync(staff, id, 1);
        await MemberForm.RecordAsync(app, await app.SignInAsync("admin"), id, "rescind", "Confirm", new() { ["ProposalId"] = proposal.ToString() });
        (await MemberForm.MemberAsync(app, id)).Status.ShouldBe(MembershipStatus.AdmissionRescinded);
        var events = await app.EventCountAsync();

        // Readmission answers why, not a server error, and stores nothing.
        var readmit = await MemberForm.PostCurrentAsync(app, staff, id, "readmit", null, new()
        {
            ["CellCode"] = OwnCells[1].Code,
            ["DecisionNumber"] = "3-QĐ/ĐU",
            ["DecisionDate"] = "2025-08-01",
            ["CeremonyDate"] = "2025-08-02",
        });
        readmit.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await readmit.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Member.AdmissionRescindedNotReadmitted\"");
        (await app.EventCountAsync()).ShouldBe(events);

        // The same person admitted again, by the decision that really admitted them: the citizen ID is free.
        var again = AdmissionForm.Fields("Trần Văn Nhầm", OwnCells[1].Code, new LocalDate(2025, 8, 1));
        again["CitizenId"] = fields["CitizenId"];
        var admitted = await AdmissionForm.AdmitAsync(staff, again);
        admitted.ShouldNotBe(id);
        (await MemberForm.MemberAsync(app, admitted)).Status.ShouldBe(MembershipStatus.Probationary);
    }

    [Fact]
    public async Task the_author_of_a_rescission_proposal_cannot_confirm_it()
    {
        var (staff, id, death) = await DeceasedByMistakeAsync();
        var proposal = await ProposeAsync(staff, id, death);

        var refused = await MemberForm.RefusedAsync(app, staff, id, "rescind", "Confirm", new() { ["ProposalId"] = proposal.ToString() });

        refused.ShouldContain("data-rule=\"Member.RescissionOwnProposal\"");
        (await MemberForm.MemberAsync(app, id)).Status.ShouldBe(MembershipStatus.Deceased);
    }

    [Fact]
    public async Task two_confirmations_sent_at_once_record_one_rescission()
    {
        var (staff, id, death) = await DeceasedByMistakeAsync();
        var proposal = await ProposeAsync(staff, id, death);
        var version = (await MemberForm.MemberAsync(app, id)).Version.ToString(CultureInfo.InvariantCulture);
        var url = $"/members/{id}/rescind";
        Dictionary<string, string> Fields() => new() { ["ProposalId"] = proposal.ToString(), ["ExpectedVersion"] = version };

        var (first, second) = await AtTheSameMoment.PostAsync(
            new(await app.SignInAsync("admin"), url, $"{url}?handler=Confirm", Fields()),
            new(await app.SignInAsync("admin"), url, $"{url}?handler=Confirm", Fields()));

        new[] { first.StatusCode, second.StatusCode }.Order().ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity]);
        (await MemberForm.EventsAsync(app, id)).Count(e => e.Data is MemberEntryRescinded).ShouldBe(1);
    }

    [Fact]
    public async Task two_proposals_to_rescind_one_death_sent_at_once_record_one()
    {
        var (staff, id, death) = await DeceasedByMistakeAsync();
        var url = $"/members/{id}/rescind";
        Dictionary<string, string> Fields()
        {
            var fields = Decision("11-QĐ/ĐU");
            fields["Entry"] = death.ToString(CultureInfo.InvariantCulture);
            fields["ProposalId"] = Guid.NewGuid().ToString();
            fields["ExpectedVersion"] = death.ToString(CultureInfo.InvariantCulture);
            return fields;
        }

        var (first, second) = await AtTheSameMoment.PostAsync(
            new(staff, $"{url}?entry={death}", url, Fields()),
            new(await app.SignInAsync("staff"), $"{url}?entry={death}", url, Fields()));

        new[] { first.StatusCode, second.StatusCode }.Order().ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity]);
        (await MemberForm.MemberAsync(app, id)).PendingRescissions.Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_proposal_waits_in_the_list_of_users_who_may_confirm_it_only()
    {
        var (staff, id, death) = await DeceasedByMistakeAsync();
        await ProposeAsync(staff, id, death);

        (await (await app.SignInAsync("admin")).GetTextAsync("/members/rescissions")).ShouldContain($"data-member=\"{id}\"");
        (await (await app.SignInAsync("staff2")).GetTextAsync("/members/rescissions")).ShouldNotContain($"data-member=\"{id}\"");
    }

    [Fact]
    public async Task a_card_recorded_in_error_is_rescinded_by_one_person()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), Cell.Code);
        await app.Host.MessageBus().InvokeAsync(new IssuePartyCard(id, (await MemberForm.MemberAsync(app, id)).Version, "0123987", new LocalDate(2025, 8, 1)));
        var card = (await MemberForm.MemberAsync(app, id)).Version;
        var fields = Decision("10-QĐ/ĐU");
        fields["Entry"] = card.ToString(CultureInfo.InvariantCulture);
        fields["ProposalId"] = Guid.NewGuid().ToString();

        await MemberForm.RecordAsync(app, staff, id, "rescind", null, fields);

        (await MemberForm.MemberAsync(app, id)).CardNumber.ShouldBeNull();
        (await MemberForm.EventsAsync(app, id))[^1].Data.ShouldBeOfType<MemberEntryRescinded>().ProposalId.ShouldBeNull();
    }

    [Fact]
    public async Task the_timeline_links_a_rescinded_or_corrected_entry_and_the_entry_that_rescinded_or_corrected_it()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), Cell.Code);
        await app.Host.MessageBus().InvokeAsync(new IssuePartyCard(id, (await MemberForm.MemberAsync(app, id)).Version, "0456987", new LocalDate(2025, 8, 1)));
        var card = (await MemberForm.MemberAsync(app, id)).Version;
        var fields = Decision("11-QĐ/ĐU");
        fields["Entry"] = card.ToString(CultureInfo.InvariantCulture);
        fields["ProposalId"] = Guid.NewGuid().ToString();
        await MemberForm.RecordAsync(app, staff, id, "rescind", null, fields);
        var rescission = (await MemberForm.MemberAsync(app, id)).Version;
        var probationary = await AdmissionForm.AdmitAsync(staff, "Lê Văn Đính Chính", new LocalDate(2025, 3, 10), Cell.Code);
        var corrected = await staff.PostFormAsync($"/members/{probationary}/correct-date?entry=1", $"/members/{probationary}/correct-date", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["Entry"] = "1",
            ["Date"] = nameof(MemberDateKind.Ceremony),
            ["NewDate"] = "2025-03-20",
            ["Reason"] = "Biên bản lễ kết nạp ghi ngày 20/3",
        });
        corrected.StatusCode.ShouldBe(HttpStatusCode.Redirect, await corrected.Content.ReadAsStringAsync());
        var correction = (await MemberForm.MemberAsync(app, probationary)).Version;
        var auditor = await app.SignInAsync("auditor");

        var page = await auditor.GetTextAsync($"/members/{id}") + await auditor.GetTextAsync($"/members/{probationary}");

        page.ShouldContain($"href=\"#v{rescission}\" data-testid=\"noted-by-{rescission}\"");
        page.ShouldContain($"href=\"#v{card}\" data-testid=\"concerns-{card}\"");
        page.ShouldContain($"href=\"#v{correction}\" data-testid=\"noted-by-{correction}\"");
        page.ShouldContain("href=\"#v1\" data-testid=\"concerns-1\"");
        page.ShouldContain("data-testid=\"timeline-order\"");
    }

    [Fact]
    public async Task a_card_number_rescinded_as_recorded_in_error_can_be_issued_to_the_member_who_holds_it()
    {
        var (staff, wrong) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), Cell.Code);
        var (_, right) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), Cell.Code);
        await app.Host.MessageBus().InvokeAsync(new IssuePartyCard(wrong, (await MemberForm.MemberAsync(app, wrong)).Version, "0456987", new LocalDate(2025, 8, 1)));
        var fields = Decision("11-QĐ/ĐU");
        fields["Entry"] = (await MemberForm.MemberAsync(app, wrong)).Version.ToString(CultureInfo.InvariantCulture);
        fields["ProposalId"] = Guid.NewGuid().ToString();
        await MemberForm.RecordAsync(app, staff, wrong, "rescind", null, fields);

        await app.Host.MessageBus().InvokeAsync(new IssuePartyCard(right, (await MemberForm.MemberAsync(app, right)).Version, "0456987", new LocalDate(2025, 8, 2)));

        (await MemberForm.MemberAsync(app, right)).CardNumber.ShouldBe("0456987");
    }

    [Fact]
    public async Task a_transfer_receipt_rescinded_puts_the_member_back_in_the_sending_cell_and_the_transfer_in_transit()
    {
        var (from, to) = (OwnCells[^1], DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem)));
        var (_, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), from.Code);
        var transferId = Guid.NewGuid();
        await app.Host.MessageBus().InvokeAsync(new IssueTransfer(transferId, id, 2, "GT-12", new LocalDate(2025, 8, 1), "Chuyển công tác", to.OrganisationId));
        await app.Host.MessageBus().InvokeAsync(new ReceiveTransfer(transferId, 1, new LocalDate(2025, 8, 5)));
        var receipt = (await MemberForm.MemberAsync(app, id)).Version;
        var fields = Decision("12-QĐ/ĐU");
        fields["Entry"] = receipt.ToString(CultureInfo.InvariantCulture);
        fields["ProposalId"] = Guid.NewGuid().ToString();

        // The receiving side recorded the receipt and is the one to rescind it.
        await MemberForm.RecordAsync(app, await app.SignInAsync("staff2"), id, "rescind", null, fields);

        (await MemberForm.MemberAsync(app, id)).CellOn(new LocalDate(2025, 8, 10)).ShouldBe(from.OrganisationId);
        await using var session = app.Store.QuerySession();
        var transfer = (await session.LoadAsync<Transfer>(transferId)).ShouldNotBeNull();
        transfer.Status.ShouldBe(TransferStatus.InTransit);
        transfer.ReceivedOn.ShouldBeNull();
    }

    [Fact]
    public async Task a_departure_from_the_city_rescinded_cancels_its_letter_and_the_member_can_be_transferred_again()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1));
        var transferId = Guid.NewGuid();
        await app.Host.MessageBus().InvokeAsync(new IssueTransferOut(transferId, id, 2, "GT-14", new LocalDate(2025, 8, 1), "Chuyển nơi cư trú", "Đảng bộ phường Hải Châu", "Đà Nẵng"));
        var departure = (await MemberForm.MemberAsync(app, id)).Version;

        var proposal = await ProposeAsync(staff, id, departure);
        await MemberForm.RecordAsync(app, await app.SignInAsync("admin"), id, "rescind", "Confirm", new() { ["ProposalId"] = proposal.ToString() });

        (await MemberForm.MemberAsync(app, id)).Status.ShouldBe(MembershipStatus.Official);
        await using var session = app.Store.QuerySession();
        var transfer = (await session.LoadAsync<Transfer>(transferId)).ShouldNotBeNull();
        transfer.Status.ShouldBe(TransferStatus.Cancelled);
        transfer.ClosingReason.ShouldBe("Ghi nhầm người");
        // No letter in transit holds the member any more.
        var next = Guid.NewGuid();
        var member = await MemberForm.MemberAsync(app, id);
        await app.Host.MessageBus().InvokeAsync(new IssueTransfer(next, id, member.Version, "GT-15", new LocalDate(2025, 8, 15), "Chuyển công tác", DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem)).OrganisationId));
        (await session.LoadAsync<Transfer>(next)).ShouldNotBeNull().Status.ShouldBe(TransferStatus.InTransit);
    }

    [Theory]
    [InlineData("2025-12-01", null)]
    [InlineData("2025-08-11", "2025-08-11")]
    public async Task a_departure_from_the_city_rescinded_gives_back_the_temporary_stay_it_ended_unless_its_own_end_has_come(string until, string? endedOn)
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1));
        var host = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem)).OrganisationId;
        var stayId = Guid.NewGuid();
        var bus = app.Host.MessageBus();
        await bus.InvokeAsync(new IssueTemporaryTransfer(stayId, id, 2, "TT-3", new LocalDate(2025, 5, 2), "Học tập", host, new LocalDate(2025, 5, 2), LocalDate.FromDateOnly(DateOnly.Parse(until, CultureInfo.InvariantCulture)), false));
        await bus.InvokeAsync(new IssueTransferOut(Guid.NewGuid(), id, 3, "GT-17", new LocalDate(2025, 8, 1), "Chuyển nơi cư trú", "Đảng bộ phường Hải Châu", "Đà Nẵng"));
        await using (var before = app.Store.QuerySession())
        {
            (await before.LoadAsync<Transfer>(stayId)).ShouldNotBeNull().Status.ShouldBe(TransferStatus.Ended);
        }

        var proposal = await ProposeAsync(staff, id, (await MemberForm.MemberAsync(app, id)).Version);
        await MemberForm.RecordAsync(app, await app.SignInAsync("admin"), id, "rescind", "Confirm", new() { ["ProposalId"] = proposal.ToString() });

        var member = await MemberForm.MemberAsync(app, id);
        member.Status.ShouldBe(MembershipStatus.Official);
        await using var session = app.Store.QuerySession();
        var stay = (await session.LoadAsync<Transfer>(stayId)).ShouldNotBeNull();
        if (endedOn is null)
        {
            // As it was before the departure: hosted until its own end, which its scheduled check still makes.
            stay.Status.ShouldBe(TransferStatus.Active);
            stay.ClosedOn.ShouldBeNull();
            member.HostCellId.ShouldBe(host);
        }
        else
        {
            stay.Status.ShouldBe(TransferStatus.Ended);
            stay.ClosedOn.ShouldBe(LocalDate.FromDateOnly(DateOnly.Parse(endedOn, CultureInfo.InvariantCulture)));
            member.HostCellId.ShouldBeNull();
            member.History.Select(h => h.Event).OfType<MemberTemporaryHostingEnded>().Last().On.ShouldBe(stay.ClosedOn!.Value);
        }
    }

    [Fact]
    public async Task a_transfer_letter_is_not_rescinded_on_the_members_page()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1));
        await app.Host.MessageBus().InvokeAsync(new IssueTransfer(Guid.NewGuid(), id, 2, "GT-16", new LocalDate(2025, 8, 1), "Chuyển công tác", DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem)).OrganisationId));
        var letter = (await MemberForm.MemberAsync(app, id)).Version;
        var fields = Decision("16-QĐ/ĐU");
        fields["Entry"] = letter.ToString(CultureInfo.InvariantCulture);
        fields["ProposalId"] = Guid.NewGuid().ToString();

        var refused = await MemberForm.RefusedAsync(app, staff, id, "rescind", null, fields);

        refused.ShouldContain("data-rule=\"Member.EntryNotRescindable\"");
        (await MemberForm.MemberAsync(app, id)).RescindedEntries.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_removal_dated_before_a_recorded_exemption_is_refused_naming_the_exemption()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), Cell.Code);
        await app.Host.MessageBus().InvokeAsync(new ExemptMember(id, 2, new Decision("7-QĐ/CB", new LocalDate(2025, 8, 1)), "Ốm nặng", new LocalDate(2025, 8, 1)));

        var refused = await MemberForm.RefusedAsync(app, staff, id, "end", "Remove", new() { ["Ground"] = "AbandonedActivityOrUnpaidDues", ["DecisionNumber"] = "3-QĐ/ĐU", ["DecisionDate"] = "2025-07-20" });

        refused.ShouldContain("data-rule=\"Member.ContradictsEntry\"");
        refused.ShouldShow(Texts.Vi("MemberEventName.MemberExempted"));
        (await MemberForm.MemberAsync(app, id)).Status.ShouldBe(MembershipStatus.Official);
    }

    [Fact]
    public async Task a_removal_decided_before_a_recorded_cell_merge_leaves_the_member_counted_nowhere_from_its_date()
    {
        var siblings = OwnCells.Skip(1).GroupBy(c => c.ParentId).First(g => g.Count() >= 2).ToList();
        var (merged, target) = (siblings[0], siblings[1]);
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), merged.Code);
        await using (var session = app.Store.QuerySession())
        {
            var version = (await session.LoadAsync<Organisation>(merged.OrganisationId)).ShouldNotBeNull().Version;
            await app.Host.MessageBus().InvokeAsync(new MergeOrganisation(merged.OrganisationId, version, target.OrganisationId, new LocalDate(2025, 7, 1)));
        }

        (await MemberForm.MemberAsync(app, id)).CellId.ShouldBe(target.OrganisationId);
        await using (var session = app.Store.QuerySession())
        {
            var state = await session.Events.FetchStreamStateAsync(id);
            (await MemberForm.MemberAsync(app, id)).Version.ShouldBe((int)state!.Version, "snapshot version after a merge");
        }

        await MemberForm.RecordAsync(app, staff, id, "end", "Remove", new() { ["Ground"] = "AbandonedActivityOrUnpaidDues", ["DecisionNumber"] = "2-QĐ/ĐU", ["DecisionDate"] = "2025-06-20" });

        var admin = await app.SignInAsync("admin");
        (await CountAsync(admin, merged.OrganisationId, "2025-06-19")).ShouldBe(Texts.Vi("Unit.MemberCountText", 1, new LocalDate(2025, 6, 19)));
        (await CountAsync(admin, merged.OrganisationId, "2025-06-25")).ShouldBe(Texts.Vi("Unit.MemberCountText", 0, new LocalDate(2025, 6, 25)));
        (await CountAsync(admin, target.OrganisationId, "2025-07-02")).ShouldBe(Texts.Vi("Unit.MemberCountText", 0, new LocalDate(2025, 7, 2)));
        (await MemberForm.MemberAsync(app, id)).Cells.ShouldAllBe(c => c.To != null && c.To >= c.From);
    }

    [Fact]
    public async Task a_correction_of_the_ceremony_date_moves_the_end_of_probation()
    {
        var staff = await app.SignInAsync("staff");
        var id = await AdmissionForm.AdmitAsync(staff, "Lê Văn Sửa", new LocalDate(2025, 3, 10), Cell.Code);

        var corrected = await staff.PostFormAsync($"/members/{id}/correct-date?entry=1", $"/members/{id}/correct-date", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["Entry"] = "1",
            ["Date"] = nameof(MemberDateKind.Ceremony),
            ["NewDate"] = "2025-03-20",
            ["Reason"] = "Biên bản lễ kết nạp ghi ngày 20/3",
        });
        corrected.StatusCode.ShouldBe(HttpStatusCode.Redirect, await corrected.Content.ReadAsStringAsync());

        MemberRules.ProbationEnds(await MemberForm.MemberAsync(app, id)).ShouldBe(new LocalDate(2026, 3, 20));
        (await MemberForm.EventsAsync(app, id))[^1].Data.ShouldBeOfType<MemberDateCorrected>().OldDate.ShouldBe(new LocalDate(2025, 3, 10));
    }

    [Fact]
    public async Task a_ceremony_corrected_to_later_than_the_official_date_allows_is_refused_with_why_and_nothing_stored()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), Cell.Code);
        var member = await MemberForm.MemberAsync(app, id);
        var events = await app.EventCountAsync();

        var refused = await staff.PostFormAsync($"/members/{id}/correct-date?entry=1", $"/members/{id}/correct-date", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = member.Version.ToString(CultureInfo.InvariantCulture),
            ["Entry"] = "1",
            ["Date"] = nameof(MemberDateKind.Ceremony),
            ["NewDate"] = member.OfficialDate!.Value.PlusMonths(-6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Reason"] = "Biên bản lễ kết nạp ghi ngày khác",
        });

        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Member.OfficialBeforeProbationEnds\"");
        (await app.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task an_exemption_recorded_late_inside_an_earlier_one_is_refused_with_why_and_nothing_stored()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), Cell.Code);
        await MemberForm.RecordAsync(app, staff, id, "exemption", "Exempt", new() { ["DecisionNumber"] = "52-NQ/CB", ["DecisionDate"] = "2025-03-03", ["EffectiveDate"] = "2025-03-03", ["Reason"] = "Ốm" });
        await MemberForm.RecordAsync(app, staff, id, "exemption", "End", new() { ["DecisionNumber"] = "53-NQ/CB", ["DecisionDate"] = "2025-06-02", ["EffectiveDate"] = "2025-06-02" });
        var events = await app.EventCountAsync();

        var refused = await MemberForm.RefusedAsync(app, staff, id, "exemption", "Exempt", new() { ["DecisionNumber"] = "54-NQ/CB", ["DecisionDate"] = "2025-04-01", ["EffectiveDate"] = "2025-04-01", ["Reason"] = "Ốm" });

        refused.ShouldContain("data-rule=\"Member.ExemptionOverlapsEarlier\"");
        (await app.EventCountAsync()).ShouldBe(events);
        (await MemberForm.MemberAsync(app, id)).ExemptOn(new LocalDate(2025, 8, 1)).ShouldBeFalse();
    }

    [Fact]
    public async Task a_receipt_dated_earlier_by_a_correction_is_received_on_the_receiving_cells_roll_from_that_day()
    {
        // Letter 1 May, receipt recorded as 10 June, corrected to 20 May: on 25 May the member is the receiving
        // cell's, received, though the transfer itself still says 10 June.
        var (from, to) = (OwnCells[^2], DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem)));
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), from.Code);
        var transferId = Guid.NewGuid();
        await app.Host.MessageBus().InvokeAsync(new IssueTransfer(transferId, id, 2, "GT-13", new LocalDate(2025, 5, 1), "Chuyển công tác", to.OrganisationId));
        await app.Host.MessageBus().InvokeAsync(new ReceiveTransfer(transferId, 1, new LocalDate(2025, 6, 10)));
        var receipt = (await MemberForm.MemberAsync(app, id)).Version;
        var corrected = await (await app.SignInAsync("staff2")).PostFormAsync($"/members/{id}/correct-date?entry={receipt}", $"/members/{id}/correct-date", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = receipt.ToString(CultureInfo.InvariantCulture),
            ["Entry"] = receipt.ToString(CultureInfo.InvariantCulture),
            ["Date"] = nameof(MemberDateKind.Transfer),
            ["NewDate"] = "2025-05-20",
            ["Reason"] = "Biên bản tiếp nhận ghi ngày 20/5",
        });
        corrected.StatusCode.ShouldBe(HttpStatusCode.Redirect, await corrected.Content.ReadAsStringAsync());
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var page = await (await app.SignInAsync("auditor")).GetTextAsync($"/audit/roll?unit={to.Code}&on=2025-05-25");

        page.ShouldContain($"data-member=\"{id}\" data-status=\"Official\"");
    }

    [Fact]
    public async Task a_profile_correction_takes_effect_on_the_date_given()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), Cell.Code);

        await MemberForm.RecordAsync(app, staff, id, "correct", null, new()
        {
            ["Field"] = MemberProfileFields.FullName,
            ["NewValue"] = "Nguyễn Văn Đổi",
            ["EffectiveDate"] = "2024-05-02",
            ["Reason"] = "Đổi tên theo bản án của tòa án",
        });

        (await MemberForm.EventsAsync(app, id))[^1].Data.ShouldBeOfType<ProfileCorrected>().EffectiveDate.ShouldBe(new LocalDate(2024, 5, 2));
        (await MemberForm.MemberAsync(app, id)).Profile.FullName.ShouldBe("Nguyễn Văn Đổi");
    }
}
