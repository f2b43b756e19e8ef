using Alba;
using EventSourced.Domain.Accounts;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// The application in memory (Alba) on its own fresh database, loaded with the small demo city and
/// the demo accounts. One per test class: classes never see each other's events.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; protected set; } = null!;

    public string ConnectionString { get; private set; } = string.Empty;

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>When set, the application's clock starts at this instant (Clock:Now).</summary>
    protected virtual string? ClockNow => null;

    /// <summary>
    /// The sign-in throttle's clock: it stands still unless a test advances it, so a test's
    /// attempts are never let through because the machine was slow, and nothing waits for real.
    /// </summary>
    public FakeClock SignInClock { get; } = new(Instant.FromUtc(2025, 3, 3, 2, 0));

    /// <summary>The sign-in's answer-time floor, noting its waits instead of sleeping them.</summary>
    public RecordingSignInPacing SignInPacing { get; } = new();

    /// <summary>The host's environment; Development unless a test is about Production's behaviour.</summary>
    protected virtual string EnvironmentName => "Development";

    /// <summary>The connection string the application is given: the database's own, unless a fixture puts something between them.</summary>
    protected virtual string HostConnectionString => ConnectionString;

    /// <summary>Further settings for this fixture's host (e.g. trusted proxies).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestCluster.NewDatabaseAsync(GetType().FullName ?? GetType().Name);
        Host = await StartHostAsync();
        await SeedDemoAsync();
    }

    /// <summary>The small demo tree and the demo accounts, written as the demo loader writes them.</summary>
    protected async Task SeedDemoAsync()
    {
        await DemoSeeder.SeedOrganisationsAsync(Store, DemoSize.Small, CancellationToken.None);
        await DemoSeeder.SeedAccountsAsync(Store, Host.Services.GetRequiredService<IPasswordHasher<UserAccount>>(), DemoSize.Small, CancellationToken.None);
        // Written behind the application's back, as the demo loader does: build the register keys and
        // tell the in-memory directory to look again.
        await Domain.Common.RegisterKeys.BackfillAsync(Store, CancellationToken.None);
        Host.Services.GetRequiredService<OrganisationDirectory>().Invalidate();
    }

    /// <summary>
    /// Another application host on this fixture's database, as after a restart: the caller stops
    /// <see cref="Host"/> first when the test is about what the new host picks up, and disposes this one.
    /// </summary>
    public Task<IAlbaHost> StartAnotherHostAsync() => StartHostAsync();

    protected Task<IAlbaHost> StartHostAsync() =>
        AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment(EnvironmentName);
            builder.UseSetting("ConnectionStrings:Marten", HostConnectionString);
            builder.UseSetting("Demo:LoadOnStart", "false");
            if (ClockNow is not null)
            {
                builder.UseSetting("Clock:Now", ClockNow);
            }

            foreach (var (key, value) in Settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services =>
            {
                services.AddSingleton<IStartupFilter, TestClientAddress>();
                services.AddSingleton(new SignInThrottle(SignInClock, SignInThrottlePolicy.Default));
                services.AddSingleton<SignInPacing>(SignInPacing);
            });
        });

    /// <summary>
    /// A client that keeps its cookies, signed in through the real sign-in form (from <paramref name="clientAddress"/>
    /// when given, at <paramref name="site"/>'s host name when given, as a province's users are).
    /// </summary>
    public async Task<WebSession> SignInAsync(string username, string password = DemoSeeder.DemoPassword, string? clientAddress = null, Uri? site = null)
    {
        var session = new WebSession(Host, clientAddress, site);
        var response = await session.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["username"] = username, ["password"] = password });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, $"sign-in as {username} failed");
        return session;
    }

    /// <summary>How many events the store holds: a refused request must leave it as it was.</summary>
    public async Task<long> EventCountAsync() => (await Store.Advanced.FetchEventStoreStatistics()).EventCount;

    public virtual async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
