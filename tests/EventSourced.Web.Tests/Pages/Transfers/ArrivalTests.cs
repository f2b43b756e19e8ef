using System.Globalization;
using System.Net;
using EventSourced.Domain.Organisations;
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
}
