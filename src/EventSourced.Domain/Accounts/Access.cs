using EventSourced.Domain.Organisations;

namespace EventSourced.Domain.Accounts;

/// <summary>What a user wants to do; each permission names the roles that grant it.</summary>
public enum Permission
{
    /// <summary>Read a unit, its history and (later) its members.</summary>
    View,

    /// <summary>Found, rename, move, merge, split or dissolve units.</summary>
    ChangeOrganisation,

    /// <summary>Member records and the member-work procedures.</summary>
    ChangeMembers,

    /// <summary>Open accounts and assign roles.</summary>
    ManageUsers,

    /// <summary>
    /// Draft, revise, submit, approve, reject, publish, schedule, withdraw and archive the handbook's
    /// content; which of these a user may take is then decided by their seat on a board.
    /// </summary>
    ChangeContent,

    /// <summary>
    /// The member register itself: lists, member pages, worklists, exports and every screen that shows
    /// a citizen ID or a date of birth. Editors and approvers work on content and need none of it.
    /// </summary>
    ViewMembers,

    /// <summary>The application's own audit records, such as who exported personal data.</summary>
    ReadAudit,
}

/// <summary>
/// Access is decided here and nowhere else: an assignment grants its role's permissions over its
/// organisation and every unit below it. The answer is the assignment that grants the permission,
/// so the events record the role and organisation the user acted in.
/// </summary>
public static class Access
{
    public static bool Grants(Role role, Permission permission) => permission switch
    {
        Permission.View => true,
        Permission.ChangeOrganisation or Permission.ChangeMembers => role is Role.Administrator or Role.OrganisationStaff,
        Permission.ManageUsers => role is Role.Administrator,
        Permission.ChangeContent => role is Role.Administrator or Role.OrganisationStaff or Role.Editor or Role.Approver,
        Permission.ViewMembers => role is Role.Administrator or Role.OrganisationStaff or Role.Auditor,
        Permission.ReadAudit => role is Role.Administrator or Role.Auditor,
        _ => false,
    };

    /// <summary>
    /// Whether acting in this role may record anything at all. An auditor reads the register and its
    /// history and never changes them: the check sits where every command is sent, whatever
    /// permission a page asked for, so a page that asks for the wrong one cannot open a way round it.
    /// </summary>
    public static bool MayRecord(Role role) => role is not Role.Auditor;

    /// <summary>True when no role the account holds may record anything (only auditor roles, or none).</summary>
    public static bool IsReadOnly(IEnumerable<RoleAssignment> assignments) => !assignments.Any(a => MayRecord(a.Role));

    /// <summary>The assignment that lets the user do this to the unit, or null when none does.</summary>
    public static RoleAssignment? Authorise(IEnumerable<RoleAssignment> assignments, Permission permission, Guid organisationId, OrganisationTree tree) =>
        assignments
            .Where(a => Grants(a.Role, permission) && tree.IsWithin(organisationId, a.OrganisationId))
            // The closest assignment is the most specific authority, and the first to cite.
            .OrderByDescending(a => tree.Ancestors(a.OrganisationId).Count)
            .FirstOrDefault();

    /// <summary>The tops of the subtrees the user may see, without those already inside another.</summary>
    public static IReadOnlyList<Guid> ScopeRoots(IEnumerable<RoleAssignment> assignments, OrganisationTree tree)
    {
        var ids = assignments.Select(a => a.OrganisationId).Distinct().Where(id => tree.Find(id) is not null).ToList();
        return ids.Where(id => !ids.Any(other => other != id && tree.IsWithin(id, other))).ToList();
    }

    public static bool CanSee(IEnumerable<RoleAssignment> assignments, Guid organisationId, OrganisationTree tree) =>
        Authorise(assignments, Permission.View, organisationId, tree) is not null;
}
