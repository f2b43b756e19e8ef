using EventSourced.Domain.Members;
using EventSourced.Domain.Reconciliation;
using NodaTime;

namespace EventSourced.Domain.Tests.Reconciliation;

public class ComparisonsTests
{
    private static readonly MatchSettings Settings = MatchSettings.Default;

    // Nguyễn is common, Lục is rare, as in a real register.
    private static readonly FamilyNameFrequencies Families = FamilyNameFrequencies.Of(
        [.. Enumerable.Repeat("Nguyễn Văn An", 380), .. Enumerable.Repeat("Trần Văn Bình", 610), "Lục Văn Cường"], Settings);

    internal static RollPerson Person(int row, string name, string? birth = "1985-06-15", Sex? sex = Sex.Male, string? cell = "CB01",
        string? citizenId = null, string? card = null, IReadOnlyList<string>? oldCards = null, LocalDate? admission = null) =>
        new(row, name, birth switch
        {
            null => null,
            { Length: 4 } year => RollDate.YearOnly(int.Parse(year, System.Globalization.CultureInfo.InvariantCulture)),
            _ => RollDate.Day(LocalDate.FromDateTime(DateTime.Parse(birth, System.Globalization.CultureInfo.InvariantCulture))),
        }, sex, citizenId, card, oldCards ?? [], cell, admission);

    private static PairScore Compare(RollPerson register, RollPerson roll) => Comparisons.Compare(register, roll, Settings, Families);

    private static string LevelOf(PairScore pair, string field) => pair.Levels.Single(l => l.Field == field).Level;

    [Fact]
    public void equal_names_agree_exactly_and_show_as_one_name_level()
    {
        var pair = Compare(Person(1, "Nguyễn Văn Hùng"), Person(1, "NGUYỄN  VĂN HÙNG"));

        LevelOf(pair, "family").ShouldBe("exact");
        LevelOf(pair, "middle").ShouldBe("exact");
        LevelOf(pair, "given").ShouldBe("exact");
        pair.Describe().ShouldStartWith("name=exact;");
    }

    [Fact]
    public void names_equal_only_without_accents_agree_at_the_weaker_folded_level()
    {
        var exact = Compare(Person(1, "Nguyễn Văn Hùng"), Person(1, "Nguyễn Văn Hùng"));
        var folded = Compare(Person(1, "Nguyễn Văn Hùng"), Person(1, "Nguyen Van Hung"));

        LevelOf(folded, "given").ShouldBe("folded");
        folded.Score.ShouldBeLessThan(exact.Score);
        folded.Score.ShouldBeGreaterThan(Settings.MatchAt);
    }

    [Fact]
    public void a_missing_or_extra_middle_name_is_its_own_level()
    {
        LevelOf(Compare(Person(1, "Nguyễn Thị Ngọc Lan"), Person(1, "Nguyễn Thị Lan")), "middle").ShouldBe("missing");
        LevelOf(Compare(Person(1, "Nguyễn Lan"), Person(1, "Nguyễn Thị Lan")), "middle").ShouldBe("missing");
    }

    [Fact]
    public void a_given_name_first_is_read_in_order_at_a_small_penalty()
    {
        var pair = Compare(Person(1, "Nguyễn Văn Hùng"), Person(1, "Hùng Văn Nguyễn"));

        LevelOf(pair, "order").ShouldBe("reversed");
        LevelOf(pair, "given").ShouldBe("exact");
        pair.Score.ShouldBeLessThan(Compare(Person(1, "Nguyễn Văn Hùng"), Person(1, "Nguyễn Văn Hùng")).Score);
    }

    [Fact]
    public void a_typo_in_the_given_name_is_a_typo_not_a_disagreement()
    {
        var pair = Compare(Person(1, "Nguyễn Văn Thắng"), Person(1, "Nguyễn Văn Thắg"));

        LevelOf(pair, "given").ShouldBe("typo");
    }

    [Fact]
    public void different_given_names_disagree()
    {
        var pair = Compare(Person(1, "Nguyễn Văn Hùng"), Person(1, "Nguyễn Văn Phong"));

        LevelOf(pair, "given").ShouldBe("disagree");
        pair.Levels.Single(l => l.Field == "given").Weight.ShouldBeLessThan(0);
    }

    [Fact]
    public void agreement_on_a_rare_family_name_weighs_more_than_on_nguyen()
    {
        var common = Compare(Person(1, "Nguyễn Văn Cường"), Person(1, "Nguyễn Văn Cường")).Levels.Single(l => l.Field == "family");
        var rare = Compare(Person(1, "Lục Văn Cường"), Person(1, "Lục Văn Cường")).Levels.Single(l => l.Field == "family");

        rare.Weight.ShouldBeGreaterThan(common.Weight + 5);
    }

    [Theory]
    [InlineData("1985-06-15", "1985-06-15", "exact")]
    [InlineData("1985-06-05", "1985-05-06", "swapped")]
    [InlineData("1985-06-15", "1985", "year")]
    [InlineData("1985", "1985-06-15", "year")]
    [InlineData("1985-06-15", "1986-06-15", "one-digit")]
    [InlineData("1985-06-15", "1985-06-25", "one-digit")]
    [InlineData("1985-06-15", "1979-02-01", "disagree")]
    [InlineData("1985-06-15", "1984", "disagree")]
    public void birth_dates_compare_by_level(string register, string roll, string level) =>
        LevelOf(Compare(Person(1, "Lê Văn An", register), Person(1, "Lê Văn An", roll)), "dob").ShouldBe(level);

    [Fact]
    public void a_missing_birth_date_adds_no_level() =>
        Compare(Person(1, "Lê Văn An"), Person(1, "Lê Văn An", birth: null)).Levels.ShouldNotContain(l => l.Field == "dob");

    [Fact]
    public void sex_and_cell_agree_or_disagree()
    {
        var pair = Compare(Person(1, "Lê Văn An", sex: Sex.Male, cell: "CB01"), Person(1, "Lê Văn An", sex: Sex.Female, cell: "cb 01"));

        LevelOf(pair, "sex").ShouldBe("disagree");
        LevelOf(pair, "cell").ShouldBe("agree");
    }

    [Fact]
    public void the_admission_date_counts_only_when_both_sides_have_it()
    {
        var date = new LocalDate(2010, 2, 1);

        Compare(Person(1, "Lê Văn An", admission: date), Person(1, "Lê Văn An")).Levels.ShouldNotContain(l => l.Field == "admission");
        LevelOf(Compare(Person(1, "Lê Văn An", admission: date), Person(1, "Lê Văn An", admission: date)), "admission").ShouldBe("agree");
        LevelOf(Compare(Person(1, "Lê Văn An", admission: date), Person(1, "Lê Văn An", admission: date.PlusDays(3))), "admission").ShouldBe("disagree");
    }

    [Theory]
    [InlineData("001085000123")]
    [InlineData("1085000123")]
    [InlineData("001 085 000 123")]
    public void an_equal_citizen_id_decides_alone_even_without_its_leading_zeros(string rollId)
    {
        var pair = Compare(Person(1, "Nguyễn Văn Hùng", citizenId: "001085000123"), Person(1, "Trần Thị Mai", birth: "1990", citizenId: rollId));

        pair.SameIdentity.ShouldBeTrue();
        Matcher.BandOf(pair, Settings).ShouldBe(MatchBand.Match);
    }

    [Fact]
    public void an_old_card_number_equal_to_the_current_one_decides_alone()
    {
        var pair = Compare(Person(1, "Nguyễn Văn Hùng", card: "12345678", oldCards: ["00011122"]), Person(1, "Nguyen Hung", card: "00011122"));

        pair.SameIdentity.ShouldBeTrue();
        pair.Describe().ShouldStartWith("card=equal");
    }

    [Fact]
    public void a_citizen_id_excel_wrote_in_scientific_notation_is_no_identity()
    {
        // "1.23457E+11" has the digits of the 9-digit card 012345711 once its zeros are put back; it is nobody's.
        var pair = Compare(Person(1, "Nguyễn Văn Hùng", citizenId: "012345711"), Person(1, "Trần Văn Bình", citizenId: "1.23457E+11"));

        pair.SameIdentity.ShouldBeFalse();
        Matcher.BandOf(pair, Settings).ShouldBe(MatchBand.None);
        Comparisons.CleanCitizenId("1,23457E+11").ShouldBeEmpty();
    }
}
