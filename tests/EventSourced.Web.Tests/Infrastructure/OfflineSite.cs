using System.Net;
using System.Text;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Sites;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// A grassroots organisation of the demo city run as an offline site: marked at the centre, its package
/// cut by staff above it through <c>/sites</c>, installed into the site's own database (a second
/// database of the test cluster, as a laptop's embedded one), where the site then records its work.
/// </summary>
public sealed class OfflineSite : IAsyncDisposable
{
    private OfflineSite(OrganisationCreated unit, DocumentStore store, byte[] key)
    {
        Unit = unit;
        Store = store;
        Key = key;
    }

    public OrganisationCreated Unit { get; }

    /// <summary>The site's own register.</summary>
    public DocumentStore Store { get; }

    public byte[] Key { get; }

    public FakeClock Clock { get; } = new(Instant.FromUtc(2025, 3, 10, 2, 0));

    /// <summary>Ba Đình's first grassroots committee with cells: "staff" (Ba Đình) is above it.</summary>
    public static OrganisationCreated DemoSiteUnit => DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);

    /// <summary>Marks the unit as an offline site at the centre, behind the application's back as a set-up step.</summary>
    public static async Task MarkAsync(AppFixture app, Guid unitId)
    {
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.Append(unitId, new OrganisationFlagsChanged(new OrganisationFlags(false, false, true), OrganisationFlags.None, new LocalDate(2025, 1, 1)));
            await session.SaveChangesAsync();
        }

        app.Host.Services.GetRequiredService<OrganisationDirectory>().Invalidate();
    }

    /// <summary>Staff above the unit cut its package through the page; the file as downloaded.</summary>
    public static async Task<string> CutPackageAsync(WebSession staff, Guid unitId)
    {
        var response = await staff.PostFormAsync("/sites", $"/sites?handler=Package&unitId={unitId}", new Dictionary<string, string>());
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return text;
    }

    /// <summary>Installs <paramref name="packageFile"/> into a new site database.</summary>
    public static async Task<OfflineSite> InstallAsync(OrganisationCreated unit, string packageFile)
    {
        var connection = await TestCluster.NewDatabaseAsync("site" + unit.Code);
        var store = DocumentStore.For(options => EventStoreConfiguration.Configure(options, connection));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var key = SiteSigning.SiteKey(Encoding.UTF8.GetBytes(SiteSettings.DevelopmentCentreKey), unit.OrganisationId);
        var site = new OfflineSite(unit, store, key);
        await InstallSitePackage.InstallAsync(store, SiteSigning.Read(packageFile)!, unit.OrganisationId, key, site.Clock, CancellationToken.None);
        return site;
    }

    /// <summary>Records <paramref name="e"/> on a member at the site, as its clerk "site-clerk".</summary>
    public async Task RecordAsync(Guid member, object e)
    {
        await using var session = Store.LightweightSession();
        session.LastModifiedBy = "site-clerk";
        session.SetHeader(AuditHeaders.UserName, "site-clerk");
        session.SetHeader(AuditHeaders.Reason, "recorded at the site");
        var state = await session.Events.FetchStreamStateAsync(member);
        session.Events.Append(member, state!.Version + 1, e);
        await session.SaveChangesAsync();
    }

    /// <summary>Starts a stream at the site (an admission), as its clerk "site-clerk".</summary>
    public async Task StartAsync(Guid stream, object e)
    {
        await using var session = Store.LightweightSession();
        session.LastModifiedBy = "site-clerk";
        session.SetHeader(AuditHeaders.UserName, "site-clerk");
        session.Events.StartStream(stream, e);
        await session.SaveChangesAsync();
    }

    /// <summary>The site's batch file of everything recorded since the previous one.</summary>
    public async Task<string> ExportBatchAsync()
    {
        Clock.AdvanceMinutes(5);
        var (file, _) = await ExportSyncBatch.ExportAsync(Store, Key, Clock, CancellationToken.None);
        return SiteSigning.Write(file);
    }

    /// <summary>
    /// The demo site marked, a member admitted into one of its cells for each name, the package cut by
    /// "staff" (above the site) and installed.
    /// </summary>
    public static async Task<(WebSession Staff, OfflineSite Site, Guid[] Members)> SetUpAsync(AppFixture app, params string[] names)
    {
        var unit = DemoSiteUnit;
        await MarkAsync(app, unit.OrganisationId);
        var staff = await app.SignInAsync("staff");
        var cell = DemoUnits.CellUnder(unit);
        var members = new List<Guid>();
        foreach (var name in names)
        {
            members.Add(await AdmissionForm.AdmitAsync(staff, AdmissionForm.Fields(name, cell.Code, new LocalDate(2024, 6, 5))));
        }

        var site = await InstallAsync(unit, await CutPackageAsync(staff, unit.OrganisationId));
        return (staff, site, [.. members]);
    }

    /// <summary>The centre's record of the site (its packages, batches and conflicts).</summary>
    public static async Task<Site> AtCentreAsync(AppFixture app, Guid unitId)
    {
        await using var session = app.Store.QuerySession();
        return (await session.LoadAsync<Site>(Site.StreamIdFor(unitId))).ShouldNotBeNull();
    }

    /// <summary>Staff above cut an update for the site through the page; the response (the file when 200).</summary>
    public static Task<HttpResponseMessage> CutUpdateAsync(WebSession staff, Guid unitId) =>
        staff.PostFormAsync("/sites", $"/sites?handler=Update&unitId={unitId}", new Dictionary<string, string>());

    /// <summary>Installs an update file at the site, as <c>site update FILE</c> does.</summary>
    public Task<SiteUpdateReport> InstallUpdateAsync(string updateFile)
    {
        Clock.AdvanceMinutes(5);
        return SiteUpdates.InstallAsync(Store, SiteSigning.Read(updateFile) ?? throw new RuleViolation(SiteFileRefusals.Malformed), Unit.OrganisationId, Key, Clock, CancellationToken.None);
    }

    /// <summary>A stream as the site holds it.</summary>
    public async Task<IReadOnlyList<JasperFx.Events.IEvent>> EventsAsync(Guid stream)
    {
        await using var session = Store.QuerySession();
        return await session.Events.FetchStreamAsync(stream);
    }

    public async Task<long> EventCountAsync() => (await Store.Advanced.FetchEventStoreStatistics()).EventCount;

    /// <summary>The fields of the conflicts page's form resolving <paramref name="conflict"/>, at the site's version staff saw.</summary>
    public static Dictionary<string, string> ResolutionFields(Site seen, SiteConflict conflict, SiteConflictResolution resolution, string reason) => new()
    {
        ["ConflictId"] = conflict.Id.ToString(),
        ["ExpectedVersion"] = seen.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Resolution"] = resolution.ToString(),
        ["Reason"] = reason,
    };

    /// <summary>Staff above resolve a conflict through the site's conflicts page.</summary>
    public static Task<HttpResponseMessage> ResolveAsync(WebSession staff, Site seen, SiteConflict conflict, SiteConflictResolution resolution, string reason)
    {
        var url = $"/sites/{seen.UnitId}/conflicts";
        return staff.PostFormAsync(url, url, ResolutionFields(seen, conflict, resolution, reason));
    }

    /// <summary>Staff above hand the file in at <c>/sites/receive</c>.</summary>
    public static Task<HttpResponseMessage> ReceiveAsync(WebSession staff, string batchFile) =>
        staff.PostFileAsync("/sites/receive", "/sites/receive", "batch", "batch.json", Encoding.UTF8.GetBytes(batchFile));

    public async ValueTask DisposeAsync() => await Store.DisposeAsync();
}
