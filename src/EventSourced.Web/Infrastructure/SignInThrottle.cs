using System.Net;
using NodaTime;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// How sign-in attempts are slowed. A login (a username, or a member's citizen ID or card number)
/// tried from one address gets <see cref="FreeAttemptsPerLogin"/> attempts at once, then each further
/// attempt waits <see cref="FirstDelay"/>, twice that, and so on up to <see cref="MaxDelay"/>. One
/// address gets <see cref="FreeAttemptsPerAddress"/> failed attempts over all logins before the same
/// growing delays apply to everything it tries, so spraying many usernames is slowed too. Nothing is
/// ever locked: the right password from another address signs in at once.
/// </summary>
public sealed record SignInThrottlePolicy(int FreeAttemptsPerLogin, int FreeAttemptsPerAddress, Duration FirstDelay, Duration MaxDelay, Duration ForgetAfter, int MaxEntries)
{
    public static readonly SignInThrottlePolicy Default = new(
        FreeAttemptsPerLogin: 5,
        FreeAttemptsPerAddress: 20,
        FirstDelay: Duration.FromSeconds(1),
        MaxDelay: Duration.FromMinutes(5),
        // Longer than MaxDelay, so a throttled login is never forgotten while it waits.
        ForgetAfter: Duration.FromMinutes(30),
        MaxEntries: 100_000);

    /// <summary>How long the attempt after the <paramref name="attempts"/>-th must wait (zero while still free).</summary>
    public Duration DelayAfter(int attempts, int free)
    {
        if (attempts < free)
        {
            return Duration.Zero;
        }

        var doublings = Math.Min(attempts - free, 30);
        var delay = FirstDelay * Math.Pow(2, doublings);
        return delay < MaxDelay ? delay : MaxDelay;
    }
}

/// <summary>An attempt the throttle let through; tell it how the password check went.</summary>
public sealed record SignInAttempt(string LoginKey, string AddressKey);

/// <summary>Either an attempt to check, or how long to wait before trying again.</summary>
public sealed record SignInPermit(SignInAttempt? Attempt, Duration Wait)
{
    public bool Allowed => Attempt is not null;

    /// <summary>Whole seconds to show and to send as Retry-After, never less than one.</summary>
    public int WaitSeconds => (int)Math.Max(1, Math.Ceiling(Wait.TotalSeconds));
}

/// <summary>
/// The throttle's state, in memory: one entry per (login, address) and one per address, each
/// forgotten <see cref="SignInThrottlePolicy.ForgetAfter"/> after its last attempt and bounded in
/// number. It lives in memory because it protects one process's password checks and only needs to
/// outlast an attack, not a restart; several web nodes would each throttle on their own.
/// </summary>
/// <remarks>
/// Every attempt counts as a failure the moment it is let through and a success takes it back, so
/// a burst of simultaneous guesses cannot all slip through before the first failure is recorded.
/// </remarks>
public sealed class SignInThrottle(IClock clock, SignInThrottlePolicy policy)
{
    private const int MaxLoginLength = 128;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Logins and addresses currently remembered.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Asks to check a password for <paramref name="login"/> from <paramref name="address"/>.
    /// <paramref name="login"/> is what was typed (normalised), whether or not such an account exists,
    /// so known and unknown logins are throttled alike.
    /// </summary>
    public SignInPermit TryBegin(string login, IPAddress? address)
    {
        var addressKey = "address:" + AddressText(address);
        // No real login is this long; a cut keeps a flood of huge usernames from filling memory.
        var loginKey = "login:" + (login.Length > MaxLoginLength ? login[..MaxLoginLength] : login) + "|" + AddressText(address);
        var now = clock.GetCurrentInstant();
        lock (_lock)
        {
            Forget(now);
            var forAddress = Find(addressKey, now);
            var forLogin = Find(loginKey, now);
            var until = Max(forAddress?.BlockedUntil, forLogin?.BlockedUntil);
            if (until is { } blocked && blocked > now)
            {
                return new SignInPermit(null, blocked - now);
            }

            Record(addressKey, forAddress, policy.FreeAttemptsPerAddress, now);
            Record(loginKey, forLogin, policy.FreeAttemptsPerLogin, now);
            return new SignInPermit(new SignInAttempt(loginKey, addressKey), Duration.Zero);
        }
    }

    /// <summary>
    /// The password was right: the login starts afresh from this address. The address keeps its
    /// other failures (one account an attacker owns must not wash away their spraying) but this
    /// attempt no longer counts against it.
    /// </summary>
    public void Succeeded(SignInAttempt attempt)
    {
        lock (_lock)
        {
            _entries.Remove(attempt.LoginKey);
            if (_entries.TryGetValue(attempt.AddressKey, out var entry))
            {
                entry.Attempts = Math.Max(0, entry.Attempts - 1);
                if (entry.Attempts < policy.FreeAttemptsPerAddress)
                {
                    entry.BlockedUntil = null;
                }
            }
        }
    }

    private void Record(string key, Entry? entry, int free, Instant now)
    {
        entry ??= _entries[key] = new Entry();
        entry.Attempts++;
        entry.LastAttempt = now;
        var delay = policy.DelayAfter(entry.Attempts, free);
        entry.BlockedUntil = delay > Duration.Zero ? now + delay : null;
    }

    private Entry? Find(string key, Instant now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (entry.LastAttempt + policy.ForgetAfter <= now)
        {
            _entries.Remove(key);
            return null;
        }

        return entry;
    }

    /// <summary>Keeps the table bounded: expired entries go first, then the oldest half if that is not enough.</summary>
    private void Forget(Instant now)
    {
        // Room for the two entries an attempt may add.
        if (_entries.Count + 2 <= policy.MaxEntries)
        {
            return;
        }

        foreach (var key in _entries.Where(e => e.Value.LastAttempt + policy.ForgetAfter <= now).Select(e => e.Key).ToList())
        {
            _entries.Remove(key);
        }

        if (_entries.Count + 2 > policy.MaxEntries)
        {
            foreach (var key in _entries.OrderBy(e => e.Value.LastAttempt).Take(_entries.Count / 2).Select(e => e.Key).ToList())
            {
                _entries.Remove(key);
            }
        }
    }

    private static Instant? Max(Instant? a, Instant? b) => a is null ? b : b is null ? a : (a > b ? a : b);

    /// <summary>
    /// IPv4 clients seen through an IPv6 socket count as the same address, and an IPv6 client counts
    /// by its /64 network: one subscriber usually holds a whole /64 and could otherwise take a fresh
    /// address for every guess.
    /// </summary>
    public static string AddressText(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private sealed class Entry
    {
        public int Attempts { get; set; }

        public Instant LastAttempt { get; set; }

        public Instant? BlockedUntil { get; set; }
    }
}
