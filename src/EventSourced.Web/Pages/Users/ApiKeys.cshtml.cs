using EventSourced.Domain.Accounts;
using EventSourced.Domain.Exchange;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Pages.Users;

/// <summary>
/// The administrator's keys for the city data centre: create one over a unit's subtree for a purpose
/// (its secret shown on this answer only, then only its SHA-256 is kept) and revoke one.
/// </summary>
public sealed class ApiKeysModel(CurrentUser user, CommandSender sender, IQuerySession session, OrganisationDirectory directory, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? UnitCode { get; set; }

    [BindProperty]
    public ApiKeyPurpose Purpose { get; set; } = ApiKeyPurpose.Statistics;

    [BindProperty]
    public Guid NewKeyId { get; set; }

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    /// <summary>The secret of the key just created: shown once, never stored.</summary>
    public string? NewSecret { get; private set; }

    private Domain.Organisations.OrganisationTree? _tree;

    public string UnitName(Guid id) => _tree?.Find(id) is { } unit ? $"{unit.Name} ({unit.Code})" : id.ToString();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await user.HasAnyAsync(Permission.ManageUsers, ct))
        {
            return Forbid();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!await user.HasAnyAsync(Permission.ManageUsers, ct))
        {
            return Forbid();
        }

        var tree = await directory.TreeAsync(ct: ct);
        var unit = tree.FindActiveByCode(UnitCode?.Trim() ?? string.Empty);
        var invalid = this.InputErrors(text);
        if (unit is null)
        {
            invalid.Add(text.Error("ApiKey.UnitNotFound", nameof(UnitCode), UnitCode ?? string.Empty));
        }

        if (invalid.Count > 0)
        {
            await LoadAsync(ct);
            return await this.RefuseAsync(new Refusal(RefusalKind.Invalid, invalid), text);
        }

        var id = NewKeyId == Guid.Empty ? Guid.CreateVersion7() : NewKeyId;
        var secret = ApiKey.NewSecret();
        var refusal = await sender.TrySendAsync(
            () => new CreateApiKey(id, Name ?? string.Empty, ApiKey.Hash(secret), unit!.Id, Purpose, user.Id ?? Guid.Empty),
            Permission.ManageUsers,
            _ => [unit!.Id],
            AuditNote.None,
            id,
            ct);
        await LoadAsync(ct);
        if (refusal is not null)
        {
            return await this.RefuseAsync(refusal, text, recordedMeanwhile: async () => await session.LoadAsync<ApiKey>(id, ct) is not null);
        }

        NewSecret = secret;
        NewKeyId = Guid.CreateVersion7();
        Name = null;
        UnitCode = null;
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid keyId, int expectedVersion, CancellationToken ct)
    {
        if (!await user.HasAnyAsync(Permission.ManageUsers, ct))
        {
            return Forbid();
        }

        var key = await session.LoadAsync<ApiKey>(keyId, ct);
        var refusal = await sender.TrySendAsync(
            () => new RevokeApiKey(keyId, expectedVersion, user.Id ?? Guid.Empty),
            Permission.ManageUsers,
            _ => [key?.ScopeUnitId ?? Guid.Empty],
            AuditNote.None,
            keyId,
            ct);
        if (refusal is null)
        {
            TempData["Flash"] = text["ApiKey.Revoked"].Value;
            return Redirect("/users/api-keys");
        }

        await LoadAsync(ct);
        return await this.RefuseAsync(refusal, text);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (NewKeyId == Guid.Empty)
        {
            NewKeyId = Guid.CreateVersion7();
        }

        _tree = await directory.TreeAsync(ct: ct);
        // Only the keys over units the user manages: another district's keys, their names and scopes, are not theirs to see.
        var roots = Domain.Accounts.Access.ScopeRoots((await user.AssignmentsAsync(ct)).Where(a => Domain.Accounts.Access.Grants(a.Role, Permission.ManageUsers)), _tree);
        Keys = [.. (await session.Query<ApiKey>().OrderByDescending(k => k.CreatedAt).ToListAsync(ct))
            .Where(k => roots.Any(root => _tree.IsWithin(k.ScopeUnitId, root)))];
    }
}
