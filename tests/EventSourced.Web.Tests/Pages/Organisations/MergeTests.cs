using System.Net;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Organisations;

/// <summary>The merge page (<c>/organisations/{id}/merge</c>): a merged cell's members move to the remaining cell, each on their own stream.</summary>
[Collection(MembersIn2025.Collection)]
public sealed class MergeTests(MembersIn2025 app)
{
    [Fact]
    public async Task merging_a_cell_moves_its_members_on_their_own_streams_from_the_merge_date()
    {
        var (admin, cells, id) = await MergedAsync("Long Biên");

        var moved = (await MemberForm.EventsAsync(app, id))[^1].Data.ShouldBeOfType<MemberCellChanged>();
        moved.ToCellId.ShouldBe(cells[1].OrganisationId);
        moved.Cause.ShouldBe(CellChangeCause.CellMerged);
        var member = await MemberForm.MemberAsync(app, id);
        member.CellOn(new LocalDate(2025, 2, 27)).ShouldBe(cells[0].OrganisationId);
        member.CellOn(new LocalDate(2025, 2, 28)).ShouldBe(cells[1].OrganisationId);
    }

    [Fact]
    public async Task a_member_moved_by_a_merge_shows_why_on_their_page()
    {
        var (admin, _, id) = await MergedAsync("Tây Hồ");

        (await admin.GetTextAsync($"/members/{id}")).TestIdText("timeline").ShouldContain(Texts.Vi("CellChangeCause.CellMerged"));
    }

    /// <summary>A member admitted into the first cell of a grassroots committee of <paramref name="district"/>, then that cell merged into the second on 28 February 2025.</summary>
    private async Task<(WebSession Admin, IReadOnlyList<OrganisationCreated> Cells, Guid Member)> MergedAsync(string district)
    {
        var admin = await app.SignInAsync("admin");
        var grassroots = DemoUnits.GrassrootsUnder(DemoUnits.District(district));
        var cells = DemoUnits.ChildrenOf(grassroots.OrganisationId).Where(u => u.Kind == OrganisationKind.Cell).ToList();
        var id = await AdmissionForm.AdmitAsync(admin, "Đinh Văn Sơn " + district, ceremony: new LocalDate(2025, 2, 1), cellCode: cells[0].Code);

        var merge = await admin.PostFormAsync($"/organisations/{cells[0].OrganisationId}/merge", $"/organisations/{cells[0].OrganisationId}/merge", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["TargetCode"] = cells[1].Code,
            ["EffectiveDate"] = "2025-02-28",
        });

        merge.StatusCode.ShouldBe(HttpStatusCode.Redirect, await merge.Content.ReadAsStringAsync());
        return (admin, cells, id);
    }
}
