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
}

/// <summary>Arguments of <c>site</c>: the action and the file read or written.</summary>
public sealed class SiteInput : NetCoreInput
{
    [Description("install, export or resend")]
    public SiteAction Action { get; set; }

    [Description("the package file to install, or the batch file to write")]
    public string File { get; set; } = string.Empty;
}

/// <summary>
/// <c>site install|export|resend FILE</c>, at an offline site started with <c>Site:Mode=Offline</c>,
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
    }
}
