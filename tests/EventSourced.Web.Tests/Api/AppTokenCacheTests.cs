using EventSourced.Web.Api;

namespace EventSourced.Web.Tests.Api;

/// <summary>
/// The app's tokens already read: kept until the expiry they carry and no longer, never past their
/// capacity, and never for a token that had already expired when it was read.
/// </summary>
public sealed class AppTokenCacheTests
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly DateTimeOffset Noon = new(2025, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void a_token_read_once_is_found_until_it_expires_and_not_after()
    {
        var clock = new Clock(Noon);
        var cache = new AppTokenCache(clock);
        var payload = new AppTokenCache.Payload(Guid.NewGuid(), Guid.NewGuid(), Noon.AddMinutes(15));

        cache.Find("token").ShouldBeNull();
        cache.Keep("token", payload);
        clock.Now = Noon.AddMinutes(15).AddTicks(-1);
        cache.Find("token").ShouldBe(payload);
        cache.Find("TOKEN").ShouldBeNull();

        clock.Now = Noon.AddMinutes(15);
        cache.Find("token").ShouldBeNull();
        cache.Count.ShouldBe(0);
    }

    [Fact]
    public void a_token_already_expired_is_not_kept()
    {
        var cache = new AppTokenCache(new Clock(Noon));

        cache.Keep("token", new AppTokenCache.Payload(Guid.NewGuid(), Guid.NewGuid(), Noon));

        cache.Count.ShouldBe(0);
        cache.Find("token").ShouldBeNull();
    }

    [Fact]
    public void past_its_capacity_the_cache_starts_again_and_keeps_the_newest()
    {
        var cache = new AppTokenCache(new Clock(Noon));
        var payload = new AppTokenCache.Payload(Guid.NewGuid(), Guid.NewGuid(), Noon.AddMinutes(15));
        for (var i = 0; i < AppTokenCache.Capacity; i++)
        {
            cache.Keep(i.ToString(System.Globalization.CultureInfo.InvariantCulture), payload);
        }

        cache.Count.ShouldBe(AppTokenCache.Capacity);
        cache.Keep("newest", payload);

        cache.Count.ShouldBe(1);
        cache.Find("newest").ShouldBe(payload);
        cache.Find("0").ShouldBeNull();
    }
}
