using EventSourced.Domain.Accounts;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Pages.Account;

/// <summary>
/// A signed-in user changes their own password, giving the current one. Every other session of the account ends
/// (the account's session stamp moves on); this one is signed in again under the new stamp.
/// </summary>
[Authorize]
public sealed class PasswordModel(CurrentUser user, CommandSender sender, IPasswordHasher<UserAccount> hasher, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await user.AccountAsync(ct) is not { } account)
        {
            return Forbid();
        }

        var invalid = new List<FormError>();
        if (hasher.VerifyHashedPassword(account, account.PasswordHash, CurrentPassword ?? string.Empty) == PasswordVerificationResult.Failed)
        {
            invalid.Add(text.Error("Account.CurrentPasswordWrong", nameof(CurrentPassword)));
        }

        if ((NewPassword ?? string.Empty).Length < Users.NewModel.MinimumPasswordLength)
        {
            invalid.Add(text.Error("Account.PasswordTooShort", nameof(NewPassword), Users.NewModel.MinimumPasswordLength));
        }
        else if (NewPassword != ConfirmPassword)
        {
            invalid.Add(text.Error("Account.PasswordsDiffer", nameof(ConfirmPassword)));
        }

        if (invalid.Count > 0)
        {
            return await this.RefuseAsync(new Refusal(RefusalKind.Invalid, invalid), text);
        }

        var hash = hasher.HashPassword(account, NewPassword!);
        var refusal = await sender.TryAsync(() => sender.SendAsAccountAsync(new ChangePassword(account.Id, account.Version, hash), account, ct), account.Id, ct);
        if (refusal is not null)
        {
            return await this.RefuseAsync(refusal, text);
        }

        // This session carries on under the new stamp; every other one ends at its next request.
        // The account as the change leaves it, folded by its own rule: its new session stamp, without reading it again.
        account.Apply(new PasswordChanged(hash));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AccountSessions.Principal(account));
        TempData["Flash"] = text["Account.PasswordChanged"].Value;
        return Redirect("/");
    }
}
