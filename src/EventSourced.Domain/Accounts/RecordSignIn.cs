using Marten;
using NodaTime;

namespace EventSourced.Domain.Accounts;

/// <summary>The outcome of checking a password, sent by the sign-in page, with the address it came from.</summary>
public sealed record RecordSignIn(Guid UserId, bool PasswordMatched, string? ClientAddress = null);

/// <summary>Whether the user may enter.</summary>
public sealed record SignInOutcome(bool Allowed);

/// <summary>
/// Records sign-ins on the account's stream for auditors. It never locks the account: a lock-out
/// on the account let anyone lock anyone out with a few wrong passwords, so guessing is slowed per
/// login and address before the password is checked (the web's sign-in throttle) instead.
/// Accounts locked by the old rule (<see cref="UserLockedOut"/> in their history) are not locked.
/// </summary>
public static class RecordSignInHandler
{
    public static (SignInOutcome Outcome, IReadOnlyList<object> Events) Decide(RecordSignIn command, UserAccount account, Instant now)
    {
        if (command.PasswordMatched)
        {
            return (new SignInOutcome(true), account.FailedSignIns > 0 ? [new FailedSignInsCleared(now)] : []);
        }

        return (new SignInOutcome(false), [new SignInFailed(now, command.ClientAddress)]);
    }

    public static async Task<SignInOutcome> Handle(RecordSignIn command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        // Simultaneous attempts on one account (an attack, or a user and an attacker) wait for each
        // other on the stream's lock and are each recorded, rather than failing on a version conflict.
        var stream = await session.Events.FetchForExclusiveWriting<UserAccount>(command.UserId, ct);
        var account = stream.Aggregate ?? throw new Common.RuleViolation("Account.NotFound");
        var (outcome, events) = Decide(command, account, clock.GetCurrentInstant());
        stream.AppendMany(events);
        return outcome;
    }
}
