using System.Net;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;
using Wolverine;

namespace EventSourced.Web.Tests.Pages.Organisations;

/// <summary>
/// A unit's member count as of any date follows what was recorded up to that date: a member in
/// transit counts in the sending cell until the receipt date, then in the receiving one.
/// </summary>
public sealed class MemberCountTests(MemberCountTests.Fixture app) : IClassFixture<MemberCountTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-03-03T02:00:00Z";
    }

    private static readonly OrganisationCreated From = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));
    private static readonly OrganisationCreated To = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));

    [Fact]
    public async Task counts_as_of_a_date_agree_with_the_transfers_recorded_up_to_it()
    {
        var admin = await app.SignInAsync("admin");
        var admitted = await admin.PostFormAsync("/members/admit", "/members/admit", new Dictionary<string, string>
        {
            ["NewMemberId"] = Guid.NewGuid().ToString(),
            ["FullName"] = "Đặng Văn Đếm",
            ["Sex"] = "Male",
            ["DateOfBirth"] = "1980-01-01",
            ["CitizenId"] = "001080777777",
            ["CellCode"] = From.Code,
            ["DecisionNumber"] = "5-QĐ/ĐU",
            ["DecisionDate"] = "2024-06-01",
            ["CeremonyDate"] = "2024-06-03",
        });
        admitted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await admitted.Content.ReadAsStringAsync());
        var memberId = Guid.Parse(admitted.Headers.Location!.ToString().Split('/')[^1]);
        var transferId = Guid.NewGuid();
        await app.Host.MessageBus().InvokeAsync(new IssueTransfer(transferId, memberId, 1, "GT-77", new LocalDate(2025, 2, 3), "Chuyển công tác", To.OrganisationId));
        await app.Host.MessageBus().InvokeAsync(new ReceiveTransfer(transferId, 1, new LocalDate(2025, 2, 10)));

        (await CountAsync(admin, From, "2024-06-02")).ShouldBe(Texts.Vi("Unit.MemberCountText", 0, new LocalDate(2024, 6, 2)));
        (await CountAsync(admin, From, "2025-02-05")).ShouldBe(Texts.Vi("Unit.MemberCountText", 1, new LocalDate(2025, 2, 5)));
        (await CountAsync(admin, To, "2025-02-05")).ShouldBe(Texts.Vi("Unit.MemberCountText", 0, new LocalDate(2025, 2, 5)));
        (await CountAsync(admin, From, "2025-02-10")).ShouldBe(Texts.Vi("Unit.MemberCountText", 0, new LocalDate(2025, 2, 10)));
        (await CountAsync(admin, To, "2025-02-10")).ShouldBe(Texts.Vi("Unit.MemberCountText", 1, new LocalDate(2025, 2, 10)));
        (await CountAsync(admin, DemoUnits.HoanKiem, "2025-02-10")).ShouldBe(Texts.Vi("Unit.MemberCountText", 1, new LocalDate(2025, 2, 10)));
        (await (await app.SignInAsync("staff2")).GetAsync($"/organisations/{From.OrganisationId}/member-count")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    private static async Task<string> CountAsync(WebSession session, OrganisationCreated unit, string asOf) =>
        (await session.GetTextAsync($"/organisations/{unit.OrganisationId}/member-count?asOf={asOf}")).TestIdText("member-count");
}
