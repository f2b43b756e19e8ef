using EventSourced.Domain.Members;
using EventSourced.Domain.Statistics;
using EventSourced.Domain.Tests.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Statistics;

public sealed class MovementsInPeriodTests
{
    private static readonly Guid Home = Guid.NewGuid(), Other = Guid.NewGuid();

    private static string Lines(Member member) =>
        string.Join(' ', MovementsInPeriod.For(member).Select(m => $"{(m.CellId == Home ? "H" : "O")}:{m.Day:yyyy-MM-dd}:{m.Kind}.{m.Detail}"));

    [Fact]
    public void an_admission_a_recognition_a_transfer_a_badge_and_a_death_count_where_they_happened()
    {
        var member = MemberBuilder.Official(cellId: Home).With(
            new MemberTransferred(Guid.NewGuid(), Home, Other, new LocalDate(2022, 5, 1)),
            new PartyBadgeAwarded(30, false, MemberBuilder.DecisionOn(new LocalDate(2050, 2, 3)), new LocalDate(2050, 2, 3)),
            new MemberDied(new LocalDate(2051, 1, 1)));

        Lines(member).ShouldBe(
            "H:2020-03-15:Admissions.Admitted H:2021-03-15:Recognitions.Recognised H:2022-05-01:Transfers.LeftWithinCity O:2022-05-01:Transfers.ArrivedWithinCity "
            + "O:2050-02-03:Badges.30 O:2051-01-01:Ends.Deceased");
    }

    [Fact]
    public void a_member_who_left_the_city_and_came_back_counts_as_leaving_and_as_returning()
    {
        // The return reopens the period the departure ended: the departure must still count in its period.
        var member = MemberBuilder.Official(cellId: Home).With(
            new MemberTransferredOut(Guid.NewGuid(), "Đảng bộ phường Hải Châu", "Đà Nẵng", new LocalDate(2023, 5, 1)),
            new MemberReturnedToCity(Guid.NewGuid(), Other, "Đảng bộ phường Hải Châu", "Đà Nẵng", null, null, new LocalDate(2024, 2, 1)));

        Lines(member).ShouldEndWith("H:2023-05-01:Transfers.LeftCity O:2024-02-01:Transfers.ReturnedToCity");
    }

    [Fact]
    public void an_annulled_discipline_is_not_counted_and_an_expulsion_is_also_an_end()
    {
        var reprimand = Guid.NewGuid();
        var member = MemberBuilder.Official(cellId: Home).With(
            new DisciplineImposed(reprimand, DisciplineKind.Reprimand, MemberBuilder.DecisionOn(new LocalDate(2022, 1, 5)), "x", new LocalDate(2022, 1, 5)),
            new DisciplineAnnulled(reprimand, MemberBuilder.DecisionOn(new LocalDate(2022, 2, 5)), "y", new LocalDate(2022, 2, 5)),
            new DisciplineImposed(Guid.NewGuid(), DisciplineKind.Expulsion, MemberBuilder.DecisionOn(new LocalDate(2023, 1, 5)), "z", new LocalDate(2023, 1, 5)));

        Lines(member).ShouldEndWith("H:2023-01-05:Disciplines.Expulsion H:2023-01-05:Ends.Expelled");
        Lines(member).ShouldNotContain("Reprimand");
    }

    [Fact]
    public void a_removal_counts_by_its_ground_and_a_death_after_it_counts_nothing()
    {
        var member = MemberBuilder.Official(cellId: Home).Removed(new LocalDate(2023, 4, 1)).Died(new LocalDate(2024, 4, 1));

        Lines(member).ShouldEndWith("H:2023-04-01:Ends.RemovedAbandonedActivityOrUnpaidDues");
    }
}
