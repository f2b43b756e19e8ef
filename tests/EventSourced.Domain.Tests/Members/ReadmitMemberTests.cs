using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class ReadmitMemberTests
{
    private static readonly LocalDate Today = new(2025, 3, 1);
    private static readonly LocalDate FirstDecision = new(2005, 3, 2);
    private static readonly LocalDate LeftOn = new(2019, 6, 1);

    // 36 months after leaving.
    private static readonly LocalDate AllowedFrom = new(2022, 6, 1);

    private static Member Former() => MemberBuilder.Official(decided: FirstDecision).Left(LeftOn);

    private static ReadmitMember Readmit(Member member, Guid cellId, LocalDate? decided = null, LocalDate? ceremony = null) =>
        new(member.Id, member.Version, cellId, MemberBuilder.DecisionOn(decided ?? AllowedFrom, "90-QĐ/ĐU"), ceremony ?? (decided ?? AllowedFrom).PlusDays(14));

    private static MemberReadmitted Decide(ReadmitMember command, Member member, TreeBuilder tree) =>
        ReadmitMemberHandler.Decide(command, member, tree.On(command.CeremonyDate), Today);

    [Fact]
    public void a_former_member_is_readmitted_36_months_after_leaving()
    {
        var tree = new TreeBuilder();
        var member = Former();

        var readmitted = Decide(Readmit(member, tree.Cell.Id), member, tree);

        readmitted.ShouldBe(new MemberReadmitted(tree.Cell.Id, new Decision("90-QĐ/ĐU", AllowedFrom), AllowedFrom.PlusDays(14)));
        readmitted.EffectiveDate.ShouldBe(AllowedFrom.PlusDays(14));
    }

    [Fact]
    public void readmission_before_36_months_out_is_refused()
    {
        var tree = new TreeBuilder();
        var member = Former();

        var refusal = Should.Throw<RuleViolation>(() => Decide(Readmit(member, tree.Cell.Id, AllowedFrom.PlusDays(-1)), member, tree));

        refusal.Code.ShouldBe("Member.ReadmissionTooSoon");
        refusal.Arguments.Single().ShouldBe(AllowedFrom);
    }

    [Fact]
    public void a_readmitted_member_starts_a_new_probation_in_the_new_cell()
    {
        var tree = new TreeBuilder();
        var member = Former();
        var oldCell = member.CellId;
        var ceremony = AllowedFrom.PlusDays(14);

        member.With(Decide(Readmit(member, tree.Cell.Id), member, tree));

        member.Status.ShouldBe(MembershipStatus.Probationary);
        member.IsMember.ShouldBeTrue();
        member.Readmitted.ShouldBeTrue();
        member.OfficialDate.ShouldBeNull();
        member.EndedOn.ShouldBeNull();
        member.CeremonyDate.ShouldBe(ceremony);
        MemberRules.ProbationEnds(member).ShouldBe(ceremony.PlusYears(1));
        member.Admission.Date.ShouldBe(FirstDecision);
        member.CellId.ShouldBe(tree.Cell.Id);
        member.Periods.ShouldBe([new MembershipPeriod(FirstDecision, LeftOn), new MembershipPeriod(AllowedFrom, null)]);
        member.CellOn(LeftOn.PlusDays(-1)).ShouldBe(oldCell);
        member.CellOn(AllowedFrom).ShouldBeNull();
        member.CellOn(ceremony).ShouldBe(tree.Cell.Id);
    }

    [Fact]
    public void a_readmitted_member_is_no_longer_exempt()
    {
        var tree = new TreeBuilder();
        var member = MemberBuilder.Official(decided: FirstDecision)
            .With(new MemberExempted(MemberBuilder.DecisionOn(new LocalDate(2018, 1, 1)), "Ốm", new LocalDate(2018, 1, 1)))
            .Left(LeftOn);

        member.With(Decide(Readmit(member, tree.Cell.Id), member, tree));

        member.Exempt.ShouldBeFalse();
    }

    [Fact]
    public void readmission_is_refused_a_second_time()
    {
        var tree = new TreeBuilder(new LocalDate(2000, 1, 1));
        var member = MemberBuilder.Official(decided: new LocalDate(2000, 3, 2))
            .Left(new LocalDate(2008, 1, 1))
            .Readmitted(tree.Cell.Id, new LocalDate(2011, 2, 1), new LocalDate(2011, 2, 15))
            .Recognised()
            .Left(new LocalDate(2018, 1, 1));

        Should.Throw<RuleViolation>(() => Decide(Readmit(member, tree.Cell.Id, new LocalDate(2022, 1, 10)), member, tree))
            .Code.ShouldBe("Member.ReadmittedOnce");
    }

    [Fact]
    public void readmitting_a_deceased_person_is_refused()
    {
        var tree = new TreeBuilder();
        var member = Former().Died(new LocalDate(2021, 1, 1));

        Should.Throw<RuleViolation>(() => Decide(Readmit(member, tree.Cell.Id), member, tree))
            .Code.ShouldBe("Member.Deceased");
    }

    [Fact]
    public void readmitting_a_current_member_is_refused()
    {
        var tree = new TreeBuilder();
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => Decide(Readmit(member, tree.Cell.Id), member, tree))
            .Code.ShouldBe("Member.AlreadyMember");
    }

    [Fact]
    public void an_expelled_or_removed_member_waits_36_months_from_the_end_too()
    {
        var tree = new TreeBuilder();
        var removed = MemberBuilder.Official(decided: FirstDecision).Removed(LeftOn);

        Should.Throw<RuleViolation>(() => Decide(Readmit(removed, tree.Cell.Id, AllowedFrom.PlusDays(-1)), removed, tree))
            .Code.ShouldBe("Member.ReadmissionTooSoon");
        Decide(Readmit(removed, tree.Cell.Id), removed, tree).Decision.Date.ShouldBe(AllowedFrom);
    }

    [Fact]
    public void readmission_into_a_unit_that_is_not_a_cell_or_a_closed_cell_is_refused()
    {
        var tree = new TreeBuilder();
        var closed = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        closed.Apply(new OrganisationDissolved(null, new LocalDate(2021, 1, 1)));
        var member = Former();

        Should.Throw<RuleViolation>(() => Decide(Readmit(member, tree.Ward.Id), member, tree))
            .Code.ShouldBe("Member.NotAnActiveCell");
        Should.Throw<RuleViolation>(() => Decide(Readmit(member, closed.Id), member, tree))
            .Code.ShouldBe("Member.NotAnActiveCell");
        Should.Throw<RuleViolation>(() => Decide(Readmit(member, Guid.NewGuid()), member, tree))
            .Code.ShouldBe("Member.CellNotFound");
    }

    [Fact]
    public void a_readmission_ceremony_before_the_decision_or_in_the_future_is_refused()
    {
        var tree = new TreeBuilder();
        var member = Former();

        Should.Throw<RuleViolation>(() => Decide(Readmit(member, tree.Cell.Id, ceremony: AllowedFrom.PlusDays(-1)), member, tree))
            .Code.ShouldBe("Member.CeremonyBeforeDecision");
        Should.Throw<RuleViolation>(() => Decide(Readmit(member, tree.Cell.Id, Today, Today.PlusDays(1)), member, tree))
            .Code.ShouldBe("Member.DateInFuture");
        Should.Throw<RuleViolation>(() => Decide(Readmit(member, tree.Cell.Id, Today.PlusDays(1), Today.PlusDays(2)), member, tree))
            .Code.ShouldBe("Member.DecisionInFuture");
    }

    [Fact]
    public void a_member_who_transferred_out_of_the_city_is_not_readmitted()
    {
        // They did not leave the Party: they belong to an organisation outside the register.
        var tree = new TreeBuilder();
        var member = MemberBuilder.Official(decided: FirstDecision)
            .With(new MemberTransferredOut(Guid.NewGuid(), "Đảng bộ tỉnh Bắc Ninh", "Bắc Ninh", LeftOn));

        Should.Throw<RuleViolation>(() => Decide(Readmit(member, tree.Cell.Id), member, tree))
            .Code.ShouldBe("Member.TransferredOutNotReadmitted");
    }
}
