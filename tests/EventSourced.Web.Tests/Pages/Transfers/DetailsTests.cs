using System.Net;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using Marten.Events;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Transfers;

/// <summary>
/// A transfer's page (<c>/transfers/{id}</c>) and its actions: received, refused or cancelled by the
/// side that may, stale forms and simultaneous receipts, follow-ups, a transfer out of the city confirmed.
/// </summary>
[Collection(TransfersIn2025.Collection)]
public sealed class DetailsTests(TransfersIn2025 app)
{
    private static readonly LocalDate Today = TransfersIn2025.Today;
    private static readonly OrganisationCreated BaDinhCell = AdmissionForm.Cell;
    private static readonly OrganisationCreated HoanKiemCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));

    [Fact]
    public async Task the_receiving_side_is_offered_the_receive_form()
    {
        var (_, transfer) = await IssuedAsync("Nguyễn Văn Mời");
        var staff2 = await app.SignInAsync("staff2");

        (await staff2.GetTextAsync("/transfers/" + transfer)).HasTestId("receive-form").ShouldBeTrue();
    }

    [Fact]
    public async Task receiving_moves_the_member_to_the_receiving_cell_from_the_day_of_receipt()
    {
        var (member, transfer) = await IssuedAsync("Nguyễn Văn Chuyển", letterDate: new LocalDate(2025, 2, 20));
        var staff2 = await app.SignInAsync("staff2");

        var received = await TransferPage.ReceiveAsync(staff2, transfer, expectedVersion: 1, Today);

        received.StatusCode.ShouldBe(HttpStatusCode.Redirect, await received.Content.ReadAsStringAsync());
        received.Headers.Location!.ToString().ShouldBe($"/transfers/{transfer}");
        var moved = await MemberForm.MemberAsync(app, member);
        moved.CellId.ShouldBe(HoanKiemCell.OrganisationId);
        moved.CellOn(Today.PlusDays(-1)).ShouldBe(BaDinhCell.OrganisationId);
        moved.CellOn(Today).ShouldBe(HoanKiemCell.OrganisationId);
    }

    [Fact]
    public async Task a_receipt_is_recorded_on_the_transfer_and_on_the_member_by_the_receiving_staff()
    {
        var (member, transfer) = await IssuedAsync("Nguyễn Văn Nhận");
        var staff2 = await app.SignInAsync("staff2");

        await TransferPage.ReceiveAsync(staff2, transfer, expectedVersion: 1, Today);

        var receipt = (await TransferPage.EventsAsync(app, transfer))[^1];
        receipt.Data.ShouldBeOfType<TransferReceived>().ReceivedOn.ShouldBe(Today);
        receipt.RecordedBy.UserName.ShouldBe("staff2");
        receipt.RecordedBy.Role.ShouldBe("OrganisationStaff");
        var memberMove = (await MemberForm.EventsAsync(app, member))[^1];
        memberMove.Data.ShouldBeOfType<MemberTransferred>().TransferId.ShouldBe(transfer);
        memberMove.RecordedBy.UserName.ShouldBe("staff2");
    }

    [Fact]
    public async Task a_received_transfer_says_on_its_page_when_and_who_received_it()
    {
        var (_, transfer) = await IssuedAsync("Nguyễn Văn Đến");
        var staff = await app.SignInAsync("staff");
        var staff2 = await app.SignInAsync("staff2");
        await TransferPage.ReceiveAsync(staff2, transfer, expectedVersion: 1, Today);

        var receipt = (await staff.GetTextAsync("/transfers/" + transfer)).ElementText("data-event", nameof(TransferReceived));

        receipt.ShouldContain(Texts.Vi("TransferEvent.Received", Today));
        receipt.ShouldContain((await TransferPage.EventsAsync(app, transfer))[^1].RecordedBy.DisplayName!);
    }

    [Fact]
    public async Task staff_of_the_sending_unit_are_not_offered_the_receive_form()
    {
        var (_, transfer) = await IssuedAsync("Trần Văn Gởi");
        var staff = await app.SignInAsync("staff");

        (await staff.GetTextAsync("/transfers/" + transfer)).HasTestId("receive-form").ShouldBeFalse();
    }

    [Fact]
    public async Task a_receipt_sent_by_the_sending_unit_is_refused_and_nothing_is_appended()
    {
        var (member, transfer) = await IssuedAsync("Trần Văn Gửi");
        var staff = await app.SignInAsync("staff");

        var forged = await TransferPage.ReceiveAsync(staff, transfer, expectedVersion: 1, Today);

        forged.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        forged.Headers.Location!.ToString().ShouldContain("/forbidden");
        (await TransferPage.TransferAsync(app, transfer)).Version.ShouldBe(1);
        (await MemberForm.MemberAsync(app, member)).CellId.ShouldBe(BaDinhCell.OrganisationId);
    }

    [Fact]
    public async Task a_receive_form_opened_before_the_sender_cancelled_is_refused_and_says_who_cancelled()
    {
        var (_, transfer) = await IssuedAsync("Lê Thị Hủy");
        var staff = await app.SignInAsync("staff");
        var staff2 = await app.SignInAsync("staff2");
        var cancelled = await TransferPage.CancelAsync(staff, transfer, "Đảng viên không chuyển nữa", Today);
        cancelled.StatusCode.ShouldBe(HttpStatusCode.Redirect, await cancelled.Content.ReadAsStringAsync());

        var stale = await TransferPage.ReceiveAsync(staff2, transfer, expectedVersion: 1, Today);

        stale.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var cancellation = (await TransferPage.EventsAsync(app, transfer))[^1];
        (await stale.Content.ReadAsStringAsync()).ShouldShow(Texts.Vi("Stale.ChangedBy", cancellation.RecordedBy.DisplayName!, Messages.DisplayTime(cancellation.RecordedAt)));
    }

    [Fact]
    public async Task a_cancelled_transfer_leaves_the_member_in_the_sending_cell()
    {
        var (member, transfer) = await IssuedAsync("Lê Thị Thôi");
        var staff = await app.SignInAsync("staff");

        await TransferPage.CancelAsync(staff, transfer, "Đảng viên không chuyển nữa", Today);

        (await TransferPage.TransferAsync(app, transfer)).Status.ShouldBe(TransferStatus.Cancelled);
        (await MemberForm.MemberAsync(app, member)).CellId.ShouldBe(BaDinhCell.OrganisationId);
        (await MemberForm.EventsAsync(app, member)).ShouldNotContain(e => e.Data is MemberTransferred);
    }

    [Fact]
    public async Task eight_simultaneous_receipts_of_one_transfer_record_it_once_and_the_others_see_who_did()
    {
        var (member, transfer) = await IssuedAsync("Phạm Văn Đồng Thời");
        var receivers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => app.SignInAsync(i % 2 == 0 ? "staff2" : "admin")));

        var responses = await Task.WhenAll(receivers.Select(r => TransferPage.ReceiveAsync(r, transfer, expectedVersion: 1, Today)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Redirect).ShouldBe(1);
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Redirect).ToList();
        refused.Count.ShouldBe(7);
        var receipt = (await TransferPage.EventsAsync(app, transfer)).Single(e => e.Data is TransferReceived);
        var saidByEither = new[]
        {
            Texts.Vi("Stale.ChangedBy", receipt.RecordedBy.DisplayName!, Messages.DisplayTime(receipt.RecordedAt)),
            Texts.Vi("Transfer.NotInTransit", TransferStatus.Received),
        };
        foreach (var response in refused)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var said = (await response.Content.ReadAsStringAsync()).TestIdText("form-error");
            saidByEither.ShouldContain(said, $"a refused receipt says someone else changed it: {said}");
        }

        (await MemberForm.EventsAsync(app, member)).Count(e => e.Data is MemberTransferred).ShouldBe(1);
        (await MemberForm.MemberAsync(app, member)).CellId.ShouldBe(HoanKiemCell.OrganisationId);
    }

    [Fact]
    public async Task a_refusal_without_a_reason_is_refused()
    {
        var (_, transfer) = await IssuedAsync("Vũ Thị Chưa Lý Do");
        var staff2 = await app.SignInAsync("staff2");

        var withoutReason = await TransferPage.RefuseAsync(staff2, transfer, "", Today);

        withoutReason.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await withoutReason.Content.ReadAsStringAsync()).ShouldShow(Texts.Vi("Transfer.ReasonRequired"));
        (await TransferPage.TransferAsync(app, transfer)).Status.ShouldBe(TransferStatus.InTransit);
    }

    [Fact]
    public async Task a_refused_transfer_keeps_its_reason_and_leaves_the_member_in_the_sending_cell()
    {
        var (member, transfer) = await IssuedAsync("Vũ Thị Từ Chối");
        var staff2 = await app.SignInAsync("staff2");

        var refused = await TransferPage.RefuseAsync(staff2, transfer, "Chi bộ không đủ điều kiện tiếp nhận", Today);

        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect, await refused.Content.ReadAsStringAsync());
        var stored = await TransferPage.TransferAsync(app, transfer);
        stored.Status.ShouldBe(TransferStatus.Refused);
        stored.ClosingReason.ShouldBe("Chi bộ không đủ điều kiện tiếp nhận");
        (await MemberForm.MemberAsync(app, member)).CellId.ShouldBe(BaDinhCell.OrganisationId);
    }

    [Fact]
    public async Task the_sender_reads_the_reason_for_a_refusal_on_the_transfer_page()
    {
        var (_, transfer) = await IssuedAsync("Vũ Thị Đọc Lý Do");
        var staff = await app.SignInAsync("staff");
        var staff2 = await app.SignInAsync("staff2");
        await TransferPage.RefuseAsync(staff2, transfer, "Chi bộ không đủ điều kiện tiếp nhận", Today);

        var page = await staff.GetTextAsync("/transfers/" + transfer);

        page.ElementText("data-event", nameof(TransferRefused)).ShouldContain(Texts.Vi("TransferEvent.Refused", "Chi bộ không đủ điều kiện tiếp nhận"));
    }

    [Fact]
    public async Task either_side_records_a_follow_up_on_an_overdue_transfer_and_the_page_shows_it()
    {
        var staff = await app.SignInAsync("staff");
        var staff2 = await app.SignInAsync("staff2");
        // 30 working days from 2 January 2025, with the Tết holidays off, end before 3 March.
        var (_, transfer) = await IssuedAsync("Lý Văn Đôn Đốc", letterDate: new LocalDate(2025, 1, 2));

        var followUp = await TransferPage.FollowUpAsync(app, staff2, transfer, "Đã gọi điện nhắc đảng viên", Today);

        followUp.StatusCode.ShouldBe(HttpStatusCode.Redirect, await followUp.Content.ReadAsStringAsync());
        (await TransferPage.TransferAsync(app, transfer)).FollowUps.ShouldHaveSingleItem().Note.ShouldBe("Đã gọi điện nhắc đảng viên");
        (await staff.GetTextAsync("/transfers/" + transfer)).ElementText("data-event", nameof(TransferOverdueFollowUpRecorded))
            .ShouldContain(Texts.Vi("TransferEvent.FollowUp", "Đã gọi điện nhắc đảng viên"));
    }

    [Fact]
    public async Task the_sender_confirms_a_transfer_out_of_the_city_from_the_transfer_page()
    {
        var staff = await app.SignInAsync("staff");
        var transfer = await OpenAsync(staff, "OutOfCity");

        var page = await staff.GetTextAsync("/transfers/" + transfer);
        var confirmed = await TransferPage.ActAsync(app, staff, transfer, "Receive", Today);

        page.HasTestId("receive-form").ShouldBeTrue();
        confirmed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await confirmed.Content.ReadAsStringAsync());
        confirmed.Headers.Location!.ToString().ShouldBe($"/transfers/{transfer}");
        var stored = await TransferPage.TransferAsync(app, transfer);
        stored.Status.ShouldBe(TransferStatus.Received);
        stored.ReceivedOn.ShouldBe(Today);
        (await TransferPage.EventsAsync(app, transfer))[^1].RecordedBy.UserName.ShouldBe("staff");
    }

    [Fact]
    public async Task a_member_received_into_the_cell_hosting_them_is_its_member_and_no_longer_its_guest()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmissionForm.AdmitAsync(staff, "Cao Văn Ở Lại", new LocalDate(2024, 6, 1));
        var hosting = Guid.NewGuid();
        (await TransferForm.PostAsync(staff, member, "Temporary", TransferForm.Fields(hosting, new() { ["HostCellCode"] = HoanKiemCell.Code, ["From"] = "2025-03-03", ["Until"] = "2025-09-03" }, Today)))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var transfer = await TransferForm.IssueOfficialAsync(staff, member, HoanKiemCell.Code, Today, (await MemberForm.MemberAsync(app, member)).Version);

        var received = await TransferPage.ReceiveAsync(await app.SignInAsync("staff2"), transfer, 1, Today);

        received.StatusCode.ShouldBe(HttpStatusCode.Redirect, await received.Content.ReadAsStringAsync());
        var ended = await TransferPage.TransferAsync(app, hosting);
        ended.Status.ShouldBe(TransferStatus.Ended);
        ended.ClosedOn.ShouldBe(Today);
        (await MemberForm.MemberAsync(app, member)).HostCellId.ShouldBeNull();
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var roll = await (await app.SignInAsync("auditor")).GetTextAsync($"/audit/roll?unit={HoanKiemCell.Code}&on=2025-03-03");
        System.Text.RegularExpressions.Regex.Count(roll, $"data-member=\"{member}\"").ShouldBe(1);
        roll.ShouldContain($"data-member=\"{member}\" data-status=\"Probationary\"");
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

        var response = await TransferPage.ActAsync(app, other, transfer, handler, Today);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldContain("/forbidden");
        // The scheduled overdue check may append its own mark meanwhile: look for the user's hand only.
        (await RecordedByAsync(transfer, user)).ShouldBe(before);
        var stored = await TransferPage.TransferAsync(app, transfer);
        stored.Status.ShouldBe(kind == "Temporary" ? TransferStatus.Active : TransferStatus.InTransit);
        stored.FollowUps.ShouldBeEmpty();
    }

    private async Task<int> RecordedByAsync(Guid transfer, string user) =>
        (await TransferPage.EventsAsync(app, transfer)).Count(e => e.RecordedBy.UserName == user);

    /// <summary>A new Ba Đình member and the official transfer "staff" issued for them to the Hoàn Kiếm cell.</summary>
    private async Task<(Guid Member, Guid Transfer)> IssuedAsync(string name, LocalDate? letterDate = null)
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmissionForm.AdmitAsync(staff, name, new LocalDate(2024, 6, 1));
        return (member, await TransferForm.IssueOfficialAsync(staff, member, HoanKiemCell.Code, letterDate ?? Today));
    }

    /// <summary>A transfer of a new Ba Đình member issued by <paramref name="staff"/>: official within the city (or overdue), out of the city, or temporary.</summary>
    private static async Task<Guid> OpenAsync(WebSession staff, string kind)
    {
        var member = await AdmissionForm.AdmitAsync(staff, "Trịnh Văn Phía " + kind, new LocalDate(2024, 6, 1));
        var transferId = Guid.NewGuid();
        var (handler, fields) = kind switch
        {
            "WithinCity" => ("Official", TransferForm.Fields(transferId, new() { ["ToCellCode"] = HoanKiemCell.Code }, Today)),
            "Overdue" => ("Official", TransferForm.Fields(transferId, new() { ["ToCellCode"] = HoanKiemCell.Code }, new LocalDate(2025, 1, 2))),
            "OutOfCity" => ("Out", TransferForm.Fields(transferId, new() { ["OrganisationName"] = "Đảng bộ phường Hạc Thành", ["Province"] = "Thanh Hóa" }, Today)),
            "Temporary" => ("Temporary", TransferForm.Fields(transferId, new() { ["HostCellCode"] = HoanKiemCell.Code, ["From"] = "2025-03-03", ["Until"] = "2025-09-03" }, Today)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        var issued = await TransferForm.PostAsync(staff, member, handler, fields);
        issued.StatusCode.ShouldBe(HttpStatusCode.Redirect, await issued.Content.ReadAsStringAsync());
        return transferId;
    }
}
