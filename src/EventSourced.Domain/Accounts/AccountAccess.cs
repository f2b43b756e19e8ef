using EventSourced.Domain.Common;
using Marten;

namespace EventSourced.Domain.Accounts;

/// <summary>An administrator switches an account off (someone left, a password leaked), with why.</summary>
public sealed record DisableUser(Guid UserId, int ExpectedVersion, Guid ActorId, string Reason);

/// <summary>An administrator switches an account on again, with why.</summary>
public sealed record EnableUser(Guid UserId, int ExpectedVersion, string Reason);

/// <summary>A new password for the account (hash only): its owner changing it, or an administrator resetting it.</summary>
public sealed record ChangePassword(Guid UserId, int ExpectedVersion, string PasswordHash);

/// <summary>
/// Who may use an account: switched off and on by administrators, its password replaced. Switching off and a new
/// password move the account's session stamp, so every session signed in before ends at its next request.
/// </summary>
public static class AccountAccessHandler
{
    public static UserDisabled Decide(DisableUser command, UserAccount account, IReadOnlySet<Guid> topUnits)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(topUnits);
        if (account.Disabled)
        {
            throw new RuleViolation("Account.AlreadyDisabled");
        }

        if (command.ActorId == account.Id)
        {
            throw new RuleViolation("Account.CannotDisableSelf");
        }

        // A top administrator is removed from that role first, where the last one is kept (ChangeRolesHandler).
        if (account.Roles.Any(r => r.Role == Role.Administrator && topUnits.Contains(r.OrganisationId)))
        {
            throw new RuleViolation("Account.RemoveTopAdministratorFirst");
        }

        return new UserDisabled(Input.Required(command.Reason, TextLimits.Reason, "Account.Reason"));
    }

    public static UserEnabled Decide(EnableUser command, UserAccount account)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(account);
        return account.Disabled
            ? new UserEnabled(Input.Required(command.Reason, TextLimits.Reason, "Account.Reason"))
            : throw new RuleViolation("Account.NotDisabled");
    }

    public static PasswordChanged Decide(ChangePassword command, UserAccount account)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(account);
        return string.IsNullOrEmpty(command.PasswordHash)
            ? throw new RuleViolation("Account.PasswordRequired")
            : new PasswordChanged(command.PasswordHash);
    }

    public static async Task Handle(DisableUser command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await Streams.AtVersionAsync<UserAccount>(session, command.UserId, command.ExpectedVersion, "Account.NotFound", ct);
        var roleUnits = stream.Aggregate!.Roles.Select(r => r.OrganisationId).Distinct().ToArray();
        var top = (await session.LoadManyAsync<Organisations.Organisation>(ct, roleUnits)).Where(o => o.ParentId is null).Select(o => o.Id).ToHashSet();
        stream.AppendOne(Decide(command, stream.Aggregate!, top));
    }

    public static async Task Handle(EnableUser command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await Streams.AtVersionAsync<UserAccount>(session, command.UserId, command.ExpectedVersion, "Account.NotFound", ct);
        stream.AppendOne(Decide(command, stream.Aggregate!));
    }

    public static async Task Handle(ChangePassword command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await Streams.AtVersionAsync<UserAccount>(session, command.UserId, command.ExpectedVersion, "Account.NotFound", ct);
        stream.AppendOne(Decide(command, stream.Aggregate!));
    }
}
