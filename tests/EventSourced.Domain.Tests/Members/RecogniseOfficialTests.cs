using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class RecogniseOfficialTests
{
    // The default member's ceremony is on 15 March 2020: the 12 months end on 15 March 2021.
    private static readonly LocalDate Ends = MemberBuilder.ProbationEnds;

    private static RecogniseOfficial Recognise(Member member, LocalDate decided) =>
        new(member.Id, member.Version, MemberBuilder.DecisionOn(decided, "20-QĐ/ĐU"));

    private static RemoveUnrecognisedProbationary Remove(Member member, LocalDate decided, string reason = "Không đủ tư cách đảng viên") =>
        new(member.Id, member.Version, MemberBuilder.DecisionOn(decided, "21-QĐ/ĐU"), reason);

    [Fact]
    public void recognising_a_member_before_12_months_is_refused()
    {
        var member = MemberBuilder.Admitted();
        var dayBefore = Ends.PlusDays(-1);

        var refusal = Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Recognise(member, dayBefore), member, dayBefore));

        refusal.Code.ShouldBe("Member.ProbationNotOver");
        refusal.Arguments.Single().ShouldBe(Ends);
    }

    [Fact]
    public void recognising_is_allowed_from_the_day_the_12_months_end()
    {
        var member = MemberBuilder.Admitted();

        var recognised = RecogniseOfficialHandler.Decide(Recognise(member, Ends), member, Ends);

        recognised.ShouldBe(new MemberRecognisedOfficial(new Decision("20-QĐ/ĐU", Ends), Ends));
    }

    [Fact]
    public void the_12_months_count_from_the_ceremony_not_from_the_admission_decision()
    {
        var member = MemberBuilder.Admitted(decided: new LocalDate(2020, 1, 10), ceremony: new LocalDate(2020, 3, 15));

        Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Recognise(member, new LocalDate(2021, 1, 10)), member, new LocalDate(2021, 1, 10)))
            .Code.ShouldBe("Member.ProbationNotOver");
        RecogniseOfficialHandler.Decide(Recognise(member, Ends), member, Ends).EffectiveDate.ShouldBe(Ends);
    }

    [Fact]
    public void a_late_recognition_is_official_as_of_the_end_of_the_12_months()
    {
        var member = MemberBuilder.Admitted();
        var decided = new LocalDate(2021, 5, 20);

        var recognised = RecogniseOfficialHandler.Decide(Recognise(member, decided), member, new LocalDate(2021, 6, 1));
        member.With(recognised);

        recognised.Decision.Date.ShouldBe(decided);
        recognised.EffectiveDate.ShouldBe(Ends);
        member.Status.ShouldBe(MembershipStatus.Official);
        member.OfficialDate.ShouldBe(Ends);
    }

    [Fact]
    public void a_probation_begun_on_29_february_ends_on_28_february()
    {
        var member = MemberBuilder.Admitted(decided: new LocalDate(2024, 2, 1), ceremony: new LocalDate(2024, 2, 29));
        var ends = new LocalDate(2025, 2, 28);

        RecogniseOfficialHandler.Decide(Recognise(member, ends), member, ends).EffectiveDate.ShouldBe(ends);
    }

    [Fact]
    public void a_recognition_decision_dated_before_the_12_months_end_is_refused_even_when_recorded_later()
    {
        var member = MemberBuilder.Admitted();

        Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Recognise(member, Ends.PlusDays(-5)), member, Ends.PlusDays(20)))
            .Code.ShouldBe("Member.DecisionTooEarly");
    }

    [Fact]
    public void a_recognition_decision_dated_in_the_future_is_refused()
    {
        var member = MemberBuilder.Admitted();

        Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Recognise(member, Ends.PlusDays(3)), member, Ends.PlusDays(2)))
            .Code.ShouldBe("Member.DecisionInFuture");
    }

    [Fact]
    public void recognising_an_official_member_again_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Recognise(member, Ends.PlusMonths(2)), member, Ends.PlusMonths(2)))
            .Code.ShouldBe("Member.NotProbationary");
    }

    [Fact]
    public void recognising_a_former_or_deceased_member_is_refused()
    {
        var removed = MemberBuilder.Admitted().Removed(new LocalDate(2020, 12, 1));
        var deceased = MemberBuilder.Admitted().Died(new LocalDate(2020, 12, 1));

        Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Recognise(removed, Ends), removed, Ends))
            .Code.ShouldBe("Member.NotAMember");
        Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Recognise(deceased, Ends), deceased, Ends))
            .Code.ShouldBe("Member.Deceased");
    }

    [Fact]
    public void a_readmitted_member_serves_a_new_probation_from_the_new_ceremony()
    {
        var member = MemberBuilder.Official(decided: new LocalDate(2005, 3, 2))
            .Left(new LocalDate(2015, 1, 1))
            .Readmitted(Guid.NewGuid(), new LocalDate(2019, 5, 1), new LocalDate(2019, 5, 19));

        Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Recognise(member, new LocalDate(2020, 5, 18)), member, new LocalDate(2020, 5, 18)))
            .Code.ShouldBe("Member.ProbationNotOver");
        RecogniseOfficialHandler.Decide(Recognise(member, new LocalDate(2020, 5, 19)), member, new LocalDate(2020, 5, 19))
            .EffectiveDate.ShouldBe(new LocalDate(2020, 5, 19));
    }

    [Fact]
    public void a_probationary_member_not_recognised_is_removed_from_the_rolls()
    {
        var member = MemberBuilder.Admitted();
        var decided = Ends.PlusDays(20);

        var removed = RecogniseOfficialHandler.Decide(Remove(member, decided), member, decided);
        member.With(removed);

        removed.ShouldBe(new MemberRemovedFromRolls(
            RemovalGround.NotRecognisedAfterProbation, new Decision("21-QĐ/ĐU", decided), "Không đủ tư cách đảng viên", decided));
        member.Status.ShouldBe(MembershipStatus.RemovedFromRolls);
        member.IsMember.ShouldBeFalse();
        member.EndedOn.ShouldBe(decided);
        member.CellOn(decided.PlusDays(-1)).ShouldBe(member.CellId);
        member.CellOn(decided).ShouldBeNull();
    }

    [Fact]
    public void removing_an_unrecognised_member_before_the_12_months_end_is_refused()
    {
        // Not recognised means the cell considered recognition after the 12 months: before their
        // end there is nothing to refuse recognition of yet.
        var member = MemberBuilder.Admitted();
        var dayBefore = Ends.PlusDays(-1);

        var refusal = Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Remove(member, dayBefore), member, dayBefore));

        refusal.Code.ShouldBe("Member.ProbationNotOver");
        refusal.Arguments.Single().ShouldBe(Ends);
    }

    [Fact]
    public void a_removal_as_unrecognised_decided_before_the_12_months_end_is_refused_even_when_recorded_later()
    {
        var member = MemberBuilder.Admitted();

        Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Remove(member, Ends.PlusDays(-5)), member, Ends.PlusDays(20)))
            .Code.ShouldBe("Member.DecisionTooEarly");
    }

    [Fact]
    public void removing_an_unrecognised_member_needs_a_reason()
    {
        var member = MemberBuilder.Admitted();

        Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Remove(member, Ends, reason: " "), member, Ends))
            .Code.ShouldBe("Member.ReasonRequired");
    }

    [Fact]
    public void an_official_member_cannot_be_removed_as_unrecognised()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Remove(member, Ends.PlusMonths(1)), member, Ends.PlusMonths(1)))
            .Code.ShouldBe("Member.NotProbationary");
    }

    [Fact]
    public void a_removal_decision_before_the_ceremony_is_refused()
    {
        var member = MemberBuilder.Admitted();

        Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Remove(member, MemberBuilder.Ceremony.PlusDays(-1)), member, Ends))
            .Code.ShouldBe("Member.DecisionTooEarly");
    }

    [Fact]
    public void removing_a_member_already_removed_is_refused()
    {
        var member = MemberBuilder.Admitted().Removed(Ends.PlusDays(1));

        Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Remove(member, Ends.PlusDays(2)), member, Ends.PlusDays(2)))
            .Code.ShouldBe("Member.NotAMember");
    }

    [Fact]
    public void a_removal_as_not_recognised_dated_before_entries_already_recorded_is_refused_naming_them()
    {
        var member = MemberBuilder.Admitted();
        member.With(new DisciplineImposed(Guid.NewGuid(), DisciplineKind.Warning, MemberBuilder.DecisionOn(Ends.PlusDays(20)), "Vi phạm", Ends.PlusDays(20)));

        Should.Throw<RuleViolation>(() => RecogniseOfficialHandler.Decide(Remove(member, Ends.PlusDays(5)), member, Ends.PlusDays(30)))
            .Code.ShouldBe("Member.ContradictsEntry");
        RecogniseOfficialHandler.Decide(Remove(member, Ends.PlusDays(25)), member, Ends.PlusDays(30)).Ground.ShouldBe(RemovalGround.NotRecognisedAfterProbation);
    }
}
