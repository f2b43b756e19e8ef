using Alba;
using EventSourced.Domain.Accounts;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// The application in memory (Alba) on its own fresh database, loaded with the small demo city and
/// the demo accounts. One per test class: classes never see each other's events.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;

    public string ConnectionString { get; private set; } = string.Empty;

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>When set, the application's clock starts at this instant (Clock:Now).</summary>
    protected virtual string? ClockNow => null;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestCluster.NewDatabaseAsync(GetType().FullName ?? GetType().Name);
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Marten", ConnectionString);
            builder.UseSetting("Demo:LoadOnStart", "false");
            if (ClockNow is not null)
            {
                builder.UseSetting("Clock:Now", ClockNow);
            }
        });
        await DemoSeeder.SeedOrganisationsAsync(Store, DemoSize.Small, CancellationToken.None);
        await DemoSeeder.SeedAccountsAsync(Store, Host.Services.GetRequiredService<IPasswordHasher<UserAccount>>(), DemoSize.Small, CancellationToken.None);
        // Written behind the application's back, as the demo loader does: build the register keys and
        // tell the in-memory directory to look again.
        await Domain.Common.RegisterKeys.BackfillAsync(Store, CancellationToken.None);
        Host.Services.GetRequiredService<OrganisationDirectory>().Invalidate();
    }

    /// <summary>A client that keeps its cookies, signed in through the real sign-in form.</summary>
    public async Task<WebSession> SignInAsync(string username, string password = DemoSeeder.DemoPassword)
    {
        var session = new WebSession(Host);
        var response = await session.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["username"] = username, ["password"] = password });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect, $"sign-in as {username} failed");
        return session;
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
