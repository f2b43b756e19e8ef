using System.Net;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.EventStore;

/// <summary>
/// The member's snapshot carries the version of the member's stream, whatever was appended to it: the
/// procedure forms send that version back, so a snapshot behind its stream makes every form stale.
/// </summary>
public sealed class MemberSnapshotVersionTests(MemberSnapshotVersionTests.Fixture app) : IClassFixture<MemberSnapshotVersionTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-03-03T02:00:00Z";
    }

    private static readonly OrganisationCreated HoanKiemCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));

    [Fact]
    public async Task a_member_with_an_open_transfer_letter_can_still_be_corrected_from_the_form_as_shown()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmissionForm.AdmitAsync(staff, "Trần Thị Thư Chuyển", "001190900001");
        await TransferForm.IssueOfficialAsync(staff, member, HoanKiemCell.Code, new LocalDate(2025, 3, 3));

        await using (var session = app.Store.QuerySession())
        {
            var snapshot = await session.LoadAsync<Member>(member);
            var stream = await session.Events.FetchStreamStateAsync(member);
            snapshot!.Version.ShouldBe((int)stream!.Version);
        }

        var url = $"/members/{member}/correct";
        var correction = await staff.PostFormAsync(url, url, new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "2", ["Field"] = "Phone", ["NewValue"] = "0912000009", ["Reason"] = "Sai số điện thoại",
            ["DecisionNumber"] = "5-QĐ/ĐU", ["DecisionDate"] = "2025-03-01",
        });
        correction.StatusCode.ShouldBe(HttpStatusCode.Redirect, await correction.Content.ReadAsStringAsync());
    }
}
