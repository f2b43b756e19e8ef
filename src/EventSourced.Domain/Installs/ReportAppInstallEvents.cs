using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Installs;

/// <summary>One event as the app sends it; the server adds the member and the time it was received.</summary>
public sealed record AppInstallEventReport(
    Guid EventId,
    AppInstallEventKind Kind,
    string DeviceId,
    string Platform,
    string AppVersion,
    Instant OccurredAt);

/// <summary>
/// The app reports one event or a batch for a member (<c>POST /api/app/installs</c>). The app retries
/// on a bad connection, so a report already counted is dropped rather than refused.
/// </summary>
public sealed record ReportAppInstallEvents(Guid MemberId, IReadOnlyList<AppInstallEventReport> Reports);

public static class ReportAppInstallEventsHandler
{
    /// <summary>More than this in one request is not a retry queue but a runaway client.</summary>
    public const int MaxBatch = 1000;

    /// <summary>
    /// The reports not seen before, as events. The whole batch is checked first and refused as a
    /// whole, so a malformed batch stores nothing; a batch already counted in full gives no events.
    /// </summary>
    public static IReadOnlyList<AppInstallReported> Decide(ReportAppInstallEvents command, MemberAppUsage usage, Instant now)
    {
        if (command.Reports is null || command.Reports.Count == 0)
        {
            throw new RuleViolation("Install.ReportsRequired");
        }

        if (command.Reports.Count > MaxBatch)
        {
            throw new RuleViolation("Install.BatchTooLarge", MaxBatch);
        }

        var events = new List<AppInstallReported>(command.Reports.Count);
        var seen = new HashSet<Guid>(usage.SeenEventIds);
        foreach (var report in command.Reports)
        {
            var valid = Valid(command.MemberId, report, now);
            // A retried batch may repeat itself too: only the first of an id counts.
            if (seen.Add(valid.EventId))
            {
                events.Add(valid);
            }
        }

        return events;
    }

    public static async Task<int> Handle(ReportAppInstallEvents command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var (stream, usage) = await InstallRules.FetchAsync(session, command.MemberId, null, ct);
        var events = Decide(command, usage, clock.GetCurrentInstant());
        stream.AppendMany(events);
        return events.Count;
    }

    private static AppInstallReported Valid(Guid memberId, AppInstallEventReport report, Instant now)
    {
        if (report.EventId == Guid.Empty)
        {
            throw new RuleViolation("Install.EventIdRequired");
        }

        // A number the app version does not know (or JSON sending 7) must not become a silent fifth kind.
        if (!Enum.IsDefined(report.Kind))
        {
            throw new RuleViolation("Install.KindInvalid", report.EventId);
        }

        if (report.OccurredAt > now + InstallRules.FutureTolerance)
        {
            throw new RuleViolation("Install.OccurredInFuture", report.EventId);
        }

        return new AppInstallReported(
            report.EventId,
            memberId,
            report.Kind,
            InstallRules.Text(report.DeviceId, InstallRules.MaxDeviceIdLength, "Install.DeviceId"),
            InstallRules.Text(report.Platform, InstallRules.MaxPlatformLength, "Install.Platform"),
            InstallRules.Text(report.AppVersion, InstallRules.MaxAppVersionLength, "Install.AppVersion"),
            report.OccurredAt,
            now);
    }
}
