using System.ComponentModel.DataAnnotations;
using EventSourced.Domain.Accounts;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Pages.Account;

/// <summary>
/// Cookie sign-in. Attempts are throttled per username and client address before any password is
/// checked (<see cref="SignInThrottle"/>), or per username and browser for a browser the login signed in
/// from before (<see cref="SignInDevices"/>); nothing locks an account. An unknown username costs the
/// same password hash, gets the same answer as a wrong password and, like every refusal, is held to
/// the same minimum time (<see cref="SignInPacing"/>).
/// </summary>
public sealed class LoginModel(IQuerySession session, IPasswordHasher<UserAccount> hasher, CommandSender sender, SignInThrottle throttle, SignInDevices devices, SignInPacing pacing, IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>A hash no password matches, checked for unknown usernames so they take as long as known ones.</summary>
    private static string? _unknownUserHash;

    [BindProperty(Name = "username")]
    [Required(ErrorMessage = "Login.UsernameRequired")]
    public string Username { get; set; } = string.Empty;

    [BindProperty(Name = "password")]
    [Required(ErrorMessage = "Login.PasswordRequired")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true, Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Error = text[ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage];
            return Page();
        }

        var started = SignInPacing.Start();
        var username = UserAccount.NormaliseUsername(Username);
        var address = HttpContext.Connection.RemoteIpAddress;
        // A browser this login signed in from before is counted on its own, not with the address (SignInDevices).
        var device = devices.DeviceOf(Request, username);
        var permit = throttle.TryBegin(username, address, device: device);
        if (permit.Attempt is not { } attempt)
        {
            Response.Headers.RetryAfter = permit.WaitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Error = text["Login.TryAgainIn", permit.WaitSeconds];
            var page = Page();
            page.StatusCode = StatusCodes.Status429TooManyRequests;
            return page;
        }

        var account = await session.Query<UserAccount>().FirstOrDefaultAsync(u => u.Username == username, ct);
        if (account is null)
        {
            _unknownUserHash ??= hasher.HashPassword(new UserAccount(), Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(new UserAccount(), _unknownUserHash, Password);
            return await FailedAsync(started, ct);
        }

        var matched = hasher.VerifyHashedPassword(account, account.PasswordHash, Password) != PasswordVerificationResult.Failed;
        // A guess that came after the throttle's wait is not written: the login's free attempts from
        // this address are already on the account, and an attacker waiting out the delays must not
        // grow its stream without end.
        if (!matched && attempt.AfterWait)
        {
            return await FailedAsync(started, ct);
        }

        if (matched && account.Disabled)
        {
            // Told only to whoever knows the password: the account exists but was switched off.
            await pacing.PadFailureAsync(started, ct);
            Error = text["Login.Disabled"];
            return Page();
        }

        var outcome = await sender.SendAsAccountAsync<SignInOutcome>(new RecordSignIn(account.Id, matched, address?.ToString()), account, ct);
        if (!outcome.Allowed)
        {
            return await FailedAsync(started, ct);
        }

        throttle.Succeeded(attempt);
        devices.Remember(HttpContext, username, device);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AccountSessions.Principal(account));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    private async Task<IActionResult> FailedAsync(long started, CancellationToken ct)
    {
        await pacing.PadFailureAsync(started, ct);
        Error = text["Login.Failed"];
        return Page();
    }
}
