using System.Net;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using Marten.Events;
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

    [Fact]
    public async Task a_back_dated_merge_moves_each_member_for_the_time_the_register_shows_them_in_the_cell_after_its_date()
    {
        var admin = await app.SignInAsync("admin");
        var grassroots = DemoUnits.GrassrootsUnder(DemoUnits.District("Đống Đa"));
        var cells = DemoUnits.ChildrenOf(grassroots.OrganisationId).Where(u => u.Kind == OrganisationKind.Cell).ToList();
        var (merged, kept) = (cells[0].OrganisationId, cells[1].OrganisationId);
        var mergedOn = new LocalDate(2025, 2, 1);
        // Recorded before the merger, dated after it: one died in the cell, one was admitted into it.
        var died = await AdmissionForm.AdmitAsync(admin, "Phạm Văn Mất", ceremony: new LocalDate(2025, 1, 5), cellCode: cells[0].Code);
        await MemberForm.RecordAsync(app, admin, died, "end", "Death", new() { ["DateOfDeath"] = "2025-02-15" });
        var joined = await AdmissionForm.AdmitAsync(admin, "Phạm Thị Vào", ceremony: new LocalDate(2025, 2, 10), cellCode: cells[0].Code);
        // The one who left is found through the roll periods the daemon keeps a moment behind the register.
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        var merge = await admin.PostFormAsync($"/organisations/{merged}/merge", $"/organisations/{merged}/merge", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["TargetCode"] = cells[1].Code,
            ["EffectiveDate"] = "2025-02-01",
        });
        merge.StatusCode.ShouldBe(HttpStatusCode.Redirect, await merge.Content.ReadAsStringAsync());

        // In the cell kept from the merger until death, not in a cell that no longer existed (on no unit's roll).
        var dead = await MemberForm.MemberAsync(app, died);
        dead.CellOn(mergedOn.PlusDays(-1)).ShouldBe(merged);
        dead.CellOn(mergedOn).ShouldBe(kept);
        dead.CellOn(new LocalDate(2025, 2, 15)).ShouldBeNull();
        EventSourced.Domain.Audit.MemberRollPeriods.For(dead).Select(p => (p.CellId, p.From, p.To))
            .ShouldBe([(merged, new LocalDate(2025, 1, 5), mergedOn), (kept, mergedOn, new LocalDate(2025, 2, 15))]);
        // In the cell kept from the ceremony on, not before it: counted once, and only as a member.
        var admitted = await MemberForm.MemberAsync(app, joined);
        admitted.CellOn(new LocalDate(2025, 2, 9)).ShouldBeNull();
        admitted.CellOn(new LocalDate(2025, 2, 10)).ShouldBe(kept);
        admitted.CellId.ShouldBe(kept);
        EventSourced.Domain.Audit.MemberRollPeriods.For(admitted).Select(p => (p.CellId, p.From, p.To))
            .ShouldBe([(kept, new LocalDate(2025, 2, 10), (LocalDate?)null)]);
    }

    [Fact]
    public async Task a_member_whose_letter_left_a_cell_merged_since_is_in_transit_on_the_roll_of_the_cell_that_took_them()
    {
        var admin = await app.SignInAsync("admin");
        var grassroots = DemoUnits.GrassrootsUnder(DemoUnits.District("Hai Bà Trưng"));
        var cells = DemoUnits.ChildrenOf(grassroots.OrganisationId).Where(u => u.Kind == OrganisationKind.Cell).ToList();
        var elsewhere = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.District("Hoàng Mai")));
        var id = await AdmissionForm.AdmitAsync(admin, "Vũ Văn Đường", ceremony: new LocalDate(2025, 1, 5), cellCode: cells[0].Code);
        await TransferForm.IssueOfficialAsync(admin, id, elsewhere.Code, new LocalDate(2025, 2, 10));

        var merge = await admin.PostFormAsync($"/organisations/{cells[0].OrganisationId}/merge", $"/organisations/{cells[0].OrganisationId}/merge", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["TargetCode"] = cells[1].Code,
            ["EffectiveDate"] = "2025-02-20",
        });
        merge.StatusCode.ShouldBe(HttpStatusCode.Redirect, await merge.Content.ReadAsStringAsync());
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

        await using var session = app.Store.QuerySession();
        // Still on the way with the letter the merged cell issued: counted by the cell that took its members, as in transit.
        (await EventSourced.Domain.Audit.RollAsOf.ReadAsync(session, [cells[1].OrganisationId], new LocalDate(2025, 2, 25), CancellationToken.None))
            .Where(l => l.MemberId == id).Select(l => l.Status).ShouldBe([EventSourced.Domain.Audit.RollStatus.InTransit]);
        (await EventSourced.Domain.Audit.RollAsOf.ReadAsync(session, [cells[0].OrganisationId], new LocalDate(2025, 2, 15), CancellationToken.None))
            .Where(l => l.MemberId == id).Select(l => l.Status).ShouldBe([EventSourced.Domain.Audit.RollStatus.InTransit]);
        (await EventSourced.Domain.Audit.RollAsOf.ReadAsync(session, [elsewhere.OrganisationId], new LocalDate(2025, 2, 25), CancellationToken.None))
            .ShouldNotContain(l => l.MemberId == id);
    }

    [Fact]
    public async Task a_cell_merged_into_two_cells_at_the_same_moment_is_merged_once_and_its_members_moved_once()
    {
        var grassroots = DemoUnits.GrassrootsUnder(DemoUnits.District("Thanh Xuân"));
        var cells = DemoUnits.ChildrenOf(grassroots.OrganisationId).Where(u => u.Kind == OrganisationKind.Cell).ToList();
        var admin = await app.SignInAsync("admin");
        var id = await AdmissionForm.AdmitAsync(admin, "Lý Văn Hai", ceremony: new LocalDate(2025, 1, 5), cellCode: cells[0].Code);
        var url = $"/organisations/{cells[0].OrganisationId}/merge";
        Dictionary<string, string> Into(OrganisationCreated target) => new() { ["ExpectedVersion"] = "1", ["TargetCode"] = target.Code, ["EffectiveDate"] = "2025-02-20" };

        var (first, second) = await AtTheSameMoment.PostAsync(
            new AtTheSameMoment.Post(admin, url, url, Into(cells[1])),
            new AtTheSameMoment.Post(await app.SignInAsync("admin"), url, url, Into(cells[2])));

        new[] { first.StatusCode, second.StatusCode }.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity], ignoreOrder: true);
        var refused = await (first.StatusCode == HttpStatusCode.Redirect ? second : first).Content.ReadAsStringAsync();
        // The other is told the unit was changed, by whom: the page shows the unit as it is now, merged.
        refused.ShouldContain("data-testid=\"form-error\"");
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(cells[0].OrganisationId)).Count(e => e.Data is OrganisationMerged).ShouldBe(1);
        (await MemberForm.EventsAsync(app, id)).Count(e => e.Data is MemberCellChanged).ShouldBe(1);
        var merged = (await session.Events.FetchStreamAsync(cells[0].OrganisationId)).Select(e => e.Data).OfType<OrganisationMerged>().Single();
        (await MemberForm.MemberAsync(app, id)).CellId.ShouldBe(merged.TargetId);
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
