using System.Diagnostics;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace EventSourced.Web.Demo;

/// <summary>
/// Loads the demo's events with Marten's bulk event loading (<c>COPY</c> underneath) instead of one
/// session per thousand streams: the same streams, events, stream types and audit headers as
/// <see cref="DemoSeeder"/>, but no inline projection runs while they go in. The read models are then
/// rebuilt from the events (<see cref="Infrastructure.ProjectionRebuild"/>), as after any upgrade, so the
/// seed and a rebuild are one path and nothing writes a read model around the projections.
/// </summary>
public static class DemoBulkLoad
{
    /// <summary>Streams per COPY call: big enough that the call's fixed cost vanishes, small enough to keep memory flat.</summary>
    private const int StreamsPerCopy = 20_000;

    /// <summary>Rows a COPY sends before Marten starts the next one.</summary>
    private const int RowsPerCopy = 100_000;

    public sealed record Result(int Units, int Members, int Streams, long Events);

    /// <summary>Writes the demo's events into an empty store (its one database); the projections are left to the rebuild.</summary>
    public static Task<Result> LoadAsync(IDocumentStore store, IPasswordHasher<UserAccount> hasher, DemoSize size, LocalDate today, int perCell, TextWriter output, CancellationToken ct) =>
        LoadAsync(store, null, hasher, size, today, perCell, output, ct);

    /// <summary>
    /// Writes the demo's events into an empty store (the province <paramref name="tenantId"/>'s database when
    /// given); the projections are left to the rebuild.
    /// </summary>
    public static async Task<Result> LoadAsync(IDocumentStore store, string? tenantId, IPasswordHasher<UserAccount> hasher, DemoSize size, LocalDate today, int perCell, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(output);
        var database = tenantId is null ? store.Storage.Database : await store.Storage.FindOrCreateDatabase(tenantId);
        // Marten brings a database's schema up to date at its first bulk insert, which would put the deferred
        // checks straight back: an empty insert has it do so now, before they are dropped.
        await (tenantId is null ? store.BulkInsertEventsAsync([], RowsPerCopy, ct) : store.BulkInsertEventsAsync(tenantId, [], RowsPerCopy, ct));
        var checks = await EventTableChecks.DeferAsync(store, database, ct);
        Result result;
        try
        {
            result = await LoadEventsAsync(store, database, tenantId, hasher, size, today, perCell, output, ct);
        }
        catch
        {
            // Put back what can be: the failure is the load's, and it is the one reported.
            try
            {
                await checks.RestoreAsync(CancellationToken.None);
            }
            catch (Npgsql.PostgresException)
            {
            }

            throw;
        }

        var restoring = Stopwatch.StartNew();
        await checks.RestoreAsync(ct);
        await output.WriteLineAsync($"seed: {checks.Count} checks of the event table deferred during the load, built over every event in {restoring.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    private static async Task<Result> LoadEventsAsync(IDocumentStore store, Marten.Storage.IMartenDatabase database, string? tenantId, IPasswordHasher<UserAccount> hasher, DemoSize size, LocalDate today, int perCell, TextWriter output, CancellationToken ct)
    {
        var graph = ((DocumentStore)store).Events;
        var units = DemoCity.Build(size);
        var streams = 0;
        long events = 0;
        var clock = Stopwatch.StartNew();

        async Task WriteAsync(string what, IEnumerable<(Guid Id, Type Aggregate, object[] Events)> source, IReadOnlyDictionary<string, object> headers)
        {
            var before = Interlocked.Read(ref events);
            var started = clock.Elapsed;
            // Two calls in flight: while PostgreSQL takes one COPY the next chunk is built and serialised (three measured slower).
            await Parallel.ForEachAsync(source.Chunk(StreamsPerCopy), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, async (chunk, token) =>
            {
                var now = DateTimeOffset.UtcNow;
                var actions = new List<StreamAction>(chunk.Length);
                foreach (var (id, aggregate, data) in chunk)
                {
                    var action = StreamAction.Start(graph, id, data);
                    action.AggregateType = aggregate;
                    foreach (var e in action.Events)
                    {
                        // What a session stamps on each event: the time, who recorded it and why.
                        e.Timestamp = now;
                        e.UserName = "seed";
                        foreach (var (key, value) in headers)
                        {
                            e.SetHeader(key, value);
                        }
                    }

                    actions.Add(action);
                }

                await (tenantId is null
                    ? store.BulkInsertEventsAsync(actions, RowsPerCopy, token)
                    : store.BulkInsertEventsAsync(tenantId, actions, RowsPerCopy, token));
                Interlocked.Add(ref streams, actions.Count);
                Interlocked.Add(ref events, actions.Sum(a => (long)a.Events.Count));
            });

            var took = clock.Elapsed - started;
            var count = Interlocked.Read(ref events) - before;
            await output.WriteLineAsync($"seed: {what}: {count:N0} events in {took.TotalSeconds:F1} s ({count / Math.Max(took.TotalSeconds, 0.001):N0} events/s)");
        }

        await WriteAsync("units", units.Select(u => (u.OrganisationId, typeof(Organisation), new object[] { u })), DemoSeeder.Headers);
        var accounts = DemoSeeder.AccountStreams(hasher, size, []).ToList();
        await WriteAsync("accounts", accounts.Select(a => (a.Id, typeof(UserAccount), a.Events)), DemoSeeder.Headers);
        var members = 0;
        if (perCell > 0)
        {
            // Parallel.ForEachAsync takes items one at a time under its lock, so the count needs none.
            await WriteAsync("members", DemoMembers.Build(units, today, perCell).Select(m =>
            {
                members++;
                return (m.MemberId, typeof(Member), m.Events);
            }), DemoSeeder.Headers);
            await WriteAsync("rollout", DemoRollout.Build(units, DemoMembers.Build(units, today, perCell), today), DemoSeeder.Headers);
        }

        // The content seats the demo accounts, read here from their events: no snapshot exists yet.
        var seated = accounts.Select(a => (UserRegistered)a.Events[0])
            .ToDictionary(r => r.Username, r => new UserAccount { Id = r.UserId, Username = r.Username, DisplayName = r.DisplayName });
        if (DemoContent.Build(size, today, seated) is { } content)
        {
            await DemoContent.InsertFilesAsync(store, database, content.Files, ct);
            await WriteAsync("content", content.Streams, DemoContent.Headers);
        }

        return new Result(units.Count, members, streams, events);
    }
}
