using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Browsers a login signed in from before (OWASP's device cookies): a successful sign-in leaves a cookie, protected
/// by the application's data-protection keys, naming the login and a random id for the browser. The throttle counts
/// that browser's attempts on their own (<see cref="SignInThrottle.TryBegin"/>), so failures made on purpose by
/// someone behind the same address cannot shut the login's owner out. Without the cookie (a new browser, cleared
/// cookies) the attempt is held to the login's and the address's waits as before.
/// </summary>
public sealed class SignInDevices(IDataProtectionProvider provider)
{
    /// <summary>How long a browser stays known after its last successful sign-in.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(365);

    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("EventSourced.SignInDevice").ToTimeLimitedDataProtector();

    /// <summary>One cookie per login, so colleagues sharing a browser each keep theirs; its name does not show the login.</summary>
    public static string CookieName(string login) =>
        "device-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(login)))[..16];

    /// <summary>The id of this browser when the request carries a valid cookie for <paramref name="login"/>; null otherwise.</summary>
    public string? DeviceOf(HttpRequest request, string login)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Cookies.TryGetValue(CookieName(login), out var value) || value.Length > 1024)
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(value).Split('\n');
            return parts.Length == 2 && parts[0] == login && parts[1].Length == 32 ? parts[1] : null;
        }
        catch (CryptographicException)
        {
            // Forged, altered, expired or protected with keys this node no longer has: an unknown browser.
            return null;
        }
    }

    /// <summary>After a successful sign-in: the browser is known for <see cref="KeptFor"/> more (a new id when it had none).</summary>
    public void Remember(HttpContext context, string login, string? device)
    {
        ArgumentNullException.ThrowIfNull(context);
        device ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(CookieName(login), _protector.Protect(login + "\n" + device, KeptFor), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            MaxAge = KeptFor,
            Path = "/login",
            IsEssential = true,
        });
    }
}
