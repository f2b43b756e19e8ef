using System.Globalization;

namespace EventSourced.Web.Infrastructure;

/// <summary>The members' app credentials: made when staff grant access, checked when the app signs in.</summary>
public static class AppSecrets
{
    /// <summary>Credentials are shown in groups (ABCD-EFGH-JK); the app may send them with or without dashes or spaces.</summary>
    public static string Normalise(string secret) =>
        new(secret.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    /// <summary>A new credential: 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 50 bits.</summary>
    public static string New()
    {
        const string alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
        var chars = System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(alphabet, 10);
        return string.Create(CultureInfo.InvariantCulture, $"{new string(chars[..4])}-{new string(chars[4..8])}-{new string(chars[8..])}");
    }
}
