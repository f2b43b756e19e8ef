using EventSourced.Domain.Common;
using Marten;
using Marten.Services.BatchQuerying;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>Staff issued the member a credential for the handbook app (only its hash is kept).</summary>
public sealed record MemberAppAccessGranted(Guid AccessId, string SecretHash, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>A credential for the app was revoked: every token issued under it stops working at once.</summary>
public sealed record MemberAppAccessRevoked(Guid AccessId, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>One credential of the member's for the app.</summary>
public sealed record AppAccessRecord(Guid Id, string SecretHash, LocalDate GrantedOn, bool Revoked);

/// <summary>Issue the member a new app credential; any earlier one is revoked in the same step.</summary>
public sealed record GrantAppAccess(Guid MemberId, int ExpectedVersion, Guid AccessId, string SecretHash);

/// <summary>Revoke the member's app credential (lost phone, left the Party).</summary>
public sealed record RevokeAppAccess(Guid MemberId, int ExpectedVersion, Guid AccessId);

public static class AppAccessHandler
{
    public static IReadOnlyList<object> Decide(GrantAppAccess command, Member member, LocalDate today)
    {
        MemberRules.MustBeMember(member);
        if (member.Exempt)
        {
            // Exempt members are not expected to use the handbook: no credential for them.
            throw new RuleViolation("Member.ExemptNotEligible");
        }

        if (string.IsNullOrEmpty(command.SecretHash))
        {
            throw new RuleViolation("Member.AppSecretRequired");
        }

        var events = member.AppAccess.Where(a => !a.Revoked).Select(a => (object)new MemberAppAccessRevoked(a.Id, today)).ToList();
        events.Add(new MemberAppAccessGranted(command.AccessId, command.SecretHash, today));
        return events;
    }

    public static MemberAppAccessRevoked Decide(RevokeAppAccess command, Member member, LocalDate today) =>
        member.AppAccess.Any(a => a.Id == command.AccessId && !a.Revoked)
            ? new MemberAppAccessRevoked(command.AccessId, today)
            : throw new RuleViolation("Member.AppAccessNotFound");

    /// <summary>
    /// Each member's active credential (<see cref="Member.ActiveAccess"/>), null when the member has none; a
    /// member not on the register is left out. One query for any number of members, reading the two fields
    /// the rule needs rather than whole records (history, cells, cards): the app's every request asks this.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, Guid?>> ActiveCredentialsAsync(IQuerySession session, IReadOnlyCollection<Guid> memberIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(memberIds);
        return memberIds.Count == 0
            ? new Dictionary<Guid, Guid?>()
            : Active(await session.QueryAsync<AccessFields>(ActiveCredentialsSql(session), ct, memberIds.ToArray()));
    }

    /// <summary>
    /// <see cref="ActiveCredentialsAsync(IQuerySession, IReadOnlyCollection{Guid}, CancellationToken)"/> as part of
    /// a batch, read in the batch's round trip; the task completes when the batch has run.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, Guid?>> ActiveCredentialsAsync(IBatchedQuery batch, IQuerySession session, IReadOnlyCollection<Guid> memberIds)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(memberIds);
        return memberIds.Count == 0
            ? new Dictionary<Guid, Guid?>()
            : Active(await batch.Query<AccessFields>(ActiveCredentialsSql(session), memberIds.ToArray()));
    }

    private static string ActiveCredentialsSql(IQuerySession session) =>
        $"select jsonb_build_object('id', d.id, 'status', d.data -> 'status', 'appAccess', d.data -> 'appAccess') from {session.DocumentStore.Options.Schema.For<Member>(qualified: true)} as d where d.id = any(?)";

    private static Dictionary<Guid, Guid?> Active(IReadOnlyList<AccessFields> found) =>
        found.ToDictionary(f => f.Id, f => Member.ActiveAccess(f.Status, f.AppAccess ?? [])?.Id);

    /// <summary>The member record's fields the credential check reads, named as the record stores them.</summary>
    private sealed record AccessFields(Guid Id, MembershipStatus Status, List<AppAccessRecord>? AppAccess);

    public static async Task Handle(GrantAppAccess command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendMany(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }

    public static async Task Handle(RevokeAppAccess command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, VietnamTime.Today(clock)));
    }
}
