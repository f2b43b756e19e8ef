using System.Net;
using System.Net.Http.Json;
using System.Text;
using EventSourced.Domain.Installs;
using EventSourced.Web.Tests.Infrastructure;
using Marten;

namespace EventSourced.Web.Tests.Api;

/// <summary>
/// The app reports install events over HTTP: one or a batch, retries counted once, malformed or
/// refused payloads answered 400 with nothing stored, and never on the member's own stream.
/// </summary>
public sealed class InstallsApiTests(InstallsApiTests.Fixture app) : IClassFixture<InstallsApiTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [Fact]
    public async Task one_event_or_a_batch_is_stored_and_a_retry_is_counted_once()
    {
        var member = await AppMember.CreateAsync(app, "Vũ Thị Cài", "001190000201");
        using var client = member.Client(app);
        var installed = Event("Installed", "2025-03-01T08:00:00Z");
        var activated = Event("Activated", "2025-03-01T08:05:00Z");

        var single = await client.PostAsJsonAsync("/api/app/installs", installed, WebSession.Json);
        var batch = await client.PostAsJsonAsync("/api/app/installs", new[] { installed, activated, activated }, WebSession.Json);
        var retry = await client.PostAsJsonAsync("/api/app/installs", new[] { installed, activated }, WebSession.Json);

        (await single.Content.ReadAsStringAsync()).ShouldContain("\"stored\":1");
        (await batch.Content.ReadAsStringAsync()).ShouldContain("\"stored\":1");
        (await retry.Content.ReadAsStringAsync()).ShouldContain("\"stored\":0");
        await using var session = app.Store.QuerySession();
        var stream = await session.Events.FetchStreamAsync(MemberAppUsage.StreamIdFor(member.Id));
        stream.Select(e => ((AppInstallReported)e.Data).Kind).ShouldBe([AppInstallEventKind.Installed, AppInstallEventKind.Activated]);
        // The member's own stream is untouched: staff forms on the member do not go stale.
        (await session.Events.FetchStreamStateAsync(member.Id))!.Version.ShouldBe(2);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b11\",\"kind\":\"Exploded\",\"deviceId\":\"d\",\"platform\":\"android\",\"appVersion\":\"1.0\",\"occurredAt\":\"2025-03-01T08:00:00Z\"}]")]
    [InlineData("[{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b12\",\"kind\":\"Activated\",\"platform\":\"android\",\"appVersion\":\"1.0\",\"occurredAt\":\"2025-03-01T08:00:00Z\"}]")]
    [InlineData("[{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b13\",\"kind\":\"Activated\",\"deviceId\":\"d\",\"platform\":\"android\",\"appVersion\":\"1.0\",\"occurredAt\":\"2099-01-01T00:00:00Z\"}]")]
    [InlineData("[]")]
    [InlineData("42")]
    public async Task malformed_or_refused_payloads_get_400_and_nothing_is_stored(string body)
    {
        var member = await AppMember.CreateAsync(app, "Lý Văn Lỗi", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"001090000{Interlocked.Increment(ref _serial):D3}"));
        using var client = member.Client(app);

        var response = await client.PostAsync(new Uri("/api/app/installs", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(MemberAppUsage.StreamIdFor(member.Id))).ShouldBeNull();
    }

    private static int _serial = 300;

    [Fact]
    public async Task reports_without_a_member_token_are_refused()
    {
        var anonymous = await new WebSession(app.Host).PostJsonAsync("/api/app/installs", Event("Activated", "2025-03-01T08:00:00Z"));
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static object Event(string kind, string at) => new
    {
        eventId = Guid.NewGuid(),
        kind,
        deviceId = "device-1",
        platform = "android",
        appVersion = "2.3.0",
        occurredAt = at,
    };
}
