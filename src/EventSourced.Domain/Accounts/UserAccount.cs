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

/// <summary>The account was switched off, with why: it no longer signs in, and its sessions end.</summary>
public sealed record UserDisabled(string Reason);

/// <summary>A switched-off account was switched on again, with why.</summary>
public sealed record UserEnabled(string Reason);

/// <summary>A role over an organisation's subtree was granted.</summary>
public sealed record RoleAssigned(Role Role, Guid OrganisationId);

/// <summary>A role over an organisation's subtree was withdrawn.</summary>
public sealed record RoleRemoved(Role Role, Guid OrganisationId);

/// <summary>A sign-in with a wrong password, from <paramref name="ClientAddress"/> when known (absent on older events).</summary>
public sealed record SignInFailed(Instant At, string? ClientAddress = null);

/// <summary>
/// Too many wrong passwords locked the account until <paramref name="Until"/>. No longer appended
/// (anyone could lock anyone out); kept so older histories still read, and ignored by the account.
/// </summary>
public sealed record UserLockedOut(Instant Until);

/// <summary>A correct sign-in after failures reset the failure count.</summary>
public sealed record FailedSignInsCleared(Instant At);

/// <summary>A back-office user: credentials, failed sign-ins since the last good one, and role assignments, folded from the account's stream.</summary>
public sealed class UserAccount
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public string Username { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    public string PasswordHash { get; set; } = string.Empty;

    public List<RoleAssignment> Roles { get; set; } = [];

    /// <summary>Wrong passwords since the last successful sign-in; shown to administrators, never a lock.</summary>
    public int FailedSignIns { get; set; }

    /// <summary>Switched off by an administrator: no sign-in, no session.</summary>
    public bool Disabled { get; set; }

    /// <summary>
    /// Moves on when the password changes or the account is switched off: a session signed in under an earlier
    /// stamp (the cookie carries it) ends at its next request, so a leaked password or a stolen cookie is made useless.
    /// </summary>
    public int SessionStamp { get; set; }

    public static UserAccount Create(UserRegistered e) => new()
    {
        Id = e.UserId,
        Username = e.Username,
        DisplayName = e.DisplayName,
        PasswordHash = e.PasswordHash,
    };

    public void Apply(PasswordChanged e)
    {
        PasswordHash = e.PasswordHash;
        SessionStamp++;
    }

    public void Apply(UserDisabled e)
    {
        Disabled = true;
        SessionStamp++;
    }

    public void Apply(UserEnabled e) => Disabled = false;

    public void Apply(RoleAssigned e) => Roles.Add(new RoleAssignment(e.Role, e.OrganisationId));

    public void Apply(RoleRemoved e) => Roles.Remove(new RoleAssignment(e.Role, e.OrganisationId));

    public void Apply(SignInFailed e) => FailedSignIns++;

    public void Apply(FailedSignInsCleared e) => FailedSignIns = 0;

    public static string NormaliseUsername(string username) => username.Trim().ToLowerInvariant();
}
