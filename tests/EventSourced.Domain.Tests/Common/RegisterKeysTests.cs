using EventSourced.Domain.Common;

namespace EventSourced.Domain.Tests.Common;

public class RegisterKeysTests
{
    [Theory]
    [InlineData("001090012345")]
    [InlineData("001 090 012 345")]
    [InlineData("001.090.012-345")]
    public void a_citizen_id_is_compared_by_its_digits_only(string typed) =>
        RegisterKeys.CitizenId(typed).ShouldBe("citizen-id:001090012345");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" - ")]
    public void a_citizen_id_without_digits_holds_no_key(string? typed) =>
        RegisterKeys.CitizenId(typed).ShouldBeNull();

    [Theory]
    [InlineData("000000000000")]
    [InlineData("000 000 000 000")]
    [InlineData("111111111")]
    public void a_placeholder_citizen_id_holds_no_key(string typed) =>
        RegisterKeys.CitizenId(typed).ShouldBeNull();

    [Fact]
    public void a_card_number_is_compared_as_the_card_rules_store_it() =>
        RegisterKeys.Card(" ab 12 345 ").ShouldBe("card:AB12345");

    [Fact]
    public void a_unit_code_is_compared_trimmed_and_in_capitals() =>
        RegisterKeys.UnitCode(" hn.bd01 ").ShouldBe("unit-code:HN.BD01");

    [Theory]
    [InlineData("citizen-id:001090012345", "Register.CitizenIdTaken")]
    [InlineData("card:AB12345", "Register.CardNumberTaken")]
    [InlineData("unit-code:HN01", "Register.UnitCodeTaken")]
    public void a_taken_key_is_refused_with_its_kind_and_without_the_holder(string key, string code)
    {
        var refusal = RegisterKeys.Taken(key);

        refusal.Code.ShouldBe(code);
        refusal.Arguments.ShouldBeEmpty();
    }

    [Fact]
    public void a_collision_on_a_register_key_at_commit_becomes_the_rule_it_broke()
    {
        var collision = new JasperFx.DocumentAlreadyExistsException(new InvalidOperationException("23505"), typeof(RegisterKey), "card:AB12345");

        RegisterKeys.Collision(new InvalidOperationException("wrapped", collision))!.Code.ShouldBe("Register.CardNumberTaken");
        RegisterKeys.Collision(new InvalidOperationException("something else")).ShouldBeNull();
    }
}
