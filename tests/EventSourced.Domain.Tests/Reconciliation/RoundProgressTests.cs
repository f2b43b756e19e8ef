using EventSourced.Domain.Organisations;
using EventSourced.Domain.Reconciliation;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;
using ReconciliationSnapshot = EventSourced.Domain.Reconciliation.Reconciliation;

namespace EventSourced.Domain.Tests.Reconciliation;

public class RoundProgressTests
{
    private static readonly LocalDate Reference = new(2024, 6, 1);

    private static readonly Guid RoundId = Guid.NewGuid();

    private static ReconciliationSnapshot Started(Organisation unit, int open = 0, bool finished = false)
    {
        var id = Guid.NewGuid();
        var r = ReconciliationSnapshot.Create(new ReconciliationStarted(id, unit.Id, RoundId, Reference, "roll.xlsx", "hash", 10));
        r.Apply(new RollMatched(id, new ReconciliationCounts(10 - open, 0, open, 0, 0, 0)));
        if (finished)
        {
            r.Apply(new ReconciliationFinished(id, Reference.PlusDays(3)));
        }

        return r;
    }

    [Fact]
    public void a_unit_without_a_reconciliation_counts_as_not_started()
    {
        var tree = new TreeBuilder();

        var rows = RoundProgress.Build(tree.On(Reference), tree.District.Id, []);

        rows.Single(r => r.Unit.Id == tree.Cell.Id).Status.ShouldBe(RoundUnitStatus.NotStarted);
        rows[0].Unit.Id.ShouldBe(tree.District.Id);
        rows[0].Status.ShouldBeNull();
        rows[0].Counts.ShouldBe(new RoundCounts(0, 0, 1, 0));
    }

    [Fact]
    public void a_parent_shows_the_sum_of_its_children()
    {
        var tree = new TreeBuilder();
        var second = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ 2", tree.Ward);
        var third = tree.Add(OrganisationKind.Cell, "BD.PX.03", "Chi bộ 3", tree.Ward);
        var otherWard = tree.Add(OrganisationKind.GrassrootsCell, "BD.TB", "Chi bộ cơ sở Trúc Bạch", tree.District);

        var rows = RoundProgress.Build(tree.On(Reference), tree.District.Id, [Started(tree.Cell, open: 3), Started(second, open: 2, finished: true), Started(otherWard, open: 4)]);

        var byUnit = rows.ToDictionary(r => r.Unit.Id);
        byUnit[tree.Cell.Id].Counts.ShouldBe(new RoundCounts(0, 1, 0, 3));
        byUnit[second.Id].Status.ShouldBe(RoundUnitStatus.Finished);
        byUnit[third.Id].Status.ShouldBe(RoundUnitStatus.NotStarted);
        byUnit[tree.Ward.Id].Counts.ShouldBe(new RoundCounts(1, 1, 1, 5));
        byUnit[otherWard.Id].Counts.ShouldBe(new RoundCounts(0, 1, 0, 4));
        foreach (var row in rows)
        {
            var children = tree.On(Reference).Children(row.Unit.Id);
            if (children.Count > 0)
            {
                children.Select(c => byUnit[c.Id].Counts).Aggregate(RoundCounts.None, (a, b) => a.Plus(b)).ShouldBe(row.Counts);
            }
        }

        byUnit[tree.District.Id].Counts.ShouldBe(new RoundCounts(1, 2, 1, 9));
    }

    [Fact]
    public void the_units_are_those_of_the_round_subtree_only()
    {
        var tree = new TreeBuilder();
        var elsewhere = tree.Add(OrganisationKind.DirectlySubordinateCommittee, "HK", "Quận ủy Hoàn Kiếm", tree.City);
        tree.Add(OrganisationKind.GrassrootsCell, "HK.01", "Chi bộ cơ sở", elsewhere);

        var rows = RoundProgress.Build(tree.On(Reference), tree.District.Id, []);

        rows.Select(r => r.Unit.Code).ShouldBe(["BD", "BD.PX", "BD.PX.01"]);
    }

    [Fact]
    public void a_unit_is_late_when_not_finished_after_the_deadline()
    {
        var tree = new TreeBuilder();
        var done = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ 2", tree.Ward);
        var deadline = Reference.PlusDays(30);

        var rows = RoundProgress.Build(tree.On(Reference), tree.District.Id, [Started(done, finished: true)]);

        rows.Where(r => r.IsLate(deadline, deadline)).ShouldBeEmpty();
        rows.Where(r => r.IsLate(deadline, deadline.PlusDays(1))).Select(r => r.Unit.Id).ShouldBe([tree.Cell.Id]);
    }
}
