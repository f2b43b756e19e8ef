using EventSourced.Domain.Notifications;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using NodaTime;
using Wolverine;

namespace EventSourced.Web.Tests.Pages.Notifications;

/// <summary>
/// The scheduled end of a temporary transfer, run by hand: the clock is fixed at 10 June 2030, after
/// the stay (January to June 2029), whose own scheduled end is still years away in real time, so
/// only the test's checks run.
/// </summary>
public sealed class TemporaryEndTests(TemporaryEndTests.Fixture app) : IClassFixture<TemporaryEndTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2030-06-10T02:00:00Z";
    }

    private static readonly Domain.Organisations.OrganisationCreated HostCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));

    [Fact]
    public async Task ends_run_at_once_end_the_stay_once_and_notify_once()
    {
        var transferId = await HostedAsync("Phan Văn Trở Về", new LocalDate(2029, 1, 2), new LocalDate(2029, 6, 1));
        var bus = app.Host.MessageBus();

        // The scheduled check, a catch-up after a restart and a check started by hand meet on one
        // transfer: whichever commits second must find it ended, not fail.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => bus.InvokeAsync(new EndTemporaryTransfer(transferId)))));

        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(transferId)).Count(e => e.Data is TemporaryTransferEnded).ShouldBe(1);
        (await session.LoadAsync<Transfer>(transferId))!.Status.ShouldBe(TransferStatus.Ended);
        (await session.Query<StaffNotification>().CountAsync()).ShouldBe(1);
    }

    /// <summary>A new Ba Đình member hosted by a Hoàn Kiếm cell from <paramref name="from"/> until <paramref name="until"/>.</summary>
    private async Task<Guid> HostedAsync(string name, LocalDate from, LocalDate until)
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmissionForm.AdmitAsync(staff, name, new LocalDate(2028, 6, 1));
        var transferId = Guid.NewGuid();
        await app.Host.MessageBus().InvokeAsync(new IssueTemporaryTransfer(
            transferId, member, 1, "15-GGT/ĐU", from, "Đi học", HostCell.OrganisationId, from, until, Training: false));
        return transferId;
    }
}
