using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Pages.Users;

/// <summary>An account: its roles, the forms to assign and remove them, and its audited history.</summary>
public sealed class DetailsModel(CurrentUser user, CommandSender sender, OrganisationDirectory directory, IQuerySession session, Microsoft.AspNetCore.Identity.IPasswordHasher<UserAccount> hasher, IStringLocalizer<SharedResource> text) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public int ExpectedVersion { get; set; }

    [BindProperty]
    public Role Role { get; set; } = Role.OrganisationStaff;

    [BindProperty]
    public string? UnitCode { get; set; }

    [BindProperty]
    public Guid UnitId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    public UserAccount Account { get; private set; } = new();

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    private Dictionary<Guid, string> _names = [];

    /// <summary>The units the account answers for (<see cref="AccountScope.UnitsOf"/>), read with it.</summary>
    private IReadOnlyList<Guid> _units = [];

    public string NameOf(Guid? id) => id is { } v ? _names.GetValueOrDefault(v, "—") : "—";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAssignAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        var tree = await directory.TreeAsync(ct: ct);
        var unit = string.IsNullOrWhiteSpace(UnitCode) ? null : tree.FindActiveByCode(UnitCode);
        var invalid = this.InputErrors(text);
        if (unit is null)
        {
            invalid.Add(text.Error("Organisation.CodeNotFound", nameof(UnitCode), UnitCode ?? string.Empty));
        }

        if (invalid.Count > 0 || unit is null)
        {
            return await this.RefuseAsync(new Refusal(RefusalKind.Invalid, invalid), text);
        }

        return await SendAsync(new AssignRole(Id, ExpectedVersion, Role, unit.Id), [unit.Id], ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct) =>
        await LoadAsync(ct) ?? await SendAsync(new RemoveRole(Id, ExpectedVersion, Role, UnitId), [UnitId], ct);

    /// <summary>Switches the account off: it no longer signs in, and its open sessions end at their next request.</summary>
    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct) =>
        await LoadAsync(ct) ?? await SendAsync(new DisableUser(Id, ExpectedVersion, user.Id ?? Guid.Empty, Reason ?? string.Empty), await AccountUnitsAsync(ct), ct);

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken ct) =>
        await LoadAsync(ct) ?? await SendAsync(new EnableUser(Id, ExpectedVersion, Reason ?? string.Empty), await AccountUnitsAsync(ct), ct);

    /// <summary>A new password set by an administrator (a forgotten or leaked one): the account's sessions end.</summary>
    public async Task<IActionResult> OnPostResetPasswordAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        if ((NewPassword ?? string.Empty).Length < NewModel.MinimumPasswordLength)
        {
            return await this.RefuseAsync(new Refusal(RefusalKind.Invalid, [text.Error("Account.PasswordTooShort", nameof(NewPassword), NewModel.MinimumPasswordLength)]), text);
        }

        return await SendAsync(new ChangePassword(Id, ExpectedVersion, hasher.HashPassword(Account, NewPassword!)), await AccountUnitsAsync(ct), ct);
    }

    /// <summary>
    /// Switching an account off or setting its password acts on every role it holds: the administrator must manage
    /// each of their units (a ward's administrator cannot switch off a city administrator who also works in the ward).
    /// An account without roles acts on the units of the roles it held before, else on the administrator's own scope
    /// (the page opened it for its opener or a top administrator only).
    /// </summary>
    private async Task<IReadOnlyList<Guid>> AccountUnitsAsync(CancellationToken ct) =>
        _units.Count > 0 ? _units : [.. (await user.ScopeRootsAsync(Permission.ManageUsers, ct)).Take(1)];

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (!await user.HasAnyAsync(Permission.ManageUsers, ct))
        {
            return Forbid();
        }

        if (await session.LoadAsync<UserAccount>(Id, ct) is not { } account)
        {
            return NotFound();
        }

        var tree = await directory.TreeAsync(ct: ct);
        var mine = await user.AssignmentsAsync(ct);
        var stream = await session.Events.FetchStreamAsync(Id, token: ct);
        _units = AccountScope.UnitsOf(account, stream);
        if (!AccountScope.Manages(user.Id ?? Guid.Empty, mine, _units, AccountScope.OpenedBy(stream), tree))
        {
            return Forbid();
        }

        Account = account;
        if (ExpectedVersion == 0)
        {
            ExpectedVersion = account.Version;
        }

        _names = (await directory.UnitsAsync(ct)).ToDictionary(u => u.Id, u => u.Name);
        History = stream.Select(AuditEntry.From).OrderByDescending(e => e.Version).ToList();
        return null;
    }

    private async Task<IActionResult> SendAsync(object command, IReadOnlyList<Guid> unitIds, CancellationToken ct)
    {
        var refusal = await sender.TryAsync(() => sender.SendAsync(command, Permission.ManageUsers, unitIds, new AuditNote(Reason, null), ct), Id, ct);
        if (refusal is null)
        {
            TempData["Flash"] = text["Users.Saved"].Value;
            return Redirect($"/users/{Id}");
        }

        // A stale form shows the account as it is now, its roles and history current.
        return await this.RefuseAsync(refusal, text, reload: async () =>
        {
            ExpectedVersion = 0;
            await LoadAsync(ct);
        });
    }
}
