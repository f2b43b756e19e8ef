using EventSourced.Domain.Accounts;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;

namespace EventSourced.Web.Pages.Audit;

/// <summary>What the audit views share: the unit asked about, and who is looking.</summary>
public static class AuditUnit
{
    /// <summary>
    /// The active unit with <paramref name="code"/> on the tree of the date asked (<paramref name="on"/>),
    /// when it lies in the reader's audit scope (judged on today's tree); null for unknown, not active
    /// that day, or out of scope alike, so a view never confirms what exists elsewhere.
    /// </summary>
    public static async Task<OrganisationNode?> FindAsync(CurrentUser user, OrganisationTree on, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(on);
        var roots = await user.ScopeRootsAsync(Permission.ReadAudit, ct);
        var today = await user.TreeAsync(ct);
        return on.FindActiveByCode(code) is { } unit && roots.Any(r => today.IsWithin(unit.Id, r)) ? unit : null;
    }

    /// <summary>"Display name (username)" of the reader, as exports and printed pages name them.</summary>
    public static Task<string> ReaderAsync(CurrentUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.SignatureAsync(ct);
    }
}
