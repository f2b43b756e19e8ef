using System.Net;
using EventSourced.Web.Infrastructure;
using NodaTime;
using NodaTime.Testing;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>The throttle on its own, on a fake clock: the delays it imposes and what it forgets.</summary>
public sealed class SignInThrottleTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("198.51.100.1");
    private static readonly IPAddress Owner = IPAddress.Parse("203.0.113.1");

    private readonly FakeClock _clock = new(Instant.FromUtc(2025, 3, 3, 2, 0));

    private static SignInThrottlePolicy Policy => SignInThrottlePolicy.Default;

    /// <summary>One attempt that fails, or the wait it was refused with.</summary>
    private static Duration Fail(SignInThrottle throttle, string login, IPAddress address)
    {
        var permit = throttle.TryBegin(login, address);
        return permit.Allowed ? Duration.Zero : permit.Wait;
    }

    [Fact]
    public void the_delays_double_from_one_second_after_five_failures_up_to_the_cap()
    {
        var throttle = new SignInThrottle(_clock, Policy);
        for (var i = 0; i < Policy.FreeAttemptsPerLogin; i++)
        {
            Fail(throttle, "auditor", Attacker).ShouldBe(Duration.Zero);
        }

        var waits = new List<Duration>();
        for (var i = 0; i < 12; i++)
        {
            var wait = Fail(throttle, "auditor", Attacker);
            waits.Add(wait);
            _clock.Advance(wait);
            Fail(throttle, "auditor", Attacker).ShouldBe(Duration.Zero);
        }

        waits.Select(w => (int)w.TotalSeconds).ShouldBe([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]);
        Policy.MaxDelay.ShouldBe(Duration.FromSeconds(300));
    }

    [Fact]
    public void an_address_is_slowed_after_its_free_failures_over_all_logins()
    {
        var throttle = new SignInThrottle(_clock, Policy);
        for (var i = 0; i < Policy.FreeAttemptsPerAddress; i++)
        {
            Fail(throttle, "user" + i, Attacker).ShouldBe(Duration.Zero);
        }

        Fail(throttle, "someone-new", Attacker).ShouldBe(Policy.FirstDelay);
        throttle.TryBegin("someone-new", Owner).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void a_success_starts_the_login_afresh_but_does_not_wash_away_the_address_s_other_failures()
    {
        var throttle = new SignInThrottle(_clock, Policy);
        for (var i = 0; i < Policy.FreeAttemptsPerAddress - 1; i++)
        {
            Fail(throttle, "user" + i, Attacker);
        }

        var own = throttle.TryBegin("my-own-account", Attacker);
        throttle.Succeeded(own.Attempt!);

        Fail(throttle, "one-more", Attacker).ShouldBe(Duration.Zero);
        Fail(throttle, "and-another", Attacker).ShouldBe(Policy.FirstDelay);
    }

    [Fact]
    public void failures_are_forgotten_after_a_quiet_period()
    {
        var throttle = new SignInThrottle(_clock, Policy);
        for (var i = 0; i <= Policy.FreeAttemptsPerLogin; i++)
        {
            Fail(throttle, "auditor", Attacker);
        }

        _clock.Advance(Policy.ForgetAfter);

        for (var i = 0; i < Policy.FreeAttemptsPerLogin; i++)
        {
            Fail(throttle, "auditor", Attacker).ShouldBe(Duration.Zero);
        }
    }

    [Fact]
    public void the_table_stays_bounded_when_flooded_with_new_logins()
    {
        var small = Policy with { MaxEntries = 100, FreeAttemptsPerAddress = int.MaxValue };
        var throttle = new SignInThrottle(_clock, small);

        for (var i = 0; i < 1_000; i++)
        {
            throttle.TryBegin("user" + i, new IPAddress(i + 1));
        }

        throttle.Count.ShouldBeLessThanOrEqualTo(small.MaxEntries);
    }

    [Fact]
    public void an_ipv6_client_counts_by_its_network_so_rotating_addresses_does_not_escape()
    {
        var throttle = new SignInThrottle(_clock, Policy);
        for (var i = 0; i < Policy.FreeAttemptsPerLogin; i++)
        {
            Fail(throttle, "auditor", IPAddress.Parse("2001:db8:1:2::" + (i + 1).ToString("x", System.Globalization.CultureInfo.InvariantCulture)));
        }

        Fail(throttle, "auditor", IPAddress.Parse("2001:db8:1:2:ffff::9")).ShouldBe(Policy.FirstDelay);
        throttle.TryBegin("auditor", IPAddress.Parse("2001:db8:1:3::1")).Allowed.ShouldBeTrue();
        SignInThrottle.AddressText(IPAddress.Parse("::ffff:198.51.100.1")).ShouldBe("198.51.100.1");
    }

    [Fact]
    public void the_wait_shown_is_whole_seconds_rounded_up_and_never_zero()
    {
        new SignInPermit(null, Duration.FromMilliseconds(1)).WaitSeconds.ShouldBe(1);
        new SignInPermit(null, Duration.FromMilliseconds(1500)).WaitSeconds.ShouldBe(2);
    }
}
