using EventSourced.Domain.Audit;
using EventSourced.Domain.Members;
using EventSourced.Domain.Tests.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Audit;

/// <summary>A member's standing by period in each cell, from which any day's roll is read.</summary>
public sealed class RollAsOfTests
{
    private static readonly Guid CellA = Guid.Parse("0193a1b0-0000-7000-8000-0000000000a1");
    private static readonly Guid CellB = Guid.Parse("0193a1b0-0000-7000-8000-0000000000b1");

    [Fact]
    public void a_member_is_probationary_until_recognised_then_official_and_moves_cells_on_the_day()
    {
        var member = new Member
        {
            Admission = new Decision("1", new LocalDate(2020, 1, 10)),
            OfficialDate = new LocalDate(2021, 1, 10),
            Periods = [new MembershipPeriod(new LocalDate(2020, 1, 10), null)],
            Cells = [new CellPeriod(CellA, new LocalDate(2020, 1, 10), new LocalDate(2022, 5, 1)), new CellPeriod(CellB, new LocalDate(2022, 5, 1), null)],
        };

        MemberRollPeriods.For(member).ShouldBe(
        [
            new RollPeriod(CellA, new LocalDate(2020, 1, 10), new LocalDate(2021, 1, 10), RollStatus.Probationary),
            new RollPeriod(CellA, new LocalDate(2021, 1, 10), new LocalDate(2022, 5, 1), RollStatus.Official),
            new RollPeriod(CellB, new LocalDate(2022, 5, 1), null, RollStatus.Official),
        ]);
    }

    [Fact]
    public void a_readmitted_member_is_shown_in_each_period_with_the_standing_of_that_period()
    {
        // Recognised in the first period, removed, readmitted on a new probation and recognised again.
        var twice = MemberBuilder.Official(cellId: CellA)
            .Removed(new LocalDate(2022, 6, 1))
            .Readmitted(CellA, new LocalDate(2025, 9, 1), new LocalDate(2025, 9, 10))
            .With(new MemberRecognisedOfficial(new Decision("7", new LocalDate(2026, 9, 10)), new LocalDate(2026, 9, 10)));

        MemberRollPeriods.For(twice).ShouldBe(
        [
            new RollPeriod(CellA, MemberBuilder.Ceremony, MemberBuilder.ProbationEnds, RollStatus.Probationary),
            new RollPeriod(CellA, MemberBuilder.ProbationEnds, new LocalDate(2022, 6, 1), RollStatus.Official),
            new RollPeriod(CellA, new LocalDate(2025, 9, 10), new LocalDate(2026, 9, 10), RollStatus.Probationary),
            new RollPeriod(CellA, new LocalDate(2026, 9, 10), null, RollStatus.Official),
        ]);
    }

    [Fact]
    public void a_member_removed_in_probation_and_readmitted_was_never_official_in_the_first_period()
    {
        var member = MemberBuilder.Admitted(cellId: CellA)
            .Removed(new LocalDate(2020, 12, 1))
            .Readmitted(CellA, new LocalDate(2024, 1, 5), new LocalDate(2024, 1, 15));

        MemberRollPeriods.For(member).ShouldBe(
        [
            new RollPeriod(CellA, MemberBuilder.Ceremony, new LocalDate(2020, 12, 1), RollStatus.Probationary),
            new RollPeriod(CellA, new LocalDate(2024, 1, 15), null, RollStatus.Probationary),
        ]);
    }

    [Fact]
    public void an_exemption_is_a_stretch_of_its_own_and_the_member_is_official_again_after_it()
    {
        var member = new Member
        {
            Admission = new Decision("1", new LocalDate(2010, 1, 1)),
            OfficialDate = new LocalDate(2011, 1, 1),
            Periods = [new MembershipPeriod(new LocalDate(2010, 1, 1), null)],
            ExemptPeriods = [new MembershipPeriod(new LocalDate(2015, 3, 1), new LocalDate(2016, 3, 1))],
            Cells = [new CellPeriod(CellA, new LocalDate(2012, 1, 1), null)],
        };

        MemberRollPeriods.For(member).ShouldBe(
        [
            new RollPeriod(CellA, new LocalDate(2012, 1, 1), new LocalDate(2015, 3, 1), RollStatus.Official),
            new RollPeriod(CellA, new LocalDate(2015, 3, 1), new LocalDate(2016, 3, 1), RollStatus.Exempt),
            new RollPeriod(CellA, new LocalDate(2016, 3, 1), null, RollStatus.Official),
        ]);
    }

    [Fact]
    public void an_empty_cell_period_puts_the_member_on_no_roll()
    {
        var member = new Member
        {
            Admission = new Decision("1", new LocalDate(2020, 1, 1)),
            Periods = [new MembershipPeriod(new LocalDate(2020, 1, 1), new LocalDate(2020, 6, 1))],
            Cells = [new CellPeriod(CellA, new LocalDate(2020, 1, 1), new LocalDate(2020, 6, 1)), new CellPeriod(CellB, new LocalDate(2020, 7, 1), new LocalDate(2020, 6, 20))],
        };

        MemberRollPeriods.For(member).Select(p => p.CellId).ShouldBe([CellA]);
    }

    [Fact]
    public void a_period_names_the_entry_that_placed_the_member_or_set_their_standing()
    {
        var admitted = new MemberAdmitted(Guid.Empty, new MemberProfile("Người Thử", Sex.Male, new LocalDate(1980, 1, 1)), CellA, new Decision("1", new LocalDate(2020, 1, 5)), new LocalDate(2020, 1, 10));
        var recognised = new MemberRecognisedOfficial(new Decision("2", new LocalDate(2021, 1, 20)), new LocalDate(2021, 1, 10));
        var moved = new MemberCellChanged(CellA, CellB, CellChangeCause.CellMerged, new LocalDate(2022, 5, 1));
        var member = new Member
        {
            Admission = admitted.Decision,
            OfficialDate = new LocalDate(2021, 1, 10),
            Periods = [new MembershipPeriod(new LocalDate(2020, 1, 5), null)],
            Cells = [new CellPeriod(CellA, new LocalDate(2020, 1, 10), new LocalDate(2022, 5, 1)), new CellPeriod(CellB, new LocalDate(2022, 5, 1), null)],
            History = [new MemberEntry(1, admitted), new MemberEntry(2, recognised), new MemberEntry(3, moved)],
        };

        var periods = MemberRollPeriods.For(member);

        periods.Select(p => MemberRollPeriods.Because(member, p)?.Version).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public void a_period_names_its_entry_by_the_date_as_corrected()
    {
        // An exemption typed from 1 May, corrected to 1 March: the member is exempt from March because of it.
        var member = MemberBuilder.Official(cellId: CellA).With(new MemberExempted(MemberBuilder.DecisionOn(new LocalDate(2023, 4, 20)), "Sức khỏe", new LocalDate(2023, 5, 1)));
        var exemption = member.Version;
        member.With(new MemberDateCorrected(exemption, nameof(MemberExempted), MemberDateKind.Exemption, new LocalDate(2023, 5, 1), new LocalDate(2023, 3, 1), "Ghi nhầm ngày", new LocalDate(2023, 6, 1)));

        var exempt = MemberRollPeriods.For(member).Single(p => p.Status == RollStatus.Exempt);

        exempt.From.ShouldBe(new LocalDate(2023, 3, 1));
        MemberRollPeriods.Because(member, exempt)!.Version.ShouldBe(exemption);
    }

    [Fact]
    public void party_periods_survive_their_column()
    {
        List<MembershipPeriod> periods = [new(new LocalDate(1990, 2, 3), new LocalDate(2000, 1, 1)), new(new LocalDate(2005, 6, 7), null)];

        PartyPeriods.Read(PartyPeriods.Write(periods)).ShouldBe(periods);
    }
}

/// <summary>The difference between two rolls, member by member.</summary>
public sealed class RollDifferenceTests
{
    private static readonly Guid CellA = Guid.Parse("0193a1b0-0000-7000-8000-0000000000a1");
    private static readonly Guid CellB = Guid.Parse("0193a1b0-0000-7000-8000-0000000000b1");
    private static readonly LocalDate From = new(2024, 1, 1);
    private static readonly LocalDate To = new(2025, 1, 1);

    private static RollLine Line(int n, Guid cell, RollStatus status) =>
        new(Guid.Parse($"0193a1b0-0000-7000-8000-{n:D12}"), $"Người {n}", $"nguoi {n}", new LocalDate(1980, 1, 1), Sex.Male, null, cell, status, From, 10);

    [Fact]
    public void each_kind_of_change_is_told_apart()
    {
        var admitted = Line(1, CellA, RollStatus.Probationary);
        var arrived = Line(2, CellA, RollStatus.Official);
        var died = Line(3, CellA, RollStatus.Official);
        var transferred = Line(4, CellA, RollStatus.Official);
        var recognised = Line(5, CellA, RollStatus.Probationary);
        var moved = Line(6, CellA, RollStatus.Official);
        var same = Line(7, CellA, RollStatus.Official);
        var periods = new Dictionary<Guid, IReadOnlyList<MembershipPeriod>>
        {
            [admitted.MemberId] = [new MembershipPeriod(new LocalDate(2024, 6, 1), null)],
            [arrived.MemberId] = [new MembershipPeriod(new LocalDate(2000, 1, 1), null)],
            [died.MemberId] = [new MembershipPeriod(new LocalDate(2000, 1, 1), new LocalDate(2024, 8, 1))],
            [transferred.MemberId] = [new MembershipPeriod(new LocalDate(2000, 1, 1), null)],
        };

        var changes = RollDifference.Compare(
            [died, transferred, recognised, moved, same],
            [admitted, arrived, recognised with { Status = RollStatus.Official }, moved with { CellId = CellB }, same],
            From,
            To,
            periods);

        changes.Select(c => ((c.After ?? c.Before)!.MemberId, c.Change)).ShouldBe(
        [
            (admitted.MemberId, RollChange.Joined),
            (arrived.MemberId, RollChange.MovedIn),
            (died.MemberId, RollChange.Left),
            (transferred.MemberId, RollChange.MovedOut),
            (recognised.MemberId, RollChange.StatusChanged),
            (moved.MemberId, RollChange.CellChanged),
        ]);
    }

    [Fact]
    public void a_member_hosted_elsewhere_is_not_a_change_of_the_home_roll()
    {
        var hosted = Line(8, CellA, RollStatus.Hosted);

        RollDifference.Compare([], [hosted], From, To, new Dictionary<Guid, IReadOnlyList<MembershipPeriod>>()).ShouldBeEmpty();
    }
}
