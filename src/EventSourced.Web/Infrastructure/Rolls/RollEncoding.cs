using System.Text;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// Which encoding a text roll was saved in, guessed from its bytes (see docs/decisions/0012): a byte
/// order mark first; then UTF-16 without one by its zero bytes; then strict UTF-8; and what is not
/// valid UTF-8 is the legacy Vietnamese Windows-1258, or the bytes of a legacy font (<see cref="LegacyFonts"/>)
/// when its first lines read as one. The guesses come with a notice, so staff check the diacritics.
/// </summary>
public static class RollEncoding
{
    public const string ReadAsUtf16 = "Import.ReadAsUtf16";
    public const string ReadAsWindows1258 = "Import.ReadAsWindows1258";

    /// <summary>The bytes looked at to recognise UTF-16 without a mark: the header line is in them.</summary>
    private const int Utf16Sample = 400;

    private static readonly Lazy<Encoding> Windows1258 = new(() =>
    {
        // The code pages are in the shared framework but not registered by default.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1258);
    });

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of <paramref name="bytes"/>, without its byte order mark; a guess that needs checking adds its notice code.</summary>
    public static string Decode(byte[] bytes, ICollection<string> notices)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(notices);
        switch (bytes)
        {
            case [0xEF, 0xBB, 0xBF, ..]:
                return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
            case [0xFF, 0xFE, ..]:
                return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
            case [0xFE, 0xFF, ..]:
                return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (Utf16WithoutMark(bytes) is { } utf16)
        {
            notices.Add(ReadAsUtf16);
            return utf16.GetString(bytes);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException) when (LegacyFonts.ReadsAsLegacyFont(bytes))
        {
            // Typed in a legacy font (.VnTime, VNI-Times): each byte is the Latin-1 character the font draws
            // as a Vietnamese letter; the rows are converted afterwards, with their own notice (LegacyFonts).
            return Encoding.Latin1.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Legacy Vietnamese software wrote Windows-1258 with the tones as separate combining
            // marks; every cell is composed to NFC afterwards.
            notices.Add(ReadAsWindows1258);
            return Windows1258.Value.GetString(bytes);
        }
    }

    /// <summary>
    /// UTF-16 without a byte order mark: the headers are Latin letters, so every other byte is zero
    /// (the odd ones in little endian, the even ones in big endian). No 8-bit text has a zero byte.
    /// </summary>
    private static Encoding? Utf16WithoutMark(byte[] bytes)
    {
        if (bytes.Length < 4 || bytes.Length % 2 != 0)
        {
            return null;
        }

        var sample = Math.Min(bytes.Length, Utf16Sample);
        var oddZeros = 0;
        var evenZeros = 0;
        for (var i = 0; i < sample; i++)
        {
            if (bytes[i] == 0)
            {
                _ = i % 2 == 0 ? evenZeros++ : oddZeros++;
            }
        }

        if (oddZeros <= sample / 4 && evenZeros <= sample / 4)
        {
            return null;
        }

        return oddZeros >= evenZeros ? Encoding.Unicode : Encoding.BigEndianUnicode;
    }
}
