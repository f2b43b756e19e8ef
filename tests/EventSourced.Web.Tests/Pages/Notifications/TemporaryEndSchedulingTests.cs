using System.Globalization;
using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Notifications;

/// <summary>
/// A temporary transfer's end is a scheduled Wolverine message, stored with the letter and again with
/// each extension. On the real clock: Wolverine schedules by real time, so an end due in the (fixed)
/// past would run at once and leave the table before the test could look.
/// </summary>
public sealed class TemporaryEndSchedulingTests(TemporaryEndSchedulingTests.Fixture app) : IClassFixture<TemporaryEndSchedulingTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private static readonly Domain.Organisations.OrganisationCreated HostCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));

    [Fact]
    public async Task extending_a_temporary_transfer_schedules_its_end_for_the_new_date()
    {
        var today = VietnamTime.Today(SystemClock.Instance);
        var staff = await app.SignInAsync("staff");
        var member = await AdmissionForm.AdmitAsync(staff, "Lê Văn Gia Hạn", new LocalDate(2024, 6, 1));
        var transferId = Guid.NewGuid();
        var issued = await TransferForm.PostAsync(staff, member, "Temporary", TransferForm.Fields(
            transferId,
            new() { ["HostCellCode"] = HostCell.Code, ["From"] = Iso(today), ["Until"] = Iso(today.PlusMonths(6)) },
            today));
        issued.StatusCode.ShouldBe(HttpStatusCode.Redirect, await issued.Content.ReadAsStringAsync());
        var newUntil = today.PlusMonths(9);

        var extended = await staff.PostFormAsync($"/transfers/{transferId}", $"/transfers/{transferId}?handler=Extend", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["NewUntil"] = Iso(newUntil),
        });

        extended.StatusCode.ShouldBe(HttpStatusCode.Redirect, await extended.Content.ReadAsStringAsync());
        (await TransferPage.TransferAsync(app, transferId)).TemporaryUntil.ShouldBe(newUntil);
        // Each end runs at the start of its end date, the day the member is back.
        (await ScheduledMessages.RunTimesAsync(app.ConnectionString, "EndTemporaryTransfer", transferId)).ShouldBe([Start(today.PlusMonths(6)), Start(newUntil)], ignoreOrder: true);
    }

    private static DateTimeOffset Start(LocalDate day) => day.AtStartOfDayInZone(VietnamTime.Zone).ToDateTimeOffset().ToUniversalTime();

    private static string Iso(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
