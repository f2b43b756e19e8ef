using EventSourced.Domain.Organisations;
using JasperFx.Events;

namespace EventSourced.Domain.Accounts;

/// <summary>
/// Which administrators may list, open and act on an account. One holding roles answers to the administrators
/// managing every unit it holds a role in. One holding none answers to those who managed every unit it held a role
/// in before, or, never having held one, to whoever opened it; administrators over the top of the tree manage every
/// account. Otherwise any ward's administrator would see a role-less account, grant it a role in the ward, set its
/// password and take it over, history and all.
/// </summary>
public static class AccountScope
{
    /// <summary>The units the account answers for: those of its roles, else those of the roles it held before.</summary>
    public static IReadOnlyList<Guid> UnitsOf(UserAccount account, IEnumerable<IEvent> stream) =>
        account.Roles.Count > 0
            ? [.. account.Roles.Select(r => r.OrganisationId).Distinct()]
            : [.. stream.Select(e => e.Data).OfType<RoleAssigned>().Select(r => r.OrganisationId).Distinct()];

    /// <summary>Who opened the account; null when opened from the command line or by the seed.</summary>
    public static Guid? OpenedBy(IEnumerable<IEvent> stream) =>
        stream.FirstOrDefault(e => e.Data is UserRegistered) is { } opened ? AccountControl.ActorOf(opened) : null;

    public static bool Manages(Guid administrator, IReadOnlyList<RoleAssignment> mine, IReadOnlyList<Guid> units, Guid? openedBy, OrganisationTree tree) =>
        units.Count > 0
            ? units.All(u => Access.Authorise(mine, Permission.ManageUsers, u, tree) is not null)
            : openedBy == administrator || tree.Roots.Any(root => Access.Authorise(mine, Permission.ManageUsers, root.Id, tree) is not null);
}
