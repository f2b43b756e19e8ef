using EventSourced.Domain.Common;
using Marten;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Builds the register keys of members and units that have none when the application starts: a
/// database from before the keys existed, or records loaded around the handlers. Runs before the
/// application serves requests, so no command can claim a value an older record already holds.
/// A database whose last full check is still valid (<see cref="RegisterKeys.CurrentCheckAsync"/>) is not
/// scanned again: everything written since went through the handlers, which claim their keys, and the
/// paths that write around them (the demo loader, <c>seed</c>, a site's package or update) check in full
/// when they finish. At city scale the scan is what kept a node from serving for 23 s at every start.
/// </summary>
public sealed class RegisterKeysBackfill(IDocumentStore store, ILogger<RegisterKeysBackfill> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await RunAsync(store, logger, onlyWhenDue: true, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A full check of every database, whatever the last one found (after a bulk load).</summary>
    public static Task RunAsync(IDocumentStore store, ILogger logger, CancellationToken ct) => RunAsync(store, logger, onlyWhenDue: false, ct);

    private static async Task RunAsync(IDocumentStore store, ILogger logger, bool onlyWhenDue, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var shared = 0;
        var scanned = 0;
        DateTimeOffset? lastCheck = null;
        // Every province's register when there are several (decision 0025); the one database otherwise.
        foreach (var database in await store.Storage.AllDatabases())
        {
            var current = onlyWhenDue ? await RegisterKeys.CurrentCheckAsync(store, database, ct) : null;
            if (current is not null)
            {
                shared += current.Shared;
                lastCheck = lastCheck is { } l && l < current.CheckedAt ? l : current.CheckedAt;
                continue;
            }

            shared += await RegisterKeys.BackfillAsync(store, database, ct);
            scanned++;
        }

        if (shared > 0)
        {
            // Recorded before the keys existed: the register holds these values twice and staff must
            // correct one of each pair; until then the first record (by id) keeps the value, and this
            // is said at every start (as the last full check counted them).
            logger.LogWarning("{Count} citizen IDs, card numbers or unit codes are held by more than one record; correct the later ones", shared);
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            if (scanned == 0 && lastCheck is { } since)
            {
                logger.LogInformation("Register keys complete since their full check of {CheckedAt:u}; not scanned again ({Elapsed} ms)", since, started.ElapsedMilliseconds);
            }
            else
            {
                logger.LogInformation("Register keys checked in {Elapsed} ms", started.ElapsedMilliseconds);
            }
        }
    }
}
