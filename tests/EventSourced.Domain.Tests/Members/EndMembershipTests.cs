using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class EndMembershipTests
{
    private static readonly LocalDate Today = new(2025, 3, 1);
    private static readonly LocalDate Decided = new(2025, 2, 14);

    private static RemoveFromRolls Remove(Member member, RemovalGround ground, string? reason = null, LocalDate? decided = null) =>
        new(member.Id, member.Version, ground, MemberBuilder.DecisionOn(decided ?? Decided, "70-QĐ/ĐU"), reason);

    private static RecordVoluntaryExit Exit(Member member, LocalDate? decided = null) =>
        new(member.Id, member.Version, MemberBuilder.DecisionOn(decided ?? Decided, "71-QĐ/ĐU"));

    private static RecordDeath Death(Member member, LocalDate died) => new(member.Id, member.Version, died);

    [Theory]
    [InlineData(RemovalGround.AbandonedActivityOrUnpaidDues)]
    [InlineData(RemovalGround.ReturnedOrDestroyedCard)]
    [InlineData(RemovalGround.NoProgressAfterEducation)]
    [InlineData(RemovalGround.FailedStandardsTwoYears)]
    public void a_member_is_removed_from_the_rolls_on_a_listed_ground_without_further_reason(RemovalGround ground)
    {
        var member = MemberBuilder.Official();

        var removed = EndMembershipHandler.Decide(Remove(member, ground), member, Today);

        removed.ShouldBe(new MemberRemovedFromRolls(ground, new Decision("70-QĐ/ĐU", Decided), null, Decided));
    }

    [Fact]
    public void removal_from_the_rolls_ends_membership_and_the_cell_period_on_the_decision_date()
    {
        var member = MemberBuilder.Official();

        member.With(EndMembershipHandler.Decide(Remove(member, RemovalGround.FailedStandardsTwoYears), member, Today));

        member.Status.ShouldBe(MembershipStatus.RemovedFromRolls);
        member.IsMember.ShouldBeFalse();
        member.EndedOn.ShouldBe(Decided);
        member.Periods.ShouldBe([new MembershipPeriod(MemberBuilder.Decided, Decided)]);
        member.CellOn(Decided.PlusDays(-1)).ShouldBe(member.CellId);
        member.CellOn(Decided).ShouldBeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void removal_on_another_ground_needs_a_reason(string? reason)
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Remove(member, RemovalGround.Other, reason), member, Today))
            .Code.ShouldBe("Member.ReasonRequired");
    }

    [Fact]
    public void removal_on_another_ground_with_a_reason_keeps_it()
    {
        var member = MemberBuilder.Official();

        EndMembershipHandler.Decide(Remove(member, RemovalGround.Other, "  Vi phạm   tư cách "), member, Today)
            .Reason.ShouldBe("Vi phạm tư cách");
    }

    [Fact]
    public void a_reason_given_with_a_listed_ground_is_kept()
    {
        var member = MemberBuilder.Official();

        EndMembershipHandler.Decide(Remove(member, RemovalGround.AbandonedActivityOrUnpaidDues, "Không đóng đảng phí 3 tháng"), member, Today)
            .Reason.ShouldBe("Không đóng đảng phí 3 tháng");
    }

    [Fact]
    public void a_probationary_member_may_be_removed_on_a_listed_ground()
    {
        var member = MemberBuilder.Admitted(decided: new LocalDate(2024, 6, 1));

        EndMembershipHandler.Decide(Remove(member, RemovalGround.AbandonedActivityOrUnpaidDues), member, Today)
            .Ground.ShouldBe(RemovalGround.AbandonedActivityOrUnpaidDues);
    }

    [Fact]
    public void an_official_member_cannot_be_removed_as_a_probationary_member_not_recognised()
    {
        // The ground belongs to probationary members only; for them there is RemoveUnrecognisedProbationary.
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Remove(member, RemovalGround.NotRecognisedAfterProbation, "Không công nhận"), member, Today))
            .Code.ShouldBe("Member.NotProbationary");
    }

    [Fact]
    public void a_probationary_member_cannot_be_removed_as_not_recognised_before_the_12_months_end()
    {
        // Admitted on 1 June 2024, ceremony on 14 June 2024: the 12 months end on 14 June 2025.
        var member = MemberBuilder.Admitted(decided: new LocalDate(2024, 6, 1));

        var refusal = Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Remove(member, RemovalGround.NotRecognisedAfterProbation, "Không công nhận"), member, Today));

        refusal.Code.ShouldBe("Member.ProbationNotOver");
        refusal.Arguments.Single().ShouldBe(new LocalDate(2025, 6, 14));
    }

    [Fact]
    public void a_probationary_member_is_removed_as_not_recognised_once_the_12_months_have_ended()
    {
        var member = MemberBuilder.Admitted(decided: new LocalDate(2023, 6, 1));

        EndMembershipHandler.Decide(Remove(member, RemovalGround.NotRecognisedAfterProbation, "Không công nhận"), member, Today)
            .Ground.ShouldBe(RemovalGround.NotRecognisedAfterProbation);
    }

    [Fact]
    public void removing_a_former_or_deceased_member_is_refused()
    {
        var left = MemberBuilder.Official().Left(new LocalDate(2024, 1, 1));
        var deceased = MemberBuilder.Official().Died(new LocalDate(2024, 1, 1));

        Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Remove(left, RemovalGround.ReturnedOrDestroyedCard), left, Today))
            .Code.ShouldBe("Member.NotAMember");
        Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Remove(deceased, RemovalGround.ReturnedOrDestroyedCard), deceased, Today))
            .Code.ShouldBe("Member.Deceased");
    }

    [Fact]
    public void a_removal_decided_in_the_future_or_before_the_ceremony_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Remove(member, RemovalGround.ReturnedOrDestroyedCard, decided: Today.PlusDays(1)), member, Today))
            .Code.ShouldBe("Member.DecisionInFuture");
        Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Remove(member, RemovalGround.ReturnedOrDestroyedCard, decided: MemberBuilder.Ceremony.PlusDays(-1)), member, Today))
            .Code.ShouldBe("Member.DecisionTooEarly");
    }

    [Fact]
    public void a_member_may_leave_the_party_at_their_own_request()
    {
        var member = MemberBuilder.Official();

        var left = EndMembershipHandler.Decide(Exit(member), member, Today);
        member.With(left);

        left.ShouldBe(new MemberLeftVoluntarily(new Decision("71-QĐ/ĐU", Decided), Decided));
        member.Status.ShouldBe(MembershipStatus.LeftVoluntarily);
        member.EndedOn.ShouldBe(Decided);
        member.CellOn(Decided).ShouldBeNull();
    }

    [Fact]
    public void a_member_who_has_left_cannot_leave_again()
    {
        var member = MemberBuilder.Official().Left(new LocalDate(2024, 1, 1));

        Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Exit(member), member, Today))
            .Code.ShouldBe("Member.NotAMember");
    }

    [Fact]
    public void a_voluntary_exit_decided_in_the_future_or_before_the_ceremony_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Exit(member, Today.PlusDays(1)), member, Today))
            .Code.ShouldBe("Member.DecisionInFuture");
        Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Exit(member, MemberBuilder.Ceremony.PlusDays(-1)), member, Today))
            .Code.ShouldBe("Member.DecisionTooEarly");
    }

    [Fact]
    public void a_members_death_ends_membership_on_the_day_of_death()
    {
        var member = MemberBuilder.Official();
        var died = new LocalDate(2025, 1, 20);

        var death = EndMembershipHandler.Decide(Death(member, died), member, Today);
        member.With(death);

        death.ShouldBe(new MemberDied(died));
        member.Status.ShouldBe(MembershipStatus.Deceased);
        member.IsMember.ShouldBeFalse();
        member.EndedOn.ShouldBe(died);
        member.Periods[^1].To.ShouldBe(died);
        member.CellOn(died).ShouldBeNull();
        member.CellOn(died.PlusDays(-1)).ShouldBe(member.CellId);
    }

    [Fact]
    public void a_death_cannot_be_recorded_twice()
    {
        var member = MemberBuilder.Official().Died(new LocalDate(2025, 1, 20));

        Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Death(member, new LocalDate(2025, 1, 20)), member, Today))
            .Code.ShouldBe("Member.Deceased");
    }

    [Fact]
    public void a_death_before_birth_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Death(member, MemberBuilder.Born.PlusDays(-1)), member, Today))
            .Code.ShouldBe("Member.DeathBeforeBirth");
    }

    [Fact]
    public void a_death_in_the_future_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Death(member, Today.PlusDays(1)), member, Today))
            .Code.ShouldBe("Member.DateInFuture");
    }

    [Fact]
    public void a_current_member_cannot_have_died_before_being_admitted()
    {
        // Admitted by the decision of 2 March 2020: a death in 2019 would end the membership
        // period before it began (and make the admission itself impossible).
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => EndMembershipHandler.Decide(Death(member, new LocalDate(2019, 6, 1)), member, Today));
    }

    [Fact]
    public void a_former_member_can_still_be_recorded_as_deceased()
    {
        var removed = new LocalDate(2022, 4, 1);
        var member = MemberBuilder.Official().Removed(removed);

        member.With(EndMembershipHandler.Decide(Death(member, new LocalDate(2024, 8, 3)), member, Today));

        member.Status.ShouldBe(MembershipStatus.Deceased);
        member.EndedOn.ShouldBe(removed);
        member.Periods.ShouldBe([new MembershipPeriod(MemberBuilder.Decided, removed)]);
    }

    [Fact]
    public void an_exempt_members_death_is_recorded_like_any_other()
    {
        var member = MemberBuilder.Official().With(new MemberExempted(MemberBuilder.DecisionOn(new LocalDate(2023, 1, 1)), "Ốm nặng", new LocalDate(2023, 1, 1)));

        member.With(EndMembershipHandler.Decide(Death(member, new LocalDate(2025, 1, 1)), member, Today));

        member.Status.ShouldBe(MembershipStatus.Deceased);
    }
}
