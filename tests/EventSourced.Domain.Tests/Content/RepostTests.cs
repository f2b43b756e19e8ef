using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using static EventSourced.Domain.Tests.Content.ContentBuilder;

namespace EventSourced.Domain.Tests.Content;

/// <summary>A post reposting an article from a committee's website keeps the source on its events.</summary>
public class RepostTests
{
    private static readonly RepostSource Source = new("https://hanoi.dcs.vn/tin-tuc/hoi-nghi", "Cổng thông tin Đảng bộ Hà Nội", Today);

    private static PostDrafted Draft(ContentBuilder content, PostContent post) =>
        DraftPostHandler.Decide(new DraftPost(Guid.NewGuid(), content.Units.Ward.Id, Author.Id, post), content.Scope(), Now);

    [Fact]
    public void a_repost_keeps_its_original_address_site_and_date_on_the_draft_and_the_live_revision()
    {
        var content = new ContentBuilder();

        Draft(content, News() with { Repost = Source }).Content.Repost.ShouldBe(Source);
        content.Published(News() with { Repost = Source }).LiveContent!.Repost.ShouldBe(Source);
        Draft(content, Document() with { Repost = Source }).Content.Repost.ShouldBe(Source);
    }

    [Theory]
    [InlineData("hanoi.dcs.vn/tin-tuc", "Content.RepostUrlInvalid")]
    [InlineData("ftp://hanoi.dcs.vn/tin", "Content.RepostUrlInvalid")]
    [InlineData("javascript:alert(1)", "Content.RepostUrlInvalid")]
    [InlineData("/tin-tuc/1", "Content.RepostUrlInvalid")]
    [InlineData("  ", "Content.RepostUrlRequired")]
    public void the_original_address_is_an_absolute_http_or_https_address(string url, string rule)
    {
        Should.Throw<RuleViolation>(() => Draft(new ContentBuilder(), News() with { Repost = Source with { OriginalUrl = url } })).Code.ShouldBe(rule);
    }

    [Fact]
    public void the_site_is_named_and_the_original_date_has_come()
    {
        var content = new ContentBuilder();

        Should.Throw<RuleViolation>(() => Draft(content, News() with { Repost = Source with { SiteName = " " } })).Code.ShouldBe("Content.RepostSiteRequired");
        Should.Throw<RuleViolation>(() => Draft(content, News() with { Repost = Source with { OriginalDate = Today.PlusDays(1) } })).Code.ShouldBe("Content.RepostDateInFuture");
    }

    [Fact]
    public void a_bulletin_is_never_a_repost()
    {
        var content = new ContentBuilder();

        Draft(content, content.Bulletin() with { Repost = Source }).Content.Repost.ShouldBeNull();
    }
}
