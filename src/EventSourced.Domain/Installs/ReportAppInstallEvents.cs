using EventSourced.Domain.Common;
using JasperFx.Events;
using Marten;
using Marten.Services.BatchQuerying;
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

/// <summary>
/// One member's report as its request brought it, with who sent it (decision 0031) and the app credential
/// its token was issued under, checked where the report is written (decision 0039).
/// </summary>
public sealed record AttributedReport(ReportAppInstallEvents Command, EventAttribution Attribution, Guid Credential);

/// <summary>A report of the batch that was not stored and never will be: the app drops it rather than sending it again.</summary>
public sealed record RefusedReport(Guid EventId, string Code);

/// <summary>What became of a batch: the new events, and the reports refused one by one.</summary>
public sealed record ReportOutcome(IReadOnlyList<AppInstallReported> Events, IReadOnlyList<RefusedReport> Refused);

/// <summary>
/// How far back the app may report: <see cref="ReportWindow"/> before the time a report is received
/// (<c>Installs:ReportWindowDays</c>, 30 days by default). A phone that was offline for a week still
/// reports its install, while a report dated last year cannot rewrite figures already published.
/// </summary>
public sealed record InstallSettings(Duration ReportWindow)
{
    public static readonly Duration DefaultReportWindow = Duration.FromDays(30);

    public InstallSettings()
        : this(DefaultReportWindow)
    {
    }

    public Duration ReportWindow { get; } = ReportWindow > Duration.Zero
        ? ReportWindow
        : throw new ArgumentOutOfRangeException(nameof(ReportWindow), "The report window must be at least a day.");
}

public static class ReportAppInstallEventsHandler
{
    /// <summary>More than this in one request is not a retry queue but a runaway client.</summary>
    public const int MaxBatch = 1000;

    /// <summary>
    /// The devices a member's reports may come from within the report window: a phone, a tablet, a new phone
    /// or a reinstall (which may give the app a new device id) with room to spare. The device id is the app's
    /// to choose, and the usage record keeps a day's reports per device, so without a bound one member could
    /// make their record, rewritten on every report, grow by thousands of reports a request.
    /// </summary>
    public const int MaxDevices = 10;

    /// <summary>A report from one device more than <see cref="MaxDevices"/> within the window: refused on its own.</summary>
    public const string TooManyDevices = "Install.TooManyDevices";

    /// <summary>
    /// The reports not seen before, as events. The whole batch is checked first and refused as a
    /// whole when a report is malformed (a client bug: nothing is stored); a batch already counted
    /// in full gives no events. A well-formed report from before the window is refused on its own,
    /// with its id and reason, and the rest of the batch is stored: a phone's offline queue may hold
    /// one very old report among new ones, and refusing the whole batch would have the app send it
    /// again forever. A retry of a report already counted (its app id in <paramref name="alreadyStored"/>)
    /// is dropped before its age is looked at, so a retry is never told "refused" for a report that was counted.
    /// A report from a device the member's record (<paramref name="usage"/>) and the batch have not seen within
    /// the window, when <see cref="MaxDevices"/> have been, is refused on its own too (<see cref="TooManyDevices"/>).
    /// </summary>
    public static ReportOutcome Decide(ReportAppInstallEvents command, IReadOnlySet<Guid> alreadyStored, Instant now, InstallSettings settings, MemberAppUsage? usage = null)
    {
        ArgumentNullException.ThrowIfNull(alreadyStored);
        ArgumentNullException.ThrowIfNull(settings);
        if (command.Reports is null || command.Reports.Count == 0)
        {
            throw new RuleViolation("Install.ReportsRequired");
        }

        if (command.Reports.Count > MaxBatch)
        {
            throw new RuleViolation("Install.BatchTooLarge", MaxBatch);
        }

        var acceptedFrom = now - settings.ReportWindow;
        var valid = command.Reports.Select(report => Valid(command.MemberId, report, now, acceptedFrom)).ToList();
        var events = new List<AppInstallReported>(valid.Count);
        var refused = new List<RefusedReport>();
        var seen = new HashSet<Guid>(valid.Count);
        var devices = (usage?.Reports ?? []).Where(r => r.OccurredAt >= acceptedFrom).Select(r => r.DeviceId).ToHashSet(StringComparer.Ordinal);
        foreach (var report in valid)
        {
            // A retried batch may repeat itself too: only the first of an id counts.
            if (alreadyStored.Contains(report.EventId) || !seen.Add(report.EventId))
            {
                continue;
            }

            if (report.OccurredAt < acceptedFrom)
            {
                refused.Add(new RefusedReport(report.EventId, "Install.OccurredTooLongAgo"));
            }
            else if (!devices.Contains(report.DeviceId) && devices.Count >= MaxDevices)
            {
                refused.Add(new RefusedReport(report.EventId, TooManyDevices));
            }
            else
            {
                devices.Add(report.DeviceId);
                events.Add(report);
            }
        }

        return new ReportOutcome(events, refused);
    }

    public static async Task<ReportOutcome> Handle(ReportAppInstallEvents command, IDocumentSession session, IClock clock, InstallSettings settings, CancellationToken ct)
    {
        var (stream, _) = await InstallRules.FetchAsync(session, command.MemberId, null, ct);
        var stored = await AlreadyStoredAsync(session, [command], ct);
        var outcome = Decide(command, stored.GetValueOrDefault(command.MemberId, NoneStored), clock.GetCurrentInstant(), settings, stream.Aggregate);
        stream.AppendMany(outcome.Events);
        KeyStoredIds(stream);
        return outcome;
    }

    /// <summary>
    /// Per member, the app ids of the commands' reports already in the event store: one query by the
    /// stored ids (<see cref="AppInstallReported.StoredIdFor"/>) on the unique index of event ids, which
    /// also refuses a copy written by another node between this read and the commit (decision 0032).
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlySet<Guid>>> AlreadyStoredAsync(
        IQuerySession session, IReadOnlyList<ReportAppInstallEvents> commands, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var byStoredId = ByStoredId(commands);
        return byStoredId.Count == 0
            ? new Dictionary<Guid, IReadOnlySet<Guid>>()
            : Found(byStoredId, await session.QueryAsync<Guid>(StoredIdsSql(session), ct, [byStoredId.Keys.ToArray()]));
    }

    /// <summary>
    /// <see cref="AlreadyStoredAsync(IQuerySession, IReadOnlyList{ReportAppInstallEvents}, CancellationToken)"/> as
    /// part of a batch, read in the batch's round trip; the task completes when the batch has run.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlySet<Guid>>> AlreadyStoredAsync(
        IBatchedQuery batch, IQuerySession session, IReadOnlyList<ReportAppInstallEvents> commands)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(session);
        var byStoredId = ByStoredId(commands);
        return byStoredId.Count == 0
            ? new Dictionary<Guid, IReadOnlySet<Guid>>()
            : Found(byStoredId, [.. (await batch.Query<StoredRow>(StoredRowsSql(session), [byStoredId.Keys.ToArray()])).Select(r => r.Id)]);
    }

    /// <summary>A batch reads rows as JSON documents: the stored id as one.</summary>
    private sealed record StoredRow(Guid Id);

    private static string StoredRowsSql(IQuerySession session) =>
        $"select jsonb_build_object('id', id) from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events where id = any(?)";

    private static string StoredIdsSql(IQuerySession session) =>
        $"select id from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events where id = any(?)";

    /// <summary>Each report's stored id, with the member and app id it stands for.</summary>
    private static Dictionary<Guid, (Guid MemberId, Guid EventId)> ByStoredId(IReadOnlyList<ReportAppInstallEvents> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var byStoredId = new Dictionary<Guid, (Guid MemberId, Guid EventId)>();
        foreach (var command in commands)
        {
            foreach (var report in command.Reports ?? [])
            {
                byStoredId.TryAdd(AppInstallReported.StoredIdFor(command.MemberId, report.EventId), (command.MemberId, report.EventId));
            }
        }

        return byStoredId;
    }

    private static Dictionary<Guid, IReadOnlySet<Guid>> Found(Dictionary<Guid, (Guid MemberId, Guid EventId)> byStoredId, IReadOnlyList<Guid> stored)
    {
        var found = new Dictionary<Guid, IReadOnlySet<Guid>>();
        foreach (var id in stored)
        {
            var (memberId, eventId) = byStoredId[id];
            if (!found.TryGetValue(memberId, out var ids))
            {
                found[memberId] = ids = new HashSet<Guid>();
            }

            ((HashSet<Guid>)ids).Add(eventId);
        }

        return found;
    }

    /// <summary>
    /// The event store refused a report already stored, written by another node since this one read:
    /// sent again, the report finds it stored and is answered as such.
    /// </summary>
    public static bool IsSecondCopy(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, ConstraintName: var name } && name == StoredIdIndex)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The report's credential is not the member's active one (revoked, or the member left): the app is signed out.</summary>
    public const string CredentialRevoked = "Install.CredentialRevoked";

    /// <summary>Marten's unique index on event ids (<c>EnableUniqueIndexOnEventId</c>).</summary>
    public const string StoredIdIndex = "idx_mt_events_event_id";

    private static readonly IReadOnlySet<Guid> NoneStored = new HashSet<Guid>();

    /// <summary>Each new report is stored under its stored id, which the unique index on event ids keeps to one copy.</summary>
    private static void KeyStoredIds(IEventStream<MemberAppUsage> stream)
    {
        foreach (var e in stream.Events)
        {
            if (e.Data is AppInstallReported report)
            {
                e.Id = AppInstallReported.StoredIdFor(report.MemberId, report.EventId);
            }
        }
    }

    /// <summary>
    /// Writes the reports of several members in one transaction (decision 0031), at most one report
    /// per member. Each is decided as <see cref="Handle"/> decides it, against its member's usage as
    /// stored, with the versions read checked on commit; a report refused by a rule is refused alone
    /// and the others are written. Each event carries its own reporter (<see cref="EventAttribution"/>).
    /// A report whose credential is no longer the member's active one is refused with <see cref="CredentialRevoked"/>.
    /// Throws, storing nothing, when the transaction fails.
    /// </summary>
    public static async Task<IReadOnlyList<GroupResult<ReportOutcome>>> WriteGroupAsync(
        IDocumentSession session, IReadOnlyList<AttributedReport> reports, Instant now, InstallSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(reports);
        var streamIds = reports.Select(r => MemberAppUsage.StreamIdFor(r.Command.MemberId)).ToList();
        if (streamIds.Distinct().Count() != streamIds.Count)
        {
            throw new ArgumentException("At most one report per member in a group: the second must see the first's events.", nameof(reports));
        }

        // One round trip for everything the group's decisions read (decision 0044). Fetched for writing,
        // each usage snapshot is the one the inline projection then updates (not read a second time), and
        // its version is checked on commit: another node's report on the same member fails the group.
        // One query tells both whether each member is on the register and which credential is active.
        var batch = session.CreateBatchQuery();
        var fetching = streamIds.Select(id => batch.Events.FetchForWriting<MemberAppUsage>(id)).ToList();
        var storedRead = AlreadyStoredAsync(batch, session, [.. reports.Select(r => r.Command)]);
        var credentialsRead = Members.AppAccessHandler.ActiveCredentialsAsync(batch, session, [.. reports.Select(r => r.Command.MemberId)]);
        await batch.Execute(ct);
        var streams = await Task.WhenAll(fetching);
        var stored = await storedRead;
        var credentials = await credentialsRead;

        var results = new List<GroupResult<ReportOutcome>>(reports.Count);
        for (var i = 0; i < reports.Count; i++)
        {
            var (command, attribution, credential) = reports[i];
            var stream = streams[i];
            try
            {
                // Read in this transaction: a credential revoked before the report is written stores nothing.
                if (credentials.GetValueOrDefault(command.MemberId) != credential)
                {
                    throw new RuleViolation(CredentialRevoked);
                }

                // As in FetchAsync: a stream is only ever started for a member on the register.
                if (stream.Aggregate is null && !credentials.ContainsKey(command.MemberId))
                {
                    throw new RuleViolation("Install.MemberNotFound");
                }

                var outcome = Decide(command, stored.GetValueOrDefault(command.MemberId, NoneStored), now, settings, stream.Aggregate);
                foreach (var e in outcome.Events)
                {
                    stream.AppendOne(e);
                }

                KeyStoredIds(stream);

                foreach (var e in stream.Events)
                {
                    attribution.ApplyTo(e);
                }

                results.Add(GroupResult.Of(outcome));
            }
            catch (RuleViolation refused)
            {
                results.Add(GroupResult.Refused<ReportOutcome>(refused));
            }
        }

        await session.SaveChangesAsync(ct);
        return results;
    }

    private static AppInstallReported Valid(Guid memberId, AppInstallEventReport report, Instant now, Instant acceptedFrom)
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
            Input.Required(report.DeviceId, TextLimits.DeviceId, "Install.DeviceId"),
            Input.Required(report.Platform, TextLimits.Platform, "Install.Platform"),
            Input.Required(report.AppVersion, TextLimits.AppVersion, "Install.AppVersion"),
            report.OccurredAt,
            now,
            acceptedFrom);
    }
}
