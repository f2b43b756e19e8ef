using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Reconciliation;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Reconciliation;

public class OpenRoundTests
{
    private static readonly LocalDate Today = new(2024, 6, 10);

    private static OpenRound Open(Organisation unit, LocalDate? reference = null, LocalDate? deadline = null, string name = "Rà soát 2024", string decision = "15-KH/QU") =>
        new(Guid.NewGuid(), unit.Id, name, reference ?? new LocalDate(2024, 6, 1), deadline ?? new LocalDate(2024, 7, 31), decision);

    private static string RefusalCode(OpenRound command, TreeBuilder tree) =>
        Should.Throw<RuleViolation>(() => OpenRoundHandler.Decide(command, tree.On(command.ReferenceDate), Today)).Code;

    [Fact]
    public void a_district_committee_opens_a_round_for_its_subtree()
    {
        var tree = new TreeBuilder();
        var command = Open(tree.District, name: "  Rà  soát   2024 ");

        var opened = OpenRoundHandler.Decide(command, tree.On(command.ReferenceDate), Today);

        opened.ShouldBe(new ReconciliationRoundOpened(command.RoundId, tree.District.Id, "Rà soát 2024", new LocalDate(2024, 6, 1), new LocalDate(2024, 7, 31), "15-KH/QU"));
    }

    [Fact]
    public void a_reference_date_of_today_is_allowed()
    {
        var tree = new TreeBuilder();

        var opened = OpenRoundHandler.Decide(Open(tree.Ward, reference: Today), tree.On(Today), Today);

        opened.ReferenceDate.ShouldBe(Today);
    }

    [Fact]
    public void a_reference_date_after_today_is_refused_before_the_unit_is_looked_at()
    {
        var tree = new TreeBuilder();

        RefusalCode(Open(tree.District, reference: Today.PlusDays(1), deadline: Today.PlusDays(30)), tree).ShouldBe("Reconciliation.ReferenceDateInFuture");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void a_deadline_not_after_the_reference_date_is_refused(int daysAfter)
    {
        var tree = new TreeBuilder();
        var reference = new LocalDate(2024, 6, 1);

        RefusalCode(Open(tree.District, reference, reference.PlusDays(daysAfter)), tree).ShouldBe("Reconciliation.DeadlineNotAfterReferenceDate");
    }

    [Fact]
    public void a_round_needs_a_name_and_a_decision_reference()
    {
        var tree = new TreeBuilder();

        RefusalCode(Open(tree.District, name: "  "), tree).ShouldBe("Reconciliation.NameRequired");
        RefusalCode(Open(tree.District, decision: ""), tree).ShouldBe("Reconciliation.DecisionReferenceRequired");
    }

    [Fact]
    public void a_cell_cannot_open_a_round()
    {
        var tree = new TreeBuilder();

        RefusalCode(Open(tree.Cell), tree).ShouldBe("Reconciliation.UnitNotCommittee");
    }

    [Fact]
    public void a_unit_founded_after_the_reference_date_cannot_open_a_round_for_it()
    {
        var tree = new TreeBuilder();
        var late = tree.Add(OrganisationKind.GrassrootsCommittee, "BD.NEW", "Đảng bộ mới", tree.District, new LocalDate(2024, 6, 5));

        RefusalCode(Open(late, reference: new LocalDate(2024, 6, 1)), tree).ShouldBe("Reconciliation.UnitNotActive");
    }
}
