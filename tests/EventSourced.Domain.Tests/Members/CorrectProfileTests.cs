using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class CorrectProfileTests
{
    private static readonly LocalDate Today = new(2025, 3, 1);

    private static CorrectProfile Correct(Member member, string field, string? value, string reason = "Sai so với CCCD") =>
        new(member.Id, member.Version, field, value, reason);

    [Fact]
    public void a_correction_keeps_the_old_value_the_new_one_and_the_reason()
    {
        var member = MemberBuilder.Official();

        var corrected = CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.FullName, "Nguyễn Văn Hưng"), member, Today);

        corrected.ShouldBe(new ProfileCorrected(MemberProfileFields.FullName, "Nguyễn Văn Hùng", "Nguyễn Văn Hưng", "Sai so với CCCD", Today));
    }

    [Fact]
    public void applying_a_correction_changes_the_profile_and_the_search_text()
    {
        var member = MemberBuilder.Official();

        member.With(CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.FullName, "Nguyễn Văn Hưng"), member, Today));

        member.Profile.FullName.ShouldBe("Nguyễn Văn Hưng");
        member.DisplayName.ShouldBe("NGUYỄN VĂN HƯNG");
        member.SearchText.ShouldContain("nguyen van hung");
    }

    [Fact]
    public void a_correction_takes_effect_on_the_past_date_given()
    {
        var member = MemberBuilder.Official();
        var courtDecision = new LocalDate(2024, 5, 2);

        var corrected = CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.FullName, "Nguyễn Văn Hưng") with { EffectiveDate = courtDecision }, member, Today);

        corrected.EffectiveDate.ShouldBe(courtDecision);
    }

    [Fact]
    public void a_correction_dated_in_the_future_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.FullName, "Nguyễn Văn Hưng") with { EffectiveDate = Today.PlusDays(1) }, member, Today))
            .Code.ShouldBe("Member.DateInFuture");
    }

    [Fact]
    public void a_name_corrected_late_with_an_earlier_date_does_not_undo_a_later_dated_correction()
    {
        var member = MemberBuilder.Official();
        member.With(new ProfileCorrected(MemberProfileFields.FullName, "Nguyễn Văn Hùng", "Nguyễn Văn Hưng", "Bản án", new LocalDate(2024, 12, 1)));

        member.With(new ProfileCorrected(MemberProfileFields.HomeTown, null, "Hà Nội", "Bổ sung", new LocalDate(2024, 6, 1)));

        member.Profile.FullName.ShouldBe("Nguyễn Văn Hưng");
        member.Profile.HomeTown.ShouldBe("Hà Nội");
    }

    [Fact]
    public void a_field_that_is_not_on_the_profile_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => CorrectProfileHandler.Decide(Correct(member, "Salary", "1000"), member, Today))
            .Code.ShouldBe("Member.UnknownField");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void a_correction_needs_a_reason(string reason)
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.HomeTown, "Hà Nội", reason), member, Today))
            .Code.ShouldBe("Member.ReasonRequired");
    }

    [Theory]
    [InlineData("Nguyễn Văn Hùng")]
    [InlineData("  Nguyễn   Văn Hùng ")]
    public void a_correction_that_changes_nothing_is_refused(string name)
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.FullName, name), member, Today))
            .Code.ShouldBe("Member.NothingChanged");
    }

    [Fact]
    public void the_name_cannot_be_cleared()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.FullName, " "), member, Today))
            .Code.ShouldBe("Member.NameRequired");
    }

    [Fact]
    public void an_optional_field_can_be_cleared()
    {
        var member = MemberBuilder.Official();

        var corrected = CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.Phone, "  "), member, Today);

        corrected.OldValue.ShouldBe("0912345678");
        corrected.NewValue.ShouldBeNull();
        member.With(corrected).Profile.Phone.ShouldBeNull();
    }

    [Fact]
    public void text_over_200_characters_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.Religion, new string('x', 201)), member, Today))
            .Code.ShouldBe("Member.TextTooLong");
    }

    [Fact]
    public void sex_is_read_by_name_whatever_the_case()
    {
        var member = MemberBuilder.Official();

        var corrected = CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.Sex, "female"), member, Today);

        corrected.OldValue.ShouldBe("Male");
        corrected.NewValue.ShouldBe("Female");
        member.With(corrected).Profile.Sex.ShouldBe(Sex.Female);
    }

    [Theory]
    [InlineData("robot")]
    [InlineData("")]
    [InlineData("5")]
    public void a_value_that_is_not_a_sex_is_refused(string value)
    {
        // "5" parses as an undefined enum value: it must be refused, not stored as Sex 5.
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.Sex, value), member, Today))
            .Code.ShouldBe("Member.SexInvalid");
    }

    [Fact]
    public void the_date_of_birth_is_corrected_as_an_iso_date()
    {
        var member = MemberBuilder.Official();

        var corrected = CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.DateOfBirth, "1985-06-16"), member, Today);

        corrected.OldValue.ShouldBe("1985-06-15");
        corrected.NewValue.ShouldBe("1985-06-16");
        member.With(corrected).Profile.DateOfBirth.ShouldBe(new LocalDate(1985, 6, 16));
    }

    [Theory]
    [InlineData("16/06/1985")]
    [InlineData("1985-6-16")]
    [InlineData("")]
    [InlineData("2025-03-02")]
    public void a_date_of_birth_that_is_not_a_date_or_is_in_the_future_is_refused(string value)
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.DateOfBirth, value), member, Today))
            .Code.ShouldBe("Member.DateOfBirthInvalid");
    }

    [Fact]
    public void a_date_of_birth_before_1900_is_refused_as_it_is_at_admission()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.DateOfBirth, "1850-06-15"), member, Today))
            .Code.ShouldBe("Member.DateOfBirthInvalid");
    }

    [Fact]
    public void a_citizen_id_is_stored_without_spaces_dots_or_dashes()
    {
        var member = MemberBuilder.Official();

        var corrected = CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.CitizenId, "001 085.012-346"), member, Today);

        corrected.NewValue.ShouldBe("001085012346");
        member.With(corrected).SearchText.ShouldContain("001085012346");
        member.SearchText.ShouldNotContain(MemberBuilder.HungsCitizenId);
    }

    [Fact]
    public void a_citizen_id_that_does_not_match_the_profile_is_accepted()
    {
        var member = MemberBuilder.Official();

        CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.CitizenId, "012345678"), member, Today)
            .NewValue.ShouldBe("012345678");
    }

    [Fact]
    public void a_phone_number_keeps_its_digits_and_plus_sign()
    {
        var member = MemberBuilder.Official();

        CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.Phone, "+84 912 345 679"), member, Today)
            .NewValue.ShouldBe("+84912345679");
    }

    [Theory]
    [InlineData("0912")]
    [InlineData("0912345678901234567")]
    public void a_phone_number_of_the_wrong_length_is_refused(string phone)
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.Phone, phone), member, Today))
            .Code.ShouldBe("Member.PhoneInvalid");
    }

    [Fact]
    public void the_record_of_a_former_member_can_still_be_corrected()
    {
        var member = MemberBuilder.Official().Left(new LocalDate(2023, 1, 1));

        CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.HomeTown, "Thanh Oai, Hà Nội"), member, Today)
            .NewValue.ShouldBe("Thanh Oai, Hà Nội");
    }

    [Fact]
    public void a_correction_dated_before_a_later_correction_of_the_same_field_is_refused_as_it_would_be_overwritten()
    {
        var member = MemberBuilder.Official();
        member.With(CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.HomeTown, "Nam Định"), member, Today));

        Should.Throw<RuleViolation>(() => CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.HomeTown, "Thái Bình") with { EffectiveDate = new LocalDate(2025, 1, 1) }, member, Today))
            .Code.ShouldBe("Member.CorrectionBeforeLaterOne");
        CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.FullName, "Nguyễn Văn Hưng") with { EffectiveDate = new LocalDate(2025, 1, 1) }, member, Today)
            .EffectiveDate.ShouldBe(new LocalDate(2025, 1, 1));
    }

    [Fact]
    public void a_date_of_birth_corrected_to_make_the_member_under_18_on_the_admission_decision_is_refused()
    {
        var member = MemberBuilder.Official();

        Should.Throw<RuleViolation>(() => CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.DateOfBirth, "2005-06-15"), member, Today))
            .Code.ShouldBe("Member.TooYoung");
        CorrectProfileHandler.Decide(Correct(member, MemberProfileFields.DateOfBirth, "1986-06-15"), member, Today).NewValue.ShouldBe("1986-06-15");
    }
}
