using System.Security.Claims;
using EventSourced.Domain.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// A staff session lasts while its account does: each request's cookie is checked against the account, read on the
/// primary (decision 0028), and ends when the account was switched off or its session stamp moved on (a new
/// password, a switch-off) since the cookie was issued. The account read is kept for <see cref="CurrentUser"/>.
/// </summary>
public static class AccountSessions
{
    public const string StampClaim = "es:stamp";

    /// <summary>The principal a sign-in (or a password change) issues for <paramref name="account"/>.</summary>
    public static ClaimsPrincipal Principal(UserAccount account, IEnumerable<Claim>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, account.Id.ToString()),
                new Claim(ClaimTypes.Name, account.Username),
                new Claim(ClaimTypes.GivenName, account.DisplayName),
                new Claim(StampClaim, account.SessionStamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                .. keep ?? [],
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Chained after any other check of the cookie (a province's).</summary>
    public static void EndWithTheAccount(CookieAuthenticationEvents events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var before = events.OnValidatePrincipal;
        events.OnValidatePrincipal = async context =>
        {
            await before(context);
            if (context.Principal is not null)
            {
                await ValidateAsync(context);
            }
        };
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var account = Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? await context.HttpContext.RequestServices.GetRequiredService<PrimaryReads>().Session.LoadAsync<UserAccount>(id, context.HttpContext.RequestAborted)
            : null;
        // Cookies issued before stamps were kept carry none: stamp 0, as every account had then.
        var stamp = int.TryParse(principal.FindFirstValue(StampClaim), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 0;
        if (account is null || account.Disabled || account.SessionStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        context.HttpContext.Items[typeof(UserAccount)] = account;
    }
}
