using System.Collections.Concurrent;
using EventSourced.Domain.Common;
using EventSourced.Domain.Installs;
using Marten;
using NodaTime;

namespace EventSourced.Web.Api;

/// <summary>
/// Writes the app's install reports by group commit (decision 0031): reports of different members
/// arriving while others are being stored go into one transaction, one per province. One event per
/// request is what a phone sends most, and a transaction per request was most of its cost.
/// </summary>
public sealed class InstallReportWriter(IDocumentStore store, IClock clock, InstallSettings settings)
{
    /// <summary>More reports than this in one transaction would only make each of them wait longer.</summary>
    public const int MaxGroup = 64;

    /// <summary>Two transactions at once: one gathers the reports arriving while the other commits.</summary>
    public const int Writers = 2;

    private readonly ConcurrentDictionary<string, GroupCommit<AttributedReport, ReportOutcome>> _provinces = new();

    /// <summary>Reports stored so far: groups, reports, and reports whose group failed and that were written alone.</summary>
    public (long Groups, long Reports, long WrittenAlone) Counts =>
        _provinces.Values.Aggregate((0L, 0L, 0L), (sum, g) => (sum.Item1 + g.Counts.Groups, sum.Item2 + g.Counts.Items, sum.Item3 + g.Counts.FellBack));

    /// <summary>
    /// Stores the report with the others waiting in its province, or with <paramref name="alone"/> when
    /// their transaction failed; a rule the report breaks is thrown here as <see cref="RuleViolation"/>.
    /// </summary>
    public Task<ReportOutcome> WriteAsync(string? tenantId, AttributedReport report, Func<Task<ReportOutcome>> alone, CancellationToken ct) =>
        _provinces.GetOrAdd(tenantId ?? string.Empty, Create).WriteAsync(report, alone, ct);

    private GroupCommit<AttributedReport, ReportOutcome> Create(string tenantId) => new(
        async (reports, ct) =>
        {
            // One connection for the group's reads and its write: a session of its own would take one from
            // the pool for each query and have it reset each time it went back (decision 0039).
            var database = tenantId.Length == 0 ? store.Storage.Database : await store.Storage.FindOrCreateDatabase(tenantId);
            await using var connection = database.CreateConnection();
            await connection.OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var options = Marten.Services.SessionOptions.ForTransaction(transaction, shouldAutoCommit: true);
            if (tenantId.Length > 0)
            {
                options.TenantId = tenantId;
            }

            await using var session = store.LightweightSession(options);
            return await ReportAppInstallEventsHandler.WriteGroupAsync(session, reports, clock.GetCurrentInstant(), settings, ct);
        },
        report => report.Command.MemberId,
        MaxGroup,
        Writers);
}
