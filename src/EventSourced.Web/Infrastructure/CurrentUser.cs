using System.Security.Claims;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Organisations;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// The signed-in user for this request, read from the account's snapshot (not from the cookie) so a
/// role removed a minute ago no longer grants anything, and the access questions pages ask.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, PrimaryReads primary, OrganisationDirectory directory)
{
    private UserAccount? _account;
    private bool _loaded;

    public ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal();

    public Guid? Id => Guid.TryParse(Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public async Task<UserAccount?> AccountAsync(CancellationToken ct = default)
    {
        if (!_loaded)
        {
            // The account the cookie's check read (AccountSessions); else read on the primary, so a role removed
            // a moment ago is not still granted by a standby that has not replayed it (decision 0028).
            _account = http.HttpContext?.Items[typeof(UserAccount)] as UserAccount
                ?? (Id is { } id ? await primary.Session.LoadAsync<UserAccount>(id, ct) : null);
            _loaded = true;
        }

        return _account;
    }

    /// <summary>"Display name (username)": how exports, printed pages and counted tables name who produced them.</summary>
    public async Task<string> SignatureAsync(CancellationToken ct = default) =>
        await AccountAsync(ct) is { } account ? $"{account.DisplayName} ({account.Username})" : "?";

    public async Task<IReadOnlyList<RoleAssignment>> AssignmentsAsync(CancellationToken ct = default) =>
        (await AccountAsync(ct))?.Roles ?? [];

    /// <summary>The assignment that allows the action on the unit, judged on today's tree; null when none does.</summary>
    public async Task<RoleAssignment?> AuthoriseAsync(Permission permission, Guid organisationId, CancellationToken ct = default) =>
        Access.Authorise(await AssignmentsAsync(ct), permission, organisationId, await directory.TreeAsync(ct: ct));

    public async Task<bool> CanAsync(Permission permission, Guid organisationId, CancellationToken ct = default) =>
        await AuthoriseAsync(permission, organisationId, ct) is not null;

    public async Task<bool> HasAnyAsync(Permission permission, CancellationToken ct = default) =>
        (await AssignmentsAsync(ct)).Any(a => Access.Grants(a.Role, permission));

    public async Task<IReadOnlyList<Guid>> ScopeRootsAsync(CancellationToken ct = default) =>
        Access.ScopeRoots(await AssignmentsAsync(ct), await directory.TreeAsync(ct: ct));

    /// <summary>The tops of the subtrees where the user holds <paramref name="permission"/> (the register's pages list only these).</summary>
    public async Task<IReadOnlyList<Guid>> ScopeRootsAsync(Permission permission, CancellationToken ct = default) =>
        Access.ScopeRoots((await AssignmentsAsync(ct)).Where(a => Access.Grants(a.Role, permission)), await directory.TreeAsync(ct: ct));

    /// <summary>
    /// True when the user may see the members of the unit: their list, pages, citizen IDs and dates of
    /// birth. Seeing a unit is not enough: editors and approvers see units for their content only.
    /// </summary>
    public async Task<bool> CanSeeMembersAsync(Guid organisationId, CancellationToken ct = default) =>
        await CanAsync(Permission.ViewMembers, organisationId, ct);

    /// <summary>True when the unit lies in a subtree the user may see; the tree itself is today's.</summary>
    public async Task<bool> CanSeeAsync(Guid organisationId, CancellationToken ct = default) =>
        Access.CanSee(await AssignmentsAsync(ct), organisationId, await directory.TreeAsync(ct: ct));

    /// <summary>
    /// The cells whose members the user may see, narrowed to <paramref name="within"/> when given;
    /// null when the user sees the whole register and asked for no narrowing (no filter needed).
    /// Closed cells count: their former members stay visible to the same people.
    /// </summary>
    public Task<IReadOnlyCollection<Guid>?> CellsInScopeAsync(Guid? within, CancellationToken ct = default) =>
        CellsInScopeAsync(within, Permission.ViewMembers, ct);

    /// <summary>
    /// The cells in the scope of the roles granting <paramref name="permission"/> (the home page's work
    /// cards follow <see cref="Permission.ChangeMembers"/>: an auditor role elsewhere adds no work),
    /// narrowed to <paramref name="within"/> when given; null for the whole register.
    /// </summary>
    public async Task<IReadOnlyCollection<Guid>?> CellsInScopeAsync(Guid? within, Permission permission, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct: ct);
        var roots = Access.ScopeRoots((await AssignmentsAsync(ct)).Where(a => Access.Grants(a.Role, permission)), tree);
        if (within is null && roots.Any(r => tree.Find(r)?.ParentId is null))
        {
            return null;
        }

        var tops = within is { } unit
            ? (await CanAsync(permission, unit, ct) ? [unit] : [])
            : roots;
        return tops.SelectMany(t => tree.Subtree(t, includeClosed: true))
            .Where(n => n.Kind is OrganisationKind.Cell or OrganisationKind.GrassrootsCell)
            .Select(n => n.Id)
            .ToHashSet();
    }

    public async Task<OrganisationTree> TreeAsync(CancellationToken ct = default) => await directory.TreeAsync(ct: ct);
}
