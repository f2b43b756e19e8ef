using System.Text;
using EventSourced.Domain.Content.Rendering;

namespace EventSourced.Domain.Tests.Content.Rendering;

public class WordDiffTests
{
    private static DiffSegment Same(string text) => new(DiffKind.Same, text);

    private static DiffSegment Removed(string text) => new(DiffKind.Removed, text);

    private static DiffSegment Added(string text) => new(DiffKind.Added, text);

    [Fact]
    public void a_changed_vietnamese_word_is_shown_whole_not_by_letter()
    {
        var segments = WordDiff.Compare("Đảng viên phải tham gia sinh hoạt.", "Đảng viên cần tham gia sinh hoạt.");

        segments.ShouldBe([Same("Đảng viên "), Removed("phải"), Added("cần"), Same(" tham gia sinh hoạt.")]);
    }

    [Fact]
    public void words_differing_only_by_a_tone_mark_are_different_words()
    {
        var segments = WordDiff.Compare("họp chi bộ", "hợp chi bộ");

        segments.ShouldBe([Removed("họp"), Added("hợp"), Same(" chi bộ")]);
    }

    [Fact]
    public void composed_and_decomposed_spellings_of_the_same_text_are_unchanged()
    {
        var text = "Nguyễn Thị Thu Hương, phường Phúc Xá";

        var segments = WordDiff.Compare(text.Normalize(NormalizationForm.FormC), text.Normalize(NormalizationForm.FormD));

        segments.ShouldBe([Same(text.Normalize(NormalizationForm.FormC))]);
    }

    [Fact]
    public void a_decomposed_word_is_not_split_at_its_combining_marks()
    {
        // U+0323 (dot below) and U+0302 (circumflex) stacked on "o": "ộ" only as two marks.
        WordDiff.Tokens("bo\u0323\u0302 x").ShouldBe(["bo\u0323\u0302", " ", "x"]);
    }

    [Fact]
    public void tokens_are_words_whitespace_runs_and_single_punctuation_marks()
    {
        WordDiff.Tokens("Điều 12,  khoản 3.").ShouldBe(["Điều", " ", "12", ",", "  ", "khoản", " ", "3", "."]);
    }

    [Fact]
    public void punctuation_changes_are_shown_without_taking_the_word_with_them()
    {
        var segments = WordDiff.Compare("Chi bộ họp.", "Chi bộ họp!");

        segments.ShouldBe([Same("Chi bộ họp"), Removed("."), Added("!")]);
    }

    [Fact]
    public void whitespace_is_kept_so_the_segments_rebuild_each_version()
    {
        var oldText = "Dòng một\nDòng  hai\tcuối";
        var newText = "Dòng một\n\nDòng ba\tcuối ";

        var segments = WordDiff.Compare(oldText, newText);

        string.Concat(segments.Where(s => s.Kind != DiffKind.Added).Select(s => s.Text)).ShouldBe(oldText);
        string.Concat(segments.Where(s => s.Kind != DiffKind.Removed).Select(s => s.Text)).ShouldBe(newText);
    }

    [Fact]
    public void added_text_at_the_end_is_one_added_segment()
    {
        WordDiff.Compare("Chi bộ", "Chi bộ Phúc Xá").ShouldBe([Same("Chi bộ"), Added(" Phúc Xá")]);
    }

    [Fact]
    public void identical_texts_are_one_unchanged_segment()
    {
        WordDiff.Compare("Không đổi", "Không đổi").ShouldBe([Same("Không đổi")]);
    }

    [Theory]
    [InlineData(null, "Mới", DiffKind.Added)]
    [InlineData("Cũ", "", DiffKind.Removed)]
    public void from_or_to_nothing_is_all_added_or_all_removed(string? oldText, string? newText, DiffKind kind)
    {
        WordDiff.Compare(oldText, newText).ShouldBe([new DiffSegment(kind, oldText ?? newText!)]);
    }

    [Fact]
    public void nothing_to_nothing_has_no_segments()
    {
        WordDiff.Compare(null, "").ShouldBeEmpty();
    }

    [Fact]
    public void side_by_side_puts_removals_left_and_additions_right()
    {
        var (left, right) = WordDiff.SideBySide("Đảng viên phải tham gia.", "Đảng viên cần tham gia đầy đủ.");

        left.ShouldBe([Same("Đảng viên "), Removed("phải"), Same(" tham gia.")]);
        right.ShouldBe([Same("Đảng viên "), Added("cần"), Same(" tham gia"), Added(" đầy đủ"), Same(".")]);
    }

    [Fact]
    public void each_side_reads_as_its_whole_version()
    {
        var oldText = "Một hai ba bốn năm";
        var newText = "Một ba bốn sáu năm bảy";

        var (left, right) = WordDiff.SideBySide(oldText, newText);

        string.Concat(left.Select(s => s.Text)).ShouldBe(oldText);
        string.Concat(right.Select(s => s.Text)).ShouldBe(newText);
        left.ShouldNotContain(s => s.Kind == DiffKind.Added);
        right.ShouldNotContain(s => s.Kind == DiffKind.Removed);
    }
}
