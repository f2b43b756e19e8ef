using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class ExemptMemberTests
{
    private static readonly LocalDate Today = new(2025, 3, 1);
    private static readonly LocalDate Exempted = new(2024, 9, 1);

    private static ExemptMember Exempt(Member member, LocalDate? decided = null, LocalDate? effective = null, string reason = "Tuổi cao, sức yếu") =>
        new(member.Id, member.Version, MemberBuilder.DecisionOn(decided ?? Exempted, "50-QĐ/CB"), reason, effective ?? Exempted);

    private static EndExemption Return(Member member, LocalDate decided, LocalDate effective) =>
        new(member.Id, member.Version, MemberBuilder.DecisionOn(decided, "51-QĐ/CB"), effective);

    private static Member WithExemption(Member member) =>
        member.With(ExemptMemberHandler.Decide(Exempt(member), member, Today));

    [Fact]
    public void an_old_or_ill_member_is_exempted_with_the_cells_decision_and_a_reason()
    {
        var member = MemberBuilder.Official();

        var exempted = ExemptMemberHandler.Decide(Exempt(member), member, Today);

        exempted.ShouldBe(new MemberExempted(new Decision("50-QĐ/CB", Exempted), "Tuổi cao, sức yếu", Exempted));
    }

    [Fact]
    public void an_exempt_member_is_still_a_member()
    {
        var member = WithExemption(MemberBuilder.Official());

        member.Exempt.ShouldBeTrue();
        member.IsMember.ShouldBeTrue();
        member.Status.ShouldBe(MembershipStatus.Official);
    }

    [Fact]
    public void a_probationary_member_may_be_exempted_too()
    {
        var member = MemberBuilder.Admitted(decided: new LocalDate(2024, 6, 1));

        ExemptMemberHandler.Decide(Exempt(member), member, Today).EffectiveDate.ShouldBe(Exempted);
    }

    [Fact]
    public void exempting_an_exempt_member_again_is_refused()
    {
        var member = WithExemption(MemberBuilder.Official());

        Should.Throw<RuleViolation>(() => ExemptMemberHandler.Decide(Exempt(member), member, Today))
            .Code.ShouldBe("Member.AlreadyExempt");
    }

    [Fact]
    public void an_exemption_needs_a_reason()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => ExemptMemberHandler.Decide(Exempt(member, reason: ""), member, Today))
            .Code.ShouldBe("Member.ReasonRequired");
    }

    [Fact]
    public void an_exemption_effective_in_the_future_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => ExemptMemberHandler.Decide(Exempt(member, effective: Today.PlusDays(1)), member, Today))
            .Code.ShouldBe("Member.DateInFuture");
    }

    [Fact]
    public void an_exemption_decided_before_the_admission_ceremony_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => ExemptMemberHandler.Decide(Exempt(member, decided: MemberBuilder.Ceremony.PlusDays(-1)), member, Today))
            .Code.ShouldBe("Member.DecisionTooEarly");
    }

    [Fact]
    public void a_former_or_deceased_member_cannot_be_exempted()
    {
        var left = MemberBuilder.Official().Left(new LocalDate(2023, 1, 1));
        var deceased = MemberBuilder.Official().Died(new LocalDate(2023, 1, 1));

        Should.Throw<RuleViolation>(() => ExemptMemberHandler.Decide(Exempt(left), left, Today))
            .Code.ShouldBe("Member.NotAMember");
        Should.Throw<RuleViolation>(() => ExemptMemberHandler.Decide(Exempt(deceased), deceased, Today))
            .Code.ShouldBe("Member.Deceased");
    }

    [Fact]
    public void an_exempt_member_can_return_to_work_and_activities()
    {
        var member = WithExemption(MemberBuilder.Official());
        var back = new LocalDate(2025, 2, 1);

        var ended = ExemptMemberHandler.Decide(Return(member, back, back), member, Today);
        member.With(ended);

        ended.ShouldBe(new MemberExemptionEnded(new Decision("51-QĐ/CB", back), back));
        member.Exempt.ShouldBeFalse();
        member.IsMember.ShouldBeTrue();
    }

    [Fact]
    public void a_member_who_returned_may_be_exempted_again()
    {
        var member = WithExemption(MemberBuilder.Official());
        member.With(ExemptMemberHandler.Decide(Return(member, new LocalDate(2024, 12, 1), new LocalDate(2024, 12, 1)), member, Today));

        ExemptMemberHandler.Decide(Exempt(member, decided: Today, effective: Today), member, Today).EffectiveDate.ShouldBe(Today);
    }

    [Fact]
    public void an_exemption_recorded_late_inside_an_earlier_one_is_refused_so_none_stays_open_for_good()
    {
        var member = WithExemption(MemberBuilder.Official());
        member.With(ExemptMemberHandler.Decide(Return(member, new LocalDate(2024, 12, 1), new LocalDate(2024, 12, 1)), member, Today));

        Should.Throw<RuleViolation>(() => ExemptMemberHandler.Decide(Exempt(member, decided: new LocalDate(2024, 10, 1), effective: new LocalDate(2024, 10, 1)), member, Today))
            .Code.ShouldBe("Member.ExemptionOverlapsEarlier");
        member.ExemptOn(Today).ShouldBeFalse();
    }

    [Fact]
    public void an_exemptions_end_corrected_to_before_its_start_is_refused()
    {
        var member = WithExemption(MemberBuilder.Official());
        member.With(ExemptMemberHandler.Decide(Return(member, new LocalDate(2024, 12, 1), new LocalDate(2024, 12, 1)), member, Today));
        var end = member.Version;

        Should.Throw<RuleViolation>(() => CorrectDateHandler.Decide(new CorrectDate(member.Id, member.Version, end, MemberDateKind.Exemption, new LocalDate(2024, 8, 1), "Nhập sai"), member, Today))
            .Code.ShouldBe("Member.ExemptionOverlapsEarlier");
    }

    [Fact]
    public void ending_an_exemption_never_granted_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => ExemptMemberHandler.Decide(Return(member, Today, Today), member, Today))
            .Code.ShouldBe("Member.NotExempt");
    }

    [Fact]
    public void a_return_effective_or_decided_in_the_future_is_refused()
    {
        var member = WithExemption(MemberBuilder.Official());

        Should.Throw<RuleViolation>(() => ExemptMemberHandler.Decide(Return(member, Today, Today.PlusDays(1)), member, Today))
            .Code.ShouldBe("Member.DateInFuture");
        Should.Throw<RuleViolation>(() => ExemptMemberHandler.Decide(Return(member, Today.PlusDays(1), Today), member, Today))
            .Code.ShouldBe("Member.DecisionInFuture");
    }

    [Fact]
    public void an_exemption_cannot_end_before_it_began()
    {
        // Exempted from 1 September 2024; a return dated 1 June 2024 would leave the exemption
        // ending before it started. Catching it needs the exemption's date on the member.
        var member = WithExemption(MemberBuilder.Official());
        var before = new LocalDate(2024, 6, 1);

        Should.Throw<RuleViolation>(() => ExemptMemberHandler.Decide(Return(member, before, before), member, Today));
    }

    [Fact]
    public void an_exempt_former_member_cannot_return()
    {
        var member = WithExemption(MemberBuilder.Official()).Left(new LocalDate(2024, 12, 1));

        Should.Throw<RuleViolation>(() => ExemptMemberHandler.Decide(Return(member, Today, Today), member, Today))
            .Code.ShouldBe("Member.NotAMember");
    }
}
