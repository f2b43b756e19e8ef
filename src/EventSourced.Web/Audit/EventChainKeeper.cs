using EventSourced.Domain.Audit;
using Marten;

namespace EventSourced.Web.Audit;

/// <summary>
/// Links new events into the chain every few seconds, after their transactions committed, and keeps a
/// checkpoint of the head every so often (<c>EventChain:CheckpointMinutes</c>, an hour by default).
/// Writers never wait for it: a burst of appends is linked in the next batch.
/// </summary>
public sealed class EventChainKeeper(IDocumentStore store, IConfiguration configuration, ILogger<EventChainKeeper> logger) : BackgroundService
{
    private static readonly TimeProvider Time = TimeProvider.System;

    public const string CheckpointBy = "system";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(configuration.GetValue("EventChain:LinkEverySeconds", 5.0));
        var checkpointEvery = TimeSpan.FromMinutes(configuration.GetValue("EventChain:CheckpointMinutes", 60.0));
        var lastCheckpoint = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(every, Time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // Each province's chain in its own database (decision 0025); the one database otherwise.
                var databases = await store.Storage.AllDatabases();
                foreach (var database in databases)
                {
                    await ExtendEventChain.RunAsync(store, database, null, null, stoppingToken);
                }

                if (Time.GetUtcNow() - lastCheckpoint >= checkpointEvery)
                {
                    foreach (var database in databases)
                    {
                        await ExtendEventChain.CheckpointAsync(store, database, CheckpointBy, stoppingToken);
                    }

                    lastCheckpoint = Time.GetUtcNow();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The keeper must never stop the host; what failed is logged and tried again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                // The schema being built or the database restarting: the next tick tries again from the head.
                logger.LogWarning(e, "Linking events into the chain failed; trying again in {Seconds} s", every.TotalSeconds);
            }
        }
    }
}

/// <summary>
/// Runs the verifications of the whole chain for the auditors' screen in the background, one at a time
/// per database: each province's auditors verify their own province's chain (decision 0025), and a
/// verification running in one province neither blocks nor shows in another.
/// </summary>
public sealed class ChainVerificationRunner(IDocumentStore store, ILogger<ChainVerificationRunner> logger)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<JasperFx.Descriptors.DatabaseId, ChainVerificationRun> _runs = new();

    /// <summary>The verification state of one database (the request's province, or the one database).</summary>
    // province: the request's tenant (decision 0025), null for the single-database application.
    public ChainVerificationRun For(Marten.Storage.IMartenDatabase database, string? province)
    {
        ArgumentNullException.ThrowIfNull(database);
        return _runs.GetOrAdd(database.Id, _ => new ChainVerificationRun(store, database, province, logger));
    }

    /// <summary>Waits for every verification under way (for tests and the command line).</summary>
    public Task WaitAsync() => Task.WhenAll(_runs.Values.Select(r => r.WaitAsync()));
}

/// <summary>One database's verification: at most one under way, its progress, and its last result for the page to poll.</summary>
public sealed class ChainVerificationRun(IDocumentStore store, Marten.Storage.IMartenDatabase database, string? province, ILogger logger)
{
    private readonly Lock _gate = new();
    private Task? _running;

    /// <summary>Events checked so far by the verification under way.</summary>
    public long Progress { get; private set; }

    public bool Running
    {
        get
        {
            lock (_gate)
            {
                return _running is { IsCompleted: false };
            }
        }
    }

    public ChainVerification? Last { get; private set; }

    /// <summary>Members compared so far by the check of the read models, which follows the chain's walk.</summary>
    public long MembersProgress { get; private set; }

    /// <summary>The last check of what the screens read against the events (decision 0051), run after the chain's walk.</summary>
    public ReadModelCheck? LastReadModels { get; private set; }

    public string? StartedBy { get; private set; }

    public string? Failure { get; private set; }

    /// <summary>How many checkpoints kept outside the database the last verification was also held to.</summary>
    public int CheckpointsFromFile { get; private set; }

    /// <summary>
    /// Starts a verification unless one is under way; true when this call started it. <paramref name="keptElsewhere"/>
    /// are checkpoints an auditor kept outside the database (an exported file): each must still be a link of the
    /// chain, so a log cut short together with its links and its in-database checkpoints is caught too.
    /// </summary>
    public bool Start(string startedBy, IReadOnlyList<ChainCheckpoint>? keptElsewhere = null)
    {
        lock (_gate)
        {
            if (_running is { IsCompleted: false })
            {
                return false;
            }

            Progress = 0;
            MembersProgress = 0;
            Failure = null;
            Last = null;
            LastReadModels = null;
            StartedBy = startedBy;
            var checkpoints = keptElsewhere ?? [];
            CheckpointsFromFile = checkpoints.Count;
            _running = Task.Run(() => RunAsync(checkpoints));
            return true;
        }
    }

    public Task WaitAsync()
    {
        lock (_gate)
        {
            return _running ?? Task.CompletedTask;
        }
    }

    private async Task RunAsync(IReadOnlyList<ChainCheckpoint> keptElsewhere)
    {
        try
        {
            Last = await VerifyEventChain.RunAsync(store, database, null, keptElsewhere, n => Progress = n, TimeProvider.System, CancellationToken.None);
            LastReadModels = await VerifyReadModels.RunAsync(store, database, province, n => MembersProgress = n, CancellationToken.None);
        }
#pragma warning disable CA1031 // A failed verification is shown on the page, not thrown into a background task nobody awaits.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Verifying the event chain of {Database} failed", database.Id);
            Failure = e.Message;
        }
    }
}
