using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;
using Wolverine;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>
/// A membership given back after the member's cell was merged away: the member continues in the cell the merge sent
/// its members to, from the day an expulsion is annulled, or, for an end rescinded as recorded in error, from the
/// merge's own day, as if the end had never been.
/// </summary>
public sealed class RestoredMembershipTests(RestoredMembershipTests.Fixture app) : IClassFixture<RestoredMembershipTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-08-15T02:00:00Z";
    }

    /// <summary>Two cells of one grassroots unit of Ba Đình: the first merged into the second by a test.</summary>
    private static (OrganisationCreated Closed, OrganisationCreated Target) Siblings(int group)
    {
        var siblings = DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId)
            .SelectMany(g => DemoUnits.ChildrenOf(g.OrganisationId))
            .Where(c => c.Kind == OrganisationKind.Cell)
            .GroupBy(c => c.ParentId)
            .Where(g => g.Count() >= 2)
            .ElementAt(group)
            .ToList();
        return (siblings[0], siblings[1]);
    }

    private async Task MergeAsync(OrganisationCreated closed, OrganisationCreated target)
    {
        await using var session = app.Store.QuerySession();
        var version = (await session.LoadAsync<Organisation>(closed.OrganisationId)).ShouldNotBeNull().Version;
        await app.Host.MessageBus().InvokeAsync(new MergeOrganisation(closed.OrganisationId, version, target.OrganisationId, new LocalDate(2025, 7, 1)));
    }

    [Fact]
    public async Task a_death_recorded_in_error_and_rescinded_after_the_cell_was_merged_moves_the_member_with_the_others_on_the_merges_day()
    {
        var (closed, target) = Siblings(1);
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), closed.Code);
        await MemberForm.RecordAsync(app, staff, id, "end", "Death", new() { ["DateOfDeath"] = "2025-06-10" });
        await MergeAsync(closed, target);
        var proposal = Guid.NewGuid();
        await MemberForm.RecordAsync(app, staff, id, "rescind", null, new()
        {
            ["Entry"] = (await MemberForm.MemberAsync(app, id)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ProposalId"] = proposal.ToString(),
            ["DecisionNumber"] = "9-QĐ/ĐU",
            ["DecisionDate"] = "2025-08-14",
            ["Reason"] = "Ghi nhầm người",
        });

        await MemberForm.RecordAsync(app, await app.SignInAsync("admin"), id, "rescind", "Confirm", new() { ["ProposalId"] = proposal.ToString() });

        // The death never happened: the member was in the closed cell until the merge and moved with its members.
        var member = await MemberForm.MemberAsync(app, id);
        (member.Status, member.CellId).ShouldBe((MembershipStatus.Official, target.OrganisationId));
        member.CellOn(new LocalDate(2025, 6, 20)).ShouldBe(closed.OrganisationId);
        member.CellOn(new LocalDate(2025, 7, 1)).ShouldBe(target.OrganisationId);
        (await MemberForm.EventsAsync(app, id))[^1].Data.ShouldBe(new MemberCellChanged(closed.OrganisationId, target.OrganisationId, CellChangeCause.CellMerged, new LocalDate(2025, 7, 1)));
    }

    [Fact]
    public async Task an_expulsion_annulled_after_the_cell_was_merged_continues_the_membership_in_the_cell_that_took_its_members()
    {
        var (closed, target) = Siblings(0);
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), closed.Code);
        var discipline = Guid.NewGuid();
        await MemberForm.RecordAsync(app, staff, id, "discipline", "Impose", new()
        {
            ["Kind"] = "Expulsion", ["DisciplineId"] = discipline.ToString(), ["DecisionNumber"] = "9-QĐ/UBKT", ["DecisionDate"] = "2025-06-10", ["Reason"] = "Vi phạm nghiêm trọng",
        });
        await MergeAsync(closed, target);

        await MemberForm.RecordAsync(app, staff, id, "discipline", "Annul", new()
        {
            ["DisciplineId"] = discipline.ToString(), ["DecisionNumber"] = "12-QĐ/UBKT", ["DecisionDate"] = "2025-08-14", ["Reason"] = "Kết luận sai",
        });

        var member = await MemberForm.MemberAsync(app, id);
        (member.Status, member.CellId).ShouldBe((MembershipStatus.Official, target.OrganisationId));
        member.CellOn(new LocalDate(2025, 6, 20)).ShouldBe(closed.OrganisationId);
        member.CellOn(new LocalDate(2025, 8, 14)).ShouldBe(target.OrganisationId);
        (await MemberForm.EventsAsync(app, id))[^1].Data.ShouldBe(new MemberCellChanged(closed.OrganisationId, target.OrganisationId, CellChangeCause.CellMerged, new LocalDate(2025, 8, 14)));
    }
}
