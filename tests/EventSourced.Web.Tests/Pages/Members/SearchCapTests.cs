using System.Text.RegularExpressions;
using EventSourced.Domain.Members.MemberList;
using EventSourced.Web.Demo;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>
/// A search that matches more members than <see cref="MemberListQuery.SearchCountCap"/> stops
/// counting there: the list says "more than", asks for a narrower search, and still shows its page.
/// </summary>
public sealed partial class SearchCapTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task a_search_matching_more_than_the_cap_says_more_than_and_still_lists_its_pages_while_a_narrow_one_counts_exactly()
    {
        // The small demo's register: about 2,300 members, nearly every one with a zero in the citizen ID or card number.
        var members = await DemoSeeder.SeedMembersAsync(app.Store, DemoSize.Small, new LocalDate(2025, 3, 1), DemoSeeder.SmallMembersPerCell, CancellationToken.None);
        members.ShouldBeGreaterThan(MemberListQuery.SearchCountCap);
        var admin = await app.SignInAsync("admin");

        var broad = await admin.GetTextAsync("/members?q=0");

        broad.ShouldContain("data-testid=\"member-count\" data-capped=\"true\"");
        Rows().Count(broad.ElementHtml("data-testid", "members")).ShouldBe(50 + 1, "a page and the header row");

        var next = await admin.GetTextAsync("/members?q=0&page=2");
        next.ShouldContain("data-capped=\"true\"");
        Rows().Count(next.ElementHtml("data-testid", "members")).ShouldBe(50 + 1, "a page and the header row");

        var one = await admin.GetTextAsync("/members?q=" + Uri.EscapeDataString(FirstCardNumber(broad)));
        one.ShouldContain("data-capped=\"false\"");
        Rows().Count(one.ElementHtml("data-testid", "members")).ShouldBe(1 + 1, "the member and the header row");
    }

    private static string FirstCardNumber(string html) => CardNumber().Match(html.ElementHtml("data-testid", "members")).Groups[1].Value;

    [GeneratedRegex("<tr[ >]")]
    private static partial Regex Rows();

    [GeneratedRegex(@"<code>(\d+)</code>")]
    private static partial Regex CardNumber();
}
