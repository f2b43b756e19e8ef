using EventSourced.Domain.Accounts;
using NodaTime;

namespace EventSourced.Domain.Tests.Accounts;

public class RecordSignInTests
{
    private static readonly Instant Morning = Instant.FromUtc(2024, 5, 6, 1, 0);

    private static UserAccount Account() =>
        UserAccount.Create(new UserRegistered(Guid.NewGuid(), "lan.nguyen", "Nguyễn Thị Lan", "hash"));

    /// <summary>Decides one sign-in and applies its events to the account, as the stream would.</summary>
    private static (SignInOutcome Outcome, IReadOnlyList<object> Events) SignIn(UserAccount account, bool passwordMatched, Instant at, string? address = null)
    {
        var decision = RecordSignInHandler.Decide(new RecordSignIn(account.Id, passwordMatched, address), account, at);
        foreach (var e in decision.Events)
        {
            switch (e)
            {
                case SignInFailed failed:
                    account.Apply(failed);
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

    [Fact]
    public void a_wrong_password_is_recorded_with_its_address_and_refused()
    {
        var account = Account();

        var (outcome, events) = SignIn(account, passwordMatched: false, Morning, "203.0.113.7");

        outcome.ShouldBe(new SignInOutcome(false));
        events.ShouldBe([new SignInFailed(Morning, "203.0.113.7")]);
        account.FailedSignIns.ShouldBe(1);
    }

    [Fact]
    public void many_wrong_passwords_never_lock_the_account()
    {
        var account = Account();
        for (var i = 0; i < 50; i++)
        {
            SignIn(account, passwordMatched: false, Morning + Duration.FromSeconds(i));
        }

        var (outcome, events) = SignIn(account, passwordMatched: true, Morning + Duration.FromMinutes(1));

        outcome.Allowed.ShouldBeTrue();
        events.ShouldBe([new FailedSignInsCleared(Morning + Duration.FromMinutes(1))]);
        account.FailedSignIns.ShouldBe(0);
    }

    [Fact]
    public void a_right_password_without_earlier_failures_records_nothing()
    {
        var account = Account();

        var (outcome, events) = SignIn(account, passwordMatched: true, Morning);

        outcome.Allowed.ShouldBeTrue();
        events.ShouldBeEmpty();
    }
}
