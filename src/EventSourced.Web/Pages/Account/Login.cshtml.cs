using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
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
/// Cookie sign-in. The page checks the password hash; whether the account is locked, and what a
/// wrong password does to the count, is the domain's decision (<see cref="RecordSignInHandler"/>).
/// </summary>
public sealed class LoginModel(IQuerySession session, IPasswordHasher<UserAccount> hasher, CommandSender sender, IStringLocalizer<SharedResource> text) : PageModel
{
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

        var username = UserAccount.NormaliseUsername(Username);
        var account = await session.Query<UserAccount>().FirstOrDefaultAsync(u => u.Username == username, ct);
        if (account is null)
        {
            // The same answer as a wrong password: the form must not reveal which usernames exist.
            Error = text["Login.Failed"];
            return Page();
        }

        var matched = hasher.VerifyHashedPassword(account, account.PasswordHash, Password) != PasswordVerificationResult.Failed;
        var outcome = await sender.SendAsAccountAsync<SignInOutcome>(new RecordSignIn(account.Id, matched), account, ct);
        if (!outcome.Allowed)
        {
            Error = outcome.LockedUntil is { } until
                ? text["Login.LockedOut", Messages.DisplayTime(until)]
                : text["Login.Failed"];
            return Page();
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, account.Id.ToString()),
                new Claim(ClaimTypes.Name, account.Username),
                new Claim(ClaimTypes.GivenName, account.DisplayName),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
