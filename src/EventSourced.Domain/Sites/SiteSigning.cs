using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EventSourced.Domain.Sites;

/// <summary>What a site file is: a package or an update going down, a batch or a request for an update coming up.</summary>
public enum SiteFileKind
{
    Package,
    Batch,
    Update,
    UpdateRequest,
}

/// <summary>
/// A package or a batch as a file: its JSON payload kept as the exact text that was signed (so no
/// re-serialisation can change what the signature covers), the site it belongs to, and an
/// HMAC-SHA256 of kind, site and payload under that site's key.
/// </summary>
public sealed record SignedSiteFile(SiteFileKind Kind, Guid SiteUnitId, string Payload, string Signature);

/// <summary>Why a file was refused before anything in it was read as data.</summary>
public static class SiteFileRefusals
{
    public const string Malformed = "Site.Malformed";
    public const string SignatureInvalid = "Site.SignatureInvalid";
    public const string WrongKind = "Site.WrongKind";
    public const string UnknownSite = "Site.UnknownSite";
    public const string NotForThisSite = "Site.NotForThisSite";
    public const string EventNotAllowed = "Site.EventNotAllowed";
    public const string PackageUnknown = "Site.PackageUnknown";
    public const string RequestExpired = "Site.RequestExpired";
}

/// <summary>
/// Signing and checking site files. Each site has its own key, derived from the centre's key and the
/// site's unit id, so a key taken from one laptop signs for that site only, and the centre needs to
/// keep one secret, not one per site.
/// </summary>
public static class SiteSigning
{
    public static byte[] SiteKey(byte[] centreKey, Guid siteUnitId) =>
        HMACSHA256.HashData(centreKey, Encoding.UTF8.GetBytes("offline-site:" + siteUnitId.ToString("N")));

    public static SignedSiteFile Sign<T>(SiteFileKind kind, Guid siteUnitId, T payload, byte[] siteKey)
    {
        var text = JsonSerializer.Serialize(payload, PortableEvents.Json);
        return new SignedSiteFile(kind, siteUnitId, text, Convert.ToHexString(Mac(kind, siteUnitId, text, siteKey)));
    }

    /// <summary>The payload when the file is of <paramref name="kind"/> and signed under <paramref name="siteKey"/>; otherwise the refusal's code.</summary>
    public static (T? Payload, string? Refusal) Open<T>(SignedSiteFile file, SiteFileKind kind, byte[] siteKey)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Kind != kind)
        {
            return (null, SiteFileRefusals.WrongKind);
        }

        byte[] claimed;
        try
        {
            claimed = Convert.FromHexString(file.Signature ?? string.Empty);
        }
        catch (FormatException)
        {
            return (null, SiteFileRefusals.SignatureInvalid);
        }

        if (!CryptographicOperations.FixedTimeEquals(claimed, Mac(kind, file.SiteUnitId, file.Payload ?? string.Empty, siteKey)))
        {
            return (null, SiteFileRefusals.SignatureInvalid);
        }

        try
        {
            var payload = JsonSerializer.Deserialize<T>(file.Payload!, PortableEvents.Json);
            return payload is null ? (null, SiteFileRefusals.Malformed) : (payload, null);
        }
        catch (JsonException)
        {
            return (null, SiteFileRefusals.Malformed);
        }
    }

    public static string Write(SignedSiteFile file) => JsonSerializer.Serialize(file, PortableEvents.Json);

    /// <summary>The file, or null when it is not a site file at all.</summary>
    public static SignedSiteFile? Read(string text)
    {
        try
        {
            var file = JsonSerializer.Deserialize<SignedSiteFile>(text, PortableEvents.Json);
            return file is { Payload: not null, Signature: not null } ? file : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] Mac(SiteFileKind kind, Guid siteUnitId, string payload, byte[] siteKey) =>
        HMACSHA256.HashData(siteKey, Encoding.UTF8.GetBytes($"{kind}\n{siteUnitId:N}\n{payload}"));
}
