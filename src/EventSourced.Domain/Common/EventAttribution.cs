using JasperFx.Events;

namespace EventSourced.Domain.Common;

/// <summary>
/// Who reported an event and in which request, set on the event itself rather than on the session.
/// A session's <c>LastModifiedBy</c>, correlation, causation and headers only fill what an event
/// leaves empty, so events of several users written in one transaction (decision 0031) each keep
/// their own, in the same columns a write of one user's events alone fills from the session
/// (<see cref="AuditMetadataMiddleware"/>): the audit trail, the timelines and the hash chain read
/// those columns and cannot tell the two writes apart.
/// </summary>
public sealed record EventAttribution(
    string UserName,
    string? CorrelationId,
    string? CausationId,
    IReadOnlyDictionary<string, string> Headers)
{
    public void ApplyTo(IEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.UserName = UserName;
        e.CorrelationId = CorrelationId;
        e.CausationId = CausationId;
        foreach (var (key, value) in Headers)
        {
            e.SetHeader(key, value);
        }
    }
}
