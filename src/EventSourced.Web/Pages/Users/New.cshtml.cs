using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Pages.Users;

/// <summary>Open an account. The password is hashed here and only the hash is stored in the event.</summary>
public sealed class NewModel(CurrentUser user, CommandSender sender, IPasswordHasher<UserAccount> hasher, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int MinimumPasswordLength = 10;

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public Guid NewUserId { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        NewUserId = Guid.CreateVersion7();
        return await user.HasAnyAsync(Permission.ManageUsers, ct) ? Page() : Forbid();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actingAs = (await user.AssignmentsAsync(ct)).FirstOrDefault(a => Access.Grants(a.Role, Permission.ManageUsers));
        if (actingAs is null)
        {
            return Forbid();
        }

        if ((Password ?? string.Empty).Length < MinimumPasswordLength)
        {
            Error = text["Account.PasswordTooShort", MinimumPasswordLength];
            return Page();
        }

        var id = NewUserId == Guid.Empty ? Guid.CreateVersion7() : NewUserId;
        try
        {
            var hash = hasher.HashPassword(new UserAccount { Id = id }, Password!);
            await sender.SendAsync(new RegisterUser(id, Username ?? string.Empty, DisplayName ?? string.Empty, hash), actingAs, AuditNote.None, ct);
            TempData["Flash"] = text["Users.Created"].Value;
            return Redirect($"/users/{id}");
        }
        catch (RuleViolation violation)
        {
            Error = text.Describe(violation);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }
}
