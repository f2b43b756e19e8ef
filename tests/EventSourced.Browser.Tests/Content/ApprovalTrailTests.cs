using System.Globalization;
using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;
using Microsoft.Playwright;

namespace EventSourced.Browser.Tests.Content;

/// <summary>
/// A post's way through the demo boards, in three browsers: an author of the Ba Đình board writes and
/// submits; the approver of the city board (the parent) finds it on the desk and approves; the city
/// board's publisher publishes. The post then carries the attribution and its trail names all three
/// with the bodies they acted for.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class ApprovalTrailTests(AppProcess app)
{
    private static readonly IReadOnlyList<OrganisationCreated> Demo = DemoCity.Build(DemoSize.Small);

    [BrowserFact]
    public async Task an_author_submits_the_parent_board_approves_a_publisher_publishes_and_the_trail_shows_all_three()
    {
        var title = "Chi bộ khu dân cư hoàn thành cài đặt Sổ tay " + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var baDinh = Demo.First(u => u.Kind == OrganisationKind.DirectlySubordinateCommittee && u.Name.Contains("Ba Đình", StringComparison.Ordinal));
        var city = Demo.First(u => u.Kind == OrganisationKind.CityCommittee);
        string postUrl;

        await using (var authorContext = await app.NewContextAsync())
        {
            var author = await app.SignInAsync(authorContext, "staff");
            await author.GotoAsync("/content/new?kind=News");
            (await author.Locator("#unit").InputValueAsync()).ShouldBe(baDinh.Code);
            await author.Locator("#title").FillAsync(title);
            await author.Locator("#summary").FillAsync("100% đảng viên của chi bộ đã cài đặt.");
            await author.Locator("#body").FillAsync("Chi bộ đã **hoàn thành** việc cài đặt.");
            await author.Locator("[data-testid=post-form] button[type=submit]").ClickAsync();
            await author.Locator("[data-testid=submit-form]").WaitForAsync();
            postUrl = new Uri(author.Url).AbsolutePath;
            await author.Locator("[data-testid=submit-form] button[type=submit]").ClickAsync();
            await author.Locator("p.flash").WaitForAsync();
            await Expect(author.Locator("[data-testid=post-status]")).ToHaveTextAsync(Texts.Vi("PostStatus.Submitted"));
            // The author holds no approver role: no review form for them.
            (await author.Locator("[data-testid=review-form]").CountAsync()).ShouldBe(0);
        }

        await using (var approverContext = await app.NewContextAsync())
        {
            var approver = await app.SignInAsync(approverContext, "approver");
            await approver.GotoAsync("/content");
            await approver.Locator("[data-testid=to-review]").GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
            await approver.Locator("#review-comment").FillAsync("Nội dung phù hợp, đồng ý đăng.");
            await approver.Locator("[data-testid=review-form] button.primary").ClickAsync();
            await approver.Locator("p.flash").WaitForAsync();
            await Expect(approver.Locator("[data-testid=post-status]")).ToHaveTextAsync(Texts.Vi("PostStatus.Approved"));
        }

        await using var publisherContext = await app.NewContextAsync();
        var publisher = await app.SignInAsync(publisherContext, "editor");
        await publisher.GotoAsync("/content");
        await publisher.Locator("[data-testid=to-publish]").GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await publisher.Locator("[data-testid=publish-form] button[type=submit]").ClickAsync();
        await publisher.Locator("p.flash").WaitForAsync();

        new Uri(publisher.Url).AbsolutePath.ShouldBe(postUrl);
        await Expect(publisher.Locator("[data-testid=post-status]")).ToHaveTextAsync(Texts.Vi("PostStatus.Published"));
        var approvedBy = publisher.Locator("[data-testid=approved-by]");
        await Expect(approvedBy).ToContainTextAsync("Phạm Quốc Hùng (Ban Biên tập), Phó Trưởng ban Tuyên giáo Thành ủy");
        await Expect(approvedBy).ToContainTextAsync(city.Name);
        var publishedBy = publisher.Locator("[data-testid=published-by]");
        await Expect(publishedBy).ToContainTextAsync("Lê Thu Hà (Ban Biên tập)");
        await Expect(publishedBy).ToContainTextAsync(city.Name);

        var rows = publisher.Locator("[data-testid=approval-trail] tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        var submitted = await rows.Nth(1).InnerTextAsync();
        submitted.ShouldContain("Nguyễn Thị Lan");
        submitted.ShouldContain(baDinh.Name);
        var approved = await rows.Nth(2).InnerTextAsync();
        approved.ShouldContain("Phạm Quốc Hùng");
        approved.ShouldContain(city.Name);
        approved.ShouldContain("đồng ý đăng");
        var published = await rows.Nth(3).InnerTextAsync();
        published.ShouldContain("Lê Thu Hà");
        published.ShouldContain(city.Name);
        await publisher.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-approval-trail.png"), FullPage = true });
    }
}
