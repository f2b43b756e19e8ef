using System.Globalization;
using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Transfers;

/// <summary>
/// Transfers through the screens, on a clock fixed at Monday 3 March 2025: a Ba Đình member ("staff")
/// sent to a Hoàn Kiếm cell ("staff2"), seen on both units' lists, received, refused or cancelled;
/// stale forms and simultaneous receipts; transfers out of the city and temporary ones.
/// </summary>
public sealed class TransferTests(TransferTests.Fixture app) : IClassFixture<TransferTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-03-03T02:00:00Z";
    }

    private static readonly LocalDate Today = new(2025, 3, 3);
    private static readonly OrganisationCreated BaDinhCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));
    private static readonly OrganisationCreated HoanKiemCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));
    private static int _serial;

    [Fact]
    public async Task a_transfer_issued_from_the_member_page_is_outgoing_for_the_sender_incoming_for_the_receiver_and_moves_the_member_on_receipt()
    {
        var staff = await app.SignInAsync("staff");
        var staff2 = await app.SignInAsync("staff2");
        var member = await AdmitAsync(staff, "Nguyễn Văn Chuyển");
        (await staff.GetTextAsync($"/members/{member}")).ShouldContain($"/members/{member}/transfer");

        var transfer = await IssueAsync(staff, member, HoanKiemCell.Code, letterDate: new LocalDate(2025, 2, 20));

        var outgoing = await staff.GetTextAsync("/transfers?view=Outgoing");
        var incoming = await staff2.GetTextAsync("/transfers?view=Incoming");
        var inTransit = await staff2.GetTextAsync("/transfers?view=InTransit");
        outgoing.ShouldContain("NGUYỄN VĂN CHUYỂN");
        outgoing.ShouldContain($"/transfers/{transfer}");
        incoming.ShouldContain("NGUYỄN VĂN CHUYỂN");
        inTransit.ShouldContain("NGUYỄN VĂN CHUYỂN");
        (await staff2.GetTextAsync("/transfers?view=Outgoing")).ShouldNotContain("NGUYỄN VĂN CHUYỂN");
        (await staff.GetTextAsync("/transfers?view=Incoming")).ShouldNotContain("NGUYỄN VĂN CHUYỂN");
        // The receiving side sees the member in transit but not in its roll, by the counting rule.
        (await staff2.GetTextAsync("/transfers/" + transfer)).ShouldContain("Tiếp nhận đảng viên");

        var received = await ReceiveAsync(staff2, transfer, expectedVersion: 1);

        received.StatusCode.ShouldBe(HttpStatusCode.Redirect, await received.Content.ReadAsStringAsync());
        received.Headers.Location!.ToString().ShouldBe($"/transfers/{transfer}");
        await using var session = app.Store.QuerySession();
        var moved = (await session.LoadAsync<Member>(member))!;
        moved.CellId.ShouldBe(HoanKiemCell.OrganisationId);
        moved.CellOn(Today.PlusDays(-1)).ShouldBe(BaDinhCell.OrganisationId);
        moved.CellOn(Today).ShouldBe(HoanKiemCell.OrganisationId);
        var transferEvents = await session.Events.FetchStreamAsync(transfer);
        var issued = AuditEntry.From(transferEvents[0]);
        issued.RecordedBy.UserName.ShouldBe("staff");
        issued.Reason.ShouldBe("Chuyển nơi cư trú");
        issued.DecisionReference.ShouldNotBeNull().ShouldContain("GGT/QU");
        var receipt = AuditEntry.From(transferEvents[^1]);
        receipt.Data.ShouldBeOfType<TransferReceived>().ReceivedOn.ShouldBe(Today);
        receipt.RecordedBy.UserName.ShouldBe("staff2");
        receipt.RecordedBy.Role.ShouldBe("OrganisationStaff");
        var memberMove = AuditEntry.From((await session.Events.FetchStreamAsync(member))[^1]);
        memberMove.Data.ShouldBeOfType<MemberTransferred>().TransferId.ShouldBe(transfer);
        memberMove.RecordedBy.UserName.ShouldBe("staff2");

        (await staff.GetTextAsync("/transfers?view=Outgoing")).ShouldContain("Đã tiếp nhận");
        (await staff2.GetTextAsync("/transfers?view=Incoming")).ShouldContain("Đã tiếp nhận");
        (await staff2.GetTextAsync("/transfers?view=InTransit")).ShouldNotContain("NGUYỄN VĂN CHUYỂN");
        var details = await staff.GetTextAsync("/transfers/" + transfer);
        details.ShouldContain("Đã tiếp nhận ngày 03/03/2025");
        details.ShouldContain("Trần Văn Minh");
        (await staff2.GetTextAsync($"/members/{member}")).ShouldContain("Chuyển sinh hoạt chính thức từ");
    }

    [Fact]
    public async Task staff_of_the_sending_unit_cannot_receive_and_nothing_is_appended()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Trần Văn Gửi");
        var transfer = await IssueAsync(staff, member, HoanKiemCell.Code);

        var forged = await ReceiveAsync(staff, transfer, expectedVersion: 1);
        var page = await staff.GetTextAsync("/transfers/" + transfer);

        forged.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        forged.Headers.Location!.ToString().ShouldContain("/forbidden");
        page.ShouldNotContain("data-testid=\"receive-form\"");
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(transfer))!.Version.ShouldBe(1);
        (await session.LoadAsync<Member>(member))!.CellId.ShouldBe(BaDinhCell.OrganisationId);
    }

    [Fact]
    public async Task the_sender_cancels_and_a_receive_form_opened_before_fails_with_who_cancelled()
    {
        var staff = await app.SignInAsync("staff");
        var staff2 = await app.SignInAsync("staff2");
        var member = await AdmitAsync(staff, "Lê Thị Hủy");
        var transfer = await IssueAsync(staff, member, HoanKiemCell.Code);

        var cancelled = await staff.PostFormAsync($"/transfers/{transfer}", $"/transfers/{transfer}?handler=Cancel", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["On"] = "2025-03-03",
            ["Reason"] = "Đảng viên không chuyển nữa",
        });
        var stale = await ReceiveAsync(staff2, transfer, expectedVersion: 1);

        cancelled.StatusCode.ShouldBe(HttpStatusCode.Redirect, await cancelled.Content.ReadAsStringAsync());
        stale.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var message = await stale.Content.ReadAsStringAsync();
        message.ShouldContain("Nguyễn Thị Lan");
        message.ShouldContain("sau khi bạn mở biểu mẫu");
        await using var session = app.Store.QuerySession();
        (await session.LoadAsync<Transfer>(transfer))!.Status.ShouldBe(TransferStatus.Cancelled);
        (await session.LoadAsync<Member>(member))!.CellId.ShouldBe(BaDinhCell.OrganisationId);
        (await session.Events.FetchStreamAsync(member)).ShouldNotContain(e => e.Data is MemberTransferred);
    }

    [Fact]
    public async Task eight_simultaneous_receipts_of_one_transfer_record_it_once_and_the_others_see_who_did()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Phạm Văn Đồng Thời");
        var transfer = await IssueAsync(staff, member, HoanKiemCell.Code);
        var receivers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => app.SignInAsync(i % 2 == 0 ? "staff2" : "admin")));

        var responses = await Task.WhenAll(receivers.Select(r => ReceiveAsync(r, transfer, expectedVersion: 1)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Redirect).ShouldBe(1);
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Redirect).ToList();
        refused.Count.ShouldBe(7);
        foreach (var response in refused)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var html = await response.Content.ReadAsStringAsync();
            (html.Contains("sau khi bạn mở biểu mẫu", StringComparison.Ordinal) || html.Contains("không còn đang chờ tiếp nhận", StringComparison.Ordinal))
                .ShouldBeTrue($"a refused receipt says someone else changed it: {System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"form-error\">([^<]*)").Groups[1].Value}");
        }

        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(transfer)).Count(e => e.Data is TransferReceived).ShouldBe(1);
        (await session.Events.FetchStreamAsync(member)).Count(e => e.Data is MemberTransferred).ShouldBe(1);
        (await session.LoadAsync<Member>(member))!.CellId.ShouldBe(HoanKiemCell.OrganisationId);
    }

    [Fact]
    public async Task two_transfer_letters_for_one_member_sent_at_once_to_two_cells_open_one_transfer()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Đinh Văn Hai Thư");
        var otherCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.District("Tây Hồ")));
        var url = $"/members/{member}/transfer";

        var (first, second) = await AtTheSameMoment.PostAsync(
            new(staff, url, url + "?handler=Official", IssueFields(Guid.NewGuid(), new() { ["ToCellCode"] = HoanKiemCell.Code })),
            new(staff, url, url + "?handler=Official", IssueFields(Guid.NewGuid(), new() { ["ToCellCode"] = otherCell.Code })));

        await OneLetterIsIssuedAsync(member, first, second);
    }

    [Fact]
    public async Task an_official_and_a_temporary_letter_sent_at_once_open_one_transfer()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Đinh Thị Hai Loại");
        var url = $"/members/{member}/transfer";

        var (official, temporary) = await AtTheSameMoment.PostAsync(
            new(staff, url, url + "?handler=Official", IssueFields(Guid.NewGuid(), new() { ["ToCellCode"] = HoanKiemCell.Code })),
            new(staff, url, url + "?handler=Temporary", IssueFields(Guid.NewGuid(), new() { ["HostCellCode"] = HoanKiemCell.Code, ["From"] = "2025-03-03", ["Until"] = "2025-09-03" })));

        await OneLetterIsIssuedAsync(member, official, temporary);
    }

    [Fact]
    public async Task a_temporary_letter_for_a_member_in_transit_is_refused()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Đinh Văn Đang Đi");
        await IssueAsync(staff, member, HoanKiemCell.Code);

        var temporary = await TransferForm.PostAsync(staff, member, "Temporary", IssueFields(Guid.NewGuid(), new() { ["HostCellCode"] = HoanKiemCell.Code, ["From"] = "2025-03-03", ["Until"] = "2025-09-03" }, expectedVersion: 2));

        temporary.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await temporary.Content.ReadAsStringAsync()).ShouldContain(Texts.Vi("Transfer.AlreadyInTransit"));
    }

    /// <summary>One letter recorded (a redirect), the other refused (422) naming who issued the first; one open transfer in the store.</summary>
    private async Task OneLetterIsIssuedAsync(Guid member, HttpResponseMessage first, HttpResponseMessage second)
    {
        var answers = new[] { first, second };
        answers.Count(r => r.StatusCode == HttpStatusCode.Redirect).ShouldBe(1, string.Join(", ", answers.Select(r => (int)r.StatusCode)));
        var refused = answers.Single(r => r.StatusCode != HttpStatusCode.Redirect);
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = await refused.Content.ReadAsStringAsync();
        var said = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"form-error\">([^<]*)").Groups[1].Value;
        (html.Contains(Texts.Vi("Transfer.IssuedMeanwhile").Split('{')[0], StringComparison.Ordinal)
            || html.Contains(Texts.Vi("Transfer.AlreadyInTransit"), StringComparison.Ordinal)).ShouldBeTrue($"the refusal says a transfer is open: {said}");
        await using var session = app.Store.QuerySession();
        var open = await session.Query<Transfer>().Where(t => t.MemberId == member && (t.Status == TransferStatus.InTransit || t.Status == TransferStatus.Active)).ToListAsync();
        open.Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_refusal_needs_a_reason_and_leaves_the_member_in_the_sending_cell()
    {
        var staff = await app.SignInAsync("staff");
        var staff2 = await app.SignInAsync("staff2");
        var member = await AdmitAsync(staff, "Vũ Thị Từ Chối");
        var transfer = await IssueAsync(staff, member, HoanKiemCell.Code);

        var withoutReason = await RefuseAsync(staff2, transfer, "");
        var refused = await RefuseAsync(staff2, transfer, "Chi bộ không đủ điều kiện tiếp nhận");

        withoutReason.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await withoutReason.Content.ReadAsStringAsync()).ShouldContain("Cần nhập lý do");
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect, await refused.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        var stored = (await session.LoadAsync<Transfer>(transfer))!;
        stored.Status.ShouldBe(TransferStatus.Refused);
        stored.ClosingReason.ShouldBe("Chi bộ không đủ điều kiện tiếp nhận");
        (await session.LoadAsync<Member>(member))!.CellId.ShouldBe(BaDinhCell.OrganisationId);
        (await staff.GetTextAsync("/transfers/" + transfer)).ShouldContain("Từ chối tiếp nhận: Chi bộ không đủ điều kiện tiếp nhận");
    }

    [Fact]
    public async Task a_transfer_to_the_members_own_cell_is_refused_and_sending_the_form_twice_issues_one()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Đỗ Văn Trùng");
        var transferId = Guid.NewGuid();

        var sameCell = await TransferForm.PostAsync(staff, member, "Official", IssueFields(transferId, new() { ["ToCellCode"] = BaDinhCell.Code }));
        var first = await TransferForm.PostAsync(staff, member, "Official", IssueFields(transferId, new() { ["ToCellCode"] = HoanKiemCell.Code }));
        var second = await TransferForm.PostAsync(staff, member, "Official", IssueFields(transferId, new() { ["ToCellCode"] = HoanKiemCell.Code }));

        sameCell.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await sameCell.Content.ReadAsStringAsync()).ShouldContain("Chi bộ chuyển đến trùng với chi bộ hiện tại của đảng viên");
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync());
        second.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await second.Content.ReadAsStringAsync()).ShouldContain("đã được ghi nhận");
        await using var session = app.Store.QuerySession();
        (await session.Query<Transfer>().CountAsync(t => t.MemberId == member)).ShouldBe(1);
    }

    [Fact]
    public async Task a_transfer_out_of_the_city_takes_the_member_off_the_current_list()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Hoàng Văn Ra Đi");

        var issued = await TransferForm.PostAsync(staff, member, "Out", IssueFields(Guid.NewGuid(), new() { ["OrganisationName"] = "Đảng bộ phường Hạc Thành", ["Province"] = "Thanh Hóa" }));

        issued.StatusCode.ShouldBe(HttpStatusCode.Redirect, await issued.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        (await session.LoadAsync<Member>(member))!.Status.ShouldBe(MembershipStatus.TransferredOut);
        (await staff.GetTextAsync("/members?unit=" + BaDinhCell.Code)).ShouldNotContain("HOÀNG VĂN RA ĐI");
        var outgoing = await staff.GetTextAsync("/transfers?view=Outgoing");
        outgoing.ShouldContain("HOÀNG VĂN RA ĐI");
        outgoing.ShouldContain("Thanh Hóa");
    }

    [Fact]
    public async Task a_temporary_transfer_is_hosted_for_the_host_away_for_the_home_unit_and_the_home_cell_keeps_counting()
    {
        var staff = await app.SignInAsync("staff");
        var staff2 = await app.SignInAsync("staff2");
        var member = await AdmitAsync(staff, "Bùi Thị Tạm Thời");

        var issued = await TransferForm.PostAsync(staff, member, "Temporary", IssueFields(Guid.NewGuid(), new()
        {
            ["HostCellCode"] = HoanKiemCell.Code,
            ["From"] = "2025-03-03",
            ["Until"] = "2025-09-03",
        }));

        issued.StatusCode.ShouldBe(HttpStatusCode.Redirect, await issued.Content.ReadAsStringAsync());
        (await staff2.GetTextAsync("/transfers?view=Hosted")).ShouldContain("BÙI THỊ TẠM THỜI");
        (await staff.GetTextAsync("/transfers?view=Away")).ShouldContain("BÙI THỊ TẠM THỜI");
        (await staff.GetTextAsync("/transfers?view=Hosted")).ShouldNotContain("BÙI THỊ TẠM THỜI");
        (await staff2.GetTextAsync("/transfers?view=Away")).ShouldNotContain("BÙI THỊ TẠM THỜI");
        await using var session = app.Store.QuerySession();
        var stored = (await session.LoadAsync<Member>(member))!;
        stored.CellId.ShouldBe(BaDinhCell.OrganisationId);
        stored.CellOn(Today).ShouldBe(BaDinhCell.OrganisationId);
        stored.HostCellId.ShouldBe(HoanKiemCell.OrganisationId);
    }

    [Fact]
    public async Task the_list_narrows_to_a_unit_in_scope_and_refuses_one_outside_it()
    {
        var staff = await app.SignInAsync("staff");
        var staff2 = await app.SignInAsync("staff2");
        var member = await AdmitAsync(staff, "Ngô Thị Lọc");
        await IssueAsync(staff, member, HoanKiemCell.Code);

        var inCell = await staff2.GetTextAsync($"/transfers?view=Incoming&unit={HoanKiemCell.Code}");
        var otherDistrict = await staff2.GetTextAsync($"/transfers?view=Incoming&unit={BaDinhCell.Code}");
        var fragment = await staff2.GetAsync($"/transfers?view=Incoming&unit={HoanKiemCell.Code}", htmx: true, target: "transfer-rows");

        inCell.ShouldContain("NGÔ THỊ LỌC");
        otherDistrict.ShouldContain("Bạn không có quyền");
        otherDistrict.ShouldNotContain("NGÔ THỊ LỌC");
        var html = await fragment.Content.ReadAsStringAsync();
        html.ShouldStartWith("<div id=\"transfer-rows\">");
        html.ShouldContain("NGÔ THỊ LỌC");
    }

    [Fact]
    public async Task a_transfer_past_its_due_date_is_listed_as_overdue_and_either_side_records_a_follow_up()
    {
        var staff = await app.SignInAsync("staff");
        var staff2 = await app.SignInAsync("staff2");
        var member = await AdmitAsync(staff, "Lý Văn Quá Hạn");
        // 30 working days from 2 January 2025, with the Tết holidays off, end before 3 March.
        var transfer = await IssueAsync(staff, member, HoanKiemCell.Code, letterDate: new LocalDate(2025, 1, 2));

        var overdue = await staff2.GetTextAsync("/transfers?view=Overdue");
        var followUp = await FollowUpAsync(staff2, transfer, "Đã gọi điện nhắc đảng viên");

        overdue.ShouldContain("LÝ VĂN QUÁ HẠN");
        overdue.ShouldContain("data-testid=\"overdue\"");
        (await staff.GetTextAsync("/transfers?view=Overdue")).ShouldContain("LÝ VĂN QUÁ HẠN");
        followUp.StatusCode.ShouldBe(HttpStatusCode.Redirect, await followUp.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        (await session.LoadAsync<Transfer>(transfer))!.FollowUps.ShouldHaveSingleItem().Note.ShouldBe("Đã gọi điện nhắc đảng viên");
        (await staff.GetTextAsync("/transfers/" + transfer)).ShouldContain("Theo dõi, đôn đốc: Đã gọi điện nhắc đảng viên");
    }

    [Fact]
    public async Task the_sender_confirms_a_transfer_out_of_the_city_from_the_transfer_page()
    {
        var staff = await app.SignInAsync("staff");
        var transfer = await OpenAsync(staff, "OutOfCity");

        var page = await staff.GetTextAsync("/transfers/" + transfer);
        var confirmed = await ActAsync(staff, transfer, "Receive");

        page.ShouldContain("data-testid=\"receive-form\"");
        confirmed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await confirmed.Content.ReadAsStringAsync());
        confirmed.Headers.Location!.ToString().ShouldBe($"/transfers/{transfer}");
        await using var session = app.Store.QuerySession();
        var stored = (await session.LoadAsync<Transfer>(transfer))!;
        stored.Status.ShouldBe(TransferStatus.Received);
        stored.ReceivedOn.ShouldBe(Today);
        AuditEntry.From((await session.Events.FetchStreamAsync(transfer))[^1]).RecordedBy.UserName.ShouldBe("staff");
    }

    /// <summary>
    /// Each action of the transfer page sent by a user who is not the side that may take it: the
    /// other end of the transfer, or (for actions either end may take) a read-only user who sees both.
    /// </summary>
    [Theory]
    [InlineData("WithinCity", "Receive", "staff")]
    [InlineData("WithinCity", "Refuse", "staff")]
    [InlineData("WithinCity", "Cancel", "staff2")]
    [InlineData("WithinCity", "Cancel", "auditor")]
    [InlineData("OutOfCity", "Receive", "staff2")]
    [InlineData("OutOfCity", "Receive", "auditor")]
    [InlineData("OutOfCity", "Cancel", "staff2")]
    [InlineData("Overdue", "FollowUp", "auditor")]
    [InlineData("Temporary", "Extend", "auditor")]
    [InlineData("Temporary", "EndEarly", "auditor")]
    public async Task an_action_sent_by_a_side_that_may_not_take_it_is_refused_and_nothing_is_recorded(string kind, string handler, string user)
    {
        var staff = await app.SignInAsync("staff");
        var transfer = await OpenAsync(staff, kind);
        var other = await app.SignInAsync(user);
        var before = await RecordedByAsync(transfer, user);

        var response = await ActAsync(other, transfer, handler);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldContain("/forbidden");
        await using var session = app.Store.QuerySession();
        // The scheduled overdue check may append its own mark meanwhile: look for the user's hand only.
        (await RecordedByAsync(transfer, user)).ShouldBe(before);
        var stored = (await session.LoadAsync<Transfer>(transfer))!;
        stored.Status.ShouldBe(kind == "Temporary" ? TransferStatus.Active : TransferStatus.InTransit);
        stored.FollowUps.ShouldBeEmpty();
    }

    private async Task<int> RecordedByAsync(Guid transfer, string user)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(transfer)).Select(AuditEntry.From).Count(e => e.RecordedBy.UserName == user);
    }

    /// <summary>A transfer of a new Ba Đình member issued by <paramref name="staff"/>: official within the city (or overdue), out of the city, or temporary.</summary>
    private async Task<Guid> OpenAsync(WebSession staff, string kind)
    {
        var member = await AdmitAsync(staff, "Trịnh Văn Phía " + kind);
        var transferId = Guid.NewGuid();
        var (handler, fields) = kind switch
        {
            "WithinCity" => ("Official", IssueFields(transferId, new() { ["ToCellCode"] = HoanKiemCell.Code })),
            "Overdue" => ("Official", IssueFields(transferId, new() { ["ToCellCode"] = HoanKiemCell.Code }, new LocalDate(2025, 1, 2))),
            "OutOfCity" => ("Out", IssueFields(transferId, new() { ["OrganisationName"] = "Đảng bộ phường Hạc Thành", ["Province"] = "Thanh Hóa" })),
            "Temporary" => ("Temporary", IssueFields(transferId, new() { ["HostCellCode"] = HoanKiemCell.Code, ["From"] = "2025-03-03", ["Until"] = "2025-09-03" })),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        var issued = await TransferForm.PostAsync(staff, member, handler, fields);
        issued.StatusCode.ShouldBe(HttpStatusCode.Redirect, await issued.Content.ReadAsStringAsync());
        return transferId;
    }

    /// <summary>Sends one action of the transfer page with every field any action needs, on the transfer's current version.</summary>
    private async Task<HttpResponseMessage> ActAsync(WebSession session, Guid transfer, string handler)
    {
        await using var query = app.Store.QuerySession();
        var version = (await query.LoadAsync<Transfer>(transfer))!.Version;
        // The antiforgery token comes from the list, which every side may open (the transfer's page may be forbidden).
        return await session.PostFormAsync("/transfers", $"/transfers/{transfer}?handler={handler}", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = version.ToString(CultureInfo.InvariantCulture),
            ["On"] = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["NewUntil"] = "2025-12-03",
            ["Reason"] = "Lý do thử",
            ["Note"] = "Ghi chú thử",
        });
    }

    private async Task<HttpResponseMessage> FollowUpAsync(WebSession session, Guid transfer, string note)
    {
        HttpResponseMessage response = null!;
        // The scheduled overdue check may mark the transfer at any moment after it is issued, which
        // makes a form opened before it stale: like a user, look again and send once more.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var query = app.Store.QuerySession();
            var version = (await query.LoadAsync<Transfer>(transfer))!.Version;
            response = await session.PostFormAsync($"/transfers/{transfer}", $"/transfers/{transfer}?handler=FollowUp", new Dictionary<string, string>
            {
                ["ExpectedVersion"] = version.ToString(CultureInfo.InvariantCulture),
                ["On"] = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["Note"] = note,
            });
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                break;
            }
        }

        return response;
    }

    private async Task<Guid> AdmitAsync(WebSession session, string name)
    {
        var serial = Interlocked.Increment(ref _serial);
        var response = await session.PostFormAsync("/members/admit", "/members/admit", new Dictionary<string, string>
        {
            ["NewMemberId"] = Guid.NewGuid().ToString(),
            ["FullName"] = name,
            ["Sex"] = "Male",
            ["DateOfBirth"] = "1988-04-12",
            ["CitizenId"] = string.Create(CultureInfo.InvariantCulture, $"00108{serial:D7}"),
            ["CellCode"] = BaDinhCell.Code,
            ["DecisionNumber"] = $"{serial}-QĐ/ĐU",
            ["DecisionDate"] = "2024-06-01",
            ["CeremonyDate"] = "2024-06-01",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return Guid.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private static Dictionary<string, string> IssueFields(Guid transferId, Dictionary<string, string> fields, LocalDate? letterDate = null, int expectedVersion = 1) =>
        TransferForm.Fields(transferId, fields, letterDate ?? Today, expectedVersion);

    private static Task<Guid> IssueAsync(WebSession session, Guid member, string toCellCode, LocalDate? letterDate = null) =>
        TransferForm.IssueOfficialAsync(session, member, toCellCode, letterDate ?? Today);

    private static Task<HttpResponseMessage> ReceiveAsync(WebSession session, Guid transfer, int expectedVersion) =>
        session.PostFormAsync($"/transfers/{transfer}", $"/transfers/{transfer}?handler=Receive", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = expectedVersion.ToString(CultureInfo.InvariantCulture),
            ["On"] = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });

    private static Task<HttpResponseMessage> RefuseAsync(WebSession session, Guid transfer, string reason) =>
        session.PostFormAsync($"/transfers/{transfer}", $"/transfers/{transfer}?handler=Refuse", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["On"] = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Reason"] = reason,
        });
}
