using System.IO.Compression;
using EventSourced.Domain.Common;

namespace EventSourced.Domain.Content.Rendering;

/// <summary>What an uploaded file is for; each use has its own types and size limit.</summary>
public enum FileUse
{
    /// <summary>An article's cover picture, shown inline: PNG, JPEG or WebP, at most 5 MB.</summary>
    CoverImage,

    /// <summary>A document attached to an article, downloaded: PDF or DOCX, at most 20 MB.</summary>
    Attachment,
}

/// <summary>
/// An upload that passed the check. <see cref="ContentType"/> is the type the bytes show, not the one
/// the browser declared, and is what the file must be served with; <see cref="ServeAsAttachment"/>
/// says it must be served with "Content-Disposition: attachment" so the browser never renders it in
/// the site's origin.
/// </summary>
public sealed record CheckedFile(string ContentType, string Extension, bool ServeAsAttachment);

/// <summary>
/// Decides what an uploaded file really is from its first bytes, and refuses anything that is not
/// one of the few types a use allows. The name and the browser's declared type are only believed
/// when they agree with the bytes: an HTML page renamed "report.pdf" or an SVG (which can carry
/// script) called "cover.png" would otherwise be served from the site's own origin.
/// </summary>
public static class UploadedFileCheck
{
    /// <summary>How many leading bytes <see cref="Check(string, string?, ReadOnlySpan{byte}, long, FileUse)"/> needs to see.</summary>
    public const int HeadLength = 16;

    public const int CoverImageMaxMegabytes = 5;

    public const int AttachmentMaxMegabytes = 20;

    private const long Megabyte = 1024 * 1024;

    private static readonly FileKind Png = new(
        "image/png", [".png"], ["image/png", "image/x-png"], IsImage: true,
        head => head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]));

    private static readonly FileKind Jpeg = new(
        "image/jpeg", [".jpg", ".jpeg"], ["image/jpeg", "image/jpg", "image/pjpeg"], IsImage: true,
        head => head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]));

    private static readonly FileKind WebP = new(
        "image/webp", [".webp"], ["image/webp"], IsImage: true,
        head => head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8));

    private static readonly FileKind Pdf = new(
        "application/pdf", [".pdf"], ["application/pdf", "application/x-pdf"], IsImage: false,
        head => head.StartsWith("%PDF-"u8));

    // A DOCX is a ZIP; so are many things that are not documents, hence the name must agree too,
    // and the stream overload also looks for Word's parts in the archive's directory.
    private static readonly FileKind Docx = new(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"],
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip", "application/x-zip-compressed"],
        IsImage: false,
        head => head.StartsWith("PK\x03\x04"u8));

    // What a browser sends when it does not know the type: says nothing, so it cannot disagree.
    private static readonly string[] UnknownTypes = ["application/octet-stream", "binary/octet-stream"];

    /// <summary>
    /// Checks an upload from its name, declared type, first bytes (at least <see cref="HeadLength"/>
    /// when the file has that many) and total length.
    /// </summary>
    /// <exception cref="RuleViolation">
    /// "Content.FileEmpty"; "Content.FileTooLarge" with the limit in MB; "Content.FileTypeNotAllowed"
    /// with the file name, when the bytes are not an allowed type or the name or declared type disagree.
    /// </exception>
    public static CheckedFile Check(string fileName, string? declaredContentType, ReadOnlySpan<byte> head, long length, FileUse use)
    {
        if (length <= 0 || head.IsEmpty)
        {
            throw new RuleViolation("Content.FileEmpty");
        }

        var maxMegabytes = use == FileUse.CoverImage ? CoverImageMaxMegabytes : AttachmentMaxMegabytes;
        if (length > maxMegabytes * Megabyte)
        {
            throw new RuleViolation("Content.FileTooLarge", maxMegabytes);
        }

        var name = BareName(fileName);
        FileKind[] allowed = use == FileUse.CoverImage ? [Png, Jpeg, WebP] : [Pdf, Docx];
        FileKind? kind = null;
        foreach (var candidate in allowed)
        {
            if (candidate.Matches(head))
            {
                kind = candidate;
                break;
            }
        }

        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (kind is null || !kind.Extensions.Contains(extension) || !Agrees(kind, declaredContentType))
        {
            throw new RuleViolation("Content.FileTypeNotAllowed", name);
        }

        return new CheckedFile(kind.ContentType, extension, ServeAsAttachment: !kind.IsImage);
    }

    /// <summary>
    /// Checks an upload read from a seekable stream (an uploaded form file's stream is). Beyond the
    /// span overload, a DOCX must have a readable ZIP directory with "[Content_Types].xml" and Word's
    /// "word/" parts, and no macros. The stream's position is left where it was.
    /// </summary>
    /// <exception cref="RuleViolation">As for the span overload.</exception>
    public static CheckedFile Check(string fileName, string? declaredContentType, Stream content, FileUse use)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            throw new ArgumentException("The upload must be buffered so it can be read twice.", nameof(content));
        }

        var start = content.Position;
        try
        {
            Span<byte> head = stackalloc byte[HeadLength];
            var read = content.ReadAtLeast(head, HeadLength, throwOnEndOfStream: false);
            var result = Check(fileName, declaredContentType, head[..read], content.Length - start, use);

            if (result.ContentType == Docx.ContentType)
            {
                content.Position = start;
                if (!LooksLikeWordDocument(content))
                {
                    throw new RuleViolation("Content.FileTypeNotAllowed", BareName(fileName));
                }
            }

            return result;
        }
        finally
        {
            content.Position = start;
        }
    }

    // Reads only the ZIP's central directory; nothing is decompressed, so a zip bomb costs nothing.
    private static bool LooksLikeWordDocument(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var hasContentTypes = false;
            var hasWordPart = false;
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.Equals("word/vbaProject.bin", StringComparison.OrdinalIgnoreCase))
                {
                    // Macros: a .docm renamed to .docx.
                    return false;
                }

                hasContentTypes |= entry.FullName.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase);
                hasWordPart |= entry.FullName.StartsWith("word/", StringComparison.OrdinalIgnoreCase);
            }

            return hasContentTypes && hasWordPart;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    // Some browsers send the full client path ("C:\Users\...\a.pdf").
    private static string BareName(string? fileName)
    {
        var name = (fileName ?? string.Empty).Trim();
        var slash = name.LastIndexOfAny(['/', '\\']);
        return slash >= 0 ? name[(slash + 1)..] : name;
    }

    private static bool Agrees(FileKind kind, string? declaredContentType)
    {
        if (string.IsNullOrWhiteSpace(declaredContentType))
        {
            return true;
        }

        // "image/png; charset=binary" and the like: only the media type matters.
        var mediaType = declaredContentType.Split(';')[0].Trim();
        return UnknownTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase)
            || kind.DeclaredTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase);
    }

    private delegate bool HeadTest(ReadOnlySpan<byte> head);

    private sealed record FileKind(string ContentType, string[] Extensions, string[] DeclaredTypes, bool IsImage, HeadTest Test)
    {
        public bool Matches(ReadOnlySpan<byte> head) => Test(head);
    }
}
