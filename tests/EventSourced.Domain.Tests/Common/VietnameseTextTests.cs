using System.Text;
using EventSourced.Domain.Common;

namespace EventSourced.Domain.Tests.Common;

public class VietnameseTextTests
{
    [Theory]
    [InlineData("Đảng bộ phường Phúc Xá", "dang bo phuong phuc xa")]
    [InlineData("QUẬN ỦY ĐỐNG ĐA", "quan uy dong da")]
    [InlineData("Chi bộ Trường THPT Phan Đình Phùng", "chi bo truong thpt phan dinh phung")]
    [InlineData("Nguyễn Thị Thu Hương", "nguyen thi thu huong")]
    [InlineData("Ơn Ưng Ăn Âm Êm Ôm", "on ung an am em om")]
    public void folding_drops_case_tones_and_vowel_marks(string text, string folded)
    {
        VietnameseText.Fold(text).ShouldBe(folded);
    }

    [Theory]
    [InlineData("Đ")]
    [InlineData("đ")]
    [InlineData("\u00D0")]
    [InlineData("\u00F0")]
    [InlineData("D")]
    public void every_d_look_alike_folds_to_d(string d)
    {
        VietnameseText.Fold(d).ShouldBe("d");
    }

    [Fact]
    public void composed_and_decomposed_text_fold_alike()
    {
        var composed = "Phúc Xá".Normalize(NormalizationForm.FormC);
        var decomposed = "Phúc Xá".Normalize(NormalizationForm.FormD);

        VietnameseText.Fold(decomposed).ShouldBe(VietnameseText.Fold(composed));
    }

    [Fact]
    public void old_and_new_tone_placement_fold_alike()
    {
        VietnameseText.Fold("hoá").ShouldBe(VietnameseText.Fold("hóa"));
        VietnameseText.Fold("Thuỷ").ShouldBe(VietnameseText.Fold("Thủy"));
    }

    [Fact]
    public void folding_trims_and_collapses_spaces()
    {
        VietnameseText.Fold("  Phúc   Xá  ").ShouldBe("phuc xa");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void folding_nothing_gives_the_empty_string(string? text)
    {
        VietnameseText.Fold(text).ShouldBe(string.Empty);
    }

    [Theory]
    [InlineData("phuc xa", true)]
    [InlineData("PHÚC", true)]
    [InlineData("\u00D0ảng bộ", true)]
    [InlineData("phúc xã", true)]
    [InlineData("ba dinh", false)]
    public void contains_ignores_case_and_diacritics(string needle, bool found)
    {
        VietnameseText.ContainsFolded("Đảng bộ phường Phúc Xá", needle).ShouldBe(found);
    }

    [Fact]
    public void normalising_composes_maps_the_eth_look_alike_and_collapses_spaces_but_keeps_marks_and_case()
    {
        var pasted = "  \u00D0a\u0309ng  bo\u0302\u0323   phươ\u0300ng ";

        VietnameseText.Normalise(pasted).ShouldBe("Đảng bộ phường");
        VietnameseText.Normalise(pasted).IsNormalized(NormalizationForm.FormC).ShouldBeTrue();
    }

    [Fact]
    public void normalising_maps_the_lower_case_eth_to_d_with_stroke()
    {
        VietnameseText.Normalise("\u00F0\u00F4ng").ShouldBe("đông");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void normalising_nothing_gives_the_empty_string(string? text)
    {
        VietnameseText.Normalise(text).ShouldBe(string.Empty);
    }
}
