using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Api;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using NodaTime;

namespace EventSourced.Web.Tests.Organisations;

/// <summary>
/// A structural change sent by staff of one district on a unit of their own is refused when it would
/// create, move or close something in a unit outside their scope, through the form and the API
/// alike, and the refusal appends nothing: the tree stays as it was.
/// </summary>
public sealed partial class ScopeEscapeTests(ScopeEscapeTests.Fixture app) : IClassFixture<ScopeEscapeTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private static readonly OrganisationCreated BaDinh = DemoUnits.BaDinh;
    private static readonly OrganisationCreated Ward = DemoUnits.GrassrootsUnder(BaDinh);
    private static readonly OrganisationCreated Cell = DemoUnits.CellUnder(Ward);
    private static readonly OrganisationCreated ForeignWard = DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem);
    private static readonly OrganisationCreated ForeignCell = DemoUnits.CellUnder(ForeignWard);
    private static readonly LocalDate Day = new(2024, 1, 1);

    [Fact]
    public async Task splitting_ones_own_district_through_the_form_cannot_found_a_unit_under_the_city()
    {
        var staff = await app.SignInAsync("staff");
        var url = $"/organisations/{BaDinh.OrganisationId}/split";

        await RefusedOnTheFormAsync(() => staff.PostFormAsync(url, url, Fields(
            ("NewOrganisationId", Guid.CreateVersion7().ToString()),
            ("NewCode", BaDinh.Code + ".SPLIT"),
            ("NewName", "Đảng bộ tách khỏi Ba Đình"),
            ("MovedChildIds", Ward.OrganisationId.ToString()))));

        await using var query = app.Store.QuerySession();
        (await query.Query<Organisation>().CountAsync(o => o.Code == BaDinh.Code + ".SPLIT")).ShouldBe(0);
        (await query.LoadAsync<Organisation>(Ward.OrganisationId))!.ParentId.ShouldBe(BaDinh.OrganisationId);
    }

    [Fact]
    public async Task splitting_ones_own_district_through_the_api_cannot_found_a_unit_under_the_city()
    {
        var staff = await app.SignInAsync("staff");

        await RefusedByTheApiAsync(() => staff.PostJsonAsync(
            $"/api/organisations/{BaDinh.OrganisationId}/split",
            new SplitOrganisationRequest(1, BaDinh.Code + ".SPLIT", "Đảng bộ tách khỏi Ba Đình", [Ward.OrganisationId]) { EffectiveDate = Day }));
    }

    [Fact]
    public async Task moving_a_ward_into_another_district_is_refused()
    {
        var staff = await app.SignInAsync("staff");
        var url = $"/organisations/{Ward.OrganisationId}/move";

        await RefusedOnTheFormAsync(() => staff.PostFormAsync(url, url, Fields(("ParentCode", DemoUnits.HoanKiem.Code))));
        await RefusedByTheApiAsync(() => staff.PostJsonAsync(
            $"/api/organisations/{Ward.OrganisationId}/move", new MoveOrganisationRequest(1, DemoUnits.HoanKiem.OrganisationId) { EffectiveDate = Day }));
    }

    [Fact]
    public async Task merging_a_ward_into_a_ward_of_another_district_is_refused()
    {
        var staff = await app.SignInAsync("staff");
        var url = $"/organisations/{Ward.OrganisationId}/merge";

        await RefusedOnTheFormAsync(() => staff.PostFormAsync(url, url, Fields(("TargetCode", ForeignWard.Code))));
        await RefusedByTheApiAsync(() => staff.PostJsonAsync(
            $"/api/organisations/{Ward.OrganisationId}/merge", new MergeOrganisationRequest(1, ForeignWard.OrganisationId) { EffectiveDate = Day }));
    }

    [Fact]
    public async Task founding_a_unit_under_another_district_is_refused()
    {
        var staff = await app.SignInAsync("staff");

        // The token comes from the user's own form; the post names another district as the parent.
        await RefusedOnTheFormAsync(() => staff.PostFormAsync($"/organisations/{Ward.OrganisationId}/new", $"/organisations/{ForeignWard.OrganisationId}/new", Fields(
            ("NewOrganisationId", Guid.CreateVersion7().ToString()),
            ("Kind", "Cell"),
            ("Code", ForeignWard.Code + ".C99"),
            ("Name", "Chi bộ lạ"))));
        await RefusedByTheApiAsync(() => staff.PostJsonAsync(
            "/api/organisations", new CreateOrganisationRequest(ForeignWard.Code + ".C99", "Chi bộ lạ", OrganisationKind.Cell, ForeignWard.OrganisationId) { EffectiveDate = Day }));
    }

    [Fact]
    public async Task dissolving_a_cell_with_its_members_sent_to_another_district_is_refused()
    {
        var staff = await app.SignInAsync("staff");
        var url = $"/organisations/{Cell.OrganisationId}/dissolve";

        await RefusedOnTheFormAsync(() => staff.PostFormAsync(url, url, Fields(("MembersToCode", ForeignCell.Code))));
        await RefusedByTheApiAsync(() => staff.PostJsonAsync(
            $"/api/organisations/{Cell.OrganisationId}/dissolve", new DissolveOrganisationRequest(1, ForeignCell.OrganisationId) { EffectiveDate = Day }));
    }

    [Fact]
    public async Task closing_ones_own_district_is_the_citys_decision()
    {
        var staff = await app.SignInAsync("staff");
        var other = DemoUnits.District("Đống Đa");

        await RefusedByTheApiAsync(() => staff.PostJsonAsync(
            $"/api/organisations/{BaDinh.OrganisationId}/dissolve", new DissolveOrganisationRequest(1, null) { EffectiveDate = Day }));
        await RefusedByTheApiAsync(() => staff.PostJsonAsync(
            $"/api/organisations/{BaDinh.OrganisationId}/merge", new MergeOrganisationRequest(1, other.OrganisationId) { EffectiveDate = Day }));
    }

    [Fact]
    public async Task a_unit_moved_out_of_the_district_a_moment_ago_is_judged_by_its_new_place()
    {
        var staff = await app.SignInAsync("staff");
        var ward = DemoUnits.ChildrenOf(BaDinh.OrganisationId).Where(u => u.Kind == OrganisationKind.GrassrootsCommittee).Skip(1).First();
        // The application has just read the tree (and may keep it for half a second) when the move is recorded.
        (await staff.GetAsync($"/api/organisations/{ward.OrganisationId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.Append(ward.OrganisationId, new OrganisationMoved(DemoUnits.HoanKiem.OrganisationId, BaDinh.OrganisationId, new LocalDate(2023, 6, 1)));
            await session.SaveChangesAsync();
        }

        await RefusedByTheApiAsync(() => staff.PostJsonAsync(
            $"/api/organisations/{ward.OrganisationId}/split",
            new SplitOrganisationRequest(2, ward.Code + ".SPLIT", "Đảng bộ tách sau khi chuyển", []) { EffectiveDate = Day }));
    }

    [Fact]
    public async Task the_same_split_by_an_administrator_is_recorded()
    {
        var admin = await app.SignInAsync("admin");
        var district = DemoUnits.District("Tây Hồ");
        var ward = DemoUnits.GrassrootsUnder(district);

        var response = await admin.PostJsonAsync(
            $"/api/organisations/{district.OrganisationId}/split",
            new SplitOrganisationRequest(1, district.Code + ".SPLIT", "Đảng bộ tách khỏi Tây Hồ", [ward.OrganisationId]) { EffectiveDate = Day });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, string> Fields(params (string Name, string Value)[] fields)
    {
        var all = new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["EffectiveDate"] = "2024-01-01",
            ["Reason"] = "thử vượt phạm vi",
        };
        foreach (var (name, value) in fields)
        {
            all[name] = value;
        }

        return all;
    }

    /// <summary>The form answers with the access message (or sends the user to /forbidden) and nothing is appended.</summary>
    private async Task RefusedOnTheFormAsync(Func<Task<HttpResponseMessage>> send)
    {
        var before = await app.EventCountAsync();
        var response = await send();
        var html = await response.Content.ReadAsStringAsync();

        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            response.Headers.Location!.ToString().ShouldContain("/forbidden");
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, html);
            WebUtility.HtmlDecode(FormError().Match(html).Groups[1].Value).ShouldBe(Texts.Vi("Access.Denied"));
        }

        (await app.EventCountAsync()).ShouldBe(before);
    }

    private async Task RefusedByTheApiAsync(Func<Task<HttpResponseMessage>> send)
    {
        var before = await app.EventCountAsync();
        var response = await send();

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, await response.Content.ReadAsStringAsync());
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [GeneratedRegex("data-testid=\"form-error\">([^<]*)<")]
    private static partial Regex FormError();
}
