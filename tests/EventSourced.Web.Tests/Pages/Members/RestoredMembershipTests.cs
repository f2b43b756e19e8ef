using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;
using Wolverine;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>
/// A membership given back (an expulsion annulled) after the member's cell was merged away: the member continues in
/// the cell the merge sent its members to, from the day the expulsion is annulled.
/// </summary>
public sealed class RestoredMembershipTests(RestoredMembershipTests.Fixture app) : IClassFixture<RestoredMembershipTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-08-15T02:00:00Z";
    }

    [Fact]
    public async Task an_expulsion_annulled_after_the_cell_was_merged_continues_the_membership_in_the_cell_that_took_its_members()
    {
        var siblings = DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId)
            .SelectMany(g => DemoUnits.ChildrenOf(g.OrganisationId))
            .Where(c => c.Kind == OrganisationKind.Cell)
            .GroupBy(c => c.ParentId)
            .First(g => g.Count() >= 2)
            .ToList();
        var (closed, target) = (siblings[0], siblings[1]);
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), closed.Code);
        var discipline = Guid.NewGuid();
        await MemberForm.RecordAsync(app, staff, id, "discipline", "Impose", new()
        {
            ["Kind"] = "Expulsion", ["DisciplineId"] = discipline.ToString(), ["DecisionNumber"] = "9-QĐ/UBKT", ["DecisionDate"] = "2025-06-10", ["Reason"] = "Vi phạm nghiêm trọng",
        });
        await using (var session = app.Store.QuerySession())
        {
            var version = (await session.LoadAsync<Organisation>(closed.OrganisationId)).ShouldNotBeNull().Version;
            await app.Host.MessageBus().InvokeAsync(new MergeOrganisation(closed.OrganisationId, version, target.OrganisationId, new LocalDate(2025, 7, 1)));
        }

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
