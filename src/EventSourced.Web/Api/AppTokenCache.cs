using System.Collections.Concurrent;

namespace EventSourced.Web.Api;

/// <summary>
/// The app's access tokens already unprotected, with what they carry, until they expire (decision 0039).
/// A token is immutable and its expiry is inside it, so what it said once it says until then; reading it
/// again cost every install report its key derivation, decryption and MAC, a tenth of the server's work
/// for one. Only tokens that unprotected successfully are kept: a forged or tampered one pays the full
/// check every time. Whether the credential is still active is never kept here: it is read per request
/// (or in the transaction that writes), so revoking still cuts the app off at once.
/// </summary>
public sealed class AppTokenCache(TimeProvider time)
{
    /// <summary>More tokens than this (a quarter of an hour of a city's phones) and the cache starts again empty.</summary>
    public const int Capacity = 200_000;

    public sealed record Payload(Guid MemberId, Guid AccessId, DateTimeOffset Expires);

    private readonly ConcurrentDictionary<string, Payload> _tokens = new(StringComparer.Ordinal);

    public int Count => _tokens.Count;

    /// <summary>What the token carries, when it was read before and has not expired since.</summary>
    public Payload? Find(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!_tokens.TryGetValue(token, out var payload))
        {
            return null;
        }

        if (payload.Expires > time.GetUtcNow())
        {
            return payload;
        }

        _tokens.TryRemove(token, out _);
        return null;
    }

    /// <summary>Keeps what a token that has just unprotected carries, until it expires.</summary>
    public void Keep(string token, Payload payload)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Expires <= time.GetUtcNow())
        {
            return;
        }

        if (_tokens.Count >= Capacity)
        {
            // Expired tokens are only dropped when read again: past the capacity, drop them all at once.
            _tokens.Clear();
        }

        _tokens[token] = payload;
    }
}
