using System.Net;
using System.Text;
using EventSourced.Web.Api;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Api;

/// <summary>
/// The anonymous site endpoints are limited per client address before anything is read (a host of its own,
/// so the limit reached here does not spill into the other site tests).
/// </summary>
public sealed class SiteApiRateLimitTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task an_address_past_its_requests_a_minute_gets_429_with_retry_after_on_both_site_endpoints()
    {
        using var centre = app.Host.Server.CreateClient();
        var events = await app.EventCountAsync();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < SiteRateLimitPolicy.RequestsPerMinute; i++)
        {
            answers.Add(await centre.PostAsync(new Uri(i % 2 == 0 ? "/api/sites/batches" : "/api/sites/updates", UriKind.Relative), new StringContent("{\"not\":\"a site file\"}", Encoding.UTF8, "application/json")));
        }

        var batch = await centre.PostAsync(new Uri("/api/sites/batches", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        var update = await centre.PostAsync(new Uri("/api/sites/updates", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.BadRequest);
        batch.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        batch.Headers.RetryAfter.ShouldNotBeNull();
        update.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await app.EventCountAsync()).ShouldBe(events);
    }
}
