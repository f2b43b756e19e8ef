using System.Globalization;
using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
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
