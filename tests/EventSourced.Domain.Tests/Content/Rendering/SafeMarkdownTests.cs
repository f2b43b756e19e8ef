using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using EventSourced.Domain.Content.Rendering;

namespace EventSourced.Domain.Tests.Content.Rendering;

public class SafeMarkdownTests
{
    [Fact]
    public void vietnamese_markdown_renders_as_article_html()
    {
        var markdown = """
            # Hướng dẫn sinh hoạt chi bộ

            Đảng viên **phải** tham gia _đầy đủ_ các buổi sinh hoạt.

            - Chuẩn bị nội dung
            - Ghi biên bản

            > Trích Điều lệ Đảng

            | Chi bộ | Số đảng viên |
            | --- | --- |
            | Phúc Xá | 12 |
            """;

        var html = SafeMarkdown.ToHtml(markdown);

        html.ShouldContain("<h1>Hướng dẫn sinh hoạt chi bộ</h1>");
        html.ShouldContain("<strong>phải</strong>");
        html.ShouldContain("<em>đầy đủ</em>");
        html.ShouldContain("<li>Chuẩn bị nội dung</li>");
        html.ShouldContain("<blockquote>");
        html.ShouldContain("<td>Phúc Xá</td>");
    }

    [Fact]
    public void decomposed_input_is_composed_before_rendering()
    {
        var html = SafeMarkdown.ToHtml("Phường Phúc Xá".Normalize(NormalizationForm.FormD));

        html.ShouldBe("<p>Phường Phúc Xá</p>".Normalize(NormalizationForm.FormC));
    }

    [Fact]
    public void code_blocks_keep_their_text_escaped()
    {
        var html = SafeMarkdown.ToHtml("```\n<script>alert(1)</script>\n```");

        html.ShouldContain("<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;");
        html.ShouldNotContain("<script");
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Xin chào <script>alert(1)</script> các đồng chí")]
    [InlineData("<SCRIPT SRC=//evil.example/x.js></SCRIPT>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<div style=\"background:url(javascript:alert(1))\">x</div>")]
    [InlineData("<a href=\"javascript:alert(1)\">bấm</a>")]
    [InlineData("<p onclick=\"alert(1)\">đoạn</p>")]
    [InlineData("<object data=\"x.swf\"></object>")]
    [InlineData("Đoạn văn\n\n<details open ontoggle=alert(1)>")]
    public void raw_html_in_markdown_is_shown_as_text_never_as_markup(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        // The author's tags come out escaped, as the characters typed: only Markdig's own paragraph remains.
        ElementsIn(html).ShouldAllBe(e => e.LocalName == "p" && e.Attributes.Length == 0);
        html.ShouldContain("&lt;");
    }

    [Theory]
    [InlineData("<script>alert(1)</script><p>x</p>")]
    [InlineData("<p>x<img src=x onerror=alert(1)></p>")]
    [InlineData("<p>x<img src=\"/files/a.png\" onerror=alert(1)></p>")]
    [InlineData("<p onclick=\"alert(1)\" style=\"color:red\" class=\"x\" id=\"csrf\">x</p>")]
    [InlineData("<p>x<svg><script>alert(1)</script></svg></p>")]
    [InlineData("<p>x<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math></p>")]
    [InlineData("<p>x<iframe src=\"https://evil.example\"></iframe></p>")]
    [InlineData("<p>x<a href=\"javascript:alert(1)\">a</a></p>")]
    [InlineData("<p>x<a href=\"jav&#x09;ascript:alert(1)\">a</a></p>")]
    [InlineData("<p>x<a href=\"jav\tascript:alert(1)\">a</a></p>")]
    [InlineData("<p>x<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">a</a></p>")]
    [InlineData("<p>x<a href=\" javascript:alert(1)\">a</a></p>")]
    [InlineData("<p>x<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">a</a></p>")]
    [InlineData("<p>x<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\"></p>")]
    [InlineData("<p>x<form action=\"https://evil.example\"><input name=p><button>Gửi</button></form></p>")]
    [InlineData("<p>x<style>p{background:url(javascript:alert(1))}</style></p>")]
    [InlineData("<p>x<base href=\"https://evil.example/\"><meta http-equiv=refresh content=\"0;url=https://evil.example\"></p>")]
    public void the_sanitiser_alone_strips_classic_xss_payloads(string payload)
    {
        var html = SafeMarkdown.Sanitize(payload);

        var elements = ElementsIn(html);
        elements.ShouldAllBe(e => Allowed.Contains(e.LocalName));
        elements.SelectMany(e => e.Attributes).ShouldAllBe(a => a.Name == "href" || a.Name == "src" || a.Name == "rel" || a.Name == "alt");
        elements.Select(e => e.GetAttribute("href")).OfType<string>().ShouldAllBe(h => h.StartsWith("https:") || h.StartsWith('/'));
        html.ShouldNotContain("alert", Case.Insensitive);
        html.ShouldContain("x");
    }

    [Theory]
    [InlineData("[bấm](javascript:alert(1))")]
    [InlineData("[bấm](JaVaScRiPt:alert(1))")]
    [InlineData("[bấm](jav&#x09;ascript:alert(1))")]
    [InlineData("[bấm](jav&#x0A;ascript:alert(1))")]
    [InlineData("[bấm](&#106;avascript:alert(1))")]
    [InlineData("[bấm](%6Aavascript:alert(1))")]
    [InlineData("[bấm]( javascript:alert(1))")]
    [InlineData("[bấm](vbscript:msgbox(1))")]
    [InlineData("[bấm](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[bấm](//evil.example/phish)")]
    [InlineData("[bấm](file:///etc/passwd)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("<data:text/html,<script>alert(1)</script>>")]
    public void script_capable_links_lose_their_target(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        html.ShouldNotContain("href", Case.Insensitive);
        html.ShouldNotContain("<script", Case.Insensitive);
    }

    [Theory]
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)")]
    [InlineData("![x](http://tracker.example/pixel.png)")]
    [InlineData("![x](/admin/delete?id=1)")]
    [InlineData("![x](/files/../admin/delete)")]
    [InlineData("![x](//evil.example/a.png)")]
    public void images_from_anywhere_but_uploads_or_https_are_dropped_leaving_their_alt_text(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        html.ShouldNotContain("<img", Case.Insensitive);
        html.ShouldBe("<p>x</p>");
    }

    [Theory]
    [InlineData("![Ảnh bìa](/files/2024/anh-bia.png)", "/files/2024/anh-bia.png")]
    [InlineData("![Ảnh bìa](https://cdn.example.vn/anh.jpg)", "https://cdn.example.vn/anh.jpg")]
    public void uploaded_and_https_images_are_kept(string markdown, string src)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        html.ShouldBe($"<p><img src=\"{src}\" alt=\"Ảnh bìa\"></p>");
    }

    [Theory]
    [InlineData("[trang](https://dangbo.example.vn/tin)", "https://dangbo.example.vn/tin")]
    [InlineData("[trang](http://dangbo.example.vn/tin)", "http://dangbo.example.vn/tin")]
    [InlineData("[thư](mailto:vanphong@dangbo.example.vn)", "mailto:vanphong@dangbo.example.vn")]
    [InlineData("[mục](/handbook/sinh-hoat)", "/handbook/sinh-hoat")]
    [InlineData("[mục](#phan-2)", "#phan-2")]
    public void safe_links_are_kept_and_told_not_to_leak_the_opener_or_referrer(string markdown, string href)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        html.ShouldContain($"href=\"{href}\"");
        html.ShouldContain("rel=\"noopener noreferrer nofollow\"");
    }

    [Fact]
    public void bare_addresses_become_safe_links()
    {
        var html = SafeMarkdown.ToHtml("Xem https://dangbo.example.vn và www.example.vn");

        html.ShouldContain("<a href=\"https://dangbo.example.vn\" rel=\"noopener noreferrer nofollow\">");
        html.ShouldContain("<a href=\"http://www.example.vn\" rel=\"noopener noreferrer nofollow\">");
    }

    [Fact]
    public void a_link_title_cannot_break_out_of_its_attribute()
    {
        var html = SafeMarkdown.ToHtml("[a](https://example.vn \"x\\\" onmouseover=\\\"alert(1)\")");

        html.ShouldNotContain("onmouseover=\"", Case.Insensitive);
        html.ShouldContain("href=\"https://example.vn\"");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n ")]
    public void nothing_renders_as_nothing(string? markdown)
    {
        SafeMarkdown.ToHtml(markdown).ShouldBe(string.Empty);
        SafeMarkdown.ToPlainText(markdown).ShouldBe(string.Empty);
    }

    [Fact]
    public void plain_text_drops_markup_and_collapses_lines()
    {
        var markdown = """
            # Hướng dẫn

            Đảng viên **phải** tham gia [sinh hoạt](https://example.vn).

            - Một
            - Hai
            """;

        SafeMarkdown.ToPlainText(markdown).ShouldBe("Hướng dẫn Đảng viên phải tham gia sinh hoạt. Một Hai");
    }

    [Fact]
    public void plain_text_is_composed()
    {
        SafeMarkdown.ToPlainText("Phúc Xá".Normalize(NormalizationForm.FormD))
            .ShouldBe("Phúc Xá".Normalize(NormalizationForm.FormC));
    }

    private static readonly HashSet<string> Allowed = ["p", "a", "img", "em", "strong", "table", "tbody", "tr", "td"];

    // Parsed as a browser would, so assertions are about elements and attributes, not about text
    // that merely looks like a tag.
    private static IElement[] ElementsIn(string html) =>
        [.. new HtmlParser().ParseFragment(html, new HtmlParser().ParseDocument(string.Empty).Body!).OfType<IElement>().SelectMany(e => e.DescendantsAndSelf<IElement>())];
}
