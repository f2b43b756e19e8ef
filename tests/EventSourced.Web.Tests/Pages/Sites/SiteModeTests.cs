using System.Net;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Sites;

/// <summary>The application started as an offline site: its staff record inside its own grassroots organisation only.</summary>
public sealed class SiteModeApp : AppFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Site:Mode"] = "Offline",
        ["Site:Unit"] = OfflineSite.DemoSiteUnit.Code,
    };
}

public sealed class SiteModeTests(SiteModeApp app) : IClassFixture<SiteModeApp>
{
    [Fact]
    public async Task at_a_site_a_member_is_admitted_into_a_cell_of_the_site()
    {
        var staff = await app.SignInAsync("staff");

        var id = await AdmissionForm.AdmitAsync(staff, AdmissionForm.Fields("Nguyễn Văn Trạm", DemoUnits.CellUnder(OfflineSite.DemoSiteUnit).Code, new LocalDate(2024, 6, 5)));

        (await MemberForm.MemberAsync(app, id)).CellId.ShouldBe(DemoUnits.CellUnder(OfflineSite.DemoSiteUnit).OrganisationId);
    }

    [Fact]
    public async Task at_a_site_an_admission_into_a_cell_outside_the_site_is_refused_though_the_user_may_act_there_at_the_centre()
    {
        var staff = await app.SignInAsync("staff");
        var elsewhere = DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId)
            .Where(u => u.OrganisationId != OfflineSite.DemoSiteUnit.OrganisationId)
            .SelectMany(u => DemoUnits.ChildrenOf(u.OrganisationId))
            .First(u => u.Kind == Domain.Organisations.OrganisationKind.Cell);
        var events = await app.EventCountAsync();

        var refused = await staff.PostFormAsync("/members/admit", "/members/admit", AdmissionForm.Fields("Trần Văn Ngoài", elsewhere.Code, new LocalDate(2024, 6, 5)));

        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Access.Denied\"");
        (await app.EventCountAsync()).ShouldBe(events);
    }
}
