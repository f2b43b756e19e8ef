using Marten;
using NodaTime;

namespace EventSourced.Domain.Accounts;

/// <summary>The outcome of checking a password, sent by the sign-in page; the page never decides lock-out itself.</summary>
public sealed record RecordSignIn(Guid UserId, bool PasswordMatched);

/// <summary>Whether the user may enter, and if locked out, until when.</summary>
public sealed record SignInOutcome(bool Allowed, Instant? LockedUntil);

/// <summary>How many wrong passwords lock an account, and for how long.</summary>
public sealed record LockoutPolicy(int MaxFailures, Duration LockFor)
{
    public static readonly LockoutPolicy Default = new(5, Duration.FromMinutes(15));
}

public static class RecordSignInHandler
{
    public static (SignInOutcome Outcome, IReadOnlyList<object> Events) Decide(RecordSignIn command, UserAccount account, Instant now, LockoutPolicy policy)
    {
        if (account.LockedUntil is { } until && until > now)
        {
            // A locked account stays locked whatever the password; attempts are not even counted.
            return (new SignInOutcome(false, until), []);
        }

        if (command.PasswordMatched)
        {
            return (new SignInOutcome(true, null), account.FailedSignIns > 0 || account.LockedUntil is not null ? [new FailedSignInsCleared(now)] : []);
        }

        var events = new List<object> { new SignInFailed(now) };
        // After a lock-out ends the count starts again rather than locking on the next slip.
        var failures = (account.LockedUntil is not null ? 0 : account.FailedSignIns) + 1;
        if (account.LockedUntil is not null)
        {
            events.Insert(0, new FailedSignInsCleared(now));
        }

        if (failures >= policy.MaxFailures)
        {
            var lockedUntil = now + policy.LockFor;
            events.Add(new UserLockedOut(lockedUntil));
            return (new SignInOutcome(false, lockedUntil), events);
        }

        return (new SignInOutcome(false, null), events);
    }

    public static async Task<SignInOutcome> Handle(RecordSignIn command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<UserAccount>(command.UserId, ct);
        var account = stream.Aggregate ?? throw new Common.RuleViolation("Account.NotFound");
        var (outcome, events) = Decide(command, account, clock.GetCurrentInstant(), LockoutPolicy.Default);
        stream.AppendMany(events);
        return outcome;
    }
}
