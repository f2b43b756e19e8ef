using EventSourced.Domain.Common;
using Marten;

namespace EventSourced.Domain.Accounts;

/// <summary>Open an account; the web layer hashes the password before sending this.</summary>
public sealed record RegisterUser(Guid UserId, string Username, string DisplayName, string PasswordHash);

public static class RegisterUserHandler
{
    public static UserRegistered Decide(RegisterUser command, bool usernameTaken)
    {
        var username = UserAccount.NormaliseUsername(command.Username);
        if (username.Length is < 2 or > 64 || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new RuleViolation("Account.UsernameInvalid");
        }

        if (usernameTaken)
        {
            throw new RuleViolation("Account.UsernameTaken", username);
        }

        var displayName = VietnameseText.Normalise(command.DisplayName);
        if (displayName.Length == 0)
        {
            throw new RuleViolation("Account.DisplayNameRequired");
        }

        return new UserRegistered(command.UserId, username, displayName, command.PasswordHash);
    }

    public static async Task Handle(RegisterUser command, IDocumentSession session, CancellationToken ct)
    {
        var username = UserAccount.NormaliseUsername(command.Username);
        var taken = await session.Query<UserAccount>().AnyAsync(u => u.Username == username, ct);
        session.Events.StartStream<UserAccount>(command.UserId, Decide(command, taken));
    }
}
