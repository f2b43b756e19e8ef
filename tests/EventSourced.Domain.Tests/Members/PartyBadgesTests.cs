using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class PartyBadgesTests
{
    private static readonly LocalDate Today = new(2025, 10, 15);
    private static readonly LocalDate Decided = new(2025, 10, 1);

    // Admitted by a decision of 7 November 1995: 30 years of party age on 7 November 2025.
    private static readonly LocalDate AdmittedOn = new(1995, 11, 7);

    private static Member ThirtyYearsOn7November2025() =>
        MemberBuilder.Official(decided: AdmittedOn, profile: MemberBuilder.Profile(born: new LocalDate(1970, 1, 1), citizenId: null));

    /// <summary>A member admitted on 7 November <paramref name="admittedIn"/> holding every badge below <paramref name="nextYears"/>.</summary>
    private static Member Veteran(int admittedIn, int nextYears)
    {
        var member = MemberBuilder.Official(decided: new LocalDate(admittedIn, 11, 7), profile: MemberBuilder.Profile(born: new LocalDate(admittedIn - 22, 1, 1), citizenId: null));
        foreach (var years in PartyBadges.Years.TakeWhile(y => y < nextYears))
        {
            member.With(new PartyBadgeAwarded(years, false, MemberBuilder.DecisionOn(new LocalDate(admittedIn + years, 10, 1)), new LocalDate(admittedIn + years, 11, 7)));
        }

        return member;
    }

    private static AwardPartyBadge Award(Member member, int years, LocalDate awardDate, bool early = false, LocalDate? decided = null) =>
        new(member.Id, member.Version, years, awardDate, early, MemberBuilder.DecisionOn(decided ?? Decided, "80-QĐ/TU"));

    [Theory]
    [InlineData(2, 3, true)]
    [InlineData(5, 19, true)]
    [InlineData(9, 2, true)]
    [InlineData(11, 7, true)]
    [InlineData(2, 4, false)]
    [InlineData(1, 1, false)]
    [InlineData(12, 19, false)]
    [InlineData(9, 3, false)]
    public void badges_are_presented_only_on_3_february_19_may_2_september_and_7_november(int month, int day, bool awardDate)
    {
        PartyBadges.IsAwardDate(new LocalDate(2025, month, day)).ShouldBe(awardDate);
    }

    [Theory]
    [InlineData(2025, 1, 1, 2025, 2, 3)]
    [InlineData(2025, 2, 3, 2025, 2, 3)]
    [InlineData(2025, 2, 4, 2025, 5, 19)]
    [InlineData(2025, 5, 20, 2025, 9, 2)]
    [InlineData(2025, 9, 3, 2025, 11, 7)]
    [InlineData(2025, 11, 8, 2026, 2, 3)]
    public void the_next_award_date_is_the_first_on_or_after_a_day(int year, int month, int day, int nextYear, int nextMonth, int nextDay)
    {
        PartyBadges.NextAwardDate(new LocalDate(year, month, day)).ShouldBe(new LocalDate(nextYear, nextMonth, nextDay));
    }

    [Theory]
    [InlineData(30, 12)]
    [InlineData(65, 12)]
    [InlineData(70, 24)]
    [InlineData(90, 24)]
    public void a_gravely_ill_member_may_receive_a_badge_up_to_12_months_early_for_30_to_65_years_and_24_for_70_to_90(int years, int months)
    {
        PartyBadges.EarlyAllowance(years).ShouldBe(Period.FromMonths(months));
    }

    [Fact]
    public void the_badge_due_is_the_next_one_once_party_age_is_reached_on_the_award_date()
    {
        var member = ThirtyYearsOn7November2025();

        PartyBadges.Due(member, new LocalDate(2025, 11, 7)).ShouldBe(30);
        PartyBadges.Due(member, new LocalDate(2025, 9, 2)).ShouldBeNull();
        PartyBadges.Due(member, new LocalDate(2025, 9, 2), early: true).ShouldBe(30);
    }

    [Fact]
    public void after_the_30_year_badge_the_next_due_is_the_40_year_one()
    {
        var member = ThirtyYearsOn7November2025()
            .With(new PartyBadgeAwarded(30, false, MemberBuilder.DecisionOn(Decided), new LocalDate(2025, 11, 7)));

        PartyBadges.Due(member, new LocalDate(2026, 2, 3)).ShouldBeNull();
        PartyBadges.Due(member, new LocalDate(2035, 9, 2)).ShouldBeNull();
        PartyBadges.Due(member, new LocalDate(2035, 11, 7)).ShouldBe(40);
    }

    [Fact]
    public void no_badge_is_due_to_a_former_member_or_one_holding_every_badge()
    {
        var former = ThirtyYearsOn7November2025().Left(new LocalDate(2025, 1, 1));
        var veteran = Veteran(1930, 100);

        PartyBadges.Due(former, new LocalDate(2025, 11, 7)).ShouldBeNull();
        PartyBadges.Due(veteran, new LocalDate(2030, 11, 7)).ShouldBeNull();
    }

    [Fact]
    public void party_age_for_badges_counts_from_the_admission_decision_not_the_ceremony()
    {
        var member = MemberBuilder.Official(decided: AdmittedOn, ceremony: new LocalDate(1996, 2, 1), profile: MemberBuilder.Profile(born: new LocalDate(1970, 1, 1)));

        PartyBadges.Due(member, new LocalDate(2025, 11, 7)).ShouldBe(30);
    }

    [Fact]
    public void a_badge_is_awarded_on_an_award_date_once_party_age_is_reached()
    {
        var member = ThirtyYearsOn7November2025();
        var awardDate = new LocalDate(2025, 11, 7);

        var awarded = AwardPartyBadgeHandler.Decide(Award(member, 30, awardDate), member, Today);
        member.With(awarded);

        awarded.ShouldBe(new PartyBadgeAwarded(30, false, new Decision("80-QĐ/TU", Decided), awardDate));
        member.Badges.ShouldBe([30]);
    }

    [Fact]
    public void a_badge_before_party_age_is_reached_is_refused()
    {
        var member = ThirtyYearsOn7November2025();

        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(member, 30, new LocalDate(2025, 9, 2), decided: new LocalDate(2025, 8, 1)), member, Today))
            .Code.ShouldBe("Member.BadgeNotDue");
    }

    [Fact]
    public void a_badge_on_a_day_that_is_not_an_award_date_is_refused()
    {
        var member = ThirtyYearsOn7November2025();

        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(member, 30, new LocalDate(2025, 11, 8)), member, Today))
            .Code.ShouldBe("Member.NotAnAwardDate");
    }

    [Theory]
    [InlineData(35)]
    [InlineData(20)]
    [InlineData(95)]
    public void a_badge_for_years_not_on_the_list_is_refused(int years)
    {
        var member = ThirtyYearsOn7November2025();

        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(member, years, new LocalDate(2025, 11, 7)), member, Today))
            .Code.ShouldBe("Member.BadgeYearsInvalid");
    }

    [Fact]
    public void the_same_badge_is_not_awarded_twice()
    {
        var member = ThirtyYearsOn7November2025();
        member.With(AwardPartyBadgeHandler.Decide(Award(member, 30, new LocalDate(2025, 11, 7)), member, Today));

        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(member, 30, new LocalDate(2026, 2, 3)), member, Today))
            .Code.ShouldBe("Member.BadgeAlreadyAwarded");
    }

    [Fact]
    public void a_badge_further_up_than_the_next_one_is_refused()
    {
        // 30 years reached, but the 40-year badge is not due.
        var member = ThirtyYearsOn7November2025();

        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(member, 40, new LocalDate(2025, 11, 7)), member, Today))
            .Code.ShouldBe("Member.BadgeNotDue");
    }

    [Fact]
    public void a_member_at_42_years_who_never_received_the_30_year_badge_may_receive_the_40()
    {
        // Admitted on 7 November 1983: 42 years on 7 November 2025, no badge on the record.
        var member = MemberBuilder.Official(decided: new LocalDate(1983, 11, 7), profile: MemberBuilder.Profile(born: new LocalDate(1960, 1, 1), citizenId: null));
        var awardDate = new LocalDate(2025, 11, 7);

        PartyBadges.Due(member, awardDate).ShouldBe(40);
        PartyBadges.DueBadges(member, awardDate).ShouldBe([30, 40]);
        var awarded = AwardPartyBadgeHandler.Decide(Award(member, 40, awardDate), member, Today);

        awarded.ShouldBe(new PartyBadgeAwarded(40, false, new Decision("80-QĐ/TU", Decided), awardDate));
        member.With(awarded);
        PartyBadges.Due(member, awardDate).ShouldBeNull();
        PartyBadges.Due(member, new LocalDate(2028, 11, 7)).ShouldBe(45);
    }

    [Fact]
    public void badges_already_received_before_the_register_count_as_received()
    {
        var member = MemberBuilder.Official(decided: new LocalDate(1983, 11, 7), profile: MemberBuilder.Profile(born: new LocalDate(1960, 1, 1), citizenId: null))
            .With(new PartyBadgesReceivedBefore([30, 40], new LocalDate(2025, 3, 1)));

        member.Badges.ShouldBe([30, 40]);
        member.NextBadge.ShouldBe(45);
        member.NextBadgeReachedOn.ShouldBe(new LocalDate(2028, 11, 7));
        PartyBadges.Due(member, new LocalDate(2025, 11, 7)).ShouldBeNull();
        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(member, 40, new LocalDate(2025, 11, 7)), member, Today))
            .Code.ShouldBe("Member.BadgeAlreadyAwarded");
    }

    [Fact]
    public void badges_received_before_the_register_are_recorded_from_the_profile_once_their_years_are_reached()
    {
        // Admitted on 7 November 1983: 41 years of party age on 15 October 2025.
        var member = MemberBuilder.Official(decided: new LocalDate(1983, 11, 7), profile: MemberBuilder.Profile(born: new LocalDate(1960, 1, 1), citizenId: null));
        RecordBadgesReceivedBefore Record(params int[] years) => new(member.Id, member.Version, years);

        var recorded = AwardPartyBadgeHandler.Decide(Record(40, 30), member, Today);

        recorded.Years.ShouldBe([30, 40]);
        recorded.EffectiveDate.ShouldBe(Today);
        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Record(), member, Today)).Code.ShouldBe("Member.BadgesRequired");
        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Record(35), member, Today)).Code.ShouldBe("Member.BadgeYearsInvalid");
        var beyond = Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Record(45), member, Today));
        beyond.Code.ShouldBe("Member.BadgeNotReached");
        beyond.Arguments.ShouldBe([45, 41]);
        member.With(recorded);
        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Record(30), member, Today)).Code.ShouldBe("Member.BadgeAlreadyAwarded");
    }

    [Fact]
    public void a_gravely_ill_member_may_receive_the_30_year_badge_12_months_early()
    {
        var member = ThirtyYearsOn7November2025();
        var awardDate = new LocalDate(2024, 11, 7);

        var awarded = AwardPartyBadgeHandler.Decide(Award(member, 30, awardDate, early: true, decided: new LocalDate(2024, 10, 1)), member, Today);

        awarded.Years.ShouldBe(30);
        awarded.Early.ShouldBeTrue();
        awarded.EffectiveDate.ShouldBe(awardDate);
    }

    [Fact]
    public void more_than_12_months_early_is_refused_for_30_to_65_years()
    {
        var thirty = ThirtyYearsOn7November2025();
        var sixtyFive = Veteran(1960, 65);

        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(thirty, 30, new LocalDate(2024, 9, 2), early: true, decided: new LocalDate(2024, 8, 1)), thirty, Today))
            .Code.ShouldBe("Member.BadgeNotDueEvenEarly");
        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(sixtyFive, 65, new LocalDate(2024, 9, 2), early: true, decided: new LocalDate(2024, 8, 1)), sixtyFive, Today))
            .Code.ShouldBe("Member.BadgeNotDueEvenEarly");
        AwardPartyBadgeHandler.Decide(Award(sixtyFive, 65, new LocalDate(2024, 11, 7), early: true, decided: new LocalDate(2024, 10, 1)), sixtyFive, Today).Early.ShouldBeTrue();
    }

    [Fact]
    public void a_gravely_ill_member_may_receive_the_70_year_badge_24_months_early_but_not_more()
    {
        // 70 years of party age on 7 November 2027.
        var member = Veteran(1957, 70);

        AwardPartyBadgeHandler.Decide(Award(member, 70, new LocalDate(2025, 11, 7), early: true), member, Today).Early.ShouldBeTrue();
        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(member, 70, new LocalDate(2025, 9, 2), early: true, decided: new LocalDate(2025, 8, 1)), member, Today))
            .Code.ShouldBe("Member.BadgeNotDueEvenEarly");
    }

    [Fact]
    public void an_early_award_is_only_for_grave_illness()
    {
        var member = ThirtyYearsOn7November2025();

        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(member, 30, new LocalDate(2024, 11, 7), early: false, decided: new LocalDate(2024, 10, 1)), member, Today))
            .Code.ShouldBe("Member.BadgeNotDue");
    }

    [Fact]
    public void a_badge_asked_early_once_party_age_is_reached_is_not_marked_early()
    {
        var member = ThirtyYearsOn7November2025();

        AwardPartyBadgeHandler.Decide(Award(member, 30, new LocalDate(2025, 11, 7), early: true), member, Today).Early.ShouldBeFalse();
    }

    [Fact]
    public void a_former_or_deceased_member_is_not_awarded_a_badge()
    {
        var left = ThirtyYearsOn7November2025().Left(new LocalDate(2025, 1, 1));
        var deceased = ThirtyYearsOn7November2025().Died(new LocalDate(2025, 1, 1));

        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(left, 30, new LocalDate(2025, 11, 7)), left, Today))
            .Code.ShouldBe("Member.NotAMember");
        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(deceased, 30, new LocalDate(2025, 11, 7)), deceased, Today))
            .Code.ShouldBe("Member.Deceased");
    }

    [Fact]
    public void an_award_decision_dated_in_the_future_is_refused()
    {
        var member = ThirtyYearsOn7November2025();

        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(member, 30, new LocalDate(2025, 11, 7), decided: Today.PlusDays(1)), member, Today))
            .Code.ShouldBe("Member.DecisionInFuture");
    }

    [Fact]
    public void an_exempt_member_is_still_awarded_badges()
    {
        var member = ThirtyYearsOn7November2025()
            .With(new MemberExempted(MemberBuilder.DecisionOn(new LocalDate(2020, 1, 1)), "Tuổi cao", new LocalDate(2020, 1, 1)));

        AwardPartyBadgeHandler.Decide(Award(member, 30, new LocalDate(2025, 11, 7)), member, Today).Years.ShouldBe(30);
    }

    [Fact]
    public void a_badge_is_awarded_no_later_than_the_next_award_date_so_a_mistyped_year_cannot_make_it_due()
    {
        var member = MemberBuilder.Official(decided: new LocalDate(2000, 1, 10), profile: MemberBuilder.Profile(born: new LocalDate(1975, 1, 1), citizenId: null));

        // 90 years of party age on 19 May 2100, by a decision of today.
        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(member, 90, new LocalDate(2100, 5, 19)), member, Today))
            .Code.ShouldBe("Member.BadgeAwardDateTooLate");
        // 2030 typed for 2025: a year past the next award date.
        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(ThirtyYearsOn7November2025(), 30, new LocalDate(2026, 2, 3)), ThirtyYearsOn7November2025(), Today))
            .Code.ShouldBe("Member.BadgeAwardDateTooLate");
        AwardPartyBadgeHandler.Decide(Award(ThirtyYearsOn7November2025(), 30, new LocalDate(2025, 11, 7)), ThirtyYearsOn7November2025(), Today).Years.ShouldBe(30);
    }

    [Fact]
    public void a_badge_is_not_presented_before_the_decision_that_awards_it()
    {
        var member = Veteran(1980, 40);

        Should.Throw<RuleViolation>(() => AwardPartyBadgeHandler.Decide(Award(member, 40, new LocalDate(2020, 11, 7), decided: new LocalDate(2021, 1, 5)), member, Today))
            .Code.ShouldBe("Member.BadgeBeforeDecision");
        AwardPartyBadgeHandler.Decide(Award(member, 40, new LocalDate(2020, 11, 7), decided: new LocalDate(2020, 10, 1)), member, Today).EffectiveDate.ShouldBe(new LocalDate(2020, 11, 7));
    }
}
