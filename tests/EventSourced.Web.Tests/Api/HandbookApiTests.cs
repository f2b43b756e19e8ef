using System.Net;
using System.Net.Http.Json;
using EventSourced.Domain.Content;
using EventSourced.Web.Api;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Api;

/// <summary>
/// The app reads handbook content: the member's feed (their audience only, newest first, paged by an
/// opaque cursor, with the attribution line) and the document library (with or without diacritics,
/// filters, relevance), and the API is described at /openapi/v1.json.
/// </summary>
public sealed class HandbookApiTests(HandbookApiTests.Fixture app) : IClassFixture<HandbookApiTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        public PublishedPosts.Seeded Posts { get; private set; } = null!;

        public AppMember Member { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Posts = await PublishedPosts.SeedAsync(Store);
            Member = await AppMember.CreateAsync(this, "Đỗ Thị Đọc", "001190000601");
        }
    }

    [Fact]
    public async Task the_feed_holds_the_live_posts_of_the_members_units_and_own_cell_newest_first()
    {
        using var client = app.Member.Client(app);

        var page = await GetAsync<AppFeedPage>(client, "/api/app/feed");

        page.Items.Select(i => i.Id).ShouldBe(app.Posts.OwnFeed);
        page.NextCursor.ShouldBeNull();
        page.Items.Select(i => i.PublishedAt).ShouldBeInOrder(SortDirection.Descending);
        var document = page.Items.Single(i => i.Id == app.Posts.BaDinhDocument);
        document.Kind.ShouldBe(PostKind.Document);
        document.Unit.Id.ShouldBe(DemoUnits.BaDinh.OrganisationId);
        document.Document!.Number.ShouldBe("12-KH/QU");
        document.Document.Type.ShouldBe(DocumentType.Plan);
        document.Document.AttachmentUrl.ShouldStartWith("/files/");
        document.ApprovedBy.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            a => a.Name.ShouldBe(PublishedPosts.ApproverName),
            a => a.Role.ShouldBe(BoardRole.Approver),
            a => a.Title.ShouldBe(PublishedPosts.ApproverTitle),
            a => a.Body.ShouldBe(DemoUnits.BaDinh.Name));
        document.PublishedBy.Body.ShouldBe(DemoUnits.BaDinh.Name);
        var bulletin = page.Items.Single(i => i.Id == app.Posts.OwnBulletin).Bulletin!;
        bulletin.Cell!.Id.ShouldBe(PublishedPosts.OwnCell.OrganisationId);
        bulletin.Topic.ShouldBe("Kiểm điểm công tác quý I");
        bulletin.MeetingDate.ShouldBe(new NodaTime.LocalDate(2025, 4, 5));
        page.Items.Single(i => i.Id == app.Posts.CityNews).CoverImageUrl.ShouldStartWith("/files/");
    }

    [Fact]
    public async Task every_post_names_who_approved_and_who_published_it_with_their_role_position_and_body()
    {
        // Read as the app reads it, field names and all: each post shows the person and the body that approved and published it.
        using var client = app.Member.Client(app);

        using var feed = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/app/feed", UriKind.Relative)));

        var items = feed.RootElement.GetProperty("items").EnumerateArray().ToList();
        items.ShouldNotBeEmpty();
        foreach (var item in items)
        {
            var approval = item.GetProperty("approvedBy").EnumerateArray().ShouldHaveSingleItem();
            approval.GetProperty("name").GetString().ShouldBe(PublishedPosts.ApproverName);
            approval.GetProperty("body").GetString().ShouldNotBeNullOrWhiteSpace();
            var publisher = item.GetProperty("publishedBy");
            publisher.GetProperty("name").GetString().ShouldBe(PublishedPosts.PublisherName);
            publisher.GetProperty("role").GetString().ShouldBe("Publisher");
            publisher.GetProperty("title").GetString().ShouldBe(PublishedPosts.PublisherTitle);
            publisher.GetProperty("body").GetString().ShouldBe(approval.GetProperty("body").GetString());
        }
    }

    [Fact]
    public async Task the_body_reaches_the_app_as_sanitised_html()
    {
        using var client = app.Member.Client(app);

        var news = (await GetAsync<AppFeedPage>(client, "/api/app/feed")).Items.Single(i => i.Id == app.Posts.CityNews);

        news.BodyHtml.ShouldContain("<strong>thi đua</strong>");
        news.BodyHtml.ShouldNotContain("<script", Case.Insensitive);
        news.BodyHtml.ShouldNotContain("javascript:", Case.Insensitive);
    }

    [Fact]
    public async Task paging_with_the_cursor_walks_every_item_once()
    {
        using var client = app.Member.Client(app);
        var seen = new List<Guid>();
        string? cursor = null;

        for (var requests = 0; requests < 10; requests++)
        {
            var page = await GetAsync<AppFeedPage>(client, "/api/app/feed?limit=1" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
            page.Items.Count.ShouldBeLessThanOrEqualTo(1);
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
            if (cursor is null)
            {
                break;
            }
        }

        seen.ShouldBe(app.Posts.OwnFeed);
    }

    [Theory]
    [InlineData("/api/app/feed?cursor=not-a-cursor")]
    [InlineData("/api/app/feed?cursor=MTIzOnh5eg")]
    [InlineData("/api/app/feed?limit=0")]
    [InlineData("/api/app/feed?limit=51")]
    [InlineData("/api/app/documents?type=Poem")]
    [InlineData("/api/app/documents?type=3")]
    [InlineData("/api/app/documents?from=20/12/2024")]
    [InlineData("/api/app/documents?to=2024-13-01")]
    [InlineData("/api/app/documents?page=0")]
    public async Task a_request_the_server_cannot_read_is_answered_400_with_the_reason(string url)
    {
        using var client = app.Member.Client(app);

        var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"title\"");
    }

    [Theory]
    [InlineData("/api/app/feed")]
    [InlineData("/api/app/documents")]
    public async Task without_a_member_token_the_content_is_refused(string url)
    {
        var response = await new WebSession(app.Host).GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("nghi quyet 05")]
    [InlineData("Nghị quyết")]
    [InlineData("05-NQ/TU")]
    [InlineData("CHUYỂN ĐỔI")]
    public async Task a_document_is_found_with_or_without_diacritics(string words)
    {
        using var client = app.Member.Client(app);

        var page = await GetAsync<AppDocumentPage>(client, "/api/app/documents?q=" + Uri.EscapeDataString(words));

        page.Items.Select(i => i.Id).ShouldContain(app.Posts.Resolution);
        page.Items.ShouldAllBe(i => i.Kind == PostKind.Document);
    }

    [Fact]
    public async Task the_library_lists_live_valid_documents_of_every_unit_and_filters_by_type_body_and_date()
    {
        using var client = app.Member.Client(app);

        var all = await GetAsync<AppDocumentPage>(client, "/api/app/documents");
        var resolutions = await GetAsync<AppDocumentPage>(client, "/api/app/documents?type=Resolution");
        var hoanKiem = await GetAsync<AppDocumentPage>(client, "/api/app/documents?issuingBody=" + Uri.EscapeDataString("Quận ủy Hoàn Kiếm"));
        var in2025 = await GetAsync<AppDocumentPage>(client, "/api/app/documents?from=2025-01-01&to=2025-12-31");

        // The library is not the feed: another district's documents are there; expired ones are not.
        all.Items.Select(i => i.Id).ShouldBe([app.Posts.HoanKiemDocument, app.Posts.BaDinhDocument, app.Posts.Resolution], ignoreOrder: true);
        all.Total.ShouldBe(3);
        all.Page.ShouldBe(1);
        resolutions.Items.Select(i => i.Id).ShouldBe([app.Posts.Resolution]);
        hoanKiem.Items.Select(i => i.Id).ShouldBe([app.Posts.HoanKiemDocument]);
        in2025.Items.Select(i => i.Id).ShouldBe([app.Posts.HoanKiemDocument, app.Posts.BaDinhDocument], ignoreOrder: true);
        all.Items.Single(i => i.Id == app.Posts.Resolution).ApprovedBy.ShouldHaveSingleItem().Body.ShouldBe(PublishedPosts.City.Name);
    }

    [Theory]
    [InlineData("chuyển đổi số")]
    [InlineData("chuyen doi")]
    public async Task a_title_match_ranks_before_a_match_in_the_body_only(string words)
    {
        using var client = app.Member.Client(app);

        var page = await GetAsync<AppDocumentPage>(client, "/api/app/documents?q=" + Uri.EscapeDataString(words));

        // The Hoàn Kiếm guidance mentions it in its text only, and is the more recent of the two.
        page.Items.Select(i => i.Id).ShouldBe([app.Posts.Resolution, app.Posts.HoanKiemDocument]);
    }

    [Fact]
    public async Task the_openapi_document_describes_the_app_endpoints()
    {
        var response = await new WebSession(app.Host).GetAsync("/openapi/v1.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = await response.Content.ReadAsStringAsync();
        json.ShouldContain("\"/api/app/feed\"");
        json.ShouldContain("\"/api/app/documents\"");
        json.ShouldContain("\"/api/app/me\"");
        json.ShouldContain("Sổ tay đảng viên — API cho ứng dụng");
        // Staff pages and endpoints are not part of the app's contract.
        json.ShouldNotContain("\"/api/organisations");
        json.ShouldNotContain("\"/files/");
    }

    private static async Task<T> GetAsync<T>(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {url}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(WebSession.Json))!;
    }
}
