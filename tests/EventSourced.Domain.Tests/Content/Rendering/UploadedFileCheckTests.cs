using System.IO.Compression;
using System.Text;
using EventSourced.Domain.Common;
using EventSourced.Domain.Content.Rendering;

namespace EventSourced.Domain.Tests.Content.Rendering;

public class UploadedFileCheckTests
{
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static readonly byte[] PngBytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];
    private static readonly byte[] JpegBytes = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46, 0, 1];
    private static readonly byte[] WebPBytes = [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEBPVP8 "u8];
    private static readonly byte[] PdfBytes = [.. "%PDF-1.7\n%âãÏÓ\n"u8];
    private static readonly byte[] HtmlBytes = [.. "<!DOCTYPE html><html><script>alert(1)</script>"u8];
    private static readonly byte[] SvgBytes = [.. "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8];
    private static readonly byte[] GifBytes = [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0];

    private static CheckedFile Check(string name, byte[] bytes, FileUse use, string? declared = null, long? length = null) =>
        UploadedFileCheck.Check(name, declared, bytes, length ?? bytes.Length, use);

    private static RuleViolation Refusal(string name, byte[] bytes, FileUse use, string? declared = null, long? length = null) =>
        Should.Throw<RuleViolation>(() => Check(name, bytes, use, declared, length));

    [Theory]
    [InlineData("anh-bia.png", "image/png", "image/png")]
    [InlineData("ẢNH BÌA.PNG", null, "image/png")]
    [InlineData("anh-bia.jpg", "image/jpeg", "image/jpeg")]
    [InlineData("anh-bia.jpeg", "image/pjpeg", "image/jpeg")]
    [InlineData("anh-bia.webp", "application/octet-stream", "image/webp")]
    public void cover_images_are_recognised_by_their_bytes_and_shown_inline(string name, string? declared, string expected)
    {
        var bytes = expected switch
        {
            "image/png" => PngBytes,
            "image/jpeg" => JpegBytes,
            _ => WebPBytes,
        };

        var file = Check(name, bytes, FileUse.CoverImage, declared);

        file.ContentType.ShouldBe(expected);
        file.ServeAsAttachment.ShouldBeFalse();
    }

    [Fact]
    public void a_pdf_attachment_is_served_as_a_download()
    {
        var file = Check("Nghị quyết 01.pdf", PdfBytes, FileUse.Attachment, "application/pdf");

        file.ShouldBe(new CheckedFile("application/pdf", ".pdf", ServeAsAttachment: true));
    }

    [Fact]
    public void a_docx_attachment_is_served_as_a_download()
    {
        var file = Check("bien-ban.docx", WordDocument(), FileUse.Attachment, DocxType);

        file.ShouldBe(new CheckedFile(DocxType, ".docx", ServeAsAttachment: true));
    }

    [Fact]
    public void a_full_client_path_is_reduced_to_the_file_name()
    {
        Check(@"C:\Users\chibo\Desktop\bao-cao.pdf", PdfBytes, FileUse.Attachment).Extension.ShouldBe(".pdf");
        Refusal(@"C:\Users\chibo\Desktop\bao-cao.html", HtmlBytes, FileUse.Attachment).Arguments.ShouldBe(["bao-cao.html"]);
    }

    [Fact]
    public void an_html_page_renamed_to_pdf_is_refused()
    {
        var refusal = Refusal("bao-cao.pdf", HtmlBytes, FileUse.Attachment, "application/pdf");

        refusal.Code.ShouldBe("Content.FileTypeNotAllowed");
        refusal.Arguments.ShouldBe(["bao-cao.pdf"]);
    }

    [Theory]
    [InlineData("logo.svg", "image/svg+xml")]
    [InlineData("logo.png", "image/png")]
    [InlineData("logo.png", null)]
    public void an_svg_is_refused_as_an_image_because_it_can_carry_script(string name, string? declared)
    {
        Refusal(name, SvgBytes, FileUse.CoverImage, declared).Code.ShouldBe("Content.FileTypeNotAllowed");
    }

    [Fact]
    public void an_image_type_that_is_not_on_the_list_is_refused()
    {
        Refusal("dong.gif", GifBytes, FileUse.CoverImage, "image/gif").Code.ShouldBe("Content.FileTypeNotAllowed");
    }

    [Fact]
    public void a_name_that_disagrees_with_the_bytes_is_refused()
    {
        Refusal("anh.jpg", PngBytes, FileUse.CoverImage).Code.ShouldBe("Content.FileTypeNotAllowed");
        Refusal("anh.html", PngBytes, FileUse.CoverImage).Code.ShouldBe("Content.FileTypeNotAllowed");
        Refusal("anh", PngBytes, FileUse.CoverImage).Code.ShouldBe("Content.FileTypeNotAllowed");
        Refusal("anh.png.", PngBytes, FileUse.CoverImage).Code.ShouldBe("Content.FileTypeNotAllowed");
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("image/svg+xml")]
    [InlineData("image/jpeg")]
    public void a_declared_type_that_disagrees_with_the_bytes_is_refused(string declared)
    {
        Refusal("anh.png", PngBytes, FileUse.CoverImage, declared).Code.ShouldBe("Content.FileTypeNotAllowed");
    }

    [Fact]
    public void declared_type_parameters_and_case_are_ignored()
    {
        Check("anh.png", PngBytes, FileUse.CoverImage, "IMAGE/PNG; charset=binary").ContentType.ShouldBe("image/png");
    }

    [Fact]
    public void each_use_accepts_only_its_own_types()
    {
        Refusal("anh.png", PngBytes, FileUse.Attachment).Code.ShouldBe("Content.FileTypeNotAllowed");
        Refusal("van-ban.pdf", PdfBytes, FileUse.CoverImage).Code.ShouldBe("Content.FileTypeNotAllowed");
    }

    [Theory]
    [InlineData("bien-ban.zip")]
    [InlineData("bien-ban.docm")]
    [InlineData("bien-ban.xlsx")]
    public void a_zip_not_named_docx_is_refused(string name)
    {
        Refusal(name, WordDocument(), FileUse.Attachment).Code.ShouldBe("Content.FileTypeNotAllowed");
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E })]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x41, 0x56, 0x45 })]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0xFF, 0xD8 })]
    public void truncated_or_look_alike_headers_are_refused(byte[] head)
    {
        Refusal("anh.webp", head, FileUse.CoverImage).Code.ShouldBe("Content.FileTypeNotAllowed");
        Refusal("anh.jpg", head, FileUse.CoverImage).Code.ShouldBe("Content.FileTypeNotAllowed");
        Refusal("anh.png", head, FileUse.CoverImage).Code.ShouldBe("Content.FileTypeNotAllowed");
    }

    [Fact]
    public void an_empty_file_is_refused()
    {
        Refusal("anh.png", [], FileUse.CoverImage).Code.ShouldBe("Content.FileEmpty");
        Refusal("anh.png", PngBytes, FileUse.CoverImage, length: 0).Code.ShouldBe("Content.FileEmpty");
    }

    [Fact]
    public void a_cover_image_over_5_mb_is_refused_with_the_limit()
    {
        Check("anh.png", PngBytes, FileUse.CoverImage, length: 5 * 1024 * 1024).ContentType.ShouldBe("image/png");

        var refusal = Refusal("anh.png", PngBytes, FileUse.CoverImage, length: (5 * 1024 * 1024) + 1);

        refusal.Code.ShouldBe("Content.FileTooLarge");
        refusal.Arguments.ShouldBe([5]);
    }

    [Fact]
    public void an_attachment_over_20_mb_is_refused_with_the_limit()
    {
        Check("van-ban.pdf", PdfBytes, FileUse.Attachment, length: 20 * 1024 * 1024).ContentType.ShouldBe("application/pdf");

        var refusal = Refusal("van-ban.pdf", PdfBytes, FileUse.Attachment, length: (20 * 1024 * 1024) + 1);

        refusal.Code.ShouldBe("Content.FileTooLarge");
        refusal.Arguments.ShouldBe([20]);
    }

    [Fact]
    public void size_is_checked_before_type_so_a_huge_upload_is_told_the_limit()
    {
        Refusal("phim.mp4", HtmlBytes, FileUse.Attachment, length: 100L * 1024 * 1024).Code.ShouldBe("Content.FileTooLarge");
    }

    [Fact]
    public void from_a_stream_a_real_word_document_passes_and_the_position_is_kept()
    {
        using var stream = new MemoryStream(WordDocument());
        stream.Position = 0;

        var file = UploadedFileCheck.Check("bien-ban.docx", DocxType, stream, FileUse.Attachment);

        file.ContentType.ShouldBe(DocxType);
        stream.Position.ShouldBe(0);
    }

    [Fact]
    public void from_a_stream_a_zip_without_word_parts_is_refused_even_when_named_docx()
    {
        using var stream = new MemoryStream(Zip(("readme.txt", "xin chào")));

        Should.Throw<RuleViolation>(() => UploadedFileCheck.Check("bien-ban.docx", null, stream, FileUse.Attachment))
            .Code.ShouldBe("Content.FileTypeNotAllowed");
    }

    [Fact]
    public void from_a_stream_a_macro_document_renamed_docx_is_refused()
    {
        using var stream = new MemoryStream(WordDocument(("word/vbaProject.bin", "macro")));

        Should.Throw<RuleViolation>(() => UploadedFileCheck.Check("bien-ban.docx", null, stream, FileUse.Attachment))
            .Code.ShouldBe("Content.FileTypeNotAllowed");
    }

    [Fact]
    public void from_a_stream_a_broken_zip_named_docx_is_refused()
    {
        byte[] broken = [.. "PK\x03\x04"u8, .. Enumerable.Repeat((byte)0x41, 200)];
        using var stream = new MemoryStream(broken);

        Should.Throw<RuleViolation>(() => UploadedFileCheck.Check("bien-ban.docx", null, stream, FileUse.Attachment))
            .Code.ShouldBe("Content.FileTypeNotAllowed");
    }

    [Fact]
    public void from_a_stream_images_and_pdfs_are_checked_as_with_bytes()
    {
        using var png = new MemoryStream(PngBytes);
        using var empty = new MemoryStream();
        using var html = new MemoryStream(HtmlBytes);

        UploadedFileCheck.Check("anh.png", "image/png", png, FileUse.CoverImage).ContentType.ShouldBe("image/png");
        Should.Throw<RuleViolation>(() => UploadedFileCheck.Check("anh.png", null, empty, FileUse.CoverImage)).Code.ShouldBe("Content.FileEmpty");
        Should.Throw<RuleViolation>(() => UploadedFileCheck.Check("van-ban.pdf", null, html, FileUse.Attachment)).Code.ShouldBe("Content.FileTypeNotAllowed");
    }

    private static byte[] WordDocument(params (string Name, string Content)[] extra) =>
        Zip([
            ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("_rels/.rels", "<Relationships/>"),
            ("word/document.xml", "<w:document/>"),
            .. extra,
        ]);

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }
}
