using System.Text;
using EventSourced.Domain.Audit;
using EventSourced.Web.Audit;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventSourced.Web.Pages.Audit;

/// <summary>
/// The chain over the event log for auditors: its head, the events still to link, the checkpoints
/// (taken on demand, exported to keep elsewhere) and a verification of the whole chain run in the
/// background with its progress. City-wide: the chain names sequence numbers, not people.
/// </summary>
public sealed class ChainModel(IDocumentStore store, IQuerySession session, ChainVerificationRunner runner, CurrentUser user) : PageModel
{
    public const int CheckpointsShown = 20;

    public (long Sequence, byte[] Hash)? Head { get; private set; }

    public long LatestEvent { get; private set; }

    public IReadOnlyList<ChainCheckpoint> Checkpoints { get; private set; } = [];

    /// <summary>The verification of the session's database: the request's province when there are several.</summary>
    public ChainVerificationRun Runner => runner.For(session.Database);

    public long Unlinked => Math.Max(0, LatestEvent - (Head?.Sequence ?? 0));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var schema = EventChainStorage.SchemaOf(store);
        // The session's database: the request's province when there are several (decision 0025).
        await using var connection = await EventChainStorage.OpenAsync(session.Database, ct);
        Head = await EventChainStorage.HeadAsync(connection, schema, ct);
        Checkpoints = await EventChainStorage.CheckpointsAsync(connection, schema, CheckpointsShown, ct);
        await using var latest = new Npgsql.NpgsqlCommand($"select coalesce(max(seq_id), 0) from {schema}.mt_events", connection);
        LatestEvent = (long)(await latest.ExecuteScalarAsync(ct) ?? 0L);
        return Page();
    }

    /// <summary>Polled while a verification runs; once it is done the page reloads to show the result.</summary>
    public IActionResult OnGetProgress()
    {
        if (!Runner.Running)
        {
            Response.Headers["HX-Refresh"] = "true";
        }

        return Partial("_ChainProgress", this);
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Runner.Start((await user.AccountAsync(ct))?.Username ?? User.Identity?.Name ?? "?");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCheckpointAsync(CancellationToken ct)
    {
        await ExtendEventChain.CheckpointAsync(store, session.Database, (await user.AccountAsync(ct))?.Username ?? User.Identity?.Name ?? "?", ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        await using var connection = await EventChainStorage.OpenAsync(session.Database, ct);
        var all = await EventChainStorage.CheckpointsAsync(connection, EventChainStorage.SchemaOf(store), int.MaxValue, ct);
        var name = FormattableString.Invariant($"event-chain-checkpoints-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
        return File(Encoding.UTF8.GetBytes(ChainCheckpointFile.Write(all.Reverse())), "text/csv", name);
    }
}
