using System.Diagnostics;
using System.Text;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Sites;
using EventSourced.Web.Infrastructure;
using Marten;
using NodaTime;

namespace EventSourced.Benchmarks;

/// <summary>
/// An offline site of 2,000 members and a month of its work handed to the centre (decision 0023): the
/// package cut and installed, the site's batch written, received by the centre (the judged step: the
/// issue asks under 10 seconds) with some members changed at the centre meanwhile, and received again.
/// </summary>
internal static class SyncBenchmark
{
    public const string Name = "sync";
    public const int Members = 2_000;
    public const int Cells = 50;

    /// <summary>A month of a 2,000-member organisation: every member touched about twice (badges, exemptions, corrections, disciplines).</summary>
    public const int SiteEvents = 4_000;

    /// <summary>Members the centre changed meanwhile: their site events become conflicts.</summary>
    public const int CentreChanged = 100;

    private static readonly LatencyTarget Under10 = new(TimeSpan.FromSeconds(10), "the one receipt");

    public static async Task<BenchmarkResult> RunAsync(Workspace workspace, CancellationToken ct)
    {
        var dataDirectory = Path.Combine(workspace.Temporary, "sync");
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        try
        {
            await using var cluster = await EmbeddedPostgres.StartAsync(dataDirectory, durable: false, ct);
            await cluster.EnsureDatabaseAsync("centre", ct: ct);
            await cluster.EnsureDatabaseAsync("site", ct: ct);
            using var centre = DocumentStore.For(options => EventStoreConfiguration.Configure(options, cluster.ConnectionString("centre")));
            using var site = DocumentStore.For(options => EventStoreConfiguration.Configure(options, cluster.ConnectionString("site")));
            await centre.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await site.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            IClock clock = SystemClock.Instance;
            var centreKey = Encoding.UTF8.GetBytes("benchmark-centre-key");

            var (unit, members) = await SeedCentreAsync(centre, ct);
            var tree = OrganisationTree.AsOf(new LocalDate(2025, 3, 1), await LoadUnitsAsync(centre, ct));

            var stopwatch = Stopwatch.StartNew();
            SignedSiteFile package;
            await using (var session = centre.LightweightSession())
            {
                package = await IssueSitePackage.IssueAsync(session, tree, unit, "benchmark", new Dictionary<string, string>(), centreKey, clock, ct);
                await session.SaveChangesAsync(ct);
            }

            rows.Add(new ResultRow($"cut the package ({Members:N0} members, {package.Payload.Length / (1024.0 * 1024):0.0} MiB)", stopwatch.Elapsed, null));
            var siteKey = SiteSigning.SiteKey(centreKey, unit);
            stopwatch.Restart();
            await InstallSitePackage.InstallAsync(site, package, unit, siteKey, clock, ct);
            rows.Add(new ResultRow("install it at the site", stopwatch.Elapsed, null));

            await RecordMonthAsync(site, members, ct);
            await RecordAtCentreAsync(centre, members.Take(CentreChanged).ToList(), ct);

            stopwatch.Restart();
            var (batchFile, batch) = await ExportSyncBatch.ExportAsync(site, siteKey, clock, ct);
            rows.Add(new ResultRow($"write the site's batch ({batch.Streams.Sum(s => s.Events.Count):N0} events, {batchFile.Payload.Length / (1024.0 * 1024):0.0} MiB)", stopwatch.Elapsed, null));

            stopwatch.Restart();
            var receipt = await ReceiveAsync(centre, batchFile, tree, centreKey, clock, ct);
            var received = stopwatch.Elapsed;
            rows.Add(new ResultRow($"receive it at the centre ({receipt.AppendedEvents:N0} events appended, {receipt.Conflicts:N0} conflicts)", received, new Measurement([received]), Under10, Rate: new Rate(receipt.AppendedEvents / received.TotalSeconds, "events")));

            stopwatch.Restart();
            var again = await ReceiveAsync(centre, batchFile, tree, centreKey, clock, ct);
            rows.Add(new ResultRow("receive the same batch again (changes nothing)", stopwatch.Elapsed, null));
            if (!again.AlreadyReceived || receipt.Conflicts != CentreChanged)
            {
                throw new BenchmarkException($"unexpected receipt: {receipt}, then {again}");
            }

            notes.Add($"One grassroots committee of {Cells} cells and {Members:N0} members (each admitted and recognised); at the site {SiteEvents:N0} events on them (a month of exemptions, badges and disciplines), while the centre changed {CentreChanged} of the same members, whose site events become conflicts.");
            notes.Add("Both registers are databases of one embedded cluster, driven through the same code the pages and the `site` command call (no HTTP); the receipt is one transaction.");
        }
        finally
        {
            await Workspace.StopClusterIfRunningAsync(dataDirectory);
        }

        return new BenchmarkResult(
            Name,
            "Offline site: a month of a 2,000-member site's work handed to the centre",
            "A fresh cluster with a centre and a site database. The centre's register holds one offline grassroots committee; its package is cut and installed at the site, the site records a month of work and the centre changes some of the same members; the site's batch is then written, received by the centre once (judged) and again (a replay).",
            rows,
            notes);
    }

    private static async Task<SyncReceipt> ReceiveAsync(DocumentStore centre, SignedSiteFile file, OrganisationTree tree, byte[] key, IClock clock, CancellationToken ct)
    {
        await using var session = centre.LightweightSession();
        var receipt = await ReceiveSyncBatch.ReceiveAsync(session, file, tree, key, clock, ct);
        await session.SaveChangesAsync(ct);
        return receipt;
    }

    private static async Task<(Guid Unit, IReadOnlyList<Guid> Members)> SeedCentreAsync(DocumentStore store, CancellationToken ct)
    {
        var founded = new LocalDate(2000, 1, 1);
        var city = Guid.CreateVersion7();
        var unit = Guid.CreateVersion7();
        var cells = Enumerable.Range(1, Cells).Select(_ => Guid.CreateVersion7()).ToList();
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream<Organisation>(city, new OrganisationCreated(city, "HN", "Thành phố", OrganisationKind.CityCommittee, null, OrganisationFlags.None, founded));
            session.Events.StartStream<Organisation>(unit, new OrganisationCreated(unit, "HN.TR", "Đảng bộ Trường", OrganisationKind.GrassrootsCommittee, city, new OrganisationFlags(false, false, true), founded));
            for (var i = 0; i < cells.Count; i++)
            {
                session.Events.StartStream<Organisation>(cells[i], new OrganisationCreated(cells[i], $"HN.TR.CB{i + 1:D2}", $"Chi bộ {i + 1}", OrganisationKind.Cell, unit, OrganisationFlags.None, founded));
            }

            await session.SaveChangesAsync(ct);
        }

        var members = new List<Guid>();
        foreach (var chunk in Enumerable.Range(0, Members).Chunk(500))
        {
            await using var session = store.LightweightSession();
            foreach (var i in chunk)
            {
                var id = Guid.CreateVersion7();
                members.Add(id);
                var ceremony = new LocalDate(2010, 1, 1).PlusDays(i % 3000);
                session.Events.StartStream<Member>(
                    id,
                    new MemberAdmitted(id, new MemberProfile($"Nguyễn Văn {i}", Sex.Male, new LocalDate(1980, 1, 1), CitizenId: $"001080{i:D6}"), cells[i % Cells], new Decision($"{i}-QĐ", ceremony), ceremony),
                    new MemberRecognisedOfficial(new Decision($"{i}-QĐ/CT", ceremony.PlusYears(1)), ceremony.PlusYears(1)));
            }

            await session.SaveChangesAsync(ct);
        }

        return (unit, members);
    }

    private static async Task<IReadOnlyList<Organisation>> LoadUnitsAsync(DocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Query<Organisation>().ToListAsync(ct);
    }

    private static async Task RecordMonthAsync(DocumentStore site, IReadOnlyList<Guid> members, CancellationToken ct)
    {
        var day = new LocalDate(2025, 3, 1);
        foreach (var chunk in Enumerable.Range(0, SiteEvents).Chunk(500))
        {
            await using var session = site.LightweightSession();
            session.LastModifiedBy = "site-clerk";
            session.SetHeader(AuditHeaders.UserName, "site-clerk");
            foreach (var i in chunk)
            {
                var date = day.PlusDays(i % 28);
                object e = (i % 4) switch
                {
                    0 => new MemberExempted(new Decision($"{i}-NQ", date), "Tuổi cao", date),
                    1 => new MemberExemptionEnded(new Decision($"{i}-NQ/KT", date), date),
                    2 => new PartyBadgeAwarded(30, false, new Decision($"{i}-QĐ/HH", date), date),
                    _ => new DisciplineImposed(Guid.CreateVersion7(), DisciplineKind.Reprimand, new Decision($"{i}-QĐ/KL", date), "Vắng họp", date),
                };
                session.Events.Append(members[i % members.Count], e);
            }

            await session.SaveChangesAsync(ct);
        }
    }

    private static async Task RecordAtCentreAsync(DocumentStore centre, IReadOnlyList<Guid> members, CancellationToken ct)
    {
        await using var session = centre.LightweightSession();
        foreach (var member in members)
        {
            session.Events.Append(member, new PartyCardIssued($"CARD{member:N}"[..16], new LocalDate(2025, 3, 3)));
        }

        await session.SaveChangesAsync(ct);
    }
}
