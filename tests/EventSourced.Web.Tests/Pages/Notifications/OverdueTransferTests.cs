using System.Globalization;
using System.Net;
using EventSourced.Domain.Members;
using EventSourced.Domain.Notifications;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using NodaTime;
using Wolverine;

namespace EventSourced.Web.Tests.Pages.Notifications;

/// <summary>
/// Issuing a transfer schedules its overdue check as a durable Wolverine message for the first day
/// past the due date; when the check finds no receipt it marks the transfer overdue and both units'
/// staff see a notification. The clock is fixed at 3 March 2025.
/// </summary>
public sealed class OverdueTransferTests(OverdueTransferTests.Fixture app) : IClassFixture<OverdueTransferTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-03-03T02:00:00Z";
    }

    private static readonly OrganisationCreated From = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));
    private static readonly OrganisationCreated To = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));

    [Fact]
    public async Task an_overdue_transfer_is_marked_once_and_both_units_are_notified()
    {
        // Issued long enough ago to be overdue on the fixed date.
        var transferId = await IssueAsync(new LocalDate(2025, 1, 2));
        var bus = app.Host.MessageBus();

        await bus.InvokeAsync(new MarkTransferOverdue(transferId));
        await bus.InvokeAsync(new MarkTransferOverdue(transferId));

        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(transferId);
        events.Count(e => e.Data is TransferBecameOverdue).ShouldBe(1);
        (await session.LoadAsync<Transfer>(transferId))!.Overdue.ShouldBeTrue();
        var sender = await (await app.SignInAsync("staff")).GetTextAsync("/notifications");
        var receiver = await (await app.SignInAsync("staff2")).GetTextAsync("/notifications");
        sender.ShouldContain("QUÁ-HẠN-1");
        receiver.ShouldContain("QUÁ-HẠN-1");
        (await session.Query<StaffNotification>().CountAsync()).ShouldBe(1);
    }

    /// <summary>A member who left the city with a letter dated 2 January 2025 (overdue by the fixed date), never confirmed.</summary>
    private async Task<(Member Member, Guid Letter)> LeftAsync()
    {
        var member = await AdmissionForm.AdmitAsync(await app.SignInAsync("staff"), "Đỗ Văn Trở Về", new LocalDate(2024, 6, 3));
        var letter = Guid.NewGuid();
        await app.Host.MessageBus().InvokeAsync(new IssueTransferOut(letter, member, 1, "RA-VỀ-1", new LocalDate(2025, 1, 2), "Chuyển nơi cư trú", "Đảng bộ phường Hải Châu", "Đà Nẵng"));
        await using var session = app.Store.QuerySession();
        return ((await session.LoadAsync<Member>(member)).ShouldNotBeNull(), letter);
    }

    private async Task ShouldBeClosedNotOverdueAsync(Guid letter, Guid returnId)
    {
        await using var session = app.Store.QuerySession();
        var transfer = (await session.LoadAsync<Transfer>(letter)).ShouldNotBeNull();
        transfer.Status.ShouldBe(TransferStatus.ClosedOnReturn);
        transfer.Overdue.ShouldBeFalse();
        (await session.Events.FetchStreamAsync(letter))[^1].Data.ShouldBe(new TransferClosedOnReturn(returnId, new LocalDate(2025, 2, 20)));
        (await session.LoadAsync<StaffNotification>(StaffNotification.IdFor($"transfer-overdue:{letter}"))).ShouldBeNull();
    }

    [Fact]
    public async Task a_letter_out_of_the_city_is_closed_when_its_member_comes_back_and_its_check_reports_nothing()
    {
        var (member, letter) = await LeftAsync();
        var returnId = Guid.NewGuid();
        await app.Host.MessageBus().InvokeAsync(new ReceiveFromOutside(
            returnId, Guid.NewGuid(), member.Profile, From.OrganisationId, member.Admission, member.CeremonyDate, null, null,
            "Đảng bộ phường Hải Châu", "Đà Nẵng", "GT-VỀ-1", new LocalDate(2025, 2, 18), new LocalDate(2025, 2, 20)));

        await app.Host.MessageBus().InvokeAsync(new MarkTransferOverdue(letter));

        await ShouldBeClosedNotOverdueAsync(letter, returnId);
    }

    [Fact]
    public async Task a_letter_left_in_transit_by_a_return_recorded_before_is_closed_by_its_check_not_reported()
    {
        // As a return was recorded before letters were closed on it: only the member's stream says so.
        var (member, letter) = await LeftAsync();
        var returnId = Guid.NewGuid();
        await using (var write = app.Store.LightweightSession())
        {
            write.Events.Append(member.Id, member.Version + 1, new MemberReturnedToCity(returnId, From.OrganisationId, "Đảng bộ phường Hải Châu", "Đà Nẵng", null, null, new LocalDate(2025, 2, 20)));
            await write.SaveChangesAsync();
        }

        await app.Host.MessageBus().InvokeAsync(new MarkTransferOverdue(letter));

        await ShouldBeClosedNotOverdueAsync(letter, returnId);
    }

    private Task<Guid> IssueAsync(LocalDate letterDate) => IssueAsync(app, letterDate);

    internal static async Task<Guid> IssueAsync(AppFixture app, LocalDate letterDate)
    {
        var staff = await app.SignInAsync("staff");
        var admitted = await staff.PostFormAsync("/members/admit", "/members/admit", new Dictionary<string, string>
        {
            ["NewMemberId"] = Guid.NewGuid().ToString(),
            ["FullName"] = "Nguyễn Văn Chuyển",
            ["Sex"] = "Male",
            ["DateOfBirth"] = "1988-02-02",
            ["CitizenId"] = string.Create(CultureInfo.InvariantCulture, $"001088{Random.Shared.Next(100000, 999999)}"),
            ["CellCode"] = From.Code,
            ["DecisionNumber"] = "1-QĐ/ĐU",
            ["DecisionDate"] = "2024-06-01",
            ["CeremonyDate"] = "2024-06-03",
        });
        admitted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await admitted.Content.ReadAsStringAsync());
        var memberId = Guid.Parse(admitted.Headers.Location!.ToString().Split('/')[^1]);
        var transferId = Guid.NewGuid();
        await app.Host.MessageBus().InvokeAsync(
            new IssueTransfer(transferId, memberId, 1, "QUÁ-HẠN-1", letterDate, "Chuyển nơi cư trú", To.OrganisationId));
        return transferId;
    }
}

/// <summary>
/// The overdue check is stored as a scheduled Wolverine message with the transfer. On the real clock:
/// Wolverine schedules by real time, so a check due in the (fixed) past would run at once and leave
/// the table before the test could look.
/// </summary>
public sealed class OverdueCheckSchedulingTests(OverdueCheckSchedulingTests.Fixture app) : IClassFixture<OverdueCheckSchedulingTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [Fact]
    public async Task issuing_a_transfer_schedules_its_overdue_check_in_the_database()
    {
        var transferId = await OverdueTransferTests.IssueAsync(app, Domain.Common.VietnamTime.Today(NodaTime.SystemClock.Instance));

        var scheduled = await ScheduledMessages.RunTimesAsync(app.ConnectionString, "MarkTransferOverdue", transferId);

        // The check is set for the start of the day after the due date (30 working days), in Hanoi.
        await using var session = app.Store.QuerySession();
        var transfer = (await session.LoadAsync<Transfer>(transferId))!;
        scheduled.ShouldContain(transfer.DueBy!.Value.PlusDays(1).AtStartOfDayInZone(Domain.Common.VietnamTime.Zone).ToDateTimeOffset().ToUniversalTime());
    }

    [Fact]
    public async Task a_letter_out_of_the_city_schedules_its_overdue_check_too()
    {
        // Its letter is due in 30 working days like any official one; the sending unit follows it up.
        var today = Domain.Common.VietnamTime.Today(NodaTime.SystemClock.Instance);
        var staff = await app.SignInAsync("staff");
        var member = await AdmissionForm.AdmitAsync(staff, "Đỗ Văn Đi Xa", new LocalDate(2024, 6, 1));
        var transferId = Guid.NewGuid();

        await app.Host.MessageBus().InvokeAsync(new IssueTransferOut(transferId, member, 1, "RA-1", today, "Chuyển nơi cư trú", "Đảng bộ phường Hải Châu", "Đà Nẵng"));

        await using var session = app.Store.QuerySession();
        var transfer = (await session.LoadAsync<Transfer>(transferId))!;
        (await ScheduledMessages.RunTimesAsync(app.ConnectionString, "MarkTransferOverdue", transferId)).ShouldContain(transfer.DueBy!.Value.PlusDays(1).AtStartOfDayInZone(Domain.Common.VietnamTime.Zone).ToDateTimeOffset().ToUniversalTime());
    }
}
