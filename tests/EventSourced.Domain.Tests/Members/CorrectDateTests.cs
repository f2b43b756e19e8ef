using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class CorrectDateTests
{
    private static readonly LocalDate Today = new(2025, 8, 15);

    private static CorrectDate Correct(Member member, int version, MemberDateKind kind, LocalDate date) =>
        new(member.Id, member.Version, version, kind, date, "Nhập sai ngày trên quyết định");

    [Fact]
    public void correcting_the_admission_decision_date_moves_party_age()
    {
        var member = MemberBuilder.Official(decided: new LocalDate(1995, 3, 2), ceremony: new LocalDate(1995, 3, 15));
        member.PartyAgeYears(new LocalDate(2025, 3, 1)).ShouldBe(29);

        member.With(CorrectDateHandler.Decide(Correct(member, 1, MemberDateKind.AdmissionDecision, new LocalDate(1995, 2, 20)), member, Today));

        member.Admission.Date.ShouldBe(new LocalDate(1995, 2, 20));
        member.PartyAgeYears(new LocalDate(2025, 3, 1)).ShouldBe(30);
    }

    [Fact]
    public void correcting_the_ceremony_date_moves_the_end_of_probation()
    {
        var member = MemberBuilder.Admitted();

        member.With(CorrectDateHandler.Decide(Correct(member, 1, MemberDateKind.Ceremony, new LocalDate(2020, 4, 1)), member, Today));

        MemberRules.ProbationEnds(member).ShouldBe(new LocalDate(2021, 4, 1));
        member.Cells[0].From.ShouldBe(new LocalDate(2020, 4, 1));
    }

    [Fact]
    public void a_ceremony_before_the_admission_decision_is_refused()
    {
        var member = MemberBuilder.Admitted();

        Should.Throw<RuleViolation>(() => CorrectDateHandler.Decide(Correct(member, 1, MemberDateKind.Ceremony, MemberBuilder.Decided.PlusDays(-1)), member, Today))
            .Code.ShouldBe("Member.CeremonyBeforeDecision");
    }

    [Fact]
    public void correcting_the_official_recognition_date_moves_the_official_date()
    {
        var member = MemberBuilder.Official();

        var corrected = CorrectDateHandler.Decide(Correct(member, 2, MemberDateKind.OfficialRecognition, new LocalDate(2021, 3, 20)), member, Today);
        member.With(corrected);

        corrected.OldDate.ShouldBe(MemberBuilder.ProbationEnds);
        member.OfficialDate.ShouldBe(new LocalDate(2021, 3, 20));
    }

    [Fact]
    public void correcting_a_transfer_date_moves_the_cell_periods()
    {
        var member = MemberBuilder.Official();
        var target = Guid.NewGuid();
        member.With(new MemberTransferred(Guid.NewGuid(), member.CellId, target, new LocalDate(2025, 5, 10)));

        member.With(CorrectDateHandler.Decide(Correct(member, member.Version, MemberDateKind.Transfer, new LocalDate(2025, 5, 3)), member, Today));

        member.CellOn(new LocalDate(2025, 5, 5)).ShouldBe(target);
    }

    [Fact]
    public void a_date_the_entry_does_not_carry_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => CorrectDateHandler.Decide(Correct(member, 2, MemberDateKind.Transfer, Today), member, Today))
            .Code.ShouldBe("Member.DateNotOnEntry");
    }

    [Fact]
    public void an_exemption_moved_after_a_recorded_removal_is_refused_naming_the_removal()
    {
        var member = MemberBuilder.Official();
        member.With(new MemberExempted(MemberBuilder.DecisionOn(new LocalDate(2024, 1, 5)), "Ốm", new LocalDate(2024, 1, 5)));
        var exempted = member.Version;
        member.Removed(new LocalDate(2025, 1, 1));

        var refusal = Should.Throw<RuleViolation>(() => CorrectDateHandler.Decide(Correct(member, exempted, MemberDateKind.Exemption, new LocalDate(2025, 2, 1)), member, Today));

        refusal.Code.ShouldBe("Member.ContradictsEntry");
        refusal.Arguments.ShouldBe([typeof(MemberRemovedFromRolls), new LocalDate(2025, 1, 1)]);
    }

    [Fact]
    public void a_ceremony_moved_later_than_the_official_date_allows_is_refused_until_the_official_date_is_corrected_first()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => CorrectDateHandler.Decide(Correct(member, 1, MemberDateKind.Ceremony, new LocalDate(2020, 12, 1)), member, Today))
            .Code.ShouldBe("Member.OfficialBeforeProbationEnds");
        member.With(CorrectDateHandler.Decide(Correct(member, 2, MemberDateKind.OfficialRecognition, new LocalDate(2021, 12, 1)), member, Today));
        member.With(CorrectDateHandler.Decide(Correct(member, 1, MemberDateKind.Ceremony, new LocalDate(2020, 12, 1)), member, Today));
        (member.CeremonyDate, member.OfficialDate).ShouldBe((new LocalDate(2020, 12, 1), new LocalDate(2021, 12, 1)));
    }

    [Fact]
    public void an_official_date_corrected_to_before_the_ceremony_or_the_end_of_probation_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => CorrectDateHandler.Decide(Correct(member, 2, MemberDateKind.OfficialRecognition, new LocalDate(2019, 1, 1)), member, Today))
            .Code.ShouldBe("Member.OfficialBeforeCeremony");
        Should.Throw<RuleViolation>(() => CorrectDateHandler.Decide(Correct(member, 2, MemberDateKind.OfficialRecognition, new LocalDate(2020, 7, 1)), member, Today))
            .Code.ShouldBe("Member.OfficialBeforeProbationEnds");
    }

    [Theory]
    [InlineData(2004, 1, 1)]
    [InlineData(2007, 6, 1)]
    public void a_readmission_decision_corrected_to_less_than_36_months_after_the_end_is_refused(int year, int month, int day)
    {
        var member = MemberBuilder.Official(decided: new LocalDate(2003, 7, 1)).Removed(new LocalDate(2005, 6, 1)).Readmitted(Guid.NewGuid(), new LocalDate(2010, 1, 10), new LocalDate(2010, 2, 1));

        Should.Throw<RuleViolation>(() => CorrectDateHandler.Decide(Correct(member, member.Version, MemberDateKind.AdmissionDecision, new LocalDate(year, month, day)), member, Today))
            .Code.ShouldBe("Member.ReadmissionTooSoon");
        Should.Throw<RuleViolation>(() => CorrectDateHandler.Decide(Correct(member, member.Version, MemberDateKind.AdmissionDecision, new LocalDate(2010, 2, 2)), member, Today))
            .Code.ShouldBe("Member.CeremonyBeforeDecision");
        member.With(CorrectDateHandler.Decide(Correct(member, member.Version, MemberDateKind.AdmissionDecision, new LocalDate(2008, 6, 1)), member, Today));
        member.Periods[^1].From.ShouldBe(new LocalDate(2008, 6, 1));
    }

    [Fact]
    public void a_record_already_irregular_keeps_its_other_dates_correctable()
    {
        // Imported as recognised six months into probation: the record breaks the 12 months already.
        var member = MemberBuilder.Admitted().With(new MemberRecognisedOfficial(MemberBuilder.DecisionOn(new LocalDate(2020, 9, 20)), new LocalDate(2020, 9, 15)));

        member.With(CorrectDateHandler.Decide(Correct(member, 1, MemberDateKind.AdmissionDecision, new LocalDate(2020, 3, 1)), member, Today));

        member.Admission.Date.ShouldBe(new LocalDate(2020, 3, 1));
    }
}
