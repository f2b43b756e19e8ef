using EventSourced.Domain.Members;
using EventSourced.Domain.Reconciliation;
using static EventSourced.Domain.Tests.Reconciliation.ComparisonsTests;

namespace EventSourced.Domain.Tests.Reconciliation;

public class MatcherTests
{
    private static MatchOutcome Match(IReadOnlyList<RollPerson> register, IReadOnlyList<RollPerson> roll, MatchSettings? settings = null) =>
        Matcher.Match(register, roll, settings ?? MatchSettings.Default);

    [Fact]
    public void a_clean_row_matches_its_member_with_the_levels_that_made_it()
    {
        var row = Match([Person(1, "Trần Văn Bình"), Person(2, "Nguyễn Thị Hoà", sex: Sex.Female)], [Person(1, "Nguyễn Thị Hòa", sex: Sex.Female)]).Rows.Single();

        row.Band.ShouldBe(MatchBand.Match);
        row.RegisterRow.ShouldBe(2);
        row.Levels.ShouldBe("name=exact;dob=exact;sex=agree;cell=agree");
    }

    [Fact]
    public void nobody_alike_in_the_register_is_no_match()
    {
        var row = Match([Person(1, "Trần Văn Bình")], [Person(1, "Phạm Thị Lan", birth: "1970-01-01", sex: Sex.Female, cell: "CB09")]).Rows.Single();

        row.Band.ShouldBe(MatchBand.None);
        row.RegisterRow.ShouldBeNull();
    }

    [Fact]
    public void the_thresholds_decide_the_band()
    {
        RollPerson[] register = [Person(1, "Nguyễn Văn Hùng")];
        RollPerson[] roll = [Person(1, "Nguyễn Văn Hùng", cell: "CB77")];
        var score = Match(register, roll).Rows.Single().Score;

        Match(register, roll, MatchSettings.Default with { MatchAt = score }).Rows.Single().Band.ShouldBe(MatchBand.Match);
        Match(register, roll, MatchSettings.Default with { MatchAt = score + 0.01, ReviewAt = score }).Rows.Single().Band.ShouldBe(MatchBand.Review);
        Match(register, roll, MatchSettings.Default with { MatchAt = score + 1, ReviewAt = score + 0.01 }).Rows.Single().Band.ShouldBe(MatchBand.None);
    }

    [Fact]
    public void a_twin_with_another_given_name_is_not_matched()
    {
        var row = Match([Person(1, "Nguyễn Văn Hùng")], [Person(1, "Nguyễn Văn Dũng")]).Rows.Single();

        row.Band.ShouldNotBe(MatchBand.Match);
    }

    [Fact]
    public void each_member_goes_to_one_row_best_pair_first()
    {
        // Twins on both lists: each row takes its own twin although both look alike.
        var outcome = Match(
            [Person(1, "Nguyễn Văn Hùng"), Person(2, "Nguyễn Văn Hưng")],
            [Person(1, "Nguyen Van Hung"), Person(2, "Nguyễn Văn Hưng")]);

        outcome.Rows.Single(r => r.RollRow == 2).RegisterRow.ShouldBe(2);
        outcome.Rows.Select(r => r.RegisterRow).Where(r => r is not null).ShouldBeUnique();
    }

    [Fact]
    public void a_row_written_twice_is_reported_as_the_same_member_twice()
    {
        var outcome = Match([Person(1, "Nguyễn Văn Hùng"), Person(2, "Lê Thị Mai", sex: Sex.Female)],
            [Person(1, "Nguyễn Văn Hùng"), Person(2, "Lê Thị Mai", sex: Sex.Female), Person(3, "Nguyễn Văn Hùng")]);

        outcome.Rows.Single(r => r.RollRow == 1).RegisterRow.ShouldBe(1);
        var second = outcome.Rows.Single(r => r.RollRow == 3);
        second.Band.ShouldBe(MatchBand.None);
        second.SameMemberAsRow.ShouldBe(1);
        outcome.SameMemberTwice.ShouldBe([new SameMemberTwice(1, 1, 3)]);
    }

    [Fact]
    public void an_equal_citizen_id_wins_over_a_better_scored_pair()
    {
        var outcome = Match(
            [Person(1, "Nguyễn Văn Hùng", citizenId: "001085000001"), Person(2, "Nguyễn Văn Hùng", citizenId: "001085000002")],
            [Person(1, "Nguyễn Văn Hùng", cell: "CB02", citizenId: "001085000002")]);

        outcome.Rows.Single().RegisterRow.ShouldBe(2);
        outcome.Rows.Single().Levels.ShouldStartWith("id=equal");
    }

    [Fact]
    public void two_namesakes_born_the_same_day_on_the_roll_each_take_a_member_and_are_not_one_member_twice()
    {
        // Two members named alike and born the same day, in two cells; the roll has no cell column.
        var outcome = Match(
            [Person(1, "Nguyễn Văn Hùng", cell: "CB01"), Person(2, "Nguyễn Văn Hùng", cell: "CB02")],
            [Person(1, "Nguyễn Văn Hùng", cell: null), Person(2, "NGUYỄN  VĂN HÙNG", cell: null)]);

        outcome.SameMemberTwice.ShouldBeEmpty();
        outcome.Rows.Select(r => r.RegisterRow).OrderBy(r => r).ShouldBe([1, 2]);
        outcome.Rows.ShouldAllBe(r => r.Band == MatchBand.Match);
    }

    [Fact]
    public void a_row_that_pairs_as_well_with_two_namesakes_is_to_review_not_matched_with_the_first()
    {
        var row = Match(
            [Person(1, "Nguyễn Thị Lan", sex: Sex.Female, cell: "CB01"), Person(2, "Nguyễn Thị Lan", sex: Sex.Female, cell: "CB02")],
            [Person(1, "Nguyễn Thị Lan", sex: Sex.Female, cell: null)]).Rows.Single();

        row.Band.ShouldBe(MatchBand.Review);
        row.Levels.ShouldEndWith("namesake=alike");
    }

    [Fact]
    public void a_namesake_told_apart_by_the_cell_or_a_row_written_twice_stays_as_it_was()
    {
        Match(
            [Person(1, "Nguyễn Thị Lan", sex: Sex.Female, cell: "CB01"), Person(2, "Nguyễn Thị Lan", sex: Sex.Female, cell: "CB02")],
            [Person(1, "Nguyễn Thị Lan", sex: Sex.Female, cell: "CB02")]).Rows.Single().ShouldSatisfyAllConditions(
            r => r.Band.ShouldBe(MatchBand.Match),
            r => r.RegisterRow.ShouldBe(2));

        // One member, the row written twice: still the same member twice.
        Match([Person(1, "Nguyễn Văn Hùng", cell: "CB01")], [Person(1, "Nguyễn Văn Hùng", cell: null), Person(2, "Nguyễn Văn Hùng", cell: null)])
            .SameMemberTwice.ShouldBe([new SameMemberTwice(1, 1, 2)]);
    }
}
