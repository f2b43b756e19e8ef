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

    public static async Task Handle(RemoveRole command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await Streams.AtVersionAsync<UserAccount>(session, command.UserId, command.ExpectedVersion, "Account.NotFound", ct);
        stream.AppendOne(Decide(command, stream.Aggregate!));
    }
}
