using JasperFx.Events;
using Marten;

namespace EventSourced.Domain.Common;

/// <summary>Fetching a stream for writing, refused by name when it does not exist.</summary>
public static class Streams
{
    /// <summary>
    /// At the version the user saw: the form's hidden version. A stale form fails here or at commit
    /// with Marten's concurrency error, which the web answers as "changed by X at T".
    /// </summary>
    public static async Task<IEventStream<T>> AtVersionAsync<T>(IDocumentSession session, Guid id, int expectedVersion, string notFound, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(session);
        var stream = await session.Events.FetchForWriting<T>(id, expectedVersion, ct);
        return stream.Aggregate is null ? throw new RuleViolation(notFound) : stream;
    }

    /// <summary>At whatever version it is: for scheduled checks and for streams the user never saw.</summary>
    public static async Task<IEventStream<T>> LatestAsync<T>(IDocumentSession session, Guid id, string notFound, CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(session);
        var stream = await session.Events.FetchForWriting<T>(id, ct);
        return stream.Aggregate is null ? throw new RuleViolation(notFound) : stream;
    }

    /// <summary>
    /// The id of a unit's stream of some <paramref name="kind"/> ("rollout-target", "editorial-board"):
    /// derived from the unit's id, so there is one such stream per unit without a lookup, never equal
    /// to the unit's own stream id.
    /// </summary>
    public static Guid DerivedId(string kind, Guid unitId)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(kind + ":" + unitId.ToString("N")));
        return new Guid(hash.AsSpan(0, 16));
    }
}
