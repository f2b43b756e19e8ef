using EventSourced.Domain.Common;
using NodaTime;
using NodaTime.Testing;

namespace EventSourced.Domain.Tests.Common;

public sealed class InputTests
{
    [Fact]
    public void text_exactly_at_its_limit_is_accepted_whole()
    {
        var text = new string('a', TextLimits.Reason);

        Input.Required(text, TextLimits.Reason, "Member.Reason").ShouldBe(text);
        Input.Optional(text, TextLimits.Reason, "Member.Reason").ShouldBe(text);
    }

    [Fact]
    public void text_one_character_over_its_limit_is_refused_with_the_limit_never_cut()
    {
        var text = new string('a', TextLimits.Reason + 1);

        var required = Should.Throw<RuleViolation>(() => Input.Required(text, TextLimits.Reason, "Member.Reason"));
        var optional = Should.Throw<RuleViolation>(() => Input.Optional(text, TextLimits.Reason, "Member.Reason"));

        required.Code.ShouldBe("Member.ReasonTooLong");
        required.Arguments.ShouldBe([TextLimits.Reason]);
        optional.Code.ShouldBe("Member.ReasonTooLong");
        optional.Arguments.ShouldBe([TextLimits.Reason]);
    }

    [Fact]
    public void the_limit_counts_the_text_as_stored_after_spaces_are_collapsed()
    {
        var text = "  " + new string('a', TextLimits.Name - 2) + "   b  ";

        text.Length.ShouldBeGreaterThan(TextLimits.Name);
        Input.Required(text, TextLimits.Name, "Transfer.Organisation").Length.ShouldBe(TextLimits.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n\u00A0")]
    public void missing_or_white_space_text_is_refused_as_missing_when_required(string? text)
    {
        Should.Throw<RuleViolation>(() => Input.Required(text, TextLimits.Reason, "Transfer.Reason"))
            .Code.ShouldBe("Transfer.ReasonRequired");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void missing_or_white_space_text_is_null_when_optional(string? text)
    {
        Input.Optional(text, TextLimits.Reason, "Transfer.Reason").ShouldBeNull();
    }

    [Fact]
    public void text_is_normalised_before_it_is_kept()
    {
        Input.Required("  Ðảng   bộ ", TextLimits.Name, "Transfer.Organisation").ShouldBe("Đảng bộ");
    }

    [Fact]
    public void text_cleaned_its_own_way_is_checked_against_the_limit_only()
    {
        var markdown = "  - a\n    - b";

        Input.AtMost(markdown, markdown.Length, "Content.Body").ShouldBe(markdown);
        var refusal = Should.Throw<RuleViolation>(() => Input.AtMost(markdown, markdown.Length - 1, "Content.Body"));
        refusal.Code.ShouldBe("Content.BodyTooLong");
        refusal.Arguments.ShouldBe([markdown.Length - 1]);
    }

    [Fact]
    public void a_date_later_than_today_in_hanoi_is_refused_naming_the_date()
    {
        // 18:00 UTC on 1 March is already 2 March in Hanoi (UTC+7).
        var clock = new FakeClock(Instant.FromUtc(2025, 3, 1, 18, 0));
        var today = VietnamTime.Today(clock);

        Input.NotInFuture(new LocalDate(2025, 3, 2), today, "Member.Date");
        var refusal = Should.Throw<RuleViolation>(() => Input.NotInFuture(new LocalDate(2025, 3, 3), today, "Member.Date"));

        refusal.Code.ShouldBe("Member.DateInFuture");
        refusal.Arguments.ShouldBe([new LocalDate(2025, 3, 3)]);
    }

    [Fact]
    public void today_and_earlier_dates_are_accepted()
    {
        var today = new LocalDate(2025, 3, 1);

        Input.NotInFuture(today, today, "Transfer.Date");
        Input.NotInFuture(today.PlusDays(-1), today, "Transfer.Date");
    }
}
