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
public sealed class ChainModel(IDocumentStore store, IQuerySession session, ChainVerificationRunner runner, CurrentUser user, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : PageModel
{
    public const int CheckpointsShown = 20;

    public (long Sequence, byte[] Hash)? Head { get; private set; }

    public long LatestEvent { get; private set; }

    public IReadOnlyList<ChainCheckpoint> Checkpoints { get; private set; } = [];

    /// <summary>The verification of the session's database: the request's province when there are several.</summary>
    public ChainVerificationRun Runner => runner.For(session.Database, session.TenantId == JasperFx.StorageConstants.DefaultTenantId ? null : session.TenantId);

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

    /// <summary>A file of checkpoints the auditor kept elsewhere (the export of this page), to hold the chain to.</summary>
    [BindProperty]
    public IFormFile? CheckpointFile { get; set; }

    /// <summary>Why the checkpoint file was refused, with its line.</summary>
    public string? CheckpointFileError { get; private set; }

    /// <summary>A file of checkpoints is a line of about 120 bytes each: a megabyte holds years of daily ones.</summary>
    public const int MaxCheckpointFileBytes = 1024 * 1024;

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        IReadOnlyList<ChainCheckpoint>? keptElsewhere = null;
        if (CheckpointFile is { Length: > 0 } file)
        {
            keptElsewhere = file.Length > MaxCheckpointFileBytes ? null : await ReadCheckpointsAsync(file, ct);
            if (keptElsewhere is null)
            {
                CheckpointFileError ??= text["Audit.ChainCheckpointFileTooLarge", MaxCheckpointFileBytes / 1024];
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                await OnGetAsync(ct);
                return Page();
            }
        }

        Runner.Start((await user.AccountAsync(ct))?.Username ?? User.Identity?.Name ?? "?", keptElsewhere);
        return RedirectToPage();
    }

    private async Task<IReadOnlyList<ChainCheckpoint>?> ReadCheckpointsAsync(IFormFile file, CancellationToken ct)
    {
        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var lines = (await reader.ReadToEndAsync(ct)).Split('\n');
        var checkpoints = ChainCheckpointFile.Parse(lines, out _, out var badLine);
        if (checkpoints is null || checkpoints.Count == 0)
        {
            CheckpointFileError = text["Audit.ChainCheckpointFileUnreadable", checkpoints is null ? text["Audit.ChainCheckpointFileBadLine", badLine] : text["Audit.ChainCheckpointFileEmpty"]];
            return null;
        }

        return checkpoints;
    }

    public async Task<IActionResult> OnPostCheckpointAsync(CancellationToken ct)
    {
        await ExtendEventChain.CheckpointAsync(store, session.Database, (await user.AccountAsync(ct))?.Username ?? User.Identity?.Name ?? "?", ct);
        return RedirectToPage();
    }

    /// <summary>
    /// The checkpoints to keep elsewhere, the head as of now among them: the events recorded so far are linked and
    /// the head kept as a checkpoint first, so the file holds every event up to the export. With only the hourly
    /// checkpoints in it, the events of up to an hour before the export, cut from the log with their links and the
    /// later checkpoints, would be missed by a verification held to the file (decision 0051).
    /// </summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        await ExtendEventChain.RunAsync(store, session.Database, null, null, ct);
        await ExtendEventChain.CheckpointAsync(store, session.Database, (await user.AccountAsync(ct))?.Username ?? User.Identity?.Name ?? "?", ct);
        await using var connection = await EventChainStorage.OpenAsync(session.Database, ct);
        var all = await EventChainStorage.CheckpointsAsync(connection, EventChainStorage.SchemaOf(store), int.MaxValue, ct);
        var name = FormattableString.Invariant($"event-chain-checkpoints-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
        return File(Encoding.UTF8.GetBytes(ChainCheckpointFile.Write(all.Reverse())), "text/csv", name);
    }
}
