using System.Net;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>Which databases have standbys and which requests may read from them (decision 0028), without a database.</summary>
public sealed class ReadReplicasRulesTests
{
    private const string OneHost = "Host=127.0.0.1;Port=5432;Database=eventsourced;Username=app";
    private const string TwoHosts = "Host=127.0.0.1:5432,127.0.0.1:5433;Database=eventsourced;Username=app";

    [Fact]
    public void one_host_is_the_application_without_replicas()
    {
        var replicas = ReadReplicas.FromConfiguration(new ConfigurationBuilder().Build(), OneHost, Provinces.None);

        replicas.Enabled.ShouldBeFalse();
        ReadReplicas.WritesToPrimary(OneHost).ShouldBe(OneHost);
    }

    [Fact]
    public void several_hosts_name_standbys_and_connections_without_a_preference_reach_the_primary()
    {
        var replicas = ReadReplicas.FromConfiguration(new ConfigurationBuilder().Build(), TwoHosts, Provinces.None);

        replicas.Enabled.ShouldBeTrue();
        replicas.ReadYourWritesWindow.ShouldBe(TimeSpan.FromSeconds(5));
        replicas.MaxLag.ShouldBe(TimeSpan.FromSeconds(10));
        new NpgsqlConnectionStringBuilder(ReadReplicas.WritesToPrimary(TwoHosts)).TargetSessionAttributes.ShouldBe("primary");
        // An operator's own choice is kept.
        var chosen = TwoHosts + ";Target Session Attributes=read-write";
        ReadReplicas.WritesToPrimary(chosen).ShouldBe(chosen);
    }

    [Fact]
    public void with_provinces_the_provinces_databases_are_the_replicated_ones()
    {
        var provinces = new Provinces([new Province("hanoi", TwoHosts, ["hanoi.example"]), new Province("haiphong", OneHost, ["haiphong.example"])]);

        var replicas = ReadReplicas.FromConfiguration(new ConfigurationBuilder().Build(), OneHost, provinces);

        replicas.Databases.Select(d => d.Name).ShouldBe(["hanoi"]);
    }

    [Fact]
    public void a_window_of_zero_is_refused_at_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ReadReplicas:MaxLagSeconds"] = "0" }).Build();

        Should.Throw<InvalidOperationException>(() => ReadReplicas.FromConfiguration(configuration, TwoHosts, Provinces.None));
    }

    [Theory]
    [InlineData("GET", false, true)]
    [InlineData("HEAD", false, true)]
    [InlineData("GET", true, false)]
    [InlineData("POST", false, false)]
    public void only_a_read_from_someone_who_has_not_just_written_may_go_to_a_standby(string method, bool wroteRecently, bool standby)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        if (wroteRecently)
        {
            context.Request.Headers.Cookie = ReadReplicas.RecentWriteCookie + "=1";
        }

        ReadReplicas.MayReadFromStandby(context).ShouldBe(standby);
    }
}

/// <summary>
/// A primary and a hot standby streaming from it (two embedded clusters, PostgreSQL's own replication),
/// the application given both hosts (decision 0028): screens read from the standby, whoever has just written
/// reads from the primary, and a standby that is behind or down is left out until it is back.
/// </summary>
public sealed class ReadReplicasTests(ReadReplicasTests.Fixture app) : IClassFixture<ReadReplicasTests.Fixture>
{
    private static readonly LocalDate Ceremony = new(2024, 6, 3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public sealed class Fixture : AppFixture
    {
        private readonly TemporaryClusters _clusters = new("replica");
        private string _hosts = string.Empty;

        public EmbeddedPostgres Standby { get; private set; } = null!;

        public StandbyLagWatch Watch => Host.Services.GetRequiredService<StandbyLagWatch>();

        protected override string HostConnectionString => _hosts;

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["ReadReplicas:ReadYourWritesSeconds"] = "30",
            ["ReadReplicas:MaxLagSeconds"] = "5",
        };

        public override async Task InitializeAsync()
        {
            var primary = await _clusters.StartAsync(directory => EmbeddedPostgres.StartAsync(directory, durable: false));
            await primary.EnsureDatabaseAsync("register");
            // Every statement the standby runs is in its log, with its parameters: what a screen read there shows.
            Standby = await _clusters.StartAsync(directory => EmbeddedPostgres.StartStandbyAsync(primary, directory, durable: false, ["log_statement=all"]));
            _hosts = new NpgsqlConnectionStringBuilder(primary.ConnectionString("register"))
            {
                Host = $"127.0.0.1:{primary.Port},127.0.0.1:{Standby.Port}",
            }.ConnectionString;
            Host = await StartHostAsync();
            await SeedDemoAsync();
        }

        /// <summary>A client that has not written lately: the sign-in's own mark forgotten.</summary>
        public async Task<WebSession> ReaderAsync()
        {
            var session = await SignInAsync("staff");
            session.ForgetCookie(ReadReplicas.RecentWriteCookie);
            return session;
        }

        public async Task StandbySqlAsync(string sql)
        {
            // Not pooled: a test stops and restarts the standby, which breaks any connection kept from before.
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Standby.ConnectionString("register")) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        public string StandbyLog()
        {
            using var stream = new FileStream(Path.Combine(Standby.DataDirectory, "server.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await _clusters.DisposeAsync();
        }
    }

    [Fact]
    public async Task a_member_page_is_read_from_the_standby_once_replicated()
    {
        var clerk = await app.SignInAsync("staff");
        var reader = await app.ReaderAsync();

        // The page's query runs on the standby: its log holds the member's id as a parameter. (Npgsql
        // skips a standby it found not ready for a few seconds, so the first reads may still be the primary's.)
        await ReadFromTheStandbyAsync(clerk, reader, "Trần Thị Bản Sao");

        app.Watch.StandbysInUse.ShouldBeTrue();
    }

    [Fact]
    public async Task the_clerk_who_just_admitted_a_member_sees_them_while_the_standby_is_behind()
    {
        var clerk = await app.SignInAsync("staff");
        var reader = await app.ReaderAsync();
        await ReadFromTheStandbyAsync(clerk, reader, "Đỗ Văn Thăm Dò");
        await app.StandbySqlAsync("select pg_wal_replay_pause()");
        try
        {
            var member = await AdmissionForm.AdmitAsync(clerk, "Lê Văn Vừa Ghi", Ceremony);

            // The clerk's next screens read from the primary: the redirect shows the member at once.
            (await clerk.GetAsync($"/members/{member}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            // Someone who has not written reads from the standby, which has not replayed the admission yet.
            (await reader.GetAsync($"/members/{member}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

            // Behind by more than the allowed lag: every screen reads from the primary, the reader sees the member.
            await UntilAsync(() => Task.FromResult(!app.Watch.StandbysInUse), "the standby left out");
            (await reader.GetAsync($"/members/{member}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await app.StandbySqlAsync("select pg_wal_replay_resume()");
        }

        await UntilAsync(() => Task.FromResult(app.Watch.StandbysInUse), "the standby back in use once it has caught up");
    }

    [Fact]
    public async Task a_credential_revoked_while_the_standby_is_behind_stops_the_app_at_once()
    {
        var clerk = await app.SignInAsync("staff");
        var reader = await app.ReaderAsync();
        await ReadFromTheStandbyAsync(clerk, reader, "Vương Văn Dò Đường");
        var id = await AdmissionForm.AdmitAsync(clerk, "Vương Thị Thu Hồi", Ceremony);
        var member = await AppMember.GrantAsync(app, clerk, id, "unused");
        using var phone = member.Client(app);
        await Eventually.UntilAsync(async () => (await phone.GetAsync(new Uri("/api/app/me", UriKind.Relative))).StatusCode, code => code == HttpStatusCode.OK, Patience, "the member's record on the standby");
        Guid access;
        // A write session reads the primary (a query session may read the standby).
        await using (var session = app.Store.LightweightSession())
        {
            access = (await session.LoadAsync<Domain.Members.Member>(id))!.ActiveAppAccess!.Id;
        }

        await app.StandbySqlAsync("select pg_wal_replay_pause()");
        try
        {
            var revoked = await clerk.PostFormAsync($"/members/{id}/app", $"/members/{id}/app?handler=Revoke", new Dictionary<string, string>
            {
                ["ExpectedVersion"] = "2",
                ["AccessId"] = access.ToString(),
            });
            revoked.StatusCode.ShouldBe(HttpStatusCode.Redirect);

            // The standby still holds the credential as active; the check reads the primary.
            var answer = await phone.GetAsync(new Uri("/api/app/me", UriKind.Relative));
            app.Watch.StandbysInUse.ShouldBeTrue("a GET the standby may still serve");
            answer.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        finally
        {
            await app.StandbySqlAsync("select pg_wal_replay_resume()");
        }

        await UntilAsync(() => Task.FromResult(app.Watch.StandbysInUse), "the standby back in use once it has caught up");
    }

    [Fact]
    public async Task with_the_standby_down_screens_are_served_by_the_primary()
    {
        var clerk = await app.SignInAsync("staff");
        var member = await AdmissionForm.AdmitAsync(clerk, "Phạm Văn Dự Phòng", Ceremony);
        var reader = await app.ReaderAsync();
        await app.Standby.StopAsync();
        try
        {
            (await reader.GetAsync($"/members/{member}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await reader.GetAsync("/members")).StatusCode.ShouldBe(HttpStatusCode.OK);
            await UntilAsync(() => Task.FromResult(!app.Watch.StandbysInUse), "the unreachable standby left out");
            (await reader.GetAsync($"/members/{member}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await app.Standby.StartAgainAsync();
        }

        await UntilAsync(() => Task.FromResult(app.Watch.StandbysInUse), "the standby back in use after its restart");
    }

    /// <summary>Admits a member and has the reader open their page until the standby's log shows the read there.</summary>
    private async Task ReadFromTheStandbyAsync(WebSession clerk, WebSession reader, string name)
    {
        await UntilAsync(() => Task.FromResult(app.Watch.StandbysInUse), "the standby in use");
        var member = await AdmissionForm.AdmitAsync(clerk, name, Ceremony);
        await Eventually.UntilAsync(
            async () => (Page: (await reader.GetAsync($"/members/{member}")).StatusCode, InStandbyLog: app.StandbyLog().Contains(member.ToString(), StringComparison.Ordinal)),
            seen => seen.Page == HttpStatusCode.OK && seen.InStandbyLog,
            Patience,
            "the member page read from the standby",
            every: TimeSpan.FromMilliseconds(200));
    }

    private static Task UntilAsync(Func<Task<bool>> condition, string what) =>
        Eventually.UntilAsync(condition, Patience, what, every: TimeSpan.FromMilliseconds(200));
}
