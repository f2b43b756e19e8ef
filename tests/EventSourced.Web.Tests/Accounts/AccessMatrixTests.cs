using System.Net;
using EventSourced.Web.Api;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Accounts;

/// <summary>
/// A user of one unit can neither read nor change another unit's data, by page or by API; read-only
/// roles cannot change anything; nobody unsigned gets in. Every refused change leaves the stream as it was.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixTests.Fixture app) : IClassFixture<AccessMatrixTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private static readonly Guid InBaDinh = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh).OrganisationId;
    private static readonly Guid InHoanKiem = DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem).OrganisationId;

    [Theory]
    [InlineData("staff", true, true)]
    [InlineData("staff2", false, false)]
    [InlineData("admin", true, true)]
    [InlineData("auditor", true, false)]
    [InlineData("editor", true, false)]
    [InlineData("approver", true, false)]
    public async Task each_role_reads_and_changes_only_what_its_scope_allows(string username, bool canRead, bool canChange)
    {
        var user = await app.SignInAsync(username);
        var page = await user.GetAsync($"/organisations/{InBaDinh}");
        var api = await user.GetAsync($"/api/organisations/{InBaDinh}");
        var children = await user.GetAsync($"/organisations/children?parentId={InBaDinh}", htmx: true);

        page.StatusCode.ShouldBe(canRead ? HttpStatusCode.OK : HttpStatusCode.Redirect);
        if (!canRead)
        {
            page.Headers.Location!.ToString().ShouldContain("/forbidden");
        }

        api.StatusCode.ShouldBe(canRead ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
        children.StatusCode.ShouldBe(canRead ? HttpStatusCode.OK : HttpStatusCode.Forbidden);

        var before = await VersionAsync(InBaDinh);
        var flags = await FlagsAsync(InBaDinh);
        var form = await user.GetAsync($"/organisations/{InBaDinh}/flags");
        form.StatusCode.ShouldBe(canChange ? HttpStatusCode.OK : HttpStatusCode.Redirect);
        var apiChange = await user.PostJsonAsync($"/api/organisations/{InBaDinh}/flags", new ChangeFlagsRequest(before, !flags.Pilot, flags.CommuneLevel, flags.OfflineSite) { EffectiveDate = new NodaTime.LocalDate(2024, 1, 1) });
        apiChange.StatusCode.ShouldBe(canChange ? HttpStatusCode.OK : HttpStatusCode.Forbidden, await apiChange.Content.ReadAsStringAsync());
        (await VersionAsync(InBaDinh)).ShouldBe(canChange ? before + 1 : before);
    }

    [Fact]
    public async Task a_forged_page_post_for_another_units_data_is_refused_and_records_nothing()
    {
        var staff = await app.SignInAsync("staff");
        var before = await VersionAsync(InHoanKiem);
        // The token comes from a form the user may open; the post targets a unit outside their scope.
        var response = await staff.PostFormAsync($"/organisations/{InBaDinh}/rename", $"/organisations/{InHoanKiem}/rename", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = before.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Code"] = "HACKED",
            ["Name"] = "Bị đổi trái phép",
            ["EffectiveDate"] = "2024-01-01",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/forbidden");
        (await VersionAsync(InHoanKiem)).ShouldBe(before);
    }

    [Fact]
    public async Task moving_a_unit_of_ones_own_under_another_units_parent_is_refused()
    {
        var staff = await app.SignInAsync("staff");
        var before = await VersionAsync(InBaDinh);
        var response = await staff.PostJsonAsync($"/api/organisations/{InBaDinh}/move", new MoveOrganisationRequest(before, DemoUnits.HoanKiem.OrganisationId) { EffectiveDate = new NodaTime.LocalDate(2024, 1, 1) });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await VersionAsync(InBaDinh)).ShouldBe(before);
    }

    [Fact]
    public async Task searches_and_lists_show_only_the_users_scope()
    {
        var staff = await app.SignInAsync("staff");
        var hoanKiemName = DemoUnits.HoanKiem.Name;

        var page = await staff.GetTextAsync("/organisations?q=" + Uri.EscapeDataString("Hoàn Kiếm"));
        var api = await staff.GetJsonAsync<List<OrganisationDto>>("/api/organisations?q=" + Uri.EscapeDataString("hoan kiem"));
        var roots = await staff.GetJsonAsync<List<OrganisationDto>>("/api/organisations");
        var foreignChildren = await staff.GetAsync($"/api/organisations?parentId={DemoUnits.HoanKiem.OrganisationId}");

        page.ShouldNotContain(hoanKiemName);
        api.ShouldBeEmpty();
        roots.Select(r => r.Id).ShouldBe([DemoUnits.BaDinh.OrganisationId]);
        foreignChildren.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task only_administrators_manage_users()
    {
        var staff = await app.SignInAsync("staff");
        var admin = await app.SignInAsync("admin");

        (await staff.GetAsync("/users")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetAsync("/users")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/organisations")]
    [InlineData("/users")]
    public async Task pages_require_sign_in(string url)
    {
        var anonymous = new WebSession(app.Host);
        var response = await anonymous.GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/login");
    }

    [Fact]
    public async Task the_api_answers_401_to_anonymous_callers_and_health_is_open()
    {
        var anonymous = new WebSession(app.Host);

        (await anonymous.GetAsync("/api/organisations")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.PostJsonAsync($"/api/organisations/{InBaDinh}/rename", new { expectedVersion = 1, code = "X", name = "X", effectiveDate = "2024-01-01" }))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<Domain.Organisations.OrganisationFlags> FlagsAsync(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.LoadAsync<Domain.Organisations.Organisation>(id))!.Flags;
    }

    private async Task<int> VersionAsync(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (int)(await session.Events.FetchStreamStateAsync(id))!.Version;
    }

    [Fact]
    public async Task a_form_replayed_with_the_id_of_another_districts_record_names_nobody()
    {
        // staff2 renames a unit of Hoàn Kiếm, so that unit's stream was last changed by them; staff of
        // Ba Đình then records a training class whose id is that unit's: the store refuses a second
        // stream with that id, and the refusal must not say who changed the other district's unit.
        var staff2 = await app.SignInAsync("staff2");
        var unit = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));
        var renamed = await staff2.PostFormAsync($"/organisations/{unit.OrganisationId}/rename", $"/organisations/{unit.OrganisationId}/rename", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1", ["Code"] = unit.Code, ["Name"] = unit.Name + " (mới)", ["EffectiveDate"] = "2025-03-01",
        });
        renamed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var staff = await app.SignInAsync("staff");
        var before = await app.EventCountAsync();

        var replayed = await staff.PostFormAsync("/installs/training", "/installs/training?handler=Record", new Dictionary<string, string>
        {
            ["ClassId"] = unit.OrganisationId.ToString(), ["Level"] = "Grassroots", ["UnitCode"] = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh)).Code,
            ["HeldOn"] = "2025-02-10", ["Trainer"] = "X", ["TraineeCount"] = "5",
        });

        replayed.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = System.Net.WebUtility.HtmlDecode(await replayed.Content.ReadAsStringAsync());
        html.ShouldNotContain("Trần Văn Minh");
        html.ShouldContain(Texts.Vi("Form.AlreadyRecorded"));
        (await app.EventCountAsync()).ShouldBe(before);
    }
}
