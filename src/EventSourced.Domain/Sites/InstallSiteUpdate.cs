using EventSourced.Domain.Calendar;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using JasperFx.Events;
using Marten;
using Marten.Services;
using NodaTime;

namespace EventSourced.Domain.Sites;

/// <summary>The site installs an update cut at the centre, bringing its copy of the register into line.</summary>
public static class SiteUpdates
{
    /// <summary>Marks the centre's events an update appended at the site, so no batch sends them back up.</summary>
    public const string UpdateHeader = "site-update";

    public static bool CameWithUpdate(IEvent stored) =>
        stored?.Headers is { } headers && headers.ContainsKey(UpdateHeader);

    /// <summary>
    /// Checks the file (this site's, signed with its key, an update, the next step of this installation)
    /// and applies it in one transaction: each stream of the update is brought into line with the
    /// centre's (<see cref="SiteUpdateDecision.Decide"/>). Events the site recorded since its last batch
    /// stay, moved after the centre's where the centre changed the same stream, and wait for the next
    /// batch. Refused with a code and nothing applied otherwise.
    /// </summary>
    public static async Task<SiteUpdateReport> InstallAsync(IDocumentStore store, SignedSiteFile file, Guid siteUnitId, byte[] siteKey, IClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(clock);
        if (file.SiteUnitId != siteUnitId)
        {
            throw new RuleViolation(SiteFileRefusals.NotForThisSite);
        }

        var (update, refusal) = SiteSigning.Open<SiteUpdate>(file, SiteFileKind.Update, siteKey);
        if (refusal is not null)
        {
            throw new RuleViolation(refusal);
        }

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction, shouldAutoCommit: false));
        var installation = await session.LoadAsync<SiteInstallation>(SiteInstallation.TheId, ct) ?? throw new RuleViolation("Site.NotInstalled");
        SiteUpdateDecision.Check(update!, installation);

        var ids = update!.Streams.Select(s => s.Id).ToArray();
        var local = new Dictionary<Guid, List<(IEvent Stored, LocalEvent Local)>>();
        foreach (var chunk in ids.Chunk(1000))
        {
            var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(chunk)).OrderBy(e => e.Sequence).ToListAsync(ct);
            foreach (var e in events)
            {
                var portable = PortableEvents.From(e);
                var entry = (e, new LocalEvent(e.Version, portable.Type, portable.Data.GetRawText(), e.Sequence > installation.ExportedThrough && !CameWithUpdate(e)));
                (local.TryGetValue(e.StreamId, out var list) ? list : local[e.StreamId] = []).Add(entry);
            }
        }

        var plans = update.Streams
            .Select(s => (Centre: s, Plan: SiteUpdateDecision.Decide(s, local.TryGetValue(s.Id, out var l) ? l.Select(x => x.Local).ToList() : [])))
            .ToList();
        var realigned = plans.Where(p => p.Plan.RemovesLocal).Select(p => p.Plan).ToList();
        var schema = store.Options.Events.DatabaseSchemaName;
        if (realigned.Count > 0)
        {
            // A site's database is a working copy of the centre's record, which keeps the site's superseded
            // events on their conflicts: here alone the tail of a diverged stream is taken off, in this
            // transaction, with the append-only guard lifted for it and restored before commit.
            await using var sql = connection.CreateCommand();
            sql.Transaction = transaction;
            sql.CommandText = $"alter table {schema}.mt_events disable trigger mt_events_no_delete";
            await sql.ExecuteNonQueryAsync(ct);
            foreach (var plan in realigned)
            {
                sql.CommandText = $"delete from {schema}.mt_events where stream_id = @id and version > @keep; update {schema}.mt_streams set version = @keep where id = @id";
                sql.Parameters.Clear();
                sql.Parameters.AddWithValue("id", plan.StreamId);
                sql.Parameters.AddWithValue("keep", plan.KeepThrough);
                await sql.ExecuteNonQueryAsync(ct);
            }

            sql.Parameters.Clear();
            sql.CommandText = $"alter table {schema}.mt_events enable trigger mt_events_no_delete";
            await sql.ExecuteNonQueryAsync(ct);
        }

        var headers = new Dictionary<string, string> { [UpdateHeader] = update.UpdateId.ToString() };
        var appended = 0;
        foreach (var (centre, plan) in plans)
        {
            var events = plan.Append.Select(e => PortableEvents.ToEvent(e, headers)).ToList();
            if (plan.RemovesLocal)
            {
                // Recorded here since the last batch: back on after the centre's, keeping when they were recorded.
                var stored = local[plan.StreamId].Where(x => x.Local.Unsent).Select(x => x.Stored).ToList();
                events.AddRange(stored.Select(e => PortableEvents.ToEvent(PortableEvents.From(e), new Dictionary<string, string>
                {
                    [PortableEvents.SiteRecordedAtHeader] = e.Headers?.TryGetValue(PortableEvents.SiteRecordedAtHeader, out var at) == true && at is not null
                        ? at.ToString()!
                        : NodaTime.Text.InstantPattern.ExtendedIso.Format(Instant.FromDateTimeOffset(e.Timestamp)),
                })));
                if (plan.Requeued.Count > 0)
                {
                    installation.RecordedOn.TryAdd(plan.StreamId, plan.KeepThrough);
                }
            }

            appended += plan.Append.Count;
            if (events.Count == 0)
            {
                continue;
            }

            if (plan.KeepThrough == 0 && !local.ContainsKey(plan.StreamId))
            {
                session.Events.StartStream(plan.StreamId, events.ToArray());
            }
            else
            {
                session.Events.Append(plan.StreamId, plan.KeepThrough + events.Count, events.ToArray());
            }
        }

        await session.SaveChangesAsync(ct);
        // The inline snapshots of a stream whose tail was taken off were folded over the old tail: fold them again.
        foreach (var plan in realigned)
        {
            await RefoldAsync(session, plan.StreamId, ct);
        }

        var waiting = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > installation.ExportedThrough).ToListAsync(ct);
        var report = new SiteUpdateReport(
            update.UpdateId,
            clock.GetCurrentInstant(),
            plans.Count(p => p.Plan.Append.Count > 0 || p.Plan.RemovesLocal),
            appended,
            realigned.SelectMany(p => p.Superseded.Select(e => new SupersededEvent(p.StreamId, e.Version, e.Type))).ToList(),
            plans.Where(p => p.Plan.RemovesLocal && p.Plan.Requeued.Count > 0).Select(p => p.Plan.StreamId).ToList(),
            waiting.Count(e => PortableEvents.MaySync(PortableEvents.TypeName(e.EventType)) && !CameWithUpdate(e)),
            update.Resolutions,
            update.OpenConflicts);
        installation.PackageId = update.UpdateId;
        installation.PackageCutAt = update.CutAt;
        installation.InstalledCuts.Add(update.UpdateId);
        installation.ReceivedBatches = [.. installation.ReceivedBatches.Union(update.ReceivedBatches)];
        installation.LastUpdate = report;
        session.Store(installation);
        // Records written around the handlers: until the check below has built their keys, the next
        // start must check in full (if this process stops in between).
        session.Delete<RegisterKeysCheck>(RegisterKeysCheck.TheOne);
        await session.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await RegisterKeys.BackfillAsync(store, ct);
        return report;
    }

    private static async Task RefoldAsync(IDocumentSession session, Guid id, CancellationToken ct)
    {
        if (await session.LoadAsync<Member>(id, ct) is not null)
        {
            session.Store((await session.Events.AggregateStreamAsync<Member>(id, token: ct))!);
        }
        else if (await session.LoadAsync<Transfer>(id, ct) is not null)
        {
            session.Store((await session.Events.AggregateStreamAsync<Transfer>(id, token: ct))!);
        }
        else if (await session.LoadAsync<Organisation>(id, ct) is not null)
        {
            session.Store((await session.Events.AggregateStreamAsync<Organisation>(id, token: ct))!);
        }
        else if (await session.LoadAsync<HolidayYear>(id, ct) is not null)
        {
            session.Store((await session.Events.AggregateStreamAsync<HolidayYear>(id, token: ct))!);
        }
    }
}
