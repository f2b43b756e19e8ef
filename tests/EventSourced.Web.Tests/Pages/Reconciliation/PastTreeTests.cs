using System.Globalization;
using System.Net;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;
using static EventSourced.Web.Tests.Pages.Reconciliation.UnitRolls;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>
/// A roll is compared with the register of the unit as it stood on the reference date: a cell merged away
/// since still held its members that day. Its own application, since the merge changes the tree.
/// </summary>
public sealed class PastTreeTests(PastTreeTests.Fixture app) : IClassFixture<PastTreeTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [Fact]
    public async Task a_grassroots_roll_before_a_merger_finds_the_members_of_the_cell_merged_away_since()
    {
        var grassroots = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);
        var merged = AdmissionForm.Cell;
        var into = DemoUnits.ChildrenOf(grassroots.OrganisationId).Where(u => u.Kind == OrganisationKind.Cell && u.OrganisationId != merged.OrganisationId).First();
        var staff = await app.SignInAsync("staff");
        // Admitted into the cell in June 2024; the cell merged into another on 1 June 2025.
        var member = await AdmitAsync(staff, "Đoàn Văn Gộp", "001090000881", merged.Code);
        var admin = await app.SignInAsync("admin");
        int version;
        await using (var session = app.Store.QuerySession())
        {
            version = (await session.LoadAsync<Organisation>(merged.OrganisationId))!.Version;
        }

        var merge = await admin.PostFormAsync($"/organisations/{merged.OrganisationId}/merge", $"/organisations/{merged.OrganisationId}/merge", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = version.ToString(CultureInfo.InvariantCulture),
            ["TargetCode"] = into.Code,
            ["EffectiveDate"] = "2025-06-01",
        });
        merge.StatusCode.ShouldBe(HttpStatusCode.Redirect, await merge.Content.ReadAsStringAsync());

        // The grassroots organisation's roll as of 1 January 2025, when the cell still stood.
        var id = await UploadAsync(staff, grassroots.Code, Csv(Header, $"Đoàn Văn Gộp,01/01/1990,Nam,001090000881,{merged.Code}"));
        await ReconciliationSteps.MatchedAsync(app.Store, id);

        var items = await ReconciliationSteps.ItemsAsync(app.Store, id);
        var item = items.Single(i => i.MemberId == member);
        item.Category.ShouldBeOneOf(ItemCategory.Matched, ItemCategory.MatchedWithDifferences);
        items.ShouldNotContain(i => i.Category == ItemCategory.OnRollOnly);
    }
}
