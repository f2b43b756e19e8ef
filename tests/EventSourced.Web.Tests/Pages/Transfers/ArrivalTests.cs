using System.Globalization;
using System.Net;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Transfers;

/// <summary>The arrival page (<c>/transfers/arrival</c>): a member arriving from outside the city.</summary>
[Collection(MembersIn2025.Collection)]
public sealed class ArrivalTests(MembersIn2025 app)
{
    private static readonly LocalDate Today = new(2025, 3, 1);
    private static readonly OrganisationCreated HoanKiemCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));

    [Fact]
    public async Task an_arrival_from_outside_the_city_of_someone_registered_in_another_district_does_not_name_them()
    {
        var staff = await app.SignInAsync("staff");
        var other = await app.SignInAsync("staff2");
        var first = AdmissionForm.Fields("Lương Thị Nhàn", AdmissionForm.Cell.Code, Today.PlusMonths(-1));
        await AdmissionForm.AdmitAsync(staff, first);
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
        var error = (await response.Content.ReadAsStringAsync()).TestIdText("form-error");
        error.ShouldNotContain("LƯƠNG THỊ NHÀN");
        error.ShouldNotContain(AdmissionForm.Cell.Name);
        error.ShouldContain(Texts.Vi("Register.PersonInRegister"));
    }

    [Fact]
    public async Task a_member_transferred_out_of_the_city_who_returns_is_received_back_onto_their_old_record()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2005, 3, 2));
        var before = await MemberForm.MemberAsync(app, id);
        var left = Today.PlusMonths(-6);
        var outResponse = await TransferForm.PostAsync(staff, id, "Out", TransferForm.Fields(Guid.CreateVersion7(), new() { ["OrganisationName"] = "Đảng bộ phường Hạc Thành", ["Province"] = "Thanh Hóa" }, left, before.Version));
        outResponse.StatusCode.ShouldBe(HttpStatusCode.Redirect, await outResponse.Content.ReadAsStringAsync());
        var transferId = Guid.CreateVersion7();
        var newMemberId = Guid.NewGuid();

        var response = await (await app.SignInAsync("staff2")).PostFormAsync("/transfers/arrival", "/transfers/arrival", ReturnFields(before, transferId, newMemberId));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var member = await MemberForm.MemberAsync(app, id);
        member.Status.ShouldBe(MembershipStatus.Official);
        member.CellId.ShouldBe(HoanKiemCell.OrganisationId);
        member.PartyAgeYears(Today).ShouldBe(before.PartyAgeYears(Today));
        member.CellOn(left.PlusDays(1)).ShouldBeNull();
        (await MemberForm.EventsAsync(app, id))[^1].Data.ShouldBeOfType<MemberReturnedToCity>().TransferId.ShouldBe(transferId);
        await using var session = app.Store.QuerySession();
        (await session.LoadAsync<Member>(newMemberId)).ShouldBeNull();
        (await session.LoadAsync<Transfer>(transferId))!.MemberId.ShouldBe(id);
    }

    [Fact]
    public async Task a_member_who_came_back_while_the_letter_out_was_never_confirmed_can_be_transferred_again()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2008, 3, 2));
        var before = await MemberForm.MemberAsync(app, id);
        var letterOut = Guid.CreateVersion7();
        (await TransferForm.PostAsync(staff, id, "Out", TransferForm.Fields(letterOut, new() { ["OrganisationName"] = "Đảng bộ phường Hạc Thành", ["Province"] = "Thanh Hóa" }, Today.PlusMonths(-5), before.Version)))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var staff2 = await app.SignInAsync("staff2");
        (await staff2.PostFormAsync("/transfers/arrival", "/transfers/arrival", ReturnFields(before, Guid.CreateVersion7(), Guid.NewGuid())))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The other organisation's confirmation of the letter out was never recorded: the return closes the letter.
        (await TransferPage.TransferAsync(app, letterOut)).Status.ShouldBe(TransferStatus.ClosedOnReturn);
        var next = await TransferForm.IssueOfficialAsync(staff2, id, AdmissionForm.Cell.Code, Today, (await MemberForm.MemberAsync(app, id)).Version);

        (await TransferPage.TransferAsync(app, next)).Status.ShouldBe(TransferStatus.InTransit);
    }

    [Fact]
    public async Task two_letters_bringing_one_member_back_at_the_same_moment_take_the_record_up_once()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2010, 3, 2));
        var before = await MemberForm.MemberAsync(app, id);
        (await TransferForm.PostAsync(staff, id, "Out", TransferForm.Fields(Guid.CreateVersion7(), new() { ["OrganisationName"] = "Đảng bộ xã Yên Phong", ["Province"] = "Bắc Ninh" }, Today.PlusMonths(-3), before.Version)))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var staff2 = await app.SignInAsync("staff2");
        var other = await app.SignInAsync("staff2");

        var (first, second) = await AtTheSameMoment.PostAsync(
            new(staff2, "/transfers/arrival", "/transfers/arrival", ReturnFields(before, Guid.CreateVersion7(), Guid.NewGuid())),
            new(other, "/transfers/arrival", "/transfers/arrival", ReturnFields(before, Guid.CreateVersion7(), Guid.NewGuid())));

        new[] { first.StatusCode, second.StatusCode }.Order().ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity]);
        (await MemberForm.EventsAsync(app, id)).Count(e => e.Data is MemberReturnedToCity).ShouldBe(1);
    }

    private static Dictionary<string, string> ReturnFields(Member member, Guid transferId, Guid newMemberId) => new()
    {
        ["TransferId"] = transferId.ToString(), ["NewMemberId"] = newMemberId.ToString(),
        ["FromOrganisation"] = "Đảng bộ phường Hạc Thành", ["FromProvince"] = "Thanh Hóa",
        ["LetterNumber"] = "21-GGT/TU", ["LetterDate"] = Today.PlusDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["CellCode"] = HoanKiemCell.Code, ["ReceivedOn"] = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["FullName"] = member.Profile.FullName, ["Sex"] = member.Profile.Sex.ToString(), ["DateOfBirth"] = member.Profile.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["CitizenId"] = member.Profile.CitizenId!,
        ["DecisionNumber"] = member.Admission.Number, ["DecisionDate"] = member.Admission.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["CeremonyDate"] = member.CeremonyDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}
