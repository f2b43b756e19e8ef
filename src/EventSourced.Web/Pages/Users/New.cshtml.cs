using EventSourced.Domain.Accounts;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Pages.Users;

/// <summary>Open an account. The password is hashed here and only the hash is stored in the event.</summary>
public sealed class NewModel(CurrentUser user, CommandSender sender, Marten.IQuerySession session, IPasswordHasher<UserAccount> hasher, IStringLocalizer<SharedResource> text) : PageModel
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

        var invalid = this.InputErrors(text);
        if ((Password ?? string.Empty).Length < MinimumPasswordLength)
        {
            invalid.Add(text.Error("Account.PasswordTooShort", nameof(Password), MinimumPasswordLength));
        }

        if (invalid.Count > 0)
        {
            return await this.RefuseAsync(new Refusal(RefusalKind.Invalid, invalid), text);
        }

        var id = NewUserId == Guid.Empty ? Guid.CreateVersion7() : NewUserId;
        var hash = hasher.HashPassword(new UserAccount { Id = id }, Password!);
        var refusal = await sender.TryAsync(() => sender.SendAsync(new RegisterUser(id, Username ?? string.Empty, DisplayName ?? string.Empty, hash), actingAs, AuditNote.None, ct), id, ct);
        if (refusal is null)
        {
            TempData["Flash"] = text["Users.Created"].Value;
            return Redirect($"/users/{id}");
        }

        // The same form sent twice (its account id is chosen when it opens): the first post opened the account.
        return await this.RefuseAsync(refusal, text, recordedMeanwhile: async () => await session.LoadAsync<UserAccount>(id, ct) is not null);
    }
}
