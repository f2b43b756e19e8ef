using System.Net;
using System.Net.Http.Json;
using EventSourced.Domain.Content;
using EventSourced.Web.Api;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Content;

/// <summary>
/// A repost written on the editor's screens: its source is kept on the post's events, shown on the
/// post's page and sent to the app beside the attribution.
/// </summary>
[Collection(ContentDeskApp.Collection)]
public sealed class RepostTests(ContentDeskApp app)
{
    private const string Url = "https://hanoi.dcs.vn/tin-tuc/hoi-nghi-quan-triet-nghi-quyet";
    private const string Site = "Cổng thông tin điện tử Đảng bộ Hà Nội";

    private static Dictionary<string, string> Source(string url = Url) => new()
    {
        ["Input.RepostUrl"] = url, ["Input.RepostSite"] = Site, ["Input.RepostDate"] = "2025-02-20",
    };

    [Fact]
    public async Task a_repost_reaches_the_feed_with_its_source_beside_the_attribution()
    {
        var id = await app.PublishedAsync("Hội nghị quán triệt nghị quyết (đăng lại)", Source());
        var member = await AppMember.CreateAsync(app, "Phạm Thị Đăng Lại", "001190000911");

        var stored = await app.PostAsync(id);
        stored.Revisions[0].Content.Repost.ShouldBe(new RepostSource(Url, Site, new LocalDate(2025, 2, 20)));
        (await (await app.SignInAsync("staff")).GetTextAsync($"/content/{id}")).ShouldContain("data-testid=\"repost-source\"");
        using var client = member.Client(app);
        var feed = await client.GetFromJsonAsync<AppFeedPage>("/api/app/feed?limit=50", WebSession.Json);
        var item = feed!.Items.Single(i => i.Id == id);
        item.RepostOf.ShouldBe(new AppRepostSource(Url, Site, new LocalDate(2025, 2, 20)));
        item.PublishedBy.Body.ShouldNotBeNullOrEmpty();
        item.ApprovedBy.ShouldNotBeEmpty();
        feed.Items.Where(i => i.Id != id).ShouldAllBe(i => i.RepostOf == null);
    }

    [Theory]
    [InlineData("javascript:alert(1)", "Content.RepostUrlInvalid")]
    [InlineData("hanoi.dcs.vn/tin-tuc", "Content.RepostUrlInvalid")]
    public async Task a_repost_whose_address_is_not_a_web_page_is_refused_and_nothing_is_stored(string url, string rule)
    {
        var staff = await app.SignInAsync("staff");
        var postId = Guid.NewGuid();
        var fields = new Dictionary<string, string>(Source(url))
        {
            ["PostId"] = postId.ToString(), ["UnitCode"] = DemoUnits.BaDinh.Code, ["Input.Kind"] = "News", ["Input.Title"] = "Tin đăng lại", ["Input.Body"] = "Nội dung",
        };

        var response = await staff.PostFormAsync("/content/new?kind=News", "/content/new?kind=News", fields);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain($"data-rule=\"{rule}\"");
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(postId)).ShouldBeNull();
    }
}
