using EventSourced.Domain.Common;
using Marten;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Builds the register keys of members and units that have none when the application starts: a
/// database from before the keys existed, or records loaded around the handlers. Runs before the
/// application serves requests, so no command can claim a value an older record already holds.
/// </summary>
public sealed class RegisterKeysBackfill(IDocumentStore store, ILogger<RegisterKeysBackfill> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await RunAsync(store, logger, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task RunAsync(IDocumentStore store, ILogger logger, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var shared = 0;
        // Every province's register when there are several (decision 0025); the one database otherwise.
        foreach (var database in await store.Storage.AllDatabases())
        {
            shared += await RegisterKeys.BackfillAsync(store, database, ct);
        }

        if (shared > 0)
        {
            // Recorded before the keys existed: the register holds these values twice and staff must
            // correct one of each pair; until then the first record (by id) keeps the value, and this
            // is said at every start.
            logger.LogWarning("{Count} citizen IDs, card numbers or unit codes are held by more than one record; correct the later ones", shared);
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Register keys checked in {Elapsed} ms", started.ElapsedMilliseconds);
        }
    }
}
