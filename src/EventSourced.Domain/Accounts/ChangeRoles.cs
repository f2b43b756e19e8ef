using EventSourced.Domain.Common;
using Marten;

namespace EventSourced.Domain.Accounts;

/// <summary>Grant a role over an organisation's subtree.</summary>
public sealed record AssignRole(Guid UserId, int ExpectedVersion, Role Role, Guid OrganisationId);

/// <summary>Withdraw a role over an organisation's subtree.</summary>
public sealed record RemoveRole(Guid UserId, int ExpectedVersion, Role Role, Guid OrganisationId);

public static class ChangeRolesHandler
{
    public static RoleAssigned Decide(AssignRole command, UserAccount account)
    {
        if (account.Roles.Contains(new RoleAssignment(command.Role, command.OrganisationId)))
        {
            throw new RuleViolation("Account.RoleAlreadyHeld");
        }

        return new RoleAssigned(command.Role, command.OrganisationId);
    }

    public static RoleRemoved Decide(RemoveRole command, UserAccount account) =>
        account.Roles.Contains(new RoleAssignment(command.Role, command.OrganisationId))
            ? new RoleRemoved(command.Role, command.OrganisationId)
            : throw new RuleViolation("Account.RoleNotHeld");

    public static async Task Handle(AssignRole command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await Streams.AtVersionAsync<UserAccount>(session, command.UserId, command.ExpectedVersion, "Account.NotFound", ct);
        stream.AppendOne(Decide(command, stream.Aggregate!));
    }

    /// <summary>
    /// An administrator over the top of the tree may not be removed when no other account holds that role there:
    /// nobody would be left to manage the city's users (only the command line's bootstrap could). Two such removals
    /// at once (two top administrators removing each other) both append to one stream at the version they read,
    /// so the second fails as stale instead of leaving none.
    /// </summary>
    public static async Task Handle(RemoveRole command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await Streams.AtVersionAsync<UserAccount>(session, command.UserId, command.ExpectedVersion, "Account.NotFound", ct);
        var removed = Decide(command, stream.Aggregate!);
        if (command.Role == Role.Administrator && await session.LoadAsync<Organisations.Organisation>(command.OrganisationId, ct) is { ParentId: null })
        {
            var guard = await session.Events.FetchStreamStateAsync(TopAdministratorsStream, ct);
            var held = new RoleAssignment(Role.Administrator, command.OrganisationId);
            var others = (await session.Query<UserAccount>().Where(a => a.Id != command.UserId).ToListAsync(ct)).Count(a => a.Roles.Contains(held));
            MustLeaveAnother(others);
            var recorded = new TopAdministratorRemoved(command.UserId, command.OrganisationId);
            if (guard is null)
            {
                session.Events.StartStream(TopAdministratorsStream, recorded);
            }
            else
            {
                session.Events.Append(TopAdministratorsStream, guard.Version + 1, recorded);
            }
        }

        stream.AppendOne(removed);
    }

    /// <summary>The stream every removal of a top administrator appends to, so two at once conflict.</summary>
    public static readonly Guid TopAdministratorsStream = new("5d0c3a52-7c0e-4f4b-9a55-1f3e2b7a0d01");

    public static void MustLeaveAnother(int otherTopAdministrators)
    {
        if (otherTopAdministrators == 0)
        {
            throw new RuleViolation("Account.LastAdministrator");
        }
    }
}

/// <summary>An administrator over the top of the tree was removed (the guard of <see cref="ChangeRolesHandler.TopAdministratorsStream"/>).</summary>
public sealed record TopAdministratorRemoved(Guid UserId, Guid OrganisationId);
