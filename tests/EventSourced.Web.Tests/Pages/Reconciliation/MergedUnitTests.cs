using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;
using static EventSourced.Web.Tests.Pages.Reconciliation.ReconciliationSteps;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>
/// A cell merged away while its reconciliation is under way: its part (as of a day it still existed) stays
/// its own to finish, through the same pages, and a roll of a day after the merger is refused.
/// </summary>
public sealed partial class MergedUnitTests(MergedUnitTests.Fixture app) : IClassFixture<MergedUnitTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [GeneratedRegex("data-rule=\"([^\"]+)\"")]
    private static partial Regex RuleAttribute();

    [Fact]
    public async Task a_cell_merged_during_its_reconciliation_still_finishes_it_and_takes_no_roll_dated_after_the_merger()
    {
        var (cell, target) = (Cells[0], Cells[1]);
        var staff = await app.SignInAsync("staff");
        await AdmitAsync(staff, "Nguyễn Văn Gộp", "001090700001", cell);
        var id = await UploadAsync(staff, cell, Csv($"Nguyễn Văn Khác,01/01/1990,Nam,,{cell}"));
        await MatchedAsync(app.Store, id);
        var unit = DemoUnits.Units.Single(u => u.Code == cell);
        var merge = await staff.PostFormAsync($"/organisations/{unit.OrganisationId}/merge", $"/organisations/{unit.OrganisationId}/merge", new Dictionary<string, string>
        {
            ["TargetCode"] = target,
            ["EffectiveDate"] = "2025-06-01",
        });
        merge.StatusCode.ShouldBe(HttpStatusCode.Redirect, await merge.Content.ReadAsStringAsync());

        (await staff.GetAsync($"{PathOf(cell)}/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ResolveAllAndFinishAsync(staff, app.Store, cell, id);
        (await StateAsync(app.Store, id)).Status.ShouldBe(ReconciliationStatus.Finished);
        (await staff.GetAsync($"{PathOf(cell)}/{id}/report")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var events = await app.EventCountAsync();
        var after = await staff.PostFileAsync(PathOf(cell), PathOf(cell), "Upload", "danh-sach.csv",
            Csv($"Nguyễn Văn Khác,01/01/1990,Nam,,{cell}"), new Dictionary<string, string> { ["ReferenceDate"] = "2025-07-01" });
        var html = await after.Content.ReadAsStringAsync();
        after.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, html);
        RuleAttribute().Matches(html).Select(m => m.Groups[1].Value).Distinct().ShouldBe(["Reconciliation.UnitClosedByReferenceDate"]);
        (await app.EventCountAsync()).ShouldBe(events);
    }
}
