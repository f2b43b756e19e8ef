using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Web.Pages.Members;

/// <summary>
/// Issue or revoke the member's credential for the handbook app. A new credential is shown once,
/// here, to hand to the member; only its hash is recorded.
/// </summary>
public sealed class AppAccessModel(PageServices services, IPasswordHasher<Member> hasher) : MemberChangePage(services)
{
    [BindProperty]
    public Guid AccessId { get; set; }

    /// <summary>The new credential, shown once after it was issued.</summary>
    public string? IssuedSecret { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        AccessId = Guid.CreateVersion7();
        return await LoadAsync(ct) ?? Page();
    }

    public async Task<IActionResult> OnPostGrantAsync(CancellationToken ct)
    {
        var secret = AppSecrets.New();
        var result = await SendAsync(() => new GrantAppAccess(Id, ExpectedVersion, AccessId == Guid.Empty ? Guid.CreateVersion7() : AccessId, hasher.HashPassword(Member, AppSecrets.Normalise(secret))), ct);
        if (result is not RedirectResult)
        {
            return result;
        }

        // Stay on this page to show the credential once; it is never shown again.
        IssuedSecret = secret;
        ModelState.Clear();
        ExpectedVersion = 0;
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostRevokeAsync(CancellationToken ct) =>
        SendAsync(() => new RevokeAppAccess(Id, ExpectedVersion, AccessId), ct);
}
