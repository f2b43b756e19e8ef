using System.Net;
using NodaTime;

namespace EventSourced.Web.Infrastructure;

/// <summary>Where a sign-in comes from: each door counts its client addresses on its own.</summary>
public enum SignInDoor
{
    /// <summary>The back office's sign-in form.</summary>
    Staff,

    /// <summary>The handbook app's <c>/api/app/token</c>; many members share a carrier's addresses.</summary>
    App,
}

/// <summary>
/// How sign-in attempts are slowed. A login (a username, or a member's citizen ID or card number)
/// tried from one address gets <see cref="FreeAttemptsPerLogin"/> attempts at once, then each further
/// attempt waits <see cref="FirstDelay"/>, twice that, and so on up to <see cref="MaxDelay"/>. One
/// address gets <see cref="FreeAttemptsPerAddress"/> failed attempts (<see cref="FreeAppAttemptsPerAddress"/>
/// at the app's door) over all logins within <see cref="AddressWindow"/>, so spraying many usernames is
/// slowed too; those failures drain away steadily over the window, so an address shared by many people
/// (an office, a carrier) is never shut for longer than the spraying goes on. Nothing is ever locked:
/// the right password from another address signs in at once.
/// </summary>
public sealed record SignInThrottlePolicy(
    int FreeAttemptsPerLogin,
    int FreeAttemptsPerAddress,
    int FreeAppAttemptsPerAddress,
    Duration AddressWindow,
    Duration FirstDelay,
    Duration MaxDelay,
    Duration ForgetAfter,
    int MaxEntries)
{
    public static readonly SignInThrottlePolicy Default = new(
        FreeAttemptsPerLogin: 5,
        FreeAttemptsPerAddress: 20,
        // Members of a whole district may sit behind one carrier address (CGNAT).
        FreeAppAttemptsPerAddress: 100,
        AddressWindow: Duration.FromMinutes(15),
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

    /// <summary>Failed attempts an address may have within <see cref="AddressWindow"/> at <paramref name="door"/>.</summary>
    public int FreePerAddress(SignInDoor door) => door == SignInDoor.App ? FreeAppAttemptsPerAddress : FreeAttemptsPerAddress;

    /// <summary>How fast an address's failures drain: one every window / free count.</summary>
    public Duration AddressDrain(SignInDoor door) => AddressWindow / FreePerAddress(door);
}

/// <summary>
/// An attempt the throttle let through; tell it how the password check went. <see cref="AfterWait"/>
/// is set when the login had already used its free attempts from this address, so the attempt came
/// after a wait the throttle imposed.
/// </summary>
public sealed record SignInAttempt(string LoginKey, string? AddressKey, Duration AddressCost, bool AfterWait);

/// <summary>Either an attempt to check, or how long to wait before trying again.</summary>
public sealed record SignInPermit(SignInAttempt? Attempt, Duration Wait)
{
    public bool Allowed => Attempt is not null;

    /// <summary>Whole seconds to show and to send as Retry-After, never less than one.</summary>
    public int WaitSeconds => (int)Math.Max(1, Math.Ceiling(Wait.TotalSeconds));
}

/// <summary>
/// The throttle's state, in memory: one entry per (login, address) and one per (door, address),
/// bounded in number. It lives in memory because it protects one process's password checks and only
/// needs to outlast an attack, not a restart; several web nodes would each throttle on their own.
/// </summary>
/// <remarks>
/// Every attempt counts as a failure the moment it is let through and a success takes it back, so
/// a burst of simultaneous guesses cannot all slip through before the first failure is recorded.
/// An address is a leaky bucket kept as the instant it will be empty (<c>EmptyAt</c>): each attempt
/// pushes that instant one drain step later, and the address is refused while it lies more than a
/// window ahead. Exact on a fake clock, constant memory, and it forgets itself once empty.
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

    /// <summary>How many times a full table was swept; each sweep makes room for many inserts.</summary>
    public int Sweeps { get; private set; }

    /// <summary>
    /// Asks to check a password for <paramref name="login"/> from <paramref name="address"/> at <paramref name="door"/>.
    /// <paramref name="login"/> is what was typed (normalised), whether or not such an account exists,
    /// so known and unknown logins are throttled alike.
    /// </summary>
    /// <remarks>
    /// <paramref name="device"/> is the id of a browser the login signed in from before (<see cref="SignInDevices"/>):
    /// its attempts are counted on their own, by login and device, and not against the address, so someone sharing
    /// the address (an office behind one NAT) who fails on purpose for that login cannot shut its owner out.
    /// </remarks>
    public SignInPermit TryBegin(string login, IPAddress? address, SignInDoor door = SignInDoor.Staff, string? device = null)
    {
        // No real login is this long; a cut keeps a flood of huge usernames from filling memory.
        var cut = login.Length > MaxLoginLength ? login[..MaxLoginLength] : login;
        var addressKey = device is null ? "address:" + door + ":" + AddressText(address) : null;
        var loginKey = device is null ? "login:" + cut + "|" + AddressText(address) : "device:" + device + "|" + cut;
        var drain = device is null ? policy.AddressDrain(door) : Duration.Zero;
        var now = clock.GetCurrentInstant();
        lock (_lock)
        {
            MakeRoom(now);
            var forAddress = addressKey is null ? null : Find(addressKey, now);
            var forLogin = Find(loginKey, now);
            var addressWait = forAddress is { } a ? a.EmptyAt - now - (policy.AddressWindow - drain) : Duration.Zero;
            var loginWait = forLogin?.BlockedUntil is { } until ? until - now : Duration.Zero;
            var wait = addressWait > loginWait ? addressWait : loginWait;
            if (wait > Duration.Zero)
            {
                // Entries being hammered while they wait must not be the first evicted.
                if (forLogin is not null)
                {
                    forLogin.LastAttempt = now;
                }

                if (forAddress is not null)
                {
                    forAddress.LastAttempt = now;
                }

                return new SignInPermit(null, wait);
            }

            if (addressKey is not null)
            {
                forAddress ??= _entries[addressKey] = new Entry { EmptyAt = now };
                forAddress.EmptyAt = (forAddress.EmptyAt > now ? forAddress.EmptyAt : now) + drain;
                forAddress.LastAttempt = now;
            }

            forLogin ??= _entries[loginKey] = new Entry();
            forLogin.Attempts++;
            forLogin.LastAttempt = now;
            var delay = policy.DelayAfter(forLogin.Attempts, policy.FreeAttemptsPerLogin);
            forLogin.BlockedUntil = delay > Duration.Zero ? now + delay : null;
            return new SignInPermit(new SignInAttempt(loginKey, addressKey, drain, forLogin.Attempts > policy.FreeAttemptsPerLogin), Duration.Zero);
        }
    }

    /// <summary>
    /// The password was right: the login starts afresh from this address, and this attempt no longer
    /// counts against the address, so a success never leaves the address more shut than before it.
    /// The address keeps its other failures (one account an attacker owns must not wash away their spraying).
    /// </summary>
    public void Succeeded(SignInAttempt attempt)
    {
        lock (_lock)
        {
            _entries.Remove(attempt.LoginKey);
            if (attempt.AddressKey is not null && _entries.TryGetValue(attempt.AddressKey, out var entry))
            {
                entry.EmptyAt -= attempt.AddressCost;
            }
        }
    }

    private bool Expired(Entry entry, Instant now) =>
        entry.Attempts == 0 ? entry.EmptyAt <= now : entry.LastAttempt + policy.ForgetAfter <= now;

    private Entry? Find(string key, Instant now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (Expired(entry, now))
        {
            _entries.Remove(key);
            return null;
        }

        return entry;
    }

    /// <summary>
    /// Keeps the table bounded. When it is full, expired entries go, then the least recently tried
    /// until a quarter of the table is free, so the next sweep is many inserts away rather than one.
    /// </summary>
    private void MakeRoom(Instant now)
    {
        // Room for the two entries an attempt may add.
        if (_entries.Count + 2 <= policy.MaxEntries)
        {
            return;
        }

        Sweeps++;
        var target = Math.Max(0, policy.MaxEntries - Math.Max(2, policy.MaxEntries / 4));
        foreach (var key in _entries.Where(e => Expired(e.Value, now)).Select(e => e.Key).ToList())
        {
            _entries.Remove(key);
        }

        var excess = _entries.Count - target;
        if (excess > 0)
        {
            foreach (var key in _entries.OrderBy(e => e.Value.LastAttempt).Take(excess).Select(e => e.Key).ToList())
            {
                _entries.Remove(key);
            }
        }
    }

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

    /// <summary>A (login, address) entry counts <see cref="Attempts"/>; an address entry only drains (<see cref="EmptyAt"/>).</summary>
    private sealed class Entry
    {
        public int Attempts { get; set; }

        public Instant LastAttempt { get; set; }

        public Instant? BlockedUntil { get; set; }

        public Instant EmptyAt { get; set; }
    }
}
