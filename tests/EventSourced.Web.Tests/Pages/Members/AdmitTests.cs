using System.Net;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>The admission page (<c>/members/admit</c>): a new member recorded with who admitted them and on whose decision; refusals that name no one out of scope.</summary>
[Collection(MembersIn2025.Collection)]
public sealed class AdmitTests(MembersIn2025 app)
{
    private static readonly LocalDate Today = new(2025, 3, 1);
    private static readonly OrganisationCreated HoanKiemCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));

    [Fact]
    public async Task admitting_through_the_page_records_the_admission_with_who_and_on_whose_decision()
    {
        var staff = await app.SignInAsync("staff");

        var id = await AdmissionForm.AdmitAsync(staff, "Nguyễn Văn Thành", ceremony: new LocalDate(2025, 2, 3));

        var stored = (await MemberForm.EventsAsync(app, id)).ShouldHaveSingleItem();
        var admitted = stored.Data.ShouldBeOfType<MemberAdmitted>();
        admitted.CellId.ShouldBe(AdmissionForm.Cell.OrganisationId);
        admitted.CeremonyDate.ShouldBe(new LocalDate(2025, 2, 3));
        stored.RecordedBy.UserName.ShouldBe("staff");
        stored.RecordedBy.Role.ShouldBe("OrganisationStaff");
        stored.DecisionReference.ShouldNotBeNull().ShouldContain("-QĐ/ĐU");
    }

    [Fact]
    public async Task staff_cannot_admit_into_a_cell_outside_their_unit()
    {
        var staff = await app.SignInAsync("staff");

        var response = await staff.PostFormAsync("/members/admit", "/members/admit", AdmissionForm.Fields("Ngô Văn Nam", HoanKiemCell.Code, Today.PlusMonths(-1)));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldShow(Texts.Vi("Access.Denied"));
    }

    [Fact]
    public async Task admitting_someone_registered_in_another_district_is_refused_without_saying_who_or_where()
    {
        var staff = await app.SignInAsync("staff");
        var other = await app.SignInAsync("staff2");
        var citizenId = await RegisteredInBaDinhAsync(staff, "Phan Văn Kín");
        var again = AdmissionForm.Fields("Phan Văn Lộ", HoanKiemCell.Code, Today.PlusMonths(-1));
        again["CitizenId"] = citizenId;

        var outside = await other.PostFormAsync("/members/admit", "/members/admit", again);

        outside.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var error = (await outside.Content.ReadAsStringAsync()).TestIdText("form-error");
        error.ShouldNotContain("PHAN VĂN KÍN");
        error.ShouldNotContain(AdmissionForm.Cell.Name);
        // Not even whether the person is a member now or was one before.
        error.ShouldContain(Texts.Vi("Register.PersonInRegister"));
    }

    [Fact]
    public async Task admitting_someone_already_registered_in_ones_own_district_names_them()
    {
        var staff = await app.SignInAsync("staff");
        var citizenId = await RegisteredInBaDinhAsync(staff, "Phan Văn Tỏ");
        var again = AdmissionForm.Fields("Phan Văn Lộ", AdmissionForm.Cell.Code, Today.PlusMonths(-1));
        again["CitizenId"] = citizenId;

        var inside = await staff.PostFormAsync("/members/admit", "/members/admit", again);

        inside.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await inside.Content.ReadAsStringAsync()).TestIdText("form-error").ShouldContain("PHAN VĂN TỎ");
    }

    private static async Task<string> RegisteredInBaDinhAsync(WebSession staff, string name)
    {
        var first = AdmissionForm.Fields(name, AdmissionForm.Cell.Code, Today.PlusMonths(-1));
        await AdmissionForm.AdmitAsync(staff, first);
        return first["CitizenId"];
    }
}
