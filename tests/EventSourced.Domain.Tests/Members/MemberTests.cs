using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class MemberTests
{
    [Fact]
    public void an_admitted_member_starts_probationary_with_party_age_from_the_decision_and_the_cell_from_the_ceremony()
    {
        var cell = Guid.NewGuid();

        var member = MemberBuilder.Admitted(cellId: cell);

        member.Version.ShouldBe(1);
        member.Status.ShouldBe(MembershipStatus.Probationary);
        member.Exempt.ShouldBeFalse();
        member.Readmitted.ShouldBeFalse();
        member.Admission.Date.ShouldBe(MemberBuilder.Decided);
        member.CeremonyDate.ShouldBe(MemberBuilder.Ceremony);
        member.OfficialDate.ShouldBeNull();
        member.EndedOn.ShouldBeNull();
        member.CellId.ShouldBe(cell);
        member.Periods.ShouldBe([new MembershipPeriod(MemberBuilder.Decided, null)]);
        member.Cells.ShouldBe([new CellPeriod(cell, MemberBuilder.Ceremony, null)]);
    }

    [Fact]
    public void the_name_is_shown_in_capitals_and_searchable_without_diacritics()
    {
        var member = MemberBuilder.Admitted(profile: MemberBuilder.Profile() with { BirthName = "Nguyễn Văn Đức", Aliases = "Tư Hùng" });

        member.DisplayName.ShouldBe("NGUYỄN VĂN HÙNG");
        member.SearchText.ShouldContain("nguyen van hung");
        member.SearchText.ShouldContain("nguyen van duc");
        member.SearchText.ShouldContain("tu hung");
        member.SearchText.ShouldContain(MemberBuilder.HungsCitizenId);
    }

    [Fact]
    public void the_cell_on_a_date_answers_rosters_before_and_after_a_cell_change()
    {
        var oldCell = Guid.NewGuid();
        var newCell = Guid.NewGuid();
        var moved = new LocalDate(2025, 7, 1);
        var member = MemberBuilder.Official(cellId: oldCell)
            .With(new MemberCellChanged(oldCell, newCell, CellChangeCause.CellMerged, moved));

        member.CellOn(MemberBuilder.Ceremony.PlusDays(-1)).ShouldBeNull();
        member.CellOn(MemberBuilder.Ceremony).ShouldBe(oldCell);
        member.CellOn(new LocalDate(2024, 5, 1)).ShouldBe(oldCell);
        member.CellOn(moved.PlusDays(-1)).ShouldBe(oldCell);
        member.CellOn(moved).ShouldBe(newCell);
        member.CellOn(new LocalDate(2030, 1, 1)).ShouldBe(newCell);
        member.CellId.ShouldBe(newCell);
        member.Cells.ShouldBe([new CellPeriod(oldCell, MemberBuilder.Ceremony, moved), new CellPeriod(newCell, moved, null)]);
    }

    [Fact]
    public void the_cell_on_a_date_after_membership_ended_is_none()
    {
        var ended = new LocalDate(2024, 5, 1);
        var member = MemberBuilder.Official().Left(ended);

        member.CellOn(ended.PlusDays(-1)).ShouldBe(member.CellId);
        member.CellOn(ended).ShouldBeNull();
    }

    [Fact]
    public void party_age_counts_from_the_admission_decision_not_the_ceremony_nor_recognition()
    {
        var member = MemberBuilder.Official(decided: new LocalDate(2000, 3, 2), ceremony: new LocalDate(2000, 5, 19));

        member.PartyAgeYears(new LocalDate(2000, 3, 1)).ShouldBe(0);
        member.PartyAgeYears(new LocalDate(2001, 3, 1)).ShouldBe(0);
        member.PartyAgeYears(new LocalDate(2001, 3, 2)).ShouldBe(1);
        member.PartyAgeYears(new LocalDate(2030, 3, 1)).ShouldBe(29);
        member.PartyAgeYears(new LocalDate(2030, 3, 2)).ShouldBe(30);
    }

    [Fact]
    public void party_age_stops_when_membership_ends()
    {
        var member = MemberBuilder.Official(decided: new LocalDate(2000, 3, 2)).Removed(new LocalDate(2012, 3, 2));

        member.PartyAgeYears(new LocalDate(2025, 1, 1)).ShouldBe(12);
    }

    [Fact]
    public void party_age_of_a_readmitted_member_adds_both_periods_but_not_the_time_out()
    {
        // Ten years in, four out, ten in again: twenty years of party age.
        var member = MemberBuilder.Official(decided: new LocalDate(2000, 1, 1))
            .Left(new LocalDate(2010, 1, 1))
            .Readmitted(Guid.NewGuid(), new LocalDate(2014, 1, 1), new LocalDate(2014, 1, 15));

        member.PartyAgeYears(new LocalDate(2014, 1, 1)).ShouldBe(10);
        member.PartyAgeYears(new LocalDate(2023, 12, 31)).ShouldBe(19);
        member.PartyAgeYears(new LocalDate(2024, 1, 1)).ShouldBe(20);
    }

    [Fact]
    public void two_periods_totalling_exactly_30_calendar_years_give_30_years_on_that_day()
    {
        // Ten years from 1 March 2001 (two leap days in them) and twenty from 1 March 2015 (five):
        // 10,957 days, which 365.25-day years would count as 29.
        var member = MemberBuilder.Official(decided: new LocalDate(2001, 3, 1))
            .Left(new LocalDate(2011, 3, 1))
            .Readmitted(Guid.NewGuid(), new LocalDate(2015, 3, 1), new LocalDate(2015, 3, 15));

        member.PartyAgeYears(new LocalDate(2035, 2, 28)).ShouldBe(29);
        member.PartyAgeYears(new LocalDate(2035, 3, 1)).ShouldBe(30);
        member.NextBadgeReachedOn.ShouldBe(new LocalDate(2035, 3, 1));
    }

    [Fact]
    public void party_age_across_periods_adds_calendar_months_and_days()
    {
        // 1 year 6 months and 10 days, then in again from 10 January 2020: 1½ years and 10 days later
        // on the calendar it is 3 years.
        var member = MemberBuilder.Official(decided: new LocalDate(2010, 1, 1))
            .Left(new LocalDate(2011, 7, 11))
            .Readmitted(Guid.NewGuid(), new LocalDate(2020, 1, 10), new LocalDate(2020, 1, 20));

        member.PartyAgeYears(new LocalDate(2021, 6, 29)).ShouldBe(2);
        member.PartyAgeYears(new LocalDate(2021, 6, 30)).ShouldBe(3);
    }

    [Fact]
    public void party_age_on_a_date_inside_an_earlier_period_counts_only_up_to_that_date()
    {
        var member = MemberBuilder.Official(decided: new LocalDate(2000, 1, 1))
            .Left(new LocalDate(2010, 1, 1))
            .Readmitted(Guid.NewGuid(), new LocalDate(2014, 1, 1), new LocalDate(2014, 1, 15));

        member.PartyAgeYears(new LocalDate(2005, 1, 1)).ShouldBe(5);
        member.PartyAgeYears(new LocalDate(2012, 1, 1)).ShouldBe(10);
    }

    [Fact]
    public void recognition_makes_the_member_official_from_the_date_it_carries()
    {
        var member = MemberBuilder.Admitted().Recognised();

        member.Status.ShouldBe(MembershipStatus.Official);
        member.OfficialDate.ShouldBe(MemberBuilder.ProbationEnds);
        member.Version.ShouldBe(2);
    }

    [Fact]
    public void a_death_remembers_the_status_it_ended()
    {
        var member = MemberBuilder.Official().Died(new LocalDate(2024, 1, 1));

        member.Status.ShouldBe(MembershipStatus.Deceased);
        member.StatusBeforeEnd.ShouldBe(MembershipStatus.Official);
    }

    [Fact]
    public void annulling_a_discipline_the_member_does_not_have_changes_nothing()
    {
        var member = MemberBuilder.Official();

        member.With(new DisciplineAnnulled(Guid.NewGuid(), MemberBuilder.DecisionOn(new LocalDate(2024, 1, 1)), "Nhầm", new LocalDate(2024, 1, 1)));

        member.Disciplines.ShouldBeEmpty();
        member.Status.ShouldBe(MembershipStatus.Official);
    }

    [Fact]
    public void exemption_is_a_flag_on_top_of_the_status()
    {
        var member = MemberBuilder.Admitted()
            .With(new MemberExempted(MemberBuilder.DecisionOn(new LocalDate(2020, 9, 1)), "Ốm nặng", new LocalDate(2020, 9, 1)))
            .Recognised();

        member.Exempt.ShouldBeTrue();
        member.Status.ShouldBe(MembershipStatus.Official);

        member.With(new MemberExemptionEnded(MemberBuilder.DecisionOn(new LocalDate(2022, 1, 1)), new LocalDate(2022, 1, 1)));

        member.Exempt.ShouldBeFalse();
    }
}
