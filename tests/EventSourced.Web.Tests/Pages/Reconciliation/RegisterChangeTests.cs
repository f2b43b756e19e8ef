using System.Globalization;
using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using NodaTime;
using static EventSourced.Web.Tests.Pages.Reconciliation.UnitRolls;
using ReconciliationState = EventSourced.Domain.Reconciliation.Reconciliation;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>
/// Resolutions that change the register, through the results page and the procedures' pages opened
/// from an item: the member's events and the item's resolution are stored together or not at all.
/// </summary>
public sealed class RegisterChangeTests(RegisterChangeTests.Fixture app) : IClassFixture<RegisterChangeTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        public Guid RoundId { get; } = Guid.CreateVersion7();

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var session = Store.LightweightSession();
            session.Events.StartStream<ReconciliationRound>(RoundId, new ReconciliationRoundOpened(
                RoundId, DemoUnits.BaDinh.OrganisationId, "Rà soát 2025", new LocalDate(2025, 1, 1), new LocalDate(2025, 2, 1), "15-KH/QU"));
            await session.SaveChangesAsync();
        }
    }

    /// <summary>The Ba Đình cells (seven in the small city): a test that admits someone from a roll reconciles a cell of its own.</summary>
    private static readonly List<string> Cells = DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId)
        .SelectMany(g => DemoUnits.ChildrenOf(g.OrganisationId))
        .Where(u => u.Kind == OrganisationKind.Cell)
        .Select(u => u.Code)
        .ToList();

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Bình is on the roll under another name (paired by citizen ID), the newcomer is on the roll only,
    /// Cường in the register only; the roll is matched in the round. Tests that admit the newcomer name
    /// them differently, so that a later roll of the same cell does not find them in the register.
    /// </summary>
    private async Task<(Guid Id, ReconciliationState Reconciliation, Guid Binh, Guid Cuong)> ReconcileAsync(WebSession staff, string prefix, string cell, string newcomer = "Hoàng Văn Mới")
    {
        var binh = await AdmitAsync(staff, "Trần Thị Bình", $"001190{prefix}02", cell);
        var cuong = await AdmitAsync(staff, "Lê Văn Cường", $"001090{prefix}03", cell);
        var roll = Csv(Header, $"Trần Thị Bích,01/01/1990,Nữ,001190{prefix}02,{cell}", $"{newcomer},02/02/1992,Nam,001092{prefix}09,{cell}");
        var id = await UploadAsync(staff, cell, roll, round: app.RoundId);
        return (id, await ReconciliationSteps.MatchedAsync(app.Store, id), binh, cuong);
    }

    private async Task<ReconciliationItem> ItemAsync(Guid id, ItemCategory category) =>
        (await ReconciliationSteps.ItemsAsync(app.Store, id)).First(i => i.Category == category);

    private static Dictionary<string, string> Correction(ReconciliationState reconciliation, ReconciliationItem item, string field = ReconciliationItems.Name) => new()
    {
        ["ExpectedVersion"] = Number(reconciliation.Version),
        ["ItemNumber"] = Number(item.Number),
        ["Fields"] = field,
        ["Reason"] = "Theo lý lịch gốc",
    };

    private async Task<IReadOnlyList<JasperFx.Events.IEvent>> StreamAsync(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return await session.Events.FetchStreamAsync(id);
    }

    [Fact]
    public async Task a_name_taken_from_the_roll_corrects_the_member_and_resolves_the_item_marked_with_the_round()
    {
        var cell = Cells[0];
        var staff = await app.SignInAsync("staff");
        var (id, reconciliation, binh, _) = await ReconcileAsync(staff, "6100", cell);
        var item = await ItemAsync(id, ItemCategory.MatchedWithDifferences);
        var path = $"{PathOf(cell)}/{id}";
        var page = await staff.GetTextAsync(path);
        page.ShouldContain("data-testid=\"correct-form\"");
        page.ShouldContain($"id=\"correct-{item.Number}-FullName\"");

        var response = await staff.PostFormAsync(path, path + "?handler=Correct", Correction(reconciliation, item));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var correction = (await StreamAsync(binh)).Where(e => e.Data is ProfileCorrected).Select(AuditEntry.From).ShouldHaveSingleItem();
        correction.Data.ShouldBe(new ProfileCorrected(MemberProfileFields.FullName, "Trần Thị Bình", "Trần Thị Bích", "Theo lý lịch gốc (Rà soát 2025)", ((ProfileCorrected)correction.Data).EffectiveDate));
        correction.DecisionReference.ShouldBe("15-KH/QU");
        correction.Reconciliation.ShouldBe(ReconciliationReference.Of(id, item.Number));
        var resolved = (await StreamAsync(id)).Select(e => e.Data).OfType<ReconciliationItemResolved>().ShouldHaveSingleItem();
        resolved.ShouldBe(new ReconciliationItemResolved(id, item.Number, Resolutions.CorrectFromRoll, "Theo lý lịch gốc", binh));

        var timeline = await staff.GetTextAsync($"/members/{binh}");
        timeline.ShouldContain($"href=\"{path}\" data-testid=\"timeline-reconciliation\"");
    }

    [Fact]
    public async Task a_correction_sent_from_two_browsers_at_once_is_applied_once_and_the_other_is_told_it_is_resolved()
    {
        var cell = Cells[1];
        var staff = await app.SignInAsync("staff");
        var other = await app.SignInAsync("staff");
        var (id, reconciliation, binh, _) = await ReconcileAsync(staff, "6200", cell);
        var item = await ItemAsync(id, ItemCategory.MatchedWithDifferences);
        var path = $"{PathOf(cell)}/{id}";

        var (first, second) = await AtTheSameMoment.PostAsync(
            new AtTheSameMoment.Post(staff, path, path + "?handler=Correct", Correction(reconciliation, item)),
            new AtTheSameMoment.Post(other, path, path + "?handler=Correct", Correction(reconciliation, item)));

        new[] { first.StatusCode, second.StatusCode }.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity], ignoreOrder: true);
        var refused = first.StatusCode == HttpStatusCode.Redirect ? second : first;
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Reconciliation.AlreadyResolved\"");
        (await StreamAsync(binh)).Count(e => e.Data is ProfileCorrected).ShouldBe(1);
        (await StreamAsync(id)).Count(e => e.Data is ReconciliationItemResolved).ShouldBe(1);
    }

    [Fact]
    public async Task a_correction_from_a_page_that_is_out_of_date_is_refused_and_changes_nothing()
    {
        var cell = Cells[2];
        var staff = await app.SignInAsync("staff");
        var (id, reconciliation, binh, _) = await ReconcileAsync(staff, "6300", cell);
        var item = await ItemAsync(id, ItemCategory.MatchedWithDifferences);
        var elsewhere = await ItemAsync(id, ItemCategory.InRegisterOnly);
        var path = $"{PathOf(cell)}/{id}";
        var note = await staff.PostFormAsync(path, path + "?handler=Resolve", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = Number(reconciliation.Version),
            ["ItemNumber"] = Number(elsewhere.Number),
            ["Resolution"] = Resolutions.NoChangeNeeded,
            ["Reason"] = "Đang đi học dài hạn",
        });
        note.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var response = await staff.PostFormAsync(path, path + "?handler=Correct", Correction(reconciliation, item));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Stale.ChangedBy\"");
        (await StreamAsync(binh)).ShouldNotContain(e => e.Data is ProfileCorrected);
    }

    [Fact]
    public async Task a_citizen_id_from_the_roll_that_another_member_holds_is_refused_and_the_item_stays_open()
    {
        var cell = Cells[3];
        var staff = await app.SignInAsync("staff");
        // Someone in another cell holds the ID the roll gives: matching pairs the row by name and birth date.
        var holder = await AdmitAsync(staff, "Phạm Văn Khác", "001090640009", Cells[4]);
        var binh = await AdmitAsync(staff, "Trần Thị Bình", "001190640002", cell);
        var id = await UploadAsync(staff, cell, Csv(Header, $"Trần Thị Bình,01/01/1990,Nữ,001090640009,{cell}"), round: app.RoundId);
        var reconciliation = await ReconciliationSteps.MatchedAsync(app.Store, id);
        var item = (await ReconciliationSteps.ItemsAsync(app.Store, id)).Single(i => i.MemberId == binh);
        item.Differences.ShouldContain(d => d.Field == ReconciliationItems.CitizenId);
        var path = $"{PathOf(cell)}/{id}";

        var response = await staff.PostFormAsync(path, path + "?handler=Correct", Correction(reconciliation, item, ReconciliationItems.CitizenId));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Member.CitizenIdTaken\"");
        (await StreamAsync(binh)).ShouldNotContain(e => e.Data is ProfileCorrected);
        (await StreamAsync(id)).ShouldNotContain(e => e.Data is ReconciliationItemResolved);
        holder.ShouldNotBe(binh);
    }

    [Fact]
    public async Task staff_of_another_unit_cannot_correct_from_its_reconciliation()
    {
        var cell = Cells[4];
        var staff = await app.SignInAsync("staff");
        var (id, reconciliation, binh, _) = await ReconcileAsync(staff, "6500", cell);
        var item = await ItemAsync(id, ItemCategory.MatchedWithDifferences);
        var other = await app.SignInAsync("staff2");
        var events = await app.EventCountAsync();
        var fields = Correction(reconciliation, item);
        fields["__RequestVerificationToken"] = await other.AntiforgeryTokenAsync("/members/admit");

        var forged = await other.PostRawAsync($"{PathOf(cell)}/{id}?handler=Correct", fields);

        forged.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        (await app.EventCountAsync()).ShouldBe(events);
        (await StreamAsync(binh)).ShouldNotContain(e => e.Data is ProfileCorrected);
    }

    [Fact]
    public async Task a_member_moved_out_of_the_users_scope_since_the_reference_date_is_not_corrected_from_the_roll()
    {
        // The register as of the reference date still holds a member who moved to another district since:
        // their record is that district's now, and the right over the reconciliation's unit does not open it.
        var cell = Cells[6];
        var staff = await app.SignInAsync("staff");
        var (id, reconciliation, binh, _) = await ReconcileAsync(staff, "7400", cell, "Lý Văn Dời");
        var item = await ItemAsync(id, ItemCategory.MatchedWithDifferences);
        var from = DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId).SelectMany(g => DemoUnits.ChildrenOf(g.OrganisationId)).Single(u => u.Code == cell).OrganisationId;
        var elsewhere = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem)).OrganisationId;
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.Append(binh, new MemberTransferred(Guid.CreateVersion7(), from, elsewhere, new LocalDate(2026, 1, 2)));
            await session.SaveChangesAsync();
        }

        var events = await app.EventCountAsync();
        var path = $"{PathOf(cell)}/{id}";

        var response = await staff.PostFormAsync(path, path + "?handler=Correct", Correction(reconciliation, item));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Access.Denied\"");
        (await app.EventCountAsync()).ShouldBe(events);
        (await StreamAsync(binh)).ShouldNotContain(e => e.Data is ProfileCorrected);
    }

    [Fact]
    public async Task a_name_corrected_on_the_members_page_after_matching_is_not_undone_by_the_rolls()
    {
        var cell = Cells[5];
        var staff = await app.SignInAsync("staff");
        var (id, reconciliation, binh, _) = await ReconcileAsync(staff, "7500", cell);
        var item = await ItemAsync(id, ItemCategory.MatchedWithDifferences);
        await using (var session = app.Store.LightweightSession())
        {
            var member = await session.Events.FetchForWriting<Member>(binh);
            member.AppendOne(new ProfileCorrected(MemberProfileFields.FullName, "Trần Thị Bình", "Trần Thị Bình An", "Theo căn cước", new LocalDate(2026, 1, 2)));
            await session.SaveChangesAsync();
        }

        var path = $"{PathOf(cell)}/{id}";

        var response = await staff.PostFormAsync(path, path + "?handler=Correct", Correction(reconciliation, item));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Reconciliation.RegisterChangedSinceMatching\"");
        (await StreamAsync(binh)).Count(e => e.Data is ProfileCorrected).ShouldBe(1);
        (await StreamAsync(id)).ShouldNotContain(e => e.Data is ReconciliationItemResolved);
    }

    [Fact]
    public async Task a_units_part_of_a_round_is_as_of_the_rounds_date_and_only_a_cell_under_it_has_one()
    {
        var cell = Cells[2];
        var staff = await app.SignInAsync("staff");
        var inRound = $"{PathOf(cell)}?round={app.RoundId}";
        (await staff.GetTextAsync(inRound)).ShouldContain("value=\"2025-01-01\"");
        var roll = Csv(Header, $"Trần Thị Ngày,01/01/1990,Nữ,001190780002,{cell}");

        var otherDate = await staff.PostFileAsync(inRound, inRound, "Upload", "danh-sach.csv", roll, new Dictionary<string, string> { ["ReferenceDate"] = "2025-02-01" });
        var committee = $"{PathOf(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh).Code)}?round={app.RoundId}";
        var notAPart = await staff.PostFileAsync(committee, committee, "Upload", "danh-sach.csv", roll, ReferenceDate);

        otherDate.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await otherDate.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Reconciliation.NotTheRoundsDate\"");
        notAPart.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await notAPart.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Reconciliation.NotInRound\"");
        await using var session = app.Store.QuerySession();
        (await session.Query<ReconciliationUpload>().Where(u => u.RoundId == app.RoundId).ToListAsync()).ShouldNotContain(u => u.ReferenceDate == new LocalDate(2025, 2, 1));
    }

    [Theory]
    [InlineData("/members/admit")]
    [InlineData("/transfers/arrival")]
    public async Task a_form_opened_from_another_scopes_item_is_refused_and_shows_nothing_of_its_roll(string form)
    {
        var cell = Cells[4];
        var staff = await app.SignInAsync("staff");
        var newcomer = form.Contains("admit", StringComparison.Ordinal) ? "Vũ Thị Ngoài" : "Vũ Văn Ngoài";
        var (id, reconciliation, _, _) = await ReconcileAsync(staff, form.Contains("admit", StringComparison.Ordinal) ? "7600" : "7700", cell, newcomer);
        var item = await ItemAsync(id, ItemCategory.OnRollOnly);
        var other = await app.SignInAsync("staff2");

        var response = await other.GetAsync($"{form}?reconciliation={id}&reconciliationVersion={reconciliation.Version}&item={item.Number}");

        // Forbidden: the cookie scheme sends the browser to its "no access" page.
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/forbidden");
        (await response.Content.ReadAsStringAsync()).ShouldNotContain(newcomer);
        // Not opened from an item, the form is the user's as before.
        (await other.GetAsync(form)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task an_admission_opened_from_an_item_on_the_roll_only_starts_from_its_row_and_resolves_it()
    {
        var cell = Cells[5];
        var staff = await app.SignInAsync("staff");
        var (id, reconciliation, _, _) = await ReconcileAsync(staff, "6600", cell);
        var item = await ItemAsync(id, ItemCategory.OnRollOnly);
        var from = $"reconciliation={id}&reconciliationVersion={reconciliation.Version}&item={item.Number}";
        (await staff.GetTextAsync($"{PathOf(cell)}/{id}")).ShouldContain($"href=\"/members/admit?{from.Replace("&", "&amp;", StringComparison.Ordinal)}\"");

        var form = await staff.GetTextAsync($"/members/admit?{from}");

        form.ShouldContain("data-testid=\"from-reconciliation\"");
        form.ShouldContain("value=\"Hoàng Văn Mới\"");
        form.ShouldContain("value=\"1992-02-02\"");
        var fields = AdmissionForm.Fields("Hoàng Văn Mới", "001092660009");
        fields["CellCode"] = cell;
        fields["Reconciliation"] = id.ToString();
        fields["ReconciliationVersion"] = Number(reconciliation.Version);
        fields["Item"] = Number(item.Number);
        var response = await staff.PostFormAsync("/members/admit", "/members/admit", fields);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var member = Guid.Parse(fields["NewMemberId"]);
        AuditEntry.From((await StreamAsync(member))[0]).Reconciliation.ShouldBe(ReconciliationReference.Of(id, item.Number));
        var resolved = (await StreamAsync(id)).Select(e => e.Data).OfType<ReconciliationItemResolved>().ShouldHaveSingleItem();
        (resolved.ItemNumber, resolved.Resolution, resolved.MemberId).ShouldBe((item.Number, Resolutions.Admitted, (Guid?)member));
    }

    [Fact]
    public async Task two_admissions_from_one_item_sent_at_once_admit_one_member()
    {
        var cell = Cells[6];
        var staff = await app.SignInAsync("staff");
        var other = await app.SignInAsync("staff");
        var (id, reconciliation, _, _) = await ReconcileAsync(staff, "7300", cell, "Tạ Quang Hai");
        var item = await ItemAsync(id, ItemCategory.OnRollOnly);
        Dictionary<string, string> Admission(string citizenId)
        {
            var fields = AdmissionForm.Fields("Tạ Quang Hai", citizenId);
            fields["CellCode"] = cell;
            fields["Reconciliation"] = id.ToString();
            fields["ReconciliationVersion"] = Number(reconciliation.Version);
            fields["Item"] = Number(item.Number);
            return fields;
        }

        // Two people, two forms (two new members): only the reconciliation's version keeps one of them out.
        var (first, second) = await AtTheSameMoment.PostAsync(
            new AtTheSameMoment.Post(staff, "/members/admit", "/members/admit", Admission("001092730001")),
            new AtTheSameMoment.Post(other, "/members/admit", "/members/admit", Admission("001092730002")));

        new[] { first.StatusCode, second.StatusCode }.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity], ignoreOrder: true);
        var resolved = (await StreamAsync(id)).Select(e => e.Data).OfType<ReconciliationItemResolved>().ShouldHaveSingleItem();
        await using var session = app.Store.QuerySession();
        (await session.Query<Member>().CountAsync(m => m.Profile.FullName == "Tạ Quang Hai" && m.CellId == DemoUnits.Units.First(u => u.Code == cell).OrganisationId)).ShouldBe(1);
        (await session.LoadAsync<Member>(resolved.MemberId!.Value)).ShouldNotBeNull();
    }

    [Fact]
    public async Task a_refused_admission_from_an_item_resolves_nothing()
    {
        var cell = Cells[6];
        var staff = await app.SignInAsync("staff");
        var (id, reconciliation, binh, _) = await ReconcileAsync(staff, "6700", cell);
        var item = await ItemAsync(id, ItemCategory.OnRollOnly);
        // The person is already in the register under this citizen ID.
        var fields = AdmissionForm.Fields("Hoàng Văn Mới", "001190670002");
        fields["CellCode"] = cell;
        fields["Reconciliation"] = id.ToString();
        fields["ReconciliationVersion"] = Number(reconciliation.Version);
        fields["Item"] = Number(item.Number);

        var response = await staff.PostFormAsync("/members/admit", "/members/admit", fields);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await StreamAsync(Guid.Parse(fields["NewMemberId"]))).ShouldBeEmpty();
        (await StreamAsync(id)).ShouldNotContain(e => e.Data is ReconciliationItemResolved);
        binh.ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public async Task a_removal_opened_from_an_item_in_the_register_only_ends_the_member_and_resolves_it()
    {
        var cell = Cells[2];
        var staff = await app.SignInAsync("staff");
        var (id, reconciliation, _, cuong) = await ReconcileAsync(staff, "6800", cell);
        var item = (await ReconciliationSteps.ItemsAsync(app.Store, id)).Single(i => i.Category == ItemCategory.InRegisterOnly && i.MemberId == cuong);
        var endPath = $"/members/{cuong}/end";
        (await staff.GetTextAsync($"{endPath}?reconciliation={id}&reconciliationVersion={reconciliation.Version}&item={item.Number}"))
            .ShouldContain("data-testid=\"from-reconciliation\"");
        await using (var session = app.Store.QuerySession())
        {
            var version = (await session.LoadAsync<Member>(cuong))!.Version;
            var response = await staff.PostFormAsync(endPath, endPath + "?handler=Remove", new Dictionary<string, string>
            {
                ["ExpectedVersion"] = Number(version),
                ["Ground"] = nameof(RemovalGround.AbandonedActivityOrUnpaidDues),
                ["DecisionNumber"] = "31-QĐ/ĐU",
                ["DecisionDate"] = "2025-01-10",
                ["Reason"] = "Bỏ sinh hoạt",
                ["Reconciliation"] = id.ToString(),
                ["ReconciliationVersion"] = Number(reconciliation.Version),
                ["Item"] = Number(item.Number),
            });
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        }

        var removal = (await StreamAsync(cuong)).Where(e => e.Data is MemberRemovedFromRolls).Select(AuditEntry.From).ShouldHaveSingleItem();
        removal.Reconciliation.ShouldBe(ReconciliationReference.Of(id, item.Number));
        var resolved = (await StreamAsync(id)).Select(e => e.Data).OfType<ReconciliationItemResolved>().ShouldHaveSingleItem();
        (resolved.ItemNumber, resolved.Resolution, resolved.MemberId).ShouldBe((item.Number, Resolutions.MembershipEnded, (Guid?)cuong));
    }

    [Fact]
    public async Task an_arrival_opened_from_an_item_on_the_roll_only_records_the_member_and_resolves_it()
    {
        var cell = Cells[6];
        var staff = await app.SignInAsync("staff");
        var (id, reconciliation, _, _) = await ReconcileAsync(staff, "7100", cell, "Đặng Văn Đến");
        var item = await ItemAsync(id, ItemCategory.OnRollOnly);
        var from = $"reconciliation={id}&reconciliationVersion={reconciliation.Version}&item={item.Number}";
        (await staff.GetTextAsync($"/transfers/arrival?{from}")).ShouldContain("value=\"Đặng Văn Đến\"");
        var member = Guid.NewGuid();
        var fields = new Dictionary<string, string>
        {
            ["NewMemberId"] = member.ToString(), ["TransferId"] = Guid.NewGuid().ToString(),
            ["FromOrganisation"] = "Đảng bộ tỉnh Nam Định", ["FromProvince"] = "Nam Định", ["LetterNumber"] = "15-GGT/TU", ["LetterDate"] = "2024-12-20",
            ["CellCode"] = cell, ["ReceivedOn"] = "2024-12-28",
            ["FullName"] = "Đặng Văn Đến", ["Sex"] = "Male", ["DateOfBirth"] = "1992-02-02", ["CitizenId"] = "001092710009",
            ["DecisionNumber"] = "9-QĐ/ĐU", ["DecisionDate"] = "2015-05-06", ["CeremonyDate"] = "2015-05-19",
            ["Reconciliation"] = id.ToString(), ["ReconciliationVersion"] = Number(reconciliation.Version), ["Item"] = Number(item.Number),
        };

        var response = await staff.PostFormAsync("/transfers/arrival", "/transfers/arrival", fields);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        AuditEntry.From((await StreamAsync(member))[0]).Reconciliation.ShouldBe(ReconciliationReference.Of(id, item.Number));
        var resolved = (await StreamAsync(id)).Select(e => e.Data).OfType<ReconciliationItemResolved>().ShouldHaveSingleItem();
        (resolved.ItemNumber, resolved.Resolution, resolved.MemberId).ShouldBe((item.Number, Resolutions.Arrived, (Guid?)member));
    }

    [Fact]
    public async Task a_transfer_out_of_the_city_opened_from_an_item_in_the_register_only_resolves_it()
    {
        var cell = Cells[1];
        var staff = await app.SignInAsync("staff");
        var (id, reconciliation, _, cuong) = await ReconcileAsync(staff, "7200", cell);
        var item = (await ReconciliationSteps.ItemsAsync(app.Store, id)).Single(i => i.Category == ItemCategory.InRegisterOnly && i.MemberId == cuong);
        var transferPath = $"/members/{cuong}/transfer";
        (await staff.GetTextAsync($"{transferPath}?reconciliation={id}&reconciliationVersion={reconciliation.Version}&item={item.Number}"))
            .ShouldContain("data-testid=\"from-reconciliation\"");
        await using var session = app.Store.QuerySession();
        var version = (await session.LoadAsync<Member>(cuong))!.Version;

        var response = await staff.PostFormAsync(transferPath, transferPath + "?handler=Out", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = Number(version), ["TransferId"] = Guid.NewGuid().ToString(),
            ["OrganisationName"] = "Đảng bộ tỉnh Nam Định", ["Province"] = "Nam Định",
            ["LetterNumber"] = "45-GGT/QU", ["LetterDate"] = "2025-01-05", ["Reason"] = "Chuyển công tác",
            ["Reconciliation"] = id.ToString(), ["ReconciliationVersion"] = Number(reconciliation.Version), ["Item"] = Number(item.Number),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        (await StreamAsync(cuong)).Where(e => e.Data is MemberTransferredOut).Select(AuditEntry.From).ShouldHaveSingleItem()
            .Reconciliation.ShouldBe(ReconciliationReference.Of(id, item.Number));
        var resolved = (await StreamAsync(id)).Select(e => e.Data).OfType<ReconciliationItemResolved>().ShouldHaveSingleItem();
        (resolved.ItemNumber, resolved.Resolution, resolved.MemberId).ShouldBe((item.Number, Resolutions.TransferredOut, (Guid?)cuong));
    }

    [Fact]
    public async Task a_procedure_cannot_resolve_the_item_of_a_reconciliation_outside_the_users_scope()
    {
        var cell = Cells[0];
        var staff = await app.SignInAsync("staff");
        var (id, reconciliation, _, _) = await ReconcileAsync(staff, "6900", cell);
        var item = await ItemAsync(id, ItemCategory.OnRollOnly);
        var other = await app.SignInAsync("staff2");
        var fields = AdmissionForm.Fields("Hoàng Văn Mới", "001092690009");
        fields["CellCode"] = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem)).Code;
        fields["Reconciliation"] = id.ToString();
        fields["ReconciliationVersion"] = Number(reconciliation.Version);
        fields["Item"] = Number(item.Number);
        var events = await app.EventCountAsync();

        var response = await other.PostFormAsync("/members/admit", "/members/admit", fields);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Access.Denied\"");
        (await app.EventCountAsync()).ShouldBe(events);
    }
}
