using System.Text.RegularExpressions;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using Marten.Events;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Audit;

/// <summary>
/// A small history recorded through the real forms (an exemption and its end, an official transfer in
/// transit then received, a temporary hosting, an admission, a death recorded months after it happened, a merger of the
/// two cells), and the rolls and differences on several dates, of each cell and of their grassroots
/// organisation, checked against answers worked out by hand.
/// </summary>
public sealed class RollHistoryTests(RollHistoryTests.Fixture app) : IClassFixture<RollHistoryTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        public static readonly OrganisationCreated X = AdmissionForm.Cell;

        public static readonly OrganisationCreated Y = DemoUnits.ChildrenOf(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh).OrganisationId)
            .Where(u => u.Kind == OrganisationKind.Cell).Skip(1).First();

        public Guid A { get; private set; }

        public Guid B { get; private set; }

        public Guid C { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            // A: official in X since 2020, exempt from 1 March 2022 to 1 March 2023.
            var (staff, a) = await MemberForm.OfficialMemberAsync(this, new LocalDate(2019, 1, 10), X.Code);
            A = a;
            await MemberForm.RecordAsync(this, staff, A, "exemption", "Exempt", new() { ["DecisionNumber"] = "3-NQ/CB", ["DecisionDate"] = "2022-03-01", ["EffectiveDate"] = "2022-03-01", ["Reason"] = "Ốm dài ngày" });
            await MemberForm.RecordAsync(this, staff, A, "exemption", "End", new() { ["DecisionNumber"] = "4-NQ/CB", ["DecisionDate"] = "2023-03-01", ["EffectiveDate"] = "2023-03-01" });

            // B: official in X, letter to Y on 1 March 2024, received on 20 March 2024.
            (_, B) = await MemberForm.OfficialMemberAsync(this, new LocalDate(2018, 5, 1), X.Code);
            var transfer = await TransferForm.IssueOfficialAsync(staff, B, Y.Code, new LocalDate(2024, 3, 1), (await MemberForm.MemberAsync(this, B)).Version);
            // Due in April 2024, the letter is marked overdue as soon as it is issued; the receipt comes after.
            var overdue = await TransferPage.MarkedOverdueAsync(this, transfer);
            var received = await TransferPage.ReceiveAsync(staff, transfer, overdue.Version, new LocalDate(2024, 3, 20));
            received.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, await received.Content.ReadAsStringAsync());

            // A hosted by Y on a temporary transfer from 1 May to 31 August 2024; X keeps counting A.
            var hosting = await TransferForm.PostAsync(staff, A, "Temporary", TransferForm.Fields(
                Guid.CreateVersion7(), new() { ["HostCellCode"] = Y.Code, ["From"] = "2024-05-01", ["Until"] = "2024-08-31" }, new LocalDate(2024, 4, 25), (await MemberForm.MemberAsync(this, A)).Version));
            hosting.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, await hosting.Content.ReadAsStringAsync());

            // C: admitted in Y on 1 June 2024; died on 15 September 2024, recorded today.
            C = await AdmissionForm.AdmitAsync(staff, "Vũ Thị Ba Ngày", new LocalDate(2024, 6, 1), Y.Code);
            await MemberForm.RecordAsync(this, staff, C, "end", "Death", new() { ["DateOfDeath"] = "2024-09-15" });

            // The hosting ended on 31 August 2024, so its scheduled end runs as soon as Wolverine polls
            // and appends to A's record; the merge moves A at the version it reads, so wait for it first.
            await Eventually.UntilAsync(
                async () => (await MemberForm.MemberAsync(this, A)).HostCellId,
                host => host is null,
                TimeSpan.FromSeconds(60),
                "the temporary hosting's scheduled end (A still hosted by the cell last seen)",
                every: TimeSpan.FromMilliseconds(500));

            // X merged into Y on 1 January 2025: A moves with it.
            var admin = await SignInAsync("admin");
            int version;
            await using (var session = Store.QuerySession())
            {
                version = (await session.LoadAsync<Organisation>(X.OrganisationId))!.Version;
            }

            var merge = await admin.PostFormAsync($"/organisations/{X.OrganisationId}/merge", $"/organisations/{X.OrganisationId}/merge", new Dictionary<string, string>
            {
                ["ExpectedVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["TargetCode"] = Y.Code,
                ["EffectiveDate"] = "2025-01-01",
            });
            merge.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, await merge.Content.ReadAsStringAsync());
            await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        }
    }

    [Theory]
    [InlineData("X", "2023-01-01", "A:Exempt B:Official")]
    [InlineData("X", "2023-06-01", "A:Official B:Official")]
    [InlineData("X", "2024-03-10", "A:Official B:InTransit")]
    [InlineData("X", "2024-03-25", "A:Official")]
    [InlineData("Y", "2024-03-10", "")]
    [InlineData("Y", "2024-03-25", "B:Official")]
    [InlineData("Y", "2024-07-01", "A:Hosted B:Official C:Probationary")]
    [InlineData("X", "2024-07-01", "A:Official")]
    [InlineData("Y", "2024-10-01", "B:Official")]
    [InlineData("X", "2024-12-31", "A:Official")]
    [InlineData("Y", "2025-01-02", "A:Official B:Official")]
    [InlineData("G", "2024-12-31", "A:Official B:Official")]
    [InlineData("G", "2025-01-02", "A:Official B:Official")]
    public async Task the_roll_on_a_date_is_the_hand_computed_one(string cell, string on, string expected)
    {
        var auditor = await app.SignInAsync("auditor");

        var page = await auditor.GetTextAsync($"/audit/roll?unit={Code(cell)}&on={on}");

        Lines(page, "data-status").ShouldBe(expected);
    }

    [Theory]
    [InlineData("Y", "2024-03-01", "2024-07-01", "B:MovedIn C:Joined")]
    [InlineData("X", "2024-03-01", "2024-04-01", "B:MovedOut")]
    [InlineData("Y", "2024-07-01", "2024-10-01", "C:Left")]
    [InlineData("X", "2022-01-01", "2022-06-01", "A:StatusChanged")]
    [InlineData("Y", "2024-12-01", "2025-02-01", "A:MovedIn")]
    [InlineData("G", "2024-12-01", "2025-02-01", "A:CellChanged")]
    public async Task the_difference_between_two_dates_is_the_hand_computed_one(string cell, string from, string to, string expected)
    {
        var auditor = await app.SignInAsync("auditor");

        var page = await auditor.GetTextAsync($"/audit/difference?unit={Code(cell)}&from={from}&to={to}");

        Lines(page, "data-change").ShouldBe(expected);
    }

    [Fact]
    public async Task the_read_models_of_this_history_agree_with_its_events()
    {
        // A merge, a hosting ended by its schedule and a back-dated death, folded incrementally as they were
        // recorded, give the same records and roll periods as the events folded again (decision 0051).
        var check = await EventSourced.Web.Audit.VerifyReadModels.RunAsync(app.Store, app.Store.Storage.Database, null, null, default);

        check.Found.ShouldBeEmpty();
    }

    [Fact]
    public async Task each_line_names_the_entry_that_put_the_member_there()
    {
        var auditor = await app.SignInAsync("auditor");

        var page = await auditor.GetTextAsync($"/audit/roll?unit={Fixture.Y.Code}&on=2024-07-01");

        page.ShouldContain($"/members/{app.B}#v");
        Regex.Count(page, "data-testid=\"because\"").ShouldBe(2);
    }

    [Theory]
    [InlineData("X", "2024-03-10")]
    [InlineData("Y", "2024-07-01")]
    public async Task a_letter_in_transit_or_a_hosting_is_not_a_change_made_by_later_entries(string cell, string on)
    {
        // Everything was recorded by today: the roll as known today has nothing changed since, though that day
        // B was in transit from X and A hosted by Y (standings the replay of what was known does not show).
        var auditor = await app.SignInAsync("auditor");
        var today = Domain.Common.VietnamTime.Today(SystemClock.Instance);

        var page = await auditor.GetTextAsync($"/audit/roll?unit={Code(cell)}&on={on}&known={today:yyyy-MM-dd}");

        page.ShouldContain("data-testid=\"unchanged-since\"");
        page.ShouldNotContain("data-testid=\"changed-since\"");
    }

    [Fact]
    public async Task a_member_who_died_while_hosted_is_on_the_hosts_roll_until_the_death_only()
    {
        // Another grassroots organisation's cells, so the rolls above are untouched. Death does not end the
        // temporary transfer; the host's roll must stop listing the member all the same.
        var grassroots = DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId).Where(u => u.Kind != OrganisationKind.Cell).Skip(1).First();
        var cells = DemoUnits.ChildrenOf(grassroots.OrganisationId).Where(u => u.Kind == OrganisationKind.Cell).ToList();
        var (staff, d) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2019, 1, 10), cells[0].Code);
        var hosting = await TransferForm.PostAsync(staff, d, "Temporary", TransferForm.Fields(
            Guid.CreateVersion7(), new() { ["HostCellCode"] = cells[1].Code, ["From"] = "2024-05-01", ["Until"] = "2024-12-31" }, new LocalDate(2024, 4, 25), (await MemberForm.MemberAsync(app, d)).Version));
        hosting.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, await hosting.Content.ReadAsStringAsync());
        await MemberForm.RecordAsync(app, staff, d, "end", "Death", new() { ["DateOfDeath"] = "2024-06-20" });
        var auditor = await app.SignInAsync("auditor");

        var before = await auditor.GetTextAsync($"/audit/roll?unit={cells[1].Code}&on=2024-06-01");
        var after = await auditor.GetTextAsync($"/audit/roll?unit={cells[1].Code}&on=2024-07-01");

        before.ShouldContain($"data-member=\"{d}\" data-status=\"Hosted\"");
        after.ShouldNotContain($"data-member=\"{d}\"");
    }

    [Fact]
    public async Task a_member_received_into_the_host_cell_while_the_hosting_stayed_open_is_on_its_roll_once()
    {
        // As recorded before a receipt into the host cell ended the hosting: the member's move appended
        // while the temporary transfer to the same cell was still open.
        // The cells of the test of a death while hosted, not the fixture's: each test looks at its own member only.
        var grassroots = DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId).Where(u => u.Kind != OrganisationKind.Cell).Skip(1).First();
        var cells = DemoUnits.ChildrenOf(grassroots.OrganisationId).Where(u => u.Kind == OrganisationKind.Cell).ToList();
        var (staff, e) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2019, 1, 10), cells[0].Code);
        var hosting = await TransferForm.PostAsync(staff, e, "Temporary", TransferForm.Fields(
            Guid.CreateVersion7(), new() { ["HostCellCode"] = cells[1].Code, ["From"] = "2024-05-01", ["Until"] = "2024-12-31" }, new LocalDate(2024, 4, 25), (await MemberForm.MemberAsync(app, e)).Version));
        hosting.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, await hosting.Content.ReadAsStringAsync());
        // The hosting's scheduled end (31 December 2024) runs at once; the move is appended after it.
        await Eventually.UntilAsync(
            async () => (await MemberForm.MemberAsync(app, e)).HostCellId,
            host => host is null,
            TimeSpan.FromSeconds(60),
            "the temporary hosting's scheduled end",
            every: TimeSpan.FromMilliseconds(500));
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.Append(e, new Domain.Members.MemberTransferred(Guid.NewGuid(), cells[0].OrganisationId, cells[1].OrganisationId, new LocalDate(2024, 6, 10)));
            await session.SaveChangesAsync();
        }

        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var page = await (await app.SignInAsync("auditor")).GetTextAsync($"/audit/roll?unit={cells[1].Code}&on=2024-07-01");

        Regex.Count(page, $"data-member=\"{e}\"").ShouldBe(1);
        page.ShouldContain($"data-member=\"{e}\" data-status=\"Official\"");
    }

    private static string Code(string cell) => cell switch
    {
        "X" => Fixture.X.Code,
        "Y" => Fixture.Y.Code,
        _ => DemoUnits.GrassrootsUnder(DemoUnits.BaDinh).Code,
    };

    /// <summary>"A:Status B:Status" for the members of the page in A, B, C order.</summary>
    private string Lines(string page, string attribute)
    {
        var names = new Dictionary<Guid, string> { [app.A] = "A", [app.B] = "B", [app.C] = "C" };
        var found = Regex.Matches(page, $"data-member=\"([0-9a-f-]+)\" {attribute}=\"(\\w+)\"")
            .Select(m => (Id: Guid.Parse(m.Groups[1].Value), Value: m.Groups[2].Value))
            .Where(x => names.ContainsKey(x.Id))
            .Select(x => $"{names[x.Id]}:{x.Value}")
            .Order(StringComparer.Ordinal);
        return string.Join(' ', found);
    }

    [Fact]
    public async Task a_members_log_holds_the_transfers_own_entries_in_words()
    {
        var auditor = await app.SignInAsync("auditor");

        var page = await auditor.GetTextAsync($"/audit/log?member={app.B}");

        page.ShouldContain("data-type=\"TransferIssued\"");
        page.ShouldContain("data-type=\"MemberTransferred\"");
        page.ShouldNotContain("TransferId: ");
    }

    [Fact]
    public async Task a_death_recorded_months_after_it_happened_is_a_back_dated_entry_on_the_auditors_home()
    {
        await using var session = app.Store.QuerySession();

        var (rows, total) = await Domain.Audit.AuditLogQuery.CorrectionsAsync(session, null, Instant.FromUtc(2000, 1, 1, 0, 0), 100, default);

        rows.ShouldContain(r => r.MemberId == app.C && r.EventType == "MemberDied");
        rows.ShouldNotContain(r => r.EventType == "MemberAdmitted");
        total.ShouldBe(rows.Count);
    }
}
