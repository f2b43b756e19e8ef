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

        Fail(throttle, "someone-new", Attacker).ShouldBe(Policy.AddressDrain(SignInDoor.Staff));
        throttle.TryBegin("someone-new", Owner).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void an_address_s_failures_drain_away_while_it_stays_busy()
    {
        var throttle = new SignInThrottle(_clock, Policy);
        for (var i = 0; i < Policy.FreeAttemptsPerAddress; i++)
        {
            Fail(throttle, "user" + i, Attacker);
        }

        // An office keeps failing now and then, at the rate the window allows: it is never shut out.
        for (var i = 0; i < 3 * Policy.FreeAttemptsPerAddress; i++)
        {
            _clock.Advance(Policy.AddressDrain(SignInDoor.Staff));
            Fail(throttle, "colleague" + i, Attacker).ShouldBe(Duration.Zero, $"attempt {i + 1} after the free ones");
        }
    }

    [Fact]
    public void a_success_from_a_shut_address_does_not_keep_it_shut_for_the_next_person()
    {
        var throttle = new SignInThrottle(_clock, Policy);
        for (var i = 0; i < Policy.FreeAttemptsPerAddress; i++)
        {
            Fail(throttle, "user" + i, Attacker);
        }

        _clock.Advance(Fail(throttle, "someone", Attacker));
        var own = throttle.TryBegin("my-own-account", Attacker);
        throttle.Succeeded(own.Attempt!);

        throttle.TryBegin("a-colleague", Attacker).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void the_app_and_the_staff_sign_in_count_an_address_apart_and_the_app_has_more_room()
    {
        var throttle = new SignInThrottle(_clock, Policy);
        Policy.FreeAppAttemptsPerAddress.ShouldBeGreaterThan(Policy.FreeAttemptsPerAddress);
        for (var i = 0; i < Policy.FreeAppAttemptsPerAddress; i++)
        {
            throttle.TryBegin("app:member" + i, Attacker, SignInDoor.App).Allowed.ShouldBeTrue($"app attempt {i + 1}");
        }

        throttle.TryBegin("app:one-more", Attacker, SignInDoor.App).Allowed.ShouldBeFalse();
        throttle.TryBegin("admin", Attacker, SignInDoor.Staff).Allowed.ShouldBeTrue();
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
        Fail(throttle, "and-another", Attacker).ShouldBe(Policy.AddressDrain(SignInDoor.Staff));
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
    public void a_full_table_is_swept_once_in_many_inserts_not_on_every_one()
    {
        // Each second a new login arrives and one expires: the table stays full of live entries.
        var busy = Policy with { MaxEntries = 100, ForgetAfter = Duration.FromSeconds(99), FreeAttemptsPerAddress = 1_000, AddressWindow = Duration.FromSeconds(1) };
        var throttle = new SignInThrottle(_clock, busy);

        for (var i = 0; i < 1_000; i++)
        {
            throttle.TryBegin("user" + i, Attacker).Allowed.ShouldBeTrue();
            _clock.Advance(Duration.FromSeconds(1));
        }

        throttle.Count.ShouldBeLessThanOrEqualTo(busy.MaxEntries);
        throttle.Sweeps.ShouldBeLessThanOrEqualTo(1_000 / 20);
    }

    [Fact]
    public void a_login_that_keeps_trying_while_it_waits_is_not_the_first_evicted()
    {
        var small = Policy with
        {
            MaxEntries = 8,
            FirstDelay = Duration.FromMinutes(10),
            MaxDelay = Duration.FromMinutes(10),
            // Addresses drain slowly here, so only age decides what goes.
            FreeAttemptsPerAddress = 1_000,
            AddressWindow = Duration.FromDays(30),
        };
        var throttle = new SignInThrottle(_clock, small);
        for (var i = 0; i < small.FreeAttemptsPerLogin; i++)
        {
            throttle.TryBegin("auditor", Attacker);
        }

        _clock.Advance(Duration.FromMinutes(1));
        throttle.TryBegin("staff", IPAddress.Parse("192.0.2.1"));
        throttle.TryBegin("editor", IPAddress.Parse("192.0.2.2"));
        _clock.Advance(Duration.FromMinutes(1));
        throttle.TryBegin("auditor", Attacker).Allowed.ShouldBeFalse();
        _clock.Advance(Duration.FromMinutes(1));

        // The second of these fills the table and sweeps out the two least recently tried entries.
        throttle.TryBegin("flood", IPAddress.Parse("192.0.2.3"));
        throttle.TryBegin("flood", IPAddress.Parse("192.0.2.4"));
        throttle.Sweeps.ShouldBe(1);

        throttle.TryBegin("auditor", Attacker).Allowed.ShouldBeFalse();
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
