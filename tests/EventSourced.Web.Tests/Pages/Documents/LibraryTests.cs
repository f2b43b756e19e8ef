using System.Net;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Pages.Documents;

/// <summary>
/// Staff look documents up at /documents: words with or without diacritics, filters, an empty state,
/// the results region alone for htmx, and the same page without JavaScript.
/// </summary>
public sealed class LibraryTests(LibraryTests.Fixture app) : IClassFixture<LibraryTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        public PublishedPosts.Seeded Posts { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Posts = await PublishedPosts.SeedAsync(Store);
        }
    }

    [Fact]
    public async Task a_search_without_diacritics_shows_the_document_with_its_details_and_links()
    {
        var staff = await app.SignInAsync("staff");

        var html = await staff.GetTextAsync("/documents?q=nghi+quyet+05");

        html.ShouldContain("<form method=\"get\" action=\"/documents\"");
        html.ShouldContain("Nghị quyết số 05-NQ/TU về chuyển đổi số");
        html.ShouldContain("Thành ủy Hà Nội");
        html.ShouldContain("20/12/2024");
        html.ShouldContain($"href=\"/content/{app.Posts.Resolution}\"");
        html.ShouldContain("href=\"/files/");
        html.ShouldNotContain("Kế hoạch học tập");
    }

    [Fact]
    public async Task filters_narrow_the_library_and_expired_or_withdrawn_documents_never_show()
    {
        var staff = await app.SignInAsync("staff");

        var all = await staff.GetTextAsync("/documents");
        var plans = await staff.GetTextAsync("/documents?type=Plan");
        var hoanKiem = await staff.GetTextAsync("/documents?body=" + Uri.EscapeDataString("Quận ủy Hoàn Kiếm"));

        all.ShouldContain("12-KH/QU");
        all.ShouldContain("08-HD/QU");
        all.ShouldContain("05-NQ/TU");
        all.ShouldNotContain("03-CT/TU");
        plans.ShouldContain("12-KH/QU");
        plans.ShouldNotContain("05-NQ/TU");
        hoanKiem.ShouldContain("08-HD/QU");
        hoanKiem.ShouldNotContain("12-KH/QU");
    }

    [Fact]
    public async Task a_search_that_finds_nothing_says_so()
    {
        var staff = await app.SignInAsync("staff");

        var html = await staff.GetTextAsync("/documents?q=khong+co+van+ban+nay");

        html.ShouldContain("data-testid=\"library-empty\"");
        html.ShouldNotContain("data-testid=\"document\"");
    }

    [Fact]
    public async Task a_date_that_cannot_be_read_is_reported_instead_of_ignored()
    {
        var staff = await app.SignInAsync("staff");

        var html = await staff.GetTextAsync("/documents?from=32/13/2024");

        html.ShouldContain("data-testid=\"form-error\"");
        html.ShouldNotContain("data-testid=\"document\"");
    }

    [Fact]
    public async Task htmx_gets_only_the_results_region_and_caches_keep_the_two_apart()
    {
        var staff = await app.SignInAsync("staff");

        var partial = await staff.GetAsync("/documents?q=Ngh%E1%BB%8B+quy%E1%BA%BFt", htmx: true, target: "document-rows");
        var full = await staff.GetAsync("/documents?q=Ngh%E1%BB%8B+quy%E1%BA%BFt");

        partial.StatusCode.ShouldBe(HttpStatusCode.OK);
        partial.Headers.Vary.ShouldContain("HX-Request");
        full.Headers.Vary.ShouldContain("HX-Request");
        var html = await partial.Content.ReadAsStringAsync();
        html.TrimStart().ShouldStartWith("<div id=\"document-rows\">");
        html.ShouldContain("05-NQ/TU");
        html.ShouldNotContain("<html");
        html.ShouldNotContain("<form");
        (await full.Content.ReadAsStringAsync()).ShouldContain("<html");
    }

    [Fact]
    public async Task the_library_needs_a_signed_in_user()
    {
        var response = await new WebSession(app.Host).GetAsync("/documents");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/login");
    }
}
