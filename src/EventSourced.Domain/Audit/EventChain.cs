using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EventSourced.Domain.Audit;

/// <summary>
/// One row of <c>mt_events</c> exactly as stored. Every column but the archive flag is hashed;
/// <see cref="Archived"/> is read beside them, since the application never archives an event and an
/// archived one is hidden from every projection and rebuild (a break of its own, not a changed link).
/// <see cref="Data"/> and <see cref="Headers"/> are the stored <c>jsonb</c> as PostgreSQL prints it, which
/// is canonical: the same stored value always prints the same text, whatever wrote it.
/// </summary>
public sealed record StoredEvent(
    long Sequence,
    Guid Id,
    Guid? StreamId,
    long Version,
    string Type,
    string Data,
    byte[]? BinaryData,
    long TimestampMicroseconds,
    string? TenantId,
    string? DotNetType,
    string? CorrelationId,
    string? CausationId,
    string? Headers,
    string? UserName,
    bool Archived = false);

/// <summary>What a verification found wrong at one sequence number.</summary>
public enum ChainBreakKind
{
    /// <summary>The event's stored columns no longer give the hash recorded for it: it was altered.</summary>
    Altered,

    /// <summary>The chain has a link for this sequence number and the event is gone: it was deleted.</summary>
    Missing,

    /// <summary>An event below the chain's head that the chain never saw: it was inserted afterwards.</summary>
    NotInChain,

    /// <summary>A checkpoint kept elsewhere names a hash the chain no longer has at that sequence number: the chain was rewritten.</summary>
    CheckpointMismatch,

    /// <summary>
    /// The event is flagged archived: Marten's queries, projections and rebuilds pass over it, so it is hidden
    /// from the register as if deleted. The application never archives an event.
    /// </summary>
    Archived,
}

/// <summary>The first broken link, with the event concerned.</summary>
public sealed record ChainBreak(long Sequence, ChainBreakKind Kind, string? EventType, Guid? StreamId, long? Version);

/// <summary>The chain head at a moment, kept in the database and exported to be stored elsewhere.</summary>
public sealed record ChainCheckpoint(long Sequence, string Hash, DateTimeOffset TakenAt);

/// <summary>
/// The hash chain over the event log: each event's link is SHA-256 of the previous link and of the
/// event's immutable columns, so changing, removing or inserting any stored event breaks every link
/// after it, and a copy of one link kept elsewhere (a checkpoint) proves the whole history up to it.
/// Pure: the same rows always give the same links.
/// </summary>
public static class EventChain
{
    public const int HashLength = 32;

    /// <summary>The link before the first event.</summary>
    public static ReadOnlyMemory<byte> Genesis { get; } = new byte[HashLength];

    /// <summary>The link of <paramref name="e"/> after <paramref name="previous"/>.</summary>
    public static byte[] Link(ReadOnlySpan<byte> previous, StoredEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (previous.Length != HashLength)
        {
            throw new ArgumentException("a link is 32 bytes", nameof(previous));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previous);
        Number(hash, e.Sequence);
        Bytes(hash, e.Id.ToByteArray(bigEndian: true));
        Bytes(hash, e.StreamId?.ToByteArray(bigEndian: true));
        Number(hash, e.Version);
        Text(hash, e.Type);
        Text(hash, e.Data);
        Bytes(hash, e.BinaryData);
        Number(hash, e.TimestampMicroseconds);
        Text(hash, e.TenantId);
        Text(hash, e.DotNetType);
        Text(hash, e.CorrelationId);
        Text(hash, e.CausationId);
        Text(hash, e.Headers);
        Text(hash, e.UserName);
        return hash.GetHashAndReset();
    }

    /// <summary>Microseconds since 1970 of a stored timestamp (PostgreSQL keeps microseconds; .NET ticks are tenths of them).</summary>
    public static long Microseconds(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    public static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    public static byte[]? FromHex(string? hex)
    {
        if (hex is null || hex.Length != HashLength * 2)
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Each field is written with its length (or -1 for none), so that no two different rows can give
    // the same bytes by moving text from one field to the next, and null differs from empty.
    private static void Text(IncrementalHash hash, string? value) =>
        Bytes(hash, value is null ? null : Encoding.UTF8.GetBytes(value));

    private static void Bytes(IncrementalHash hash, byte[]? value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value?.Length ?? -1);
        hash.AppendData(length);
        if (value is not null)
        {
            hash.AppendData(value);
        }
    }

    private static void Number(IncrementalHash hash, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        hash.AppendData(bytes);
    }
}

/// <summary>What a walk along the chain found: how many events it checked, the first break and how many.</summary>
public sealed record ChainWalkResult(long Checked, long LastSequence, ChainBreak? FirstBreak, int Breaks);

/// <summary>
/// Walks the stored events and the stored links side by side, both in sequence order, recomputing
/// each link from the one stored before it: an altered event breaks its own link only, so the walk
/// names the event that changed (and counts any further ones) rather than everything after it.
/// </summary>
public static class ChainWalk
{
    public static async Task<ChainWalkResult> RunAsync(
        IAsyncEnumerable<StoredEvent> events,
        IAsyncEnumerable<(long Sequence, byte[] Hash)> links,
        ReadOnlyMemory<byte> start,
        Action<long>? progress,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(links);
        await using var e = events.GetAsyncEnumerator(ct);
        await using var l = links.GetAsyncEnumerator(ct);
        var hasEvent = await e.MoveNextAsync();
        var hasLink = await l.MoveNextAsync();
        var previous = start.ToArray();
        long checkedCount = 0, last = 0;
        ChainBreak? first = null;
        var breaks = 0;
        while (hasEvent || hasLink)
        {
            ct.ThrowIfCancellationRequested();
            if (hasEvent && (!hasLink || e.Current.Sequence < l.Current.Sequence))
            {
                Break(new ChainBreak(e.Current.Sequence, ChainBreakKind.NotInChain, e.Current.Type, e.Current.StreamId, e.Current.Version));
                last = e.Current.Sequence;
                hasEvent = await e.MoveNextAsync();
            }
            else if (!hasEvent || l.Current.Sequence < e.Current.Sequence)
            {
                Break(new ChainBreak(l.Current.Sequence, ChainBreakKind.Missing, null, null, null));
                previous = l.Current.Hash;
                last = l.Current.Sequence;
                hasLink = await l.MoveNextAsync();
            }
            else
            {
                if (!EventChain.Link(previous, e.Current).AsSpan().SequenceEqual(l.Current.Hash))
                {
                    Break(new ChainBreak(e.Current.Sequence, ChainBreakKind.Altered, e.Current.Type, e.Current.StreamId, e.Current.Version));
                }
                else if (e.Current.Archived)
                {
                    Break(new ChainBreak(e.Current.Sequence, ChainBreakKind.Archived, e.Current.Type, e.Current.StreamId, e.Current.Version));
                }

                previous = l.Current.Hash;
                last = e.Current.Sequence;
                hasEvent = await e.MoveNextAsync();
                hasLink = await l.MoveNextAsync();
            }

            if (++checkedCount % 10_000 == 0)
            {
                progress?.Invoke(checkedCount);
            }
        }

        progress?.Invoke(checkedCount);
        return new ChainWalkResult(checkedCount, last, first, breaks);

        void Break(ChainBreak found)
        {
            first ??= found;
            breaks++;
        }
    }
}
