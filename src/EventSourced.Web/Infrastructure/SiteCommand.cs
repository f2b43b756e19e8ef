using EventSourced.Domain.Common;
using EventSourced.Domain.Sites;
using JasperFx.CommandLine;
using Marten;
using NodaTime;

namespace EventSourced.Web.Infrastructure;

/// <summary>What <c>site</c> does at an offline site.</summary>
public enum SiteAction
{
    /// <summary>Install the package file staff above cut at the centre.</summary>
    Install,

    /// <summary>Write the events recorded since the previous batch to a new batch file.</summary>
    Export,

    /// <summary>Write the last batch again, under the same batch id (the first file was lost).</summary>
    Resend,

    /// <summary>Install an update staff above cut at the centre: the centre's changes and the resolved conflicts.</summary>
    Update,

    /// <summary>Over the network: send the batch of the events recorded since the last one to the centre (--centre).</summary>
    Push,

    /// <summary>Over the network: ask the centre for this site's update and install it (--centre).</summary>
    Pull,
}

/// <summary>Arguments of <c>site</c>: the action and the file read or written.</summary>
public sealed class SiteInput : NetCoreInput
{
    [Description("install, export, resend, update, push or pull")]
    public SiteAction Action { get; set; }

    [Description("the package or update file to install, or the batch file to write (not for push and pull)")]
    public string File { get; set; } = string.Empty;

    [Description("the centre's address for push and pull, e.g. https://qldv.hanoi.gov.vn")]
    public string? CentreFlag { get; set; }
}

/// <summary>
/// <c>site install|export|resend|update FILE</c>, at an offline site started with <c>Site:Mode=Offline</c>,
/// <c>Site:Unit</c> and <c>Site:Key</c> (decision 0023). The file goes by USB to or from the centre.
/// </summary>
[Description("Offline site: install a site package, or write the batch of events recorded since the last one", Name = "site")]
public sealed class SiteCommand : JasperFxAsyncCommand<SiteInput>
{
    public override async Task<bool> Execute(SiteInput input)
    {
        using var host = input.BuildHost();
        var settings = host.Services.GetRequiredService<SiteSettings>();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var clock = host.Services.GetRequiredService<IClock>();
        try
        {
            if (!settings.Offline)
            {
                throw new RuleViolation("Site.NotOffline");
            }

            switch (input.Action)
            {
                case SiteAction.Install:
                    var file = SiteSigning.Read(await System.IO.File.ReadAllTextAsync(input.File)) ?? throw new RuleViolation(SiteFileRefusals.Malformed);
                    var installed = await InstallSitePackage.InstallAsync(store, file, file.SiteUnitId, settings.RequireSiteKey(), clock, CancellationToken.None);
                    Console.WriteLine($"site: package {installed.PackageId} of {installed.UnitCode} installed.");
                    break;
                case SiteAction.Export:
                    var (written, batch) = await ExportSyncBatch.ExportAsync(store, settings.RequireSiteKey(), clock, CancellationToken.None);
                    await System.IO.File.WriteAllTextAsync(input.File, SiteSigning.Write(written));
                    Console.WriteLine($"site: batch {batch.BatchId} with {batch.Streams.Sum(s => s.Events.Count)} events written to {input.File}.");
                    break;
                case SiteAction.Update:
                    var update = SiteSigning.Read(await System.IO.File.ReadAllTextAsync(input.File)) ?? throw new RuleViolation(SiteFileRefusals.Malformed);
                    var unit = (await InstalledAsync(store)).UnitId;
                    var report = await SiteUpdates.InstallAsync(store, update, unit, settings.RequireSiteKey(), clock, CancellationToken.None);
                    Console.WriteLine($"site: update {report.UpdateId} installed: {report.EventsAppended} events of the centre on {report.Streams} streams, {report.Superseded.Count} of this site's events superseded, {report.Resolutions.Count} conflicts resolved, {report.OpenConflicts} still open at the centre.");
                    if (report.NeedsBatch)
                    {
                        Console.WriteLine($"site: {report.WaitingEvents} events recorded here wait for a new batch ({report.Requeued.Count} of their members also changed at the centre): run 'site export FILE'.");
                    }

                    break;
                case SiteAction.Push:
                    using (var centre = Centre(input))
                    {
                        var pushed = await SiteNetwork.PushAsync(centre, store, settings.RequireSiteKey(), clock, CancellationToken.None);
                        foreach (var receipt in pushed.Receipts)
                        {
                            Console.WriteLine($"site: batch {receipt.BatchId} {(receipt.AlreadyReceived ? "was received already" : "received")}: {receipt.AppendedEvents} events appended, {receipt.Conflicts} set aside for staff above.");
                        }
                    }

                    break;
                case SiteAction.Pull:
                    using (var centre = Centre(input))
                    {
                        var pulled = await SiteNetwork.PullAsync(centre, store, settings.RequireSiteKey(), clock, CancellationToken.None);
                        Console.WriteLine($"site: update {pulled.UpdateId} installed: {pulled.EventsAppended} events of the centre, {pulled.Superseded.Count} of this site's superseded; {pulled.WaitingEvents} events wait for the next push.");
                    }

                    break;
                case SiteAction.Resend:
                    await using (var session = store.QuerySession())
                    {
                        var installation = await session.LoadAsync<SiteInstallation>(SiteInstallation.TheId) ?? throw new RuleViolation("Site.NotInstalled");
                        await System.IO.File.WriteAllTextAsync(input.File, installation.LastBatchFile ?? throw new RuleViolation("Site.NoBatch"));
                        Console.WriteLine($"site: batch {installation.LastBatchId} written again to {input.File}.");
                    }

                    break;
            }

            return true;
        }
        catch (RuleViolation violation)
        {
            await Console.Error.WriteLineAsync($"site: refused ({violation.Code}).");
            return false;
        }
        catch (HttpRequestException e)
        {
            // The batch is kept: the next push sends it again first, under the same id.
            await Console.Error.WriteLineAsync($"site: the centre could not be reached ({e.Message}); nothing is lost, push again later.");
            return false;
        }
    }

    private static HttpClient Centre(SiteInput input) =>
        Uri.TryCreate(input.CentreFlag, UriKind.Absolute, out var address) && (address.Scheme == Uri.UriSchemeHttps || address.IsLoopback)
            ? new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) }
            : throw new RuleViolation("Site.CentreAddressRequired");

    private static async Task<SiteInstallation> InstalledAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<SiteInstallation>(SiteInstallation.TheId) ?? throw new RuleViolation("Site.NotInstalled");
    }
}
