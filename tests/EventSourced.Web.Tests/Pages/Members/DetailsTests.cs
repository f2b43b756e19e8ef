using System.Net;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>A member's page (<c>/members/{id}</c>): who may open it and what it shows.</summary>
[Collection(MembersIn2025.Collection)]
public sealed class DetailsTests(MembersIn2025 app)
{
    private static readonly LocalDate Today = new(2025, 3, 1);

    [Fact]
    public async Task a_new_member_is_shown_by_their_name_in_capitals_as_probationary()
    {
        var staff = await app.SignInAsync("staff");
        var id = await AdmissionForm.AdmitAsync(staff, "Nguyễn Văn Thịnh", ceremony: new LocalDate(2025, 2, 3));

        var page = await staff.GetTextAsync($"/members/{id}");

        page.TestIdText("member-name").ShouldBe("NGUYỄN VĂN THỊNH");
        page.TestIdText("member-status").ShouldBe(Texts.Vi("MembershipStatus.Probationary"));
    }

    [Fact]
    public async Task staff_of_another_unit_cannot_open_a_members_page()
    {
        var staff = await app.SignInAsync("staff");
        var other = await app.SignInAsync("staff2");
        var id = await AdmissionForm.AdmitAsync(staff, "Đỗ Thị Liên", ceremony: Today.PlusMonths(-1));

        var page = await other.GetAsync($"/members/{id}");

        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/forbidden");
    }

    [Fact]
    public async Task the_auditor_sees_the_citizen_id()
    {
        var staff = await app.SignInAsync("staff");
        var auditor = await app.SignInAsync("auditor");
        var fields = AdmissionForm.Fields("Kiều Thị Xuyến", AdmissionForm.Cell.Code, Today.PlusMonths(-1));
        var id = await AdmissionForm.AdmitAsync(staff, fields);

        (await auditor.GetTextAsync($"/members/{id}")).ShouldContain(fields["CitizenId"]);
    }
}
