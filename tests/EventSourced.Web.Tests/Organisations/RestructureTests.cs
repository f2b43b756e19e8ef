using System.Net;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Api;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using NodaTime;

namespace EventSourced.Web.Tests.Organisations;

/// <summary>
/// Restructuring through the screens and the API: merges carry children along on their own
/// streams, splits found a new unit, dissolving needs an empty unit, and the tree as of any past
/// date still shows how things stood.
/// </summary>
public sealed class RestructureTests(RestructureTests.Fixture app) : IClassFixture<RestructureTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private static readonly LocalDate MergeDay = new(2025, 7, 1);

    [Fact]
    public async Task merging_a_committee_moves_its_units_on_their_own_streams_and_the_past_tree_is_unchanged()
    {
        var admin = await app.SignInAsync("admin");
        var source = DemoUnits.GrassrootsUnder(DemoUnits.District("Tây Hồ"));
        var target = DemoUnits.ChildrenOf(DemoUnits.District("Tây Hồ").OrganisationId).First(u => u.Kind == OrganisationKind.GrassrootsCommittee && u.OrganisationId != source.OrganisationId);
        var cells = DemoUnits.ChildrenOf(source.OrganisationId);
        var url = $"/organisations/{source.OrganisationId}/merge";

        var response = await admin.PostFormAsync(url, url, new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["TargetCode"] = target.Code.ToLowerInvariant(),
            ["EffectiveDate"] = "01/07/2025",
            ["DecisionReference"] = "01-NQ/TU, 30/06/2025",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        await using var query = app.Store.QuerySession();
        (await query.LoadAsync<Organisation>(source.OrganisationId))!.Status.ShouldBe(OrganisationStatus.Merged);
        foreach (var cell in cells)
        {
            var moved = (await query.Events.FetchStreamAsync(cell.OrganisationId))[^1].Data.ShouldBeOfType<OrganisationMoved>();
            moved.NewParentId.ShouldBe(target.OrganisationId);
            moved.Cause.ShouldBe(MoveCause.ParentMerged);
            moved.EffectiveDate.ShouldBe(MergeDay);
        }

        var before = await admin.GetJsonAsync<List<OrganisationDto>>($"/api/organisations?parentId={source.OrganisationId}&asOf=2025-06-30");
        var after = await admin.GetJsonAsync<List<OrganisationDto>>($"/api/organisations?parentId={target.OrganisationId}&asOf=2025-07-01");
        before.Select(c => c.Id).ShouldBe(cells.Select(c => c.OrganisationId), ignoreOrder: true);
        after.Select(c => c.Id).ShouldContain(cells[0].OrganisationId);
        var targetPage = await admin.GetTextAsync($"/organisations/{target.OrganisationId}");
        targetPage.ShouldContain($"Tiếp nhận {source.Name} hợp nhất vào");
    }

    [Fact]
    public async Task splitting_founds_a_sibling_that_takes_the_chosen_units_and_a_double_submit_founds_one()
    {
        var admin = await app.SignInAsync("admin");
        var source = DemoUnits.GrassrootsUnder(DemoUnits.District("Cầu Giấy"));
        var moving = DemoUnits.ChildrenOf(source.OrganisationId)[0];
        var newId = Guid.CreateVersion7();
        var url = $"/organisations/{source.OrganisationId}/split";
        var fields = new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["NewOrganisationId"] = newId.ToString(),
            ["NewCode"] = source.Code + ".T",
            ["NewName"] = "Đảng bộ phường tách mới",
            ["MovedChildIds"] = moving.OrganisationId.ToString(),
            ["EffectiveDate"] = "2024-01-01",
        };

        var first = await admin.PostFormAsync(url, url, fields);
        var second = await admin.PostFormAsync(url, url, fields);

        first.StatusCode.ShouldBe(HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync());
        second.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        await using var query = app.Store.QuerySession();
        var created = (await query.LoadAsync<Organisation>(newId)).ShouldNotBeNull();
        created.ParentId.ShouldBe(source.ParentId);
        (await query.LoadAsync<Organisation>(moving.OrganisationId))!.ParentId.ShouldBe(newId);
        (await query.Query<Organisation>().CountAsync(o => o.Code == source.Code + ".T")).ShouldBe(1);
    }

    [Fact]
    public async Task dissolving_a_unit_with_active_children_is_refused_in_the_users_language()
    {
        var admin = await app.SignInAsync("admin");
        var unit = DemoUnits.GrassrootsUnder(DemoUnits.District("Đống Đa"));

        var vietnamese = await admin.PostJsonAsync($"/api/organisations/{unit.OrganisationId}/dissolve", new DissolveOrganisationRequest(1, null) { EffectiveDate = new LocalDate(2024, 1, 1) });
        var english = await admin.PostJsonAsync($"/api/organisations/{unit.OrganisationId}/dissolve?culture=en-GB", new DissolveOrganisationRequest(1, null) { EffectiveDate = new LocalDate(2024, 1, 1) });

        vietnamese.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await vietnamese.Content.ReadAsStringAsync()).ShouldContain(Texts.Vi("Organisation.DissolveWithChildren"));
        (await english.Content.ReadAsStringAsync()).ShouldContain(Texts.En("Organisation.DissolveWithChildren"));
    }

    [Fact]
    public async Task moving_a_unit_under_its_own_cell_or_a_cell_is_refused_and_nothing_is_stored()
    {
        var admin = await app.SignInAsync("admin");
        var unit = DemoUnits.GrassrootsUnder(DemoUnits.District("Hai Bà Trưng"));
        var cell = DemoUnits.CellUnder(unit);

        var cycle = await admin.PostJsonAsync($"/api/organisations/{unit.OrganisationId}/move", new MoveOrganisationRequest(1, cell.OrganisationId) { EffectiveDate = new LocalDate(2024, 1, 1) });
        var self = await admin.PostJsonAsync($"/api/organisations/{unit.OrganisationId}/merge", new MergeOrganisationRequest(1, unit.OrganisationId) { EffectiveDate = new LocalDate(2024, 1, 1) });
        var malformed = await admin.PostJsonAsync($"/api/organisations/{unit.OrganisationId}/move", new { expectedVersion = "x", newParentId = "not-a-guid" });

        cycle.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await cycle.Content.ReadAsStringAsync()).ShouldContain("Organisation.MoveWouldCycle");
        (await self.Content.ReadAsStringAsync()).ShouldContain("Organisation.MergeIntoItself");
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using var query = app.Store.QuerySession();
        (await query.Events.FetchStreamStateAsync(unit.OrganisationId))!.Version.ShouldBe(1);
    }

    [Fact]
    public async Task founding_a_cell_under_a_committee_shows_it_in_the_tree_and_its_history()
    {
        var staff = await app.SignInAsync("staff");
        var parent = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);
        var url = $"/organisations/{parent.OrganisationId}/new";
        var id = Guid.CreateVersion7();

        var response = await staff.PostFormAsync(url, url, new Dictionary<string, string>
        {
            ["NewOrganisationId"] = id.ToString(),
            ["Kind"] = "Cell",
            ["Name"] = "Chi bộ Tổ dân phố số 42",
            ["Code"] = parent.Code + ".C42",
            ["EffectiveDate"] = "2024-03-03",
            ["DecisionReference"] = "12-QĐ/ĐU, 01/03/2024",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldBe($"/organisations/{id}");
        var children = await staff.GetTextAsync($"/organisations/children?parentId={parent.OrganisationId}");
        children.ShouldContain("Chi bộ Tổ dân phố số 42");
        var page = await staff.GetTextAsync($"/organisations/{id}");
        page.ShouldContain("12-QĐ/ĐU, 01/03/2024");
        page.ShouldContain("Nguyễn Thị Lan");
    }
}
