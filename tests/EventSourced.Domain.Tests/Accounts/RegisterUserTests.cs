using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;

namespace EventSourced.Domain.Tests.Accounts;

public class RegisterUserTests
{
    private static RegisterUser Register(string username, string displayName = "Nguyễn Thị Lan") =>
        new(Guid.NewGuid(), username, displayName, "pbkdf2$hash");

    [Fact]
    public void registering_gives_the_registered_event_with_the_hash_as_sent()
    {
        var command = Register("lan.nguyen");

        RegisterUserHandler.Decide(command, usernameTaken: false)
            .ShouldBe(new UserRegistered(command.UserId, "lan.nguyen", "Nguyễn Thị Lan", "pbkdf2$hash"));
    }

    [Fact]
    public void the_username_is_trimmed_and_lower_cased()
    {
        RegisterUserHandler.Decide(Register("  Lan.Nguyen "), usernameTaken: false).Username.ShouldBe("lan.nguyen");
    }

    [Fact]
    public void the_display_name_is_normalised()
    {
        // Decomposed Unicode, the eth look-alike U+00D0 and doubled spaces, as pasted from old files.
        var pasted = "  \u00D0o\u0302\u0303   Va\u0306n Hu\u0300ng ";

        RegisterUserHandler.Decide(Register("hung.do", pasted), usernameTaken: false).DisplayName.ShouldBe("Đỗ Văn Hùng");
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("lan.nguyen")]
    [InlineData("lan_nguyen-2")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void usernames_of_ascii_letters_digits_dots_dashes_and_underscores_are_accepted(string username)
    {
        RegisterUserHandler.Decide(Register(username), usernameTaken: false).Username.ShouldBe(username);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("a")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    [InlineData("lan nguyen")]
    [InlineData("hùng")]
    [InlineData("lan@example.vn")]
    public void other_usernames_are_refused(string username)
    {
        Should.Throw<RuleViolation>(() => RegisterUserHandler.Decide(Register(username), usernameTaken: false))
            .Code.ShouldBe("Account.UsernameInvalid");
    }

    [Fact]
    public void a_username_already_taken_is_refused_with_its_normalised_form()
    {
        var violation = Should.Throw<RuleViolation>(() => RegisterUserHandler.Decide(Register(" Lan.Nguyen"), usernameTaken: true));

        violation.Code.ShouldBe("Account.UsernameTaken");
        violation.Arguments.ShouldBe(["lan.nguyen"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void a_missing_display_name_is_refused(string displayName)
    {
        Should.Throw<RuleViolation>(() => RegisterUserHandler.Decide(Register("lan.nguyen", displayName), usernameTaken: false))
            .Code.ShouldBe("Account.DisplayNameRequired");
    }

    [Theory]
    [InlineData("Lan.Nguyen", "lan.nguyen")]
    [InlineData("  ADMIN\t", "admin")]
    public void usernames_are_compared_in_one_normal_form(string typed, string stored)
    {
        UserAccount.NormaliseUsername(typed).ShouldBe(stored);
    }
}
