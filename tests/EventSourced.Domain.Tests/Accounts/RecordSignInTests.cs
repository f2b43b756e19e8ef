using EventSourced.Domain.Accounts;
using NodaTime;

namespace EventSourced.Domain.Tests.Accounts;

public class RecordSignInTests
{
    private static readonly Instant Morning = Instant.FromUtc(2024, 5, 6, 1, 0);
    private static readonly LockoutPolicy Policy = LockoutPolicy.Default;

    private static UserAccount Account() =>
        UserAccount.Create(new UserRegistered(Guid.NewGuid(), "lan.nguyen", "Nguyễn Thị Lan", "hash"));

    /// <summary>Decides one sign-in and applies its events to the account, as the stream would.</summary>
    private static (SignInOutcome Outcome, IReadOnlyList<object> Events) SignIn(UserAccount account, bool passwordMatched, Instant at)
    {
        var decision = RecordSignInHandler.Decide(new RecordSignIn(account.Id, passwordMatched), account, at, Policy);
        foreach (var e in decision.Events)
        {
            switch (e)
            {
                case SignInFailed failed:
                    account.Apply(failed);
                    break;
                case UserLockedOut locked:
                    account.Apply(locked);
                    break;
                case FailedSignInsCleared cleared:
                    account.Apply(cleared);
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected event {e.GetType().Name}.");
            }
        }

        return decision;
    }

    private static void FailTimes(UserAccount account, int times, Instant from)
    {
        for (var i = 0; i < times; i++)
        {
            SignIn(account, passwordMatched: false, from + Duration.FromSeconds(i));
        }
    }

    [Fact]
    public void the_default_policy_locks_after_five_failures_for_fifteen_minutes()
    {
        Policy.ShouldBe(new LockoutPolicy(5, Duration.FromMinutes(15)));
    }

    [Fact]
    public void a_wrong_password_is_recorded_and_refused()
    {
        var account = Account();

        var (outcome, events) = SignIn(account, passwordMatched: false, Morning);

        outcome.ShouldBe(new SignInOutcome(false, null));
        events.ShouldBe([new SignInFailed(Morning)]);
        account.FailedSignIns.ShouldBe(1);
    }

    [Fact]
    public void four_failures_do_not_lock_the_account()
    {
        var account = Account();
        FailTimes(account, 3, Morning);

        var (outcome, events) = SignIn(account, passwordMatched: false, Morning + Duration.FromMinutes(1));

        outcome.LockedUntil.ShouldBeNull();
        events.ShouldNotContain(e => e is UserLockedOut);
        account.LockedUntil.ShouldBeNull();
    }

    [Fact]
    public void the_fifth_failure_locks_the_account_for_fifteen_minutes()
    {
        var account = Account();
        FailTimes(account, 4, Morning);
        var fifth = Morning + Duration.FromMinutes(1);

        var (outcome, events) = SignIn(account, passwordMatched: false, fifth);

        var until = fifth + Duration.FromMinutes(15);
        outcome.ShouldBe(new SignInOutcome(false, until));
        events.ShouldBe([new SignInFailed(fifth), new UserLockedOut(until)]);
        account.LockedUntil.ShouldBe(until);
    }

    [Fact]
    public void a_locked_account_is_refused_even_with_the_right_password_and_nothing_is_recorded()
    {
        var account = Account();
        FailTimes(account, 5, Morning);
        var lockedUntil = account.LockedUntil;

        var (outcome, events) = SignIn(account, passwordMatched: true, Morning + Duration.FromMinutes(5));

        outcome.ShouldBe(new SignInOutcome(false, lockedUntil));
        events.ShouldBeEmpty();
        account.FailedSignIns.ShouldBe(5);
    }

    [Fact]
    public void wrong_passwords_while_locked_are_not_counted()
    {
        var account = Account();
        FailTimes(account, 5, Morning);

        var (outcome, events) = SignIn(account, passwordMatched: false, Morning + Duration.FromMinutes(5));

        outcome.Allowed.ShouldBeFalse();
        events.ShouldBeEmpty();
        account.FailedSignIns.ShouldBe(5);
    }

    [Fact]
    public void after_the_lock_expires_the_count_starts_again()
    {
        var account = Account();
        FailTimes(account, 5, Morning);
        var afterLock = account.LockedUntil!.Value + Duration.FromMinutes(1);

        var (outcome, events) = SignIn(account, passwordMatched: false, afterLock);

        outcome.ShouldBe(new SignInOutcome(false, null));
        events.ShouldBe([new FailedSignInsCleared(afterLock), new SignInFailed(afterLock)]);
        account.FailedSignIns.ShouldBe(1);
        account.LockedUntil.ShouldBeNull();
    }

    [Fact]
    public void after_the_lock_expires_it_takes_five_new_failures_to_lock_again()
    {
        var account = Account();
        FailTimes(account, 5, Morning);
        var afterLock = account.LockedUntil!.Value + Duration.FromMinutes(1);

        FailTimes(account, 4, afterLock);
        account.LockedUntil.ShouldBeNull();

        var (outcome, _) = SignIn(account, passwordMatched: false, afterLock + Duration.FromMinutes(1));
        outcome.LockedUntil.ShouldNotBeNull();
    }

    [Fact]
    public void the_lock_is_over_at_the_instant_it_ends()
    {
        var account = Account();
        FailTimes(account, 5, Morning);

        var (outcome, events) = SignIn(account, passwordMatched: true, account.LockedUntil!.Value);

        outcome.Allowed.ShouldBeTrue();
        events.Single().ShouldBeOfType<FailedSignInsCleared>();
    }

    [Fact]
    public void a_success_after_failures_clears_them()
    {
        var account = Account();
        FailTimes(account, 2, Morning);
        var later = Morning + Duration.FromMinutes(1);

        var (outcome, events) = SignIn(account, passwordMatched: true, later);

        outcome.ShouldBe(new SignInOutcome(true, null));
        events.ShouldBe([new FailedSignInsCleared(later)]);
        account.FailedSignIns.ShouldBe(0);
    }

    [Fact]
    public void a_success_with_no_failures_records_nothing()
    {
        var account = Account();

        var (outcome, events) = SignIn(account, passwordMatched: true, Morning);

        outcome.ShouldBe(new SignInOutcome(true, null));
        events.ShouldBeEmpty();
    }

    [Fact]
    public void a_stricter_policy_locks_sooner()
    {
        var account = Account();
        var strict = new LockoutPolicy(2, Duration.FromHours(1));
        account.Apply(new SignInFailed(Morning));

        var (outcome, events) = RecordSignInHandler.Decide(new RecordSignIn(account.Id, false), account, Morning, strict);

        outcome.LockedUntil.ShouldBe(Morning + Duration.FromHours(1));
        events.OfType<UserLockedOut>().ShouldHaveSingleItem();
    }
}
