using NodaTime;

namespace EventSourced.Domain.Accounts;

/// <summary>What a user may do, always within one organisation and everything below it.</summary>
public enum Role
{
    Administrator,
    OrganisationStaff,
    Editor,
    Approver,
    Auditor,
}

/// <summary>One role held over one organisation's subtree.</summary>
public sealed record RoleAssignment(Role Role, Guid OrganisationId);

/// <summary>A back-office account was opened. The password arrives already hashed.</summary>
public sealed record UserRegistered(Guid UserId, string Username, string DisplayName, string PasswordHash);

/// <summary>The account's password was replaced (hash only).</summary>
public sealed record PasswordChanged(string PasswordHash);

/// <summary>A role over an organisation's subtree was granted.</summary>
public sealed record RoleAssigned(Role Role, Guid OrganisationId);

/// <summary>A role over an organisation's subtree was withdrawn.</summary>
public sealed record RoleRemoved(Role Role, Guid OrganisationId);

/// <summary>A sign-in with a wrong password.</summary>
public sealed record SignInFailed(Instant At);

/// <summary>Too many wrong passwords: sign-in is refused until <paramref name="Until"/>.</summary>
public sealed record UserLockedOut(Instant Until);

/// <summary>A correct sign-in after failures reset the failure count.</summary>
public sealed record FailedSignInsCleared(Instant At);

/// <summary>A back-office user: credentials, lock-out state and role assignments, folded from the account's stream.</summary>
public sealed class UserAccount
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public string Username { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    public string PasswordHash { get; set; } = string.Empty;

    public List<RoleAssignment> Roles { get; set; } = [];

    public int FailedSignIns { get; set; }

    public Instant? LockedUntil { get; set; }

    public static UserAccount Create(UserRegistered e) => new()
    {
        Id = e.UserId,
        Username = e.Username,
        DisplayName = e.DisplayName,
        PasswordHash = e.PasswordHash,
    };

    public void Apply(PasswordChanged e) => PasswordHash = e.PasswordHash;

    public void Apply(RoleAssigned e) => Roles.Add(new RoleAssignment(e.Role, e.OrganisationId));

    public void Apply(RoleRemoved e) => Roles.Remove(new RoleAssignment(e.Role, e.OrganisationId));

    public void Apply(SignInFailed e) => FailedSignIns++;

    public void Apply(UserLockedOut e) => LockedUntil = e.Until;

    public void Apply(FailedSignInsCleared e)
    {
        FailedSignIns = 0;
        LockedUntil = null;
    }

    public static string NormaliseUsername(string username) => username.Trim().ToLowerInvariant();
}
