using System.Net;
using System.Net.Http.Json;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace EventSourced.Web.Tests.Scaling;

/// <summary>
/// Two provinces on two PostgreSQL clusters, served by one application (decision 0025): Marten's database
/// per tenant and Wolverine's message storage per tenant, the province named by the host name. Each
/// province holds the small demo tree and the demo accounts. The clock is fixed at 3 March 2025, so a
/// transfer letter of 2 January is past due and its scheduled overdue check runs at once.
/// </summary>
public sealed class TwoProvincesTests(TwoProvincesTests.Fixture app) : IClassFixture<TwoProvincesTests.Fixture>
{
    public const string HaNoi = "hanoi";
    public const string HaiPhong = "haiphong";

    private static readonly Uri HaNoiSite = new("http://hanoi.example");
    private static readonly Uri HaiPhongSite = new("http://haiphong.example");
    private static readonly LocalDate Ceremony = new(2024, 6, 3);

    /// <summary>How long the background work of a province (daemon, chain keeper, scheduled checks) is waited for, and how often it is looked at.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private static readonly OrganisationCreated HaiPhongOnlyCell = new(
        Guid.NewGuid(), "HP.CB-RIENG", "Chi bộ chỉ có ở Hải Phòng", OrganisationKind.Cell,
        DemoUnits.GrassrootsUnder(DemoUnits.BaDinh).OrganisationId, OrganisationFlags.None, new LocalDate(2020, 1, 1));

    public sealed class Fixture : AppFixture
    {
        private readonly Dictionary<string, string> _settings = [];
        private readonly TemporaryClusters _clusters = new("province");

        /// <summary>Each province's database, directly (not through the application).</summary>
        public Dictionary<string, string> Databases { get; } = [];

        /// <summary>Wolverine's main database (ConnectionStrings:Marten): no province's records.</summary>
        public string MainDatabase { get; private set; } = string.Empty;

        public IReadOnlyList<int> Ports => _clusters.Ports;

        protected override string? ClockNow => "2025-03-03T02:00:00Z";

        protected override string HostConnectionString => MainDatabase;

        protected override IReadOnlyDictionary<string, string> Settings => _settings;

        public override async Task InitializeAsync()
        {
            // Two clusters as two servers would be: their own data directories, their own ports.
            var hanoi = await _clusters.StartAsync();
            var haiphong = await _clusters.StartAsync();
            await hanoi.EnsureDatabaseAsync(HaNoi);
            await haiphong.EnsureDatabaseAsync(HaiPhong);
            await hanoi.EnsureDatabaseAsync("main");
            MainDatabase = hanoi.ConnectionString("main");
            Databases[HaNoi] = hanoi.ConnectionString(HaNoi);
            Databases[HaiPhong] = haiphong.ConnectionString(HaiPhong);
            foreach (var (code, site) in new[] { (HaNoi, HaNoiSite), (HaiPhong, HaiPhongSite) })
            {
                _settings[$"Provinces:{code}:ConnectionString"] = Databases[code];
                _settings[$"Provinces:{code}:Hosts"] = site.Host;
            }

            Host = await StartHostAsync();
            var hasher = Host.Services.GetRequiredService<IPasswordHasher<UserAccount>>();
            foreach (var code in Databases.Keys)
            {
                await DemoSeeder.SeedOrganisationsAsync(Store, code, DemoSize.Small, CancellationToken.None);
                await DemoSeeder.SeedAccountsAsync(Store, code, hasher, DemoSize.Small, CancellationToken.None);
            }

            // One cell that only Hải Phòng has: the two trees differ, so a tree held for the wrong province shows.
            await using (var session = Store.LightweightSession(HaiPhong))
            {
                session.Events.StartStream<Organisation>(HaiPhongOnlyCell.OrganisationId, HaiPhongOnlyCell);
                await session.SaveChangesAsync();
            }

            foreach (var database in await Store.Storage.AllDatabases())
            {
                await RegisterKeys.BackfillAsync(Store, database, CancellationToken.None);
            }

            Host.Services.GetRequiredService<OrganisationDirectory>().Invalidate();
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await _clusters.DisposeAsync();
        }
    }

    [Fact]
    public void the_provinces_are_on_two_clusters()
    {
        app.Ports.Distinct().Count().ShouldBe(2);
        app.Databases[HaNoi].ShouldContain($"Port={app.Ports[0]}");
        app.Databases[HaiPhong].ShouldContain($"Port={app.Ports[1]}");
    }

    [Fact]
    public async Task a_member_admitted_in_one_province_is_on_its_list_and_unknown_in_the_other()
    {
        var hanoi = await app.SignInAsync("staff", site: HaNoiSite);
        var haiphong = await app.SignInAsync("staff", site: HaiPhongSite);

        var member = await AdmissionForm.AdmitAsync(hanoi, "Nguyễn Văn Tỉnh", Ceremony);

        (await hanoi.GetTextAsync("/members")).ShouldContain(member.ToString());
        (await hanoi.GetAsync($"/members/{member}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The same demo tree and the same staff account exist in Hải Phòng: the member does not.
        (await haiphong.GetTextAsync("/members")).ShouldNotContain(member.ToString());
        (await haiphong.GetAsync($"/members/{member}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_install_report_is_stored_in_its_province_s_cluster_and_refused_in_the_other()
    {
        var hanoi = await app.SignInAsync("staff", site: HaNoiSite);
        var id = await AdmissionForm.AdmitAsync(hanoi, "Phạm Văn Ứng Dụng", Ceremony);
        var member = await AppMember.GrantAsync(app, hanoi, id, citizenId: string.Empty);
        var report = new { eventId = Guid.NewGuid(), kind = "Installed", deviceId = "phone", platform = "android", appVersion = "2.3.0", occurredAt = "2025-03-02T08:00:00Z" };

        using var atHaNoi = member.Client(app);
        atHaNoi.BaseAddress = HaNoiSite;
        using var atHaiPhong = member.Client(app);
        atHaiPhong.BaseAddress = HaiPhongSite;
        var stored = await atHaNoi.PostAsJsonAsync("/api/app/installs", report, WebSession.Json);
        var elsewhere = await atHaiPhong.PostAsJsonAsync("/api/app/installs", report, WebSession.Json);

        stored.StatusCode.ShouldBe(HttpStatusCode.OK, await stored.Content.ReadAsStringAsync());
        (await stored.Content.ReadAsStringAsync()).ShouldContain("\"stored\":1");
        // The member is not on Hải Phòng's register, so the credential is active nowhere there.
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var usage = Domain.Installs.MemberAppUsage.StreamIdFor(id);
        await using (var session = app.Store.QuerySession(HaNoi))
        {
            (await session.Events.FetchStreamAsync(usage)).ShouldHaveSingleItem();
        }

        await using (var session = app.Store.QuerySession(HaiPhong))
        {
            (await session.Events.FetchStreamStateAsync(usage)).ShouldBeNull();
        }
    }

    [Fact]
    public async Task a_unit_of_one_province_is_unknown_in_the_other()
    {
        var haiphong = await app.SignInAsync("staff", site: HaiPhongSite);
        var hanoi = await app.SignInAsync("staff", site: HaNoiSite);

        await AdmissionForm.AdmitAsync(haiphong, "Đỗ Văn Riêng", Ceremony, HaiPhongOnlyCell.Code);
        var refused = await hanoi.PostFormAsync("/members/admit", "/members/admit", AdmissionForm.Fields("Đỗ Văn Riêng", HaiPhongOnlyCell.Code, Ceremony));

        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Organisation.CodeNotFound\"");
    }

    [Fact]
    public async Task a_sign_in_at_one_province_signs_in_nobody_at_the_other()
    {
        var hanoi = await app.SignInAsync("staff", site: HaNoiSite);
        var carried = new WebSession(app.Host, site: HaiPhongSite);
        carried.Headers["Cookie"] = hanoi.Cookies;

        var response = await carried.GetAsync("/members");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/login");
        (await hanoi.GetAsync("/members")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_host_naming_no_province_is_not_served()
    {
        var response = await new WebSession(app.Host).GetAsync("/login");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task each_province_keeps_its_events_projects_and_chains_them_in_its_own_cluster()
    {
        var admitted = new Dictionary<string, Guid>
        {
            [HaNoi] = await AdmissionForm.AdmitAsync(await app.SignInAsync("staff", site: HaNoiSite), "Trần Thị Hà", Ceremony),
            [HaiPhong] = await AdmissionForm.AdmitAsync(await app.SignInAsync("staff", site: HaiPhongSite), "Lê Văn Phòng", Ceremony),
        };
        var schema = app.Store.Options.Events.DatabaseSchemaName;

        foreach (var (province, member) in admitted)
        {
            var other = province == HaNoi ? HaiPhong : HaNoi;
            (await CountAsync(app.Databases[province], $"select count(*) from {schema}.mt_events where stream_id = $1", member)).ShouldBeGreaterThan(0);
            (await CountAsync(app.Databases[other], $"select count(*) from {schema}.mt_events where stream_id = $1", member)).ShouldBe(0);
            // The async daemon runs in each province's database: the audit log row appears there, only there.
            await UntilAsync(async () => await CountAsync(app.Databases[province], $"select count(*) from {schema}.audit_log where member_id = $1", member) > 0, $"the audit log row of {member} in {province}");
            (await CountAsync(app.Databases[other], $"select count(*) from {schema}.audit_log where member_id = $1", member)).ShouldBe(0);
            // So does the hash chain keeper: each province's events are linked in its own chain.
            await UntilAsync(async () => await CountAsync(app.Databases[province], $"select count(*) from {schema}.event_chain c join {schema}.mt_events e on e.seq_id = c.seq_id where e.stream_id = $1", member) > 0, $"the chain links of {member}'s events in {province}");
        }

        // Wolverine's main database holds its own tables and no register.
        (await CountAsync(app.MainDatabase, $"select count(*) from pg_tables where schemaname = '{schema}' and tablename = 'mt_events'", null)).ShouldBe(0);
    }

    [Fact]
    public async Task each_province_s_auditor_verifies_that_province_s_chain()
    {
        // Hải Phòng a member ahead, so the two chains end at different sequence numbers.
        var haiphongStaff = await app.SignInAsync("staff", site: HaiPhongSite);
        await AdmissionForm.AdmitAsync(haiphongStaff, "Vũ Văn Xích", Ceremony);
        await AdmissionForm.AdmitAsync(haiphongStaff, "Vũ Văn Xích Hai", Ceremony);
        var schema = app.Store.Options.Events.DatabaseSchemaName;
        var heads = new Dictionary<string, long>();
        foreach (var province in new[] { HaNoi, HaiPhong })
        {
            // The keeper links every event of the province into its chain within seconds.
            await ChainCaughtUpAsync(province, schema);
            heads[province] = await CountAsync(app.Databases[province], $"select max(seq_id) from {schema}.event_chain", null);
        }

        foreach (var (province, site) in new[] { (HaNoi, HaNoiSite), (HaiPhong, HaiPhongSite) })
        {
            var auditor = await app.SignInAsync("auditor", site: site);
            (await auditor.PostFormAsync("/audit/chain", "/audit/chain?handler=Verify", new Dictionary<string, string>())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            await app.Host.Services.GetRequiredService<Web.Audit.ChainVerificationRunner>().WaitAsync();
            var page = await auditor.GetTextAsync("/audit/chain");

            page.ShouldContain("data-testid=\"chain-intact\"");
            page.ShouldContain($"data-head=\"{heads[province]}\"", customMessage: $"{province} verified another chain");
            // The read models are held to the province's own events, in a session of the province's tenant.
            page.ShouldContain("data-testid=\"read-models-agree\"");
        }

        heads[HaNoi].ShouldNotBe(heads[HaiPhong]);
    }

    [Fact]
    public async Task the_command_line_verifies_each_province_s_chain_and_names_the_one_altered()
    {
        var schema = app.Store.Options.Events.DatabaseSchemaName;
        foreach (var province in new[] { HaNoi, HaiPhong })
        {
            await ChainCaughtUpAsync(province, schema);
        }

        var environment = CommandLineEnvironment();

        var intact = await AppCommand.RunAsync(["verify-chain"], environment);
        var unknown = await AppCommand.RunAsync(["verify-chain", "--province", "nowhere"], environment);
        var target = await CountAsync(app.Databases[HaiPhong], $"select min(seq_id) from {schema}.event_chain", null);
        var original = await DirectSql.TextAsync(app.Databases[HaiPhong], $"select data::text from {schema}.mt_events where seq_id = {target}");
        await DirectSql.TamperAsync(app.Databases[HaiPhong], $"update {schema}.mt_events set data = jsonb_set(data, '{{forged}}', 'true') where seq_id = {target}");
        try
        {
            var broken = await AppCommand.RunAsync(["verify-chain"], environment);
            var hanoiOnly = await AppCommand.RunAsync(["verify-chain", "--province", HaNoi], environment);

            broken.ExitCode.ShouldBe(1, broken.Output);
            broken.Output.ShouldContain($"province {HaiPhong}:{Environment.NewLine}BROKEN at sequence {target}");
            broken.Output.ShouldContain($"province {HaNoi}:{Environment.NewLine}intact");
            hanoiOnly.ExitCode.ShouldBe(0, hanoiOnly.Output);
            hanoiOnly.Output.ShouldNotContain(HaiPhong);
        }
        finally
        {
            await DirectSql.TamperAsync(app.Databases[HaiPhong], $"update {schema}.mt_events set data = '{original.Replace("'", "''", StringComparison.Ordinal)}'::jsonb where seq_id = {target}");
        }

        intact.ExitCode.ShouldBe(0, intact.Output);
        intact.Output.ShouldContain($"province {HaNoi}:{Environment.NewLine}intact");
        intact.Output.ShouldContain($"province {HaiPhong}:{Environment.NewLine}intact");
        unknown.ExitCode.ShouldNotBe(0);
        unknown.Output.ShouldContain("no province nowhere");
    }

    [Fact]
    public async Task rebuild_refuses_a_province_not_configured_before_touching_any_database()
    {
        var unknown = await AppCommand.RunAsync(["rebuild", "--province", "nowhere"], CommandLineEnvironment());

        unknown.ExitCode.ShouldNotBe(0);
        unknown.Output.ShouldContain("no province nowhere");
        unknown.Output.ShouldNotContain("indexes dropped");
    }

    [Fact]
    public async Task bootstrap_opens_the_first_administrator_in_the_province_it_is_told_and_asks_which_when_not()
    {
        var environment = CommandLineEnvironment();
        environment["ADMIN_PASSWORD"] = "mat-khau-du-dai";

        var unnamed = await AppCommand.RunAsync(["bootstrap", "--username", "quantri-hp"], environment);
        var named = await AppCommand.RunAsync(["bootstrap", "--username", "quantri-hp", "--province", HaiPhong], environment);

        unnamed.ExitCode.ShouldNotBe(0);
        unnamed.Output.ShouldContain("--province is required");
        named.ExitCode.ShouldBe(0, named.Output);
        await app.SignInAsync("quantri-hp", "mat-khau-du-dai", site: HaiPhongSite);
        var elsewhere = await new WebSession(app.Host, site: HaNoiSite).PostFormAsync("/login", "/login", new Dictionary<string, string> { ["username"] = "quantri-hp", ["password"] = "mat-khau-du-dai" });
        elsewhere.StatusCode.ShouldNotBe(HttpStatusCode.Redirect, "the administrator belongs to Hải Phòng only");
    }

    [Fact]
    public async Task a_transfer_issued_in_each_province_is_marked_overdue_by_its_scheduled_check_in_that_province()
    {
        var transfers = new Dictionary<string, Guid>();
        foreach (var (province, site) in new[] { (HaNoi, HaNoiSite), (HaiPhong, HaiPhongSite) })
        {
            var staff = await app.SignInAsync("staff", site: site);
            var member = await AdmissionForm.AdmitAsync(staff, "Phạm Văn Chuyển", Ceremony);
            // Due in January: the check is scheduled in the past and Wolverine runs it at once, from the
            // province's own envelope tables and on the province's own session.
            transfers[province] = await TransferForm.IssueOfficialAsync(staff, member, DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem)).Code, new LocalDate(2025, 1, 2));
        }

        foreach (var (province, transfer) in transfers)
        {
            await UntilAsync(
                async () =>
                {
                    await using var session = app.Store.QuerySession(province);
                    return (await session.LoadAsync<Transfer>(transfer))?.Overdue == true;
                },
                $"the overdue check of transfer {transfer} in {province}");
            await using var other = app.Store.QuerySession(province == HaNoi ? HaiPhong : HaNoi);
            (await other.LoadAsync<Transfer>(transfer)).ShouldBeNull();
        }
    }

    private static Task<long> CountAsync(string connectionString, string sql, Guid? id) =>
        id is { } value ? DirectSql.NumberAsync(connectionString, sql, value) : DirectSql.NumberAsync(connectionString, sql);

    /// <summary>The application's command line configured as the test's application is: two provinces.</summary>
    private Dictionary<string, string> CommandLineEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Marten"] = app.MainDatabase,
        };
        foreach (var (code, connection) in app.Databases)
        {
            environment[$"Provinces__{code}__ConnectionString"] = connection;
            environment[$"Provinces__{code}__Hosts"] = code + ".example";
        }

        return environment;
    }

    /// <summary>Waits for the province's hash chain keeper to link every event of the province.</summary>
    private async Task ChainCaughtUpAsync(string province, string schema) =>
        await Eventually.UntilAsync(
            async () => (
                LastEvent: await CountAsync(app.Databases[province], $"select coalesce(max(seq_id), 0) from {schema}.mt_events", null),
                LastLinked: await CountAsync(app.Databases[province], $"select coalesce(max(seq_id), 0) from {schema}.event_chain", null)),
            seen => seen.LastEvent == seen.LastLinked,
            Patience,
            $"{province}'s chain to link every event of the province",
            every: Interval);

    private static Task UntilAsync(Func<Task<bool>> condition, string what) =>
        Eventually.UntilAsync(condition, Patience, what, every: Interval);
}
