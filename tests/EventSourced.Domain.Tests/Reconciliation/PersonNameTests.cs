using EventSourced.Domain.Reconciliation;

namespace EventSourced.Domain.Tests.Reconciliation;

public class PersonNameTests
{
    [Theory]
    [InlineData("Hoà", "Hòa")]
    [InlineData("Thuý", "Thúy")]
    [InlineData("hoá", "hóa")]
    [InlineData("uỷ", "ủy")]
    [InlineData("Hoè", "Hòe")]
    [InlineData("Thuỵ", "Thụy")]
    public void old_and_new_tone_placement_normalise_to_one_name(string newPlacement, string oldPlacement) =>
        PersonName.Normalise(oldPlacement).ShouldBe(PersonName.Normalise(newPlacement));

    [Theory]
    [InlineData("Hoàng")]
    [InlineData("Nguyễn")]
    [InlineData("Tuyết")]
    [InlineData("Quỳnh")]
    [InlineData("Đoàn")]
    public void tones_outside_the_oa_oe_uy_clusters_stay_where_they_are(string word) =>
        PersonName.Normalise(word).ShouldBe(word.ToLowerInvariant());

    [Fact]
    public void a_decomposed_name_is_the_same_as_the_composed_one() =>
        PersonName.Normalise("Nguye\u0302\u0303n Thi\u0323 Lan").ShouldBe(PersonName.Normalise("Nguyễn Thị Lan"));

    [Theory]
    [InlineData("\u00D0ặng Văn Nam")]
    [InlineData("\u0189ặng Văn Nam")]
    [InlineData("\u00F0ặng văn nam")]
    public void eth_and_other_d_lookalikes_read_as_d_with_stroke(string name) =>
        PersonName.Normalise(name).ShouldBe(PersonName.Normalise("Đặng Văn Nam"));

    [Fact]
    public void case_whitespace_and_punctuation_are_folded() =>
        PersonName.Normalise("  NGUYỄN   văn\tHÙNG. ").ShouldBe("nguyễn văn hùng");

    [Fact]
    public void the_folded_form_has_no_marks_and_reads_d_for_d_with_stroke() =>
        PersonName.Fold("Đặng Thị Thuý Hằng").ShouldBe("dang thi thuy hang");

    [Fact]
    public void a_name_splits_into_family_first_middle_and_given_last()
    {
        var name = PersonName.Parse("Nguyễn Thị Ngọc Lan");

        name.Family.ShouldBe("nguyễn");
        name.Middle.ShouldBe("thị ngọc");
        name.Given.ShouldBe("lan");
        name.FamilyFolded.ShouldBe("nguyen");
        name.MiddleFolded.ShouldBe("thi ngoc");
        name.GivenFolded.ShouldBe("lan");
    }

    [Fact]
    public void a_two_word_name_has_no_middle_name()
    {
        var name = PersonName.Parse("Lê Hùng");

        name.Family.ShouldBe("lê");
        name.Middle.ShouldBe(string.Empty);
        name.Given.ShouldBe("hùng");
    }

    [Fact]
    public void a_given_first_name_is_read_family_first_both_ways()
    {
        var readings = PersonName.Parse("Hùng Văn Nguyễn").GivenFirstReadings().Select(r => r.Normalised).ToList();

        readings.ShouldContain("nguyễn văn hùng");
        PersonName.Parse("Văn Hùng Nguyễn").GivenFirstReadings().Select(r => r.Normalised).ShouldContain("nguyễn văn hùng");
    }
}
