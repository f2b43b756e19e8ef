using System.Globalization;
using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using Marten.Events;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>
/// The member procedures through the screens, on a clock fixed at 1 March 2025: admission, the end
/// of probation, discipline limits, stale forms, other units' members, worklists and exports.
/// </summary>
public sealed class MemberProceduresTests(MemberProceduresTests.Fixture app) : IClassFixture<MemberProceduresTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-03-01T02:00:00Z";
    }

    private static readonly LocalDate Today = new(2025, 3, 1);
    private static readonly OrganisationCreated BaDinhCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));
    private static readonly OrganisationCreated HoanKiemCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));
    private static int _serial;

    [Fact]
    public async Task admitting_through_the_page_records_the_admission_with_who_and_on_whose_decision()
    {
        var staff = await app.SignInAsync("staff");

        var id = await AdmitAsync(staff, "Nguyễn Văn Thành", ceremony: new LocalDate(2025, 2, 3));

        await using var session = app.Store.QuerySession();
        var stored = (await session.Events.FetchStreamAsync(id)).ShouldHaveSingleItem();
        var admitted = stored.Data.ShouldBeOfType<MemberAdmitted>();
        admitted.CellId.ShouldBe(BaDinhCell.OrganisationId);
        admitted.CeremonyDate.ShouldBe(new LocalDate(2025, 2, 3));
        var entry = AuditEntry.From(stored);
        entry.RecordedBy.UserName.ShouldBe("staff");
        entry.RecordedBy.Role.ShouldBe("OrganisationStaff");
        entry.DecisionReference.ShouldNotBeNull().ShouldContain("-QĐ/ĐU");
        var page = await staff.GetTextAsync($"/members/{id}");
        page.ShouldContain("NGUYỄN VĂN THÀNH");
        page.ShouldContain("Dự bị");
    }

    [Fact]
    public async Task recognising_before_the_12_months_is_refused_and_after_them_is_official_from_their_end()
    {
        var staff = await app.SignInAsync("staff");
        var early = await AdmitAsync(staff, "Trần Thị Hoa", ceremony: Today.PlusMonths(-11));
        var due = await AdmitAsync(staff, "Lê Văn Bình", ceremony: new LocalDate(2023, 12, 20));

        var refused = await PostAsync(staff, early, "probation", "Recognise", new() { ["DecisionNumber"] = "12-QĐ/ĐU", ["DecisionDate"] = "2025-03-01" });
        var recognised = await PostAsync(staff, due, "probation", "Recognise", new() { ["DecisionNumber"] = "13-QĐ/ĐU", ["DecisionDate"] = "2025-02-27" });

        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Chưa hết 12 tháng dự bị");
        recognised.StatusCode.ShouldBe(HttpStatusCode.Redirect, await recognised.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        var official = (await session.Events.FetchStreamAsync(due))[^1].Data.ShouldBeOfType<MemberRecognisedOfficial>();
        // Recorded in 2025, official from the end of the 12 months in 2024.
        official.EffectiveDate.ShouldBe(new LocalDate(2024, 12, 20));
        (await session.LoadAsync<Member>(due))!.Status.ShouldBe(MembershipStatus.Official);
        (await session.Events.FetchStreamStateAsync(early))!.Version.ShouldBe(1);
    }

    [Fact]
    public async Task a_probationary_member_cannot_be_expelled_and_a_deceased_one_cannot_be_disciplined()
    {
        var staff = await app.SignInAsync("staff");
        var probationary = await AdmitAsync(staff, "Phạm Văn Long", ceremony: Today.PlusMonths(-2));
        var deceased = await AdmitAsync(staff, "Hoàng Thị Mai", ceremony: Today.PlusMonths(-3));
        (await PostAsync(staff, deceased, "end", "Death", new() { ["DateOfDeath"] = "2025-02-20" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var expel = await PostAsync(staff, probationary, "discipline", "Impose", new() { ["Kind"] = "Expulsion", ["DisciplineId"] = Guid.NewGuid().ToString(), ["DecisionNumber"] = "5-QĐ/UBKT", ["DecisionDate"] = "2025-02-25", ["Reason"] = "Vi phạm" });
        var discipline = await PostAsync(staff, deceased, "discipline", "Impose", new() { ["Kind"] = "Reprimand", ["DisciplineId"] = Guid.NewGuid().ToString(), ["DecisionNumber"] = "6-QĐ/UBKT", ["DecisionDate"] = "2025-02-25", ["Reason"] = "Vi phạm" });

        (await expel.Content.ReadAsStringAsync()).ShouldContain("Đảng viên dự bị chỉ bị khiển trách hoặc cảnh cáo");
        (await discipline.Content.ReadAsStringAsync()).ShouldContain("Đảng viên đã từ trần");
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(probationary))!.Version.ShouldBe(1);
    }

    [Fact]
    public async Task a_stale_form_fails_with_who_changed_the_record()
    {
        var staff = await app.SignInAsync("staff");
        var admin = await app.SignInAsync("admin");
        var id = await AdmitAsync(staff, "Vũ Đức Hải", ceremony: Today.PlusMonths(-1));

        (await PostAsync(admin, id, "card", null, new() { ["ExpectedVersion"] = "1", ["CardNumber"] = "HN-STALE-1", ["IssueDate"] = "2025-02-28" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stale = await PostAsync(staff, id, "card", null, new() { ["ExpectedVersion"] = "1", ["CardNumber"] = "HN-STALE-2", ["IssueDate"] = "2025-02-28" });

        stale.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await stale.Content.ReadAsStringAsync()).ShouldContain("Quản trị hệ thống");
        await using var session = app.Store.QuerySession();
        (await session.LoadAsync<Member>(id))!.CardNumber.ShouldBe("HN-STALE-1");
    }

    [Fact]
    public async Task staff_of_another_unit_can_neither_see_nor_change_a_member()
    {
        var staff = await app.SignInAsync("staff");
        var other = await app.SignInAsync("staff2");
        var id = await AdmitAsync(staff, "Đỗ Thị Lan", ceremony: Today.PlusMonths(-1));

        var page = await other.GetAsync($"/members/{id}");
        var form = await other.GetAsync($"/members/{id}/card");
        var list = await other.GetTextAsync("/members?q=" + Uri.EscapeDataString("do thi lan"));
        var filtered = await other.GetTextAsync("/members?unit=" + DemoUnits.BaDinh.Code);
        var forged = await staff.PostFormAsync($"/members/{id}/card", $"/members/{id}/card", new Dictionary<string, string> { ["ExpectedVersion"] = "1", ["CardNumber"] = "X1", ["IssueDate"] = "2025-02-28" });
        var admitElsewhere = await staff.PostFormAsync("/members/admit", "/members/admit", AdmitFields("Ngô Văn Nam", HoanKiemCell.Code, Today.PlusMonths(-1)));

        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/forbidden");
        form.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        list.ShouldNotContain("ĐỖ THỊ LAN");
        filtered.ShouldContain("Bạn không có quyền");
        forged.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        admitElsewhere.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await admitElsewhere.Content.ReadAsStringAsync()).ShouldContain("Bạn không có quyền");
    }

    [Fact]
    public async Task the_list_finds_names_without_diacritics_sorts_by_given_name_and_exports()
    {
        var staff = await app.SignInAsync("staff");
        var cell = DemoUnits.ChildrenOf(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh).OrganisationId).Last(u => u.Kind == OrganisationKind.Cell);
        await AdmitAsync(staff, "Nguyễn Văn Ánh", ceremony: Today.PlusMonths(-1), cellCode: cell.Code);
        await AdmitAsync(staff, "Trần Thị An", ceremony: Today.PlusMonths(-1), cellCode: cell.Code);
        await AdmitAsync(staff, "=cmd|' /C calc'!A0", ceremony: Today.PlusMonths(-1), cellCode: cell.Code);

        var search = await staff.GetTextAsync("/members?q=" + Uri.EscapeDataString("nguyen van anh"));
        var inCell = await staff.GetTextAsync("/members?unit=" + cell.Code);
        var csv = await (await staff.GetAsync($"/members/export?unit={cell.Code}&format=csv")).Content.ReadAsStringAsync();
        var xlsx = await staff.GetAsync($"/members/export?unit={cell.Code}&format=xlsx");

        search.ShouldContain("NGUYỄN VĂN ÁNH");
        inCell.IndexOf("TRẦN THỊ AN", StringComparison.Ordinal).ShouldBeLessThan(inCell.IndexOf("NGUYỄN VĂN ÁNH", StringComparison.Ordinal));
        csv.ShouldContain("Họ và tên");
        csv.ShouldContain("TRẦN THỊ AN");
        csv.ShouldContain("'=CMD");
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await xlsx.Content.ReadAsByteArrayAsync())[..2].ShouldBe("PK"u8.ToArray());
    }

    [Fact]
    public async Task the_worklist_shows_who_is_due_for_recognition_with_the_working_day_limit()
    {
        var staff = await app.SignInAsync("staff");
        await AdmitAsync(staff, "Bùi Quang Huy", ceremony: new LocalDate(2024, 1, 15));

        var worklist = await staff.GetTextAsync("/members/worklists");

        worklist.ShouldContain("BÙI QUANG HUY");
        // 12 months end on 15/01/2025; 30 working days later, after the Tết holidays, is 05/03/2025.
        worklist.ShouldContain("15/01/2025");
        worklist.ShouldContain("05/03/2025");
    }

    [Fact]
    public async Task merging_a_cell_moves_its_members_on_their_own_streams()
    {
        var admin = await app.SignInAsync("admin");
        var grassroots = DemoUnits.GrassrootsUnder(DemoUnits.District("Long Biên"));
        var cells = DemoUnits.ChildrenOf(grassroots.OrganisationId).Where(u => u.Kind == OrganisationKind.Cell).ToList();
        var id = await AdmitAsync(admin, "Đinh Văn Sơn", ceremony: Today.PlusMonths(-1), cellCode: cells[0].Code);

        var merge = await admin.PostFormAsync($"/organisations/{cells[0].OrganisationId}/merge", $"/organisations/{cells[0].OrganisationId}/merge", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["TargetCode"] = cells[1].Code,
            ["EffectiveDate"] = "2025-02-28",
        });

        merge.StatusCode.ShouldBe(HttpStatusCode.Redirect, await merge.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        var moved = (await session.Events.FetchStreamAsync(id))[^1].Data.ShouldBeOfType<MemberCellChanged>();
        moved.ToCellId.ShouldBe(cells[1].OrganisationId);
        moved.Cause.ShouldBe(CellChangeCause.CellMerged);
        var member = (await session.LoadAsync<Member>(id))!;
        member.CellOn(new LocalDate(2025, 2, 27)).ShouldBe(cells[0].OrganisationId);
        member.CellOn(new LocalDate(2025, 2, 28)).ShouldBe(cells[1].OrganisationId);
        (await admin.GetTextAsync($"/members/{id}")).ShouldContain("Chi bộ hợp nhất");
    }

    [Fact]
    public async Task admitting_someone_registered_in_another_district_is_refused_without_saying_who_or_where()
    {
        var staff = await app.SignInAsync("staff");
        var other = await app.SignInAsync("staff2");
        var first = AdmitFields("Phan Văn Kín", BaDinhCell.Code, Today.PlusMonths(-1));
        (await staff.PostFormAsync("/members/admit", "/members/admit", first)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var again = AdmitFields("Phan Văn Lộ", HoanKiemCell.Code, Today.PlusMonths(-1));
        again["CitizenId"] = first["CitizenId"];
        var inScope = AdmitFields("Phan Văn Lộ", BaDinhCell.Code, Today.PlusMonths(-1));
        inScope["CitizenId"] = first["CitizenId"];

        var outside = await other.PostFormAsync("/members/admit", "/members/admit", again);
        var inside = await staff.PostFormAsync("/members/admit", "/members/admit", inScope);

        outside.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var outsideError = FormError(await outside.Content.ReadAsStringAsync());
        outsideError.ShouldNotBeEmpty();
        outsideError.ShouldNotContain("PHAN VĂN KÍN");
        outsideError.ShouldNotContain(BaDinhCell.Name);
        // Not even whether the person is a member now or was one before.
        System.Net.WebUtility.HtmlDecode(outsideError).ShouldContain(app.Text("Register.PersonInRegister"));
        inside.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        FormError(await inside.Content.ReadAsStringAsync()).ShouldContain("PHAN VĂN KÍN");
    }

    [Fact]
    public async Task an_arrival_from_outside_the_city_of_someone_registered_in_another_district_does_not_name_them()
    {
        var staff = await app.SignInAsync("staff");
        var other = await app.SignInAsync("staff2");
        var first = AdmitFields("Lương Thị Nhàn", BaDinhCell.Code, Today.PlusMonths(-1));
        (await staff.PostFormAsync("/members/admit", "/members/admit", first)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var day = Today.PlusDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var arrival = new Dictionary<string, string>
        {
            ["NewMemberId"] = Guid.NewGuid().ToString(), ["FromOrganisation"] = "Đảng bộ tỉnh Nam Định", ["FromProvince"] = "Nam Định",
            ["LetterNumber"] = "15-GGT/TU", ["LetterDate"] = day, ["CellCode"] = HoanKiemCell.Code, ["ReceivedOn"] = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["FullName"] = "Lương Thị Nhàn", ["Sex"] = "Female", ["DateOfBirth"] = "1990-05-06", ["CitizenId"] = first["CitizenId"],
            ["DecisionNumber"] = "9-QĐ/ĐU", ["DecisionDate"] = "2015-05-06", ["CeremonyDate"] = "2015-05-19",
        };

        var response = await other.PostFormAsync("/transfers/arrival", "/transfers/arrival", arrival);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var error = FormError(await response.Content.ReadAsStringAsync());
        error.ShouldNotBeEmpty();
        error.ShouldNotContain("LƯƠNG THỊ NHÀN");
        error.ShouldNotContain(BaDinhCell.Name);
        System.Net.WebUtility.HtmlDecode(error).ShouldContain(app.Text("Register.PersonInRegister"));
    }

    [Fact]
    public async Task editors_and_approvers_get_neither_the_member_list_nor_its_export_nor_a_member_page()
    {
        var staff = await app.SignInAsync("staff");
        var id = await AdmitAsync(staff, "Tạ Văn Mười", ceremony: Today.PlusMonths(-1));
        var before = await ExportRecordsAsync();

        foreach (var username in new[] { "editor", "approver" })
        {
            var session = await app.SignInAsync(username);
            foreach (var url in new[] { "/members/export?format=csv&status=All", "/members", $"/members/{id}", "/members/worklists", "/transfers" })
            {
                var response = await session.GetAsync(url);
                response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{username} {url}");
                response.Headers.Location!.ToString().ShouldContain("/forbidden", customMessage: $"{username} {url}");
            }

            (await session.GetTextAsync("/")).ShouldNotContain("href=\"/members\"");
        }

        (await ExportRecordsAsync()).Count.ShouldBe(before.Count);
    }

    [Fact]
    public async Task staff_and_the_auditor_see_citizen_ids_and_every_export_is_recorded_for_the_auditor_to_read()
    {
        var staff = await app.SignInAsync("staff");
        var auditor = await app.SignInAsync("auditor");
        var fields = AdmitFields("Kiều Thị Xuân", BaDinhCell.Code, Today.PlusMonths(-1));
        var admitted = await staff.PostFormAsync("/members/admit", "/members/admit", fields);
        admitted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = admitted.Headers.Location!.ToString().Split('/')[^1];

        var csv = await (await staff.GetAsync($"/members/export?unit={BaDinhCell.Code}&format=csv&status=All")).Content.ReadAsStringAsync();
        var page = await auditor.GetTextAsync($"/members/{id}");
        var audit = await auditor.GetTextAsync("/audit/exports");

        csv.ShouldContain(fields["CitizenId"]);
        page.ShouldContain(fields["CitizenId"]);
        var record = (await ExportRecordsAsync())[^1];
        (record.UserName, record.Format, record.Dataset).ShouldBe(("staff", "csv", "members"));
        record.UnitIds.ShouldBe([BaDinhCell.OrganisationId]);
        record.Rows.ShouldBe(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
        record.Filters.ShouldContain("status=All");
        audit.ShouldContain($"data-export=\"{record.ExportId}\"");
        (await staff.GetAsync("/audit/exports")).Headers.Location!.ToString().ShouldContain("/forbidden");
    }

    [Fact]
    public async Task staff_of_another_district_cannot_export_outside_their_scope()
    {
        var staff = await app.SignInAsync("staff");
        var other = await app.SignInAsync("staff2");
        var fields = AdmitFields("Mạc Văn Tuấn", BaDinhCell.Code, Today.PlusMonths(-1));
        (await staff.PostFormAsync("/members/admit", "/members/admit", fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = await ExportRecordsAsync();

        var narrowed = await other.GetAsync($"/members/export?unit={BaDinhCell.Code}&format=csv&status=All");
        var whole = await (await other.GetAsync("/members/export?format=csv&status=All")).Content.ReadAsStringAsync();

        narrowed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        narrowed.Headers.Location!.ToString().ShouldContain("/forbidden");
        whole.ShouldNotContain(fields["CitizenId"]);
        var records = await ExportRecordsAsync();
        records.Count.ShouldBe(before.Count + 1);
        records[^1].UnitIds.ShouldBe([DemoUnits.HoanKiem.OrganisationId]);
    }

    private async Task<IReadOnlyList<Domain.Audit.PersonalDataExported>> ExportRecordsAsync()
    {
        await using var session = app.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.EventTypesAre(typeof(Domain.Audit.PersonalDataExported))).OrderBy(e => e.Sequence).ToListAsync();
        return [.. events.Select(e => (Domain.Audit.PersonalDataExported)e.Data)];
    }

    private static string FormError(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"form-error\"[^>]*>(.*?)</", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;

    private async Task<Guid> AdmitAsync(WebSession session, string name, LocalDate ceremony, string? cellCode = null)
    {
        var response = await session.PostFormAsync("/members/admit", "/members/admit", AdmitFields(name, cellCode ?? BaDinhCell.Code, ceremony));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return Guid.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private static Dictionary<string, string> AdmitFields(string name, string cellCode, LocalDate ceremony)
    {
        var serial = Interlocked.Increment(ref _serial);
        return new Dictionary<string, string>
        {
            ["NewMemberId"] = Guid.NewGuid().ToString(),
            ["FullName"] = name,
            ["Sex"] = "Male",
            ["DateOfBirth"] = "1990-05-06",
            ["CitizenId"] = string.Create(CultureInfo.InvariantCulture, $"00109{serial:D7}"),
            ["CellCode"] = cellCode,
            ["DecisionNumber"] = $"{serial}-QĐ/ĐU",
            ["DecisionDate"] = ceremony.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["CeremonyDate"] = ceremony.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    private static async Task<HttpResponseMessage> PostAsync(WebSession session, Guid id, string form, string? handler, Dictionary<string, string> fields)
    {
        var url = $"/members/{id}/{form}";
        return await session.PostFormAsync(url, handler is null ? url : $"{url}?handler={handler}", fields);
    }
}
