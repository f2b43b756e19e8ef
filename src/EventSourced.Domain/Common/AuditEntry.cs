using System.Reflection;
using JasperFx.Events;
using NodaTime;

namespace EventSourced.Domain.Common;

/// <summary>Who recorded an event, in which role and organisation, why, and on whose decision.</summary>
public sealed record Actor(
    string? UserId,
    string? UserName,
    string? DisplayName,
    string? Role,
    string? OrganisationId,
    string? OrganisationName);

/// <summary>
/// One stored event as an auditor reads it: what happened (<see cref="Data"/>), the business date it
/// took effect, when and by whom it was recorded, and the correlation that ties it to the request.
/// Built from the stream itself, so it can never disagree with what is stored.
/// </summary>
public sealed record AuditEntry(
    long Version,
    long Sequence,
    object Data,
    LocalDate? EffectiveDate,
    Instant RecordedAt,
    Actor RecordedBy,
    string? Reason,
    string? DecisionReference,
    string? CorrelationId,
    string? CausationId)
{
    public string EventName => Data.GetType().Name;

    /// <summary>The reconciliation header ("id:item") of a change made from a reconciliation.</summary>
    public string? Reconciliation { get; init; }

    public static AuditEntry From(IEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new AuditEntry(
            e.Version,
            e.Sequence,
            e.Data,
            EffectiveDateOf(e.Data),
            Instant.FromDateTimeOffset(e.Timestamp),
            new Actor(
                Header(e, AuditHeaders.UserId),
                Header(e, AuditHeaders.UserName) ?? e.UserName,
                Header(e, AuditHeaders.DisplayName),
                Header(e, AuditHeaders.Role),
                Header(e, AuditHeaders.OrganisationId),
                Header(e, AuditHeaders.OrganisationName)),
            Header(e, AuditHeaders.Reason),
            Header(e, AuditHeaders.DecisionReference),
            e.CorrelationId,
            e.CausationId)
        {
            Reconciliation = Header(e, AuditHeaders.Reconciliation),
        };
    }

    /// <summary>Every event with a business date carries it as <c>EffectiveDate</c>; others have none.</summary>
    public static LocalDate? EffectiveDateOf(object data) =>
        data.GetType().GetProperty("EffectiveDate", BindingFlags.Public | BindingFlags.Instance)?.GetValue(data) as LocalDate?;

    private static string? Header(IEvent e, string key) => e.Headers?.GetValueOrDefault(key)?.ToString();
}
