using System.Security.Cryptography;
using System.Text;
using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Exchange;

/// <summary>
/// What a data-centre key is for, which decides the personal fields it may read: the tree and the
/// statistics carry none; the register adds names, sex and year of birth; with identifiers, the full
/// date of birth, citizen ID and party card number too.
/// </summary>
public enum ApiKeyPurpose
{
    Statistics,
    Register,
    RegisterWithIdentifiers,
}

/// <summary>A key for the city data centre was created: only the SHA-256 of its secret is kept.</summary>
public sealed record ApiKeyCreated(Guid KeyId, string Name, string SecretHash, Guid ScopeUnitId, ApiKeyPurpose Purpose, Guid CreatedBy, Instant CreatedAt);

/// <summary>The key was revoked: every later call with it is refused.</summary>
public sealed record ApiKeyRevoked(Guid KeyId, Guid RevokedBy, Instant RevokedAt);

/// <summary>An exchange API key (inline snapshot, looked up by the hash of the secret presented).</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public string Name { get; set; } = string.Empty;

    public string SecretHash { get; set; } = string.Empty;

    public Guid ScopeUnitId { get; set; }

    public ApiKeyPurpose Purpose { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant? RevokedAt { get; set; }

    public bool Active => RevokedAt is null;

    public static ApiKey Create(ApiKeyCreated e) => new()
    {
        Id = e.KeyId,
        Name = e.Name,
        SecretHash = e.SecretHash,
        ScopeUnitId = e.ScopeUnitId,
        Purpose = e.Purpose,
        CreatedAt = e.CreatedAt,
    };

    public void Apply(ApiKeyRevoked e) => RevokedAt ??= e.RevokedAt;

    /// <summary>Lower-case hex SHA-256 of the secret as presented: what is stored and what a call is matched on.</summary>
    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret ?? string.Empty)));

    /// <summary>A new secret: 32 random bytes, URL-safe, prefixed so a leaked one is recognisable in logs and scanners.</summary>
    public static string NewSecret() =>
        "dck_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Whether the key's purpose lets it read a personal field.</summary>
    public static bool Allows(ApiKeyPurpose purpose, ApiKeyField field) => field switch
    {
        ApiKeyField.Register => purpose is ApiKeyPurpose.Register or ApiKeyPurpose.RegisterWithIdentifiers,
        ApiKeyField.Identifiers => purpose is ApiKeyPurpose.RegisterWithIdentifiers,
        _ => true,
    };
}

/// <summary>Groups of fields a purpose may open: the register (name, sex, year of birth, cell, standing) and identifiers (date of birth, citizen ID, card).</summary>
public enum ApiKeyField
{
    Counts,
    Register,
    Identifiers,
}

/// <summary>Create a key over a unit's subtree for a purpose; the page shows the secret once.</summary>
public sealed record CreateApiKey(Guid KeyId, string Name, string SecretHash, Guid ScopeUnitId, ApiKeyPurpose Purpose, Guid CreatedBy);

/// <summary>Revoke a key.</summary>
public sealed record RevokeApiKey(Guid KeyId, int ExpectedVersion, Guid RevokedBy);

public static class ApiKeyHandler
{
    public static ApiKeyCreated Decide(CreateApiKey command, Instant now)
    {
        ArgumentNullException.ThrowIfNull(command);
        var name = command.Name?.Trim() ?? string.Empty;
        if (name.Length == 0 || name.Length > TextLimits.Name)
        {
            throw new RuleViolation("ApiKey.NameRequired");
        }

        if (command.SecretHash.Length != 64)
        {
            throw new RuleViolation("ApiKey.SecretInvalid");
        }

        return new ApiKeyCreated(command.KeyId, name, command.SecretHash, command.ScopeUnitId, command.Purpose, command.CreatedBy, now);
    }

    public static ApiKeyRevoked Decide(RevokeApiKey command, ApiKey key, Instant now) =>
        key.Active ? new ApiKeyRevoked(command.KeyId, command.RevokedBy, now) : throw new RuleViolation("ApiKey.AlreadyRevoked");

    public static void Handle(CreateApiKey command, IDocumentSession session, IClock clock) =>
        session.Events.StartStream<ApiKey>(command.KeyId, Decide(command, clock.GetCurrentInstant()));

    public static async Task Handle(RevokeApiKey command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await Streams.AtVersionAsync<ApiKey>(session, command.KeyId, command.ExpectedVersion, "ApiKey.NotFound", ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, clock.GetCurrentInstant()));
    }
}
