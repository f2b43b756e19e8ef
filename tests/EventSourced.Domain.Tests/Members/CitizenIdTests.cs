using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Tests.Members;

public class CitizenIdTests
{
    private static readonly LocalDate BornIn1985 = new(1985, 6, 15);

    [Fact]
    public void a_hanoi_id_of_a_man_born_in_1985_matches_his_profile()
    {
        // 001 = Hà Nội, 0 = a man born in the 1900s, 85 = the year of birth.
        CitizenId.Check("001085012345", BornIn1985, Sex.Male).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("001085012345", 1985, Sex.Male)]
    [InlineData("001185012345", 1985, Sex.Female)]
    [InlineData("001201012345", 2001, Sex.Male)]
    [InlineData("001301012345", 2001, Sex.Female)]
    [InlineData("001200012345", 2000, Sex.Male)]
    [InlineData("001199012345", 1999, Sex.Female)]
    public void the_fourth_digit_gives_century_and_sex_0_1_for_the_1900s_2_3_for_the_2000s(string id, int year, Sex sex)
    {
        CitizenId.Check(id, new LocalDate(year, 1, 1), sex).ShouldBeEmpty();
    }

    [Fact]
    public void a_sex_digit_that_does_not_match_is_flagged()
    {
        CitizenId.Check("001185012345", BornIn1985, Sex.Male).ShouldBe([CitizenIdWarning.CenturyOrSexMismatch]);
        CitizenId.Check("001085012345", BornIn1985, Sex.Female).ShouldBe([CitizenIdWarning.CenturyOrSexMismatch]);
    }

    [Fact]
    public void a_century_digit_that_does_not_match_is_flagged()
    {
        CitizenId.Check("001285012345", BornIn1985, Sex.Male).ShouldBe([CitizenIdWarning.CenturyOrSexMismatch]);
    }

    [Fact]
    public void birth_year_digits_that_do_not_match_are_flagged()
    {
        CitizenId.Check("001086012345", BornIn1985, Sex.Male).ShouldBe([CitizenIdWarning.BirthYearMismatch]);
    }

    [Fact]
    public void every_mismatch_is_flagged_at_once()
    {
        CitizenId.Check("001386012345", BornIn1985, Sex.Male)
            .ShouldBe([CitizenIdWarning.CenturyOrSexMismatch, CitizenIdWarning.BirthYearMismatch]);
    }

    [Theory]
    [InlineData("012345678")]
    [InlineData("00108501234")]
    [InlineData("0010850123456")]
    [InlineData("00108501234A")]
    public void an_id_that_is_not_12_digits_is_flagged_not_refused(string id)
    {
        CitizenId.Check(id, BornIn1985, Sex.Male).ShouldBe([CitizenIdWarning.NotTwelveDigits]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void a_member_without_an_id_raises_no_warning(string? id)
    {
        CitizenId.Check(id, BornIn1985, Sex.Male).ShouldBeEmpty();
    }

    [Fact]
    public void the_province_is_not_checked()
    {
        // 079 = Hồ Chí Minh City: a member born elsewhere is no mismatch.
        CitizenId.Check("079085012345", BornIn1985, Sex.Male).ShouldBeEmpty();
    }

    [Fact]
    public void spaces_dots_and_dashes_are_dropped()
    {
        CitizenId.Normalise(" 001 085.012-345 ").ShouldBe("001085012345");
    }

    [Fact]
    public void an_id_of_separators_only_is_no_id()
    {
        // Stored as "" it would match every other member stored as "" in the duplicate check at admission.
        MemberProfileFields.Clean(MemberProfileFields.CitizenId, " - . ").ShouldBeNull();
    }

    [Theory]
    [InlineData("000000000000")]
    [InlineData("000.000.000.000")]
    [InlineData("999999999")]
    public void an_id_of_one_repeated_digit_is_refused_as_a_placeholder(string typed)
    {
        // Admitted as an ID it would make everyone recorded with it one person in the register.
        Should.Throw<RuleViolation>(() => MemberProfileFields.Clean(MemberProfileFields.CitizenId, typed)).Code.ShouldBe("Member.CitizenIdPlaceholder");
    }

    [Theory]
    [InlineData("1.23457E+11")]
    [InlineData("1,23457E+11")]
    [InlineData("7.9085E+10")]
    [InlineData("1.23457e11")]
    public void an_id_excel_wrote_in_scientific_notation_is_refused_as_having_lost_its_digits(string written)
    {
        // Normalised it would be stored as "123457E+11": no one's ID, yet taken for one.
        var refused = Should.Throw<RuleViolation>(() => MemberProfileFields.Clean(MemberProfileFields.CitizenId, written));

        refused.Code.ShouldBe("Member.CitizenIdLostDigits");
        refused.Arguments.ShouldBe([written]);
        CitizenId.LostDigits("001085012345").ShouldBeFalse();
        CitizenId.LostDigits("B1234567").ShouldBeFalse();
        CitizenId.LostDigits("E12345678").ShouldBeFalse();
    }

    [Fact]
    public void an_id_longer_than_any_citizen_id_or_passport_is_refused_wherever_it_comes_from()
    {
        // A correction, an admission or a member's report from the app: 15,000 digits are no ID.
        MemberProfileFields.Clean(MemberProfileFields.CitizenId, "B1234567").ShouldBe("B1234567");
        var refused = Should.Throw<RuleViolation>(() => MemberProfileFields.Clean(MemberProfileFields.CitizenId, new string('1', 20) + "2"));
        refused.Code.ShouldBe("Member.TextTooLong");
        Should.Throw<RuleViolation>(() => MemberProfileFields.Clean(MemberProfileFields.CitizenId, string.Concat(Enumerable.Repeat("0123456789", 1500))));
    }

    [Fact]
    public void an_id_with_zeros_that_is_not_all_zeros_is_an_id()
    {
        CitizenId.IsPlaceholder("001000000000").ShouldBeFalse();
        MemberProfileFields.Clean(MemberProfileFields.CitizenId, "001000000000").ShouldBe("001000000000");
    }
}
