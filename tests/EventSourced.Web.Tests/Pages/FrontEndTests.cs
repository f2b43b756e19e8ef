using System.Net;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Pages;

/// <summary>What every page promises: Vietnamese by default with English on request, htmx fragments, no inline script, no framing.</summary>
public sealed class FrontEndTests(FrontEndTests.Fixture app) : IClassFixture<FrontEndTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [Fact]
    public async Task pages_are_vietnamese_by_default_and_english_after_the_switch()
    {
        var session = await app.SignInAsync("auditor");

        var vietnamese = await session.GetTextAsync("/organisations");
        var switched = await session.PostFormAsync("/organisations", "/culture", new Dictionary<string, string> { ["culture"] = "en-GB", ["returnUrl"] = "/organisations" });
        var english = await session.GetTextAsync("/organisations");

        vietnamese.ShouldContain("<html lang=\"vi\">");
        vietnamese.ShouldShow(Texts.Vi("Tree.Title"));
        switched.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        switched.Headers.Location!.ToString().ShouldBe("/organisations");
        english.ShouldContain("<html lang=\"en\">");
        english.ShouldShow(Texts.En("Tree.Title"));
    }

    [Fact]
    public async Task the_culture_switch_never_redirects_off_site()
    {
        var session = new WebSession(app.Host);
        var response = await session.PostFormAsync("/login", "/culture", new Dictionary<string, string> { ["culture"] = "en-GB", ["returnUrl"] = "https://evil.example/" });
        response.Headers.Location!.ToString().ShouldBe("/");
    }

    [Fact]
    public async Task every_page_sends_the_security_headers()
    {
        var session = new WebSession(app.Host);
        var response = await session.GetAsync("/login");

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        csp.ShouldContain("script-src 'self'");
        csp.ShouldNotContain("unsafe-inline");
        csp.ShouldContain("frame-ancestors 'none'");
        response.Headers.GetValues("X-Frame-Options").ShouldContain("DENY");
        response.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
    }

    [Fact]
    public async Task pages_carry_no_inline_script_and_load_htmx_from_the_application()
    {
        var session = await app.SignInAsync("admin");
        var html = await session.GetTextAsync("/organisations");

        html.ShouldNotContain("<script>");
        html.ShouldContain("/lib/htmx/htmx.min.js");
        (await session.GetAsync("/lib/htmx/htmx.min.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await session.GetAsync("/js/app.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task an_htmx_search_gets_only_the_tree_fragment_and_varies_on_the_htmx_header()
    {
        var session = await app.SignInAsync("admin");
        var url = "/organisations?q=" + Uri.EscapeDataString("phuc xa");
        var fragment = await session.GetAsync(url, htmx: true, target: "tree-region");
        var full = await session.GetTextAsync(url);

        fragment.Headers.Vary.ShouldContain("HX-Request");
        var html = await fragment.Content.ReadAsStringAsync();
        html.ShouldStartWith("<div id=\"tree-region\">");
        html.ShouldContain("Phúc Xá");
        full.ShouldContain("<!DOCTYPE html>");
        full.ShouldContain("Phúc Xá");
    }

    [Fact]
    public async Task an_invalid_as_of_date_says_so_and_shows_today()
    {
        var session = await app.SignInAsync("admin");
        var html = await session.GetTextAsync("/organisations?asOf=32/13/2024");
        html.ShouldShow(Texts.Vi("Date.Invalid"));
    }

    [Fact]
    public async Task the_tree_as_of_a_date_before_a_unit_was_founded_does_not_show_it()
    {
        var session = await app.SignInAsync("admin");
        var committee = DemoUnits.BaDinh;
        var before = committee.EffectiveDate.PlusDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var children = await session.GetTextAsync($"/organisations/children?parentId={DemoUnits.City}&asOf={before}");
        var today = await session.GetTextAsync($"/organisations/children?parentId={DemoUnits.City}");

        children.ShouldNotContain(committee.Name);
        today.ShouldContain(committee.Name);
    }

    [Fact]
    public async Task health_reports_the_database()
    {
        var session = new WebSession(app.Host);
        var response = await session.GetAsync("/health");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }
}
