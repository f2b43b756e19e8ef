using System.Net.Sockets;
using System.Runtime.CompilerServices;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using Marten;
using Marten.Services;
using Npgsql;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// The national register (decision 0034): with provinces, a table in the main database
/// (<c>ConnectionStrings:Marten</c>) holding each citizen ID and each party card number once, as the province's
/// register key (<see cref="NationalRegisterKeys"/>), with the province and member that hold it.
/// A province's session reserves the keys it is about to claim there before it writes (a Marten
/// session listener, so every path that claims a register key is covered without the handlers knowing):
/// taken elsewhere is refused, the national database unreachable refuses the write, and a write that fails
/// after its reservation gives the reservation back (<see cref="AroundAsync{T}"/>) or, where nothing could,
/// leaves one that the next claim finds stale against the holder's own store. Without provinces it is off
/// and costs nothing: each database's register keys already make a citizen ID and a card number unique.
/// </summary>
public sealed class NationalRegister
{
    public const string Table = "national_register_keys";

    /// <summary>The table's name and shape before card numbers were national (citizen IDs as bare digits): renamed in place at start.</summary>
    public const string CitizenIdsTable = "national_citizen_ids";

    /// <summary>
    /// How long a reservation whose province shows no record may still belong to a write in progress. Longer
    /// than any transaction runs (an import is allowed 600 s), so a reservation is never taken from a write
    /// that is still going to commit.
    /// </summary>
    public static readonly TimeSpan InFlight = TimeSpan.FromMinutes(15);

    public static readonly NationalRegister Off = new(null, []);

    private static readonly AsyncLocal<Ledger?> CurrentLedger = new();

    private readonly NpgsqlDataSource? _source;
    private readonly HashSet<string> _provinces;
    private readonly ConditionalWeakTable<IDocumentSession, Pending> _pending = new();
    private Task? _created;

    private NationalRegister(NpgsqlDataSource? source, IEnumerable<string> provinces)
    {
        _source = source;
        _provinces = provinces.ToHashSet(StringComparer.Ordinal);
        Listener = new SessionListener(this);
    }

    /// <summary>
    /// On with provinces, the national table in the main database; off (the one-database application) otherwise.
    /// The table is created when the application manages its schema (<c>EventStore:ManageSchema</c>); a role
    /// without DDL rights finds it made by the operator (docs/operations.md).
    /// </summary>
    public static NationalRegister For(Provinces provinces, string mainConnectionString, bool manageSchema = true)
    {
        ArgumentNullException.ThrowIfNull(provinces);
        if (!provinces.Enabled)
        {
            return Off;
        }

        var register = new NationalRegister(NpgsqlDataSource.Create(ReadReplicas.WritesToPrimary(mainConnectionString)), provinces.All.Select(p => p.Code));
        if (!manageSchema)
        {
            register._created = Task.CompletedTask;
        }

        return register;
    }

    public bool Enabled => _source is not null;

    /// <summary>Added to Marten's listeners with provinces: reserves before a province's session writes, settles after it commits.</summary>
    public IDocumentSessionListener Listener { get; }

    /// <summary>
    /// Runs a command's send; if it fails, the reservations its sessions made and did not commit are given
    /// back at once, so a refused admission does not keep another province waiting for <see cref="InFlight"/>.
    /// </summary>
    public async Task<T> AroundAsync<T>(Func<Task<T>> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        if (!Enabled)
        {
            return await send();
        }

        var ledger = new Ledger();
        CurrentLedger.Value = ledger;
        try
        {
            return await send();
        }
        catch
        {
            foreach (var reservation in ledger.Uncommitted())
            {
                await UndoAsync(reservation);
            }

            throw;
        }
    }

    public Task AroundAsync(Func<Task> send) => AroundAsync(async () =>
    {
        await send();
        return true;
    });

    /// <summary>
    /// Reserves every national register key (citizen IDs, card numbers) of one province that the national register lacks (after a bulk
    /// load such as <c>seed</c>, which writes around the handlers, or a province that held members before the
    /// national register existed: <c>national-backfill</c>). Returns how many it reserved now and how many are
    /// held by another province: those stay theirs, for staff to correct. Running it again reserves nothing new.
    /// </summary>
    public async Task<NationalBackfill> BackfillAsync(IDocumentStore store, string province, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!Enabled)
        {
            return new NationalBackfill(new(0, 0), new(0, 0));
        }

        await using var connection = await OpenAsync(ct);
        return new NationalBackfill(
            await BackfillAsync(connection, store, province, RegisterKeys.CitizenIdKind, ct),
            await BackfillAsync(connection, store, province, RegisterKeys.CardKind, ct));
    }

    private static async Task<NationalBackfillCount> BackfillAsync(NpgsqlConnection connection, IDocumentStore store, string province, string kind, CancellationToken ct)
    {
        var keys = new List<(string Key, Guid Member)>();
        await using (var session = store.QuerySession(province))
        {
            foreach (var key in await session.Query<RegisterKey>().Where(k => k.Id.StartsWith(kind, StringComparison.Ordinal)).ToListAsync(ct))
            {
                keys.Add((key.Id, key.OwnerId));
            }
        }

        var reserved = 0;
        var elsewhere = 0;
        foreach (var chunk in keys.Chunk(10_000))
        {
            await using var command = new NpgsqlCommand(
                $"""
                with wanted as (select * from unnest(@keys, @members) as w(key, member_id)),
                inserted as (
                    insert into {Table} (key, province, member_id)
                    select key, @province, member_id from wanted
                    on conflict (key) do nothing
                    returning key)
                select (select count(*)::int from inserted),
                       (select count(*)::int from wanted w
                        where not exists (select 1 from inserted i where i.key = w.key)
                          and exists (select 1 from {Table} t where t.key = w.key and t.province <> @province))
                """,
                connection);
            command.Parameters.AddWithValue("keys", chunk.Select(c => c.Key).ToArray());
            command.Parameters.AddWithValue("members", chunk.Select(c => c.Member).ToArray());
            command.Parameters.AddWithValue("province", province);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            reserved += reader.GetInt32(0);
            elsewhere += reader.GetInt32(1);
        }

        return new NationalBackfillCount(reserved, elsewhere);
    }

    private async Task<Reservation> ReserveAsync(IDocumentSession session, string province, IReadOnlyList<(string Key, Guid Member)> claims, CancellationToken ct)
    {
        var reservation = new Reservation(province);
        try
        {
            await using var connection = await OpenAsync(ct);
            var inserted = await InsertAsync(connection, province, claims, ct);
            foreach (var (key, member) in claims)
            {
                if (inserted.Contains(key))
                {
                    reservation.Taken.Add(new Taken(key, member, null));
                }
                else
                {
                    await ResolveAsync(connection, session.DocumentStore, reservation, key, member, ct);
                }
            }

            return reservation;
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            await UndoAsync(reservation);
            throw NationalRegisterKeys.Unavailable();
        }
        catch
        {
            await UndoAsync(reservation);
            throw;
        }
    }

    private static async Task<HashSet<string>> InsertAsync(NpgsqlConnection connection, string province, IReadOnlyList<(string Key, Guid Member)> claims, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            insert into {Table} (key, province, member_id)
            select key, @province, member_id from unnest(@keys, @members) as w(key, member_id)
            on conflict (key) do nothing
            returning key
            """,
            connection);
        command.Parameters.AddWithValue("keys", claims.Select(c => c.Key).ToArray());
        command.Parameters.AddWithValue("members", claims.Select(c => c.Member).ToArray());
        command.Parameters.AddWithValue("province", province);
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            inserted.Add(reader.GetString(0));
        }

        return inserted;
    }

    /// <summary>
    /// A key someone has reserved: decided against what the holder's province itself records, and
    /// taken over with a compare-and-set on the row as it was read, so two provinces taking over one stale
    /// reservation at once cannot both succeed.
    /// </summary>
    private static async Task ResolveAsync(NpgsqlConnection connection, IDocumentStore store, Reservation reservation, string key, Guid member, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var read = new NpgsqlCommand($"select province, member_id, reserved_at, reserved_at < now() - @inFlight from {Table} where key = @key", connection);
            read.Parameters.AddWithValue("key", key);
            read.Parameters.AddWithValue("inFlight", InFlight);
            Holder? holder = null;
            await using (var reader = await read.ExecuteReaderAsync(ct))
            {
                if (await reader.ReadAsync(ct))
                {
                    holder = new Holder(new NationalHolder(reader.GetString(0), reader.GetGuid(1), reader.GetBoolean(3)), reader.GetFieldValue<DateTime>(2));
                }
            }

            if (holder is null)
            {
                // Given back between the insert and this read: claim it afresh.
                if ((await InsertAsync(connection, reservation.Province, [(key, member)], ct)).Count == 1)
                {
                    reservation.Taken.Add(new Taken(key, member, null));
                    return;
                }

                continue;
            }

            var standing = holder.Row.Province == reservation.Province ? HolderStanding.Held : await StandingAsync(store, holder.Row.Province, key, ct);
            switch (NationalRegisterKeys.Decide(reservation.Province, holder.Row, standing))
            {
                case NationalClaim.OwnProvince:
                    reservation.Own.Add((key, member));
                    return;
                case NationalClaim.Refuse:
                    throw NationalRegisterKeys.Taken(key);
            }

            await using var move = new NpgsqlCommand(
                $"""
                update {Table} set province = @province, member_id = @member, reserved_at = now()
                where key = @key and province = @was and member_id = @wasMember and reserved_at = @wasAt
                """,
                connection);
            move.Parameters.AddWithValue("province", reservation.Province);
            move.Parameters.AddWithValue("member", member);
            move.Parameters.AddWithValue("key", key);
            move.Parameters.AddWithValue("was", holder.Row.Province);
            move.Parameters.AddWithValue("wasMember", holder.Row.MemberId);
            move.Parameters.AddWithValue("wasAt", holder.ReservedAt);
            if (await move.ExecuteNonQueryAsync(ct) == 1)
            {
                reservation.Taken.Add(new Taken(key, member, holder));
                return;
            }
        }

        // Changed hands three times while this claim looked: someone else is recording it right now.
        throw NationalRegisterKeys.Taken(key);
    }

    /// <summary>What the holder's own province records for the key: its register key, and whether that member has left.</summary>
    private static async Task<HolderStanding> StandingAsync(IDocumentStore store, string province, string key, CancellationToken ct)
    {
        // From the province's primary, never a standby (decision 0028): a key committed a moment ago must be seen.
        await using var session = store.LightweightSession(province);
        var registerKey = await session.LoadAsync<RegisterKey>(key, ct);
        if (registerKey is null)
        {
            return HolderStanding.NotHeld;
        }

        var owner = await session.LoadAsync<Member>(registerKey.OwnerId, ct);
        return owner is { Status: MembershipStatus.TransferredOut } ? HolderStanding.Left : HolderStanding.Held;
    }

    private static async Task<List<string>> NoLongerHeldAsync(IDocumentStore store, string province, IReadOnlyList<string> keys, CancellationToken ct)
    {
        // From the province's primary (decision 0028): the commit a moment ago must be seen.
        await using var session = store.LightweightSession(province);
        var held = (await session.LoadManyAsync<RegisterKey>(ct, keys)).Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
        return keys.Where(k => !held.Contains(k)).ToList();
    }

    /// <summary>Gives back what a failed write reserved: its new rows deleted, the rows it took over handed back. Only rows still as it left them.</summary>
    private async Task UndoAsync(Reservation reservation)
    {
        if (reservation.Taken.Count == 0)
        {
            return;
        }

        try
        {
            await using var connection = await OpenAsync(CancellationToken.None);
            foreach (var taken in reservation.Taken)
            {
                await using var command = taken.Previous is { } previous
                    ? new NpgsqlCommand($"update {Table} set province = @was, member_id = @wasMember, reserved_at = @wasAt where key = @key and province = @province and member_id = @member", connection)
                    : new NpgsqlCommand($"delete from {Table} where key = @key and province = @province and member_id = @member", connection);
                command.Parameters.AddWithValue("key", taken.Key);
                command.Parameters.AddWithValue("province", reservation.Province);
                command.Parameters.AddWithValue("member", taken.Member);
                if (taken.Previous is { } was)
                {
                    command.Parameters.AddWithValue("was", was.Row.Province);
                    command.Parameters.AddWithValue("wasMember", was.Row.MemberId);
                    command.Parameters.AddWithValue("wasAt", was.ReservedAt);
                }

                await command.ExecuteNonQueryAsync();
            }

            reservation.Taken.Clear();
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            // Left as it is: the province holds no key for it, so the next claim takes it over after InFlight.
            Serilog.Log.Warning(e, "National register: {Count} reservations of a failed write in {Province} not given back; they lapse after {InFlight}", reservation.Taken.Count, reservation.Province, InFlight);
        }
    }

    /// <summary>
    /// After the province committed: keys its corrections gave up are freed nationally, and those its own
    /// register decided (already held there) name the member who holds them now.
    /// </summary>
    private async Task SettleAsync(IDocumentStore store, Pending pending, CancellationToken ct)
    {
        pending.Reservation.Committed = true;
        if (pending.Released.Count == 0 && pending.Reservation.Own.Count == 0)
        {
            return;
        }

        try
        {
            await using var connection = await OpenAsync(ct);
            // Freed nationally only when the province itself no longer holds the key. The listener works out a
            // rescinded card on the record before the write, while the province's register follows the write's
            // own events in order (a site's batch that exchanged the card and then rescinded its first issue
            // still names the number): the number must not be free elsewhere while this province refuses it.
            var freed = pending.Released.Count == 0 ? [] : await NoLongerHeldAsync(store, pending.Reservation.Province, pending.Released, ct);
            if (freed.Count > 0)
            {
                await using var release = new NpgsqlCommand($"delete from {Table} where key = any(@keys) and province = @province", connection);
                release.Parameters.AddWithValue("keys", freed.ToArray());
                release.Parameters.AddWithValue("province", pending.Reservation.Province);
                await release.ExecuteNonQueryAsync(ct);
            }

            foreach (var (key, member) in pending.Reservation.Own)
            {
                await using var own = new NpgsqlCommand(
                    $"""
                    insert into {Table} (key, province, member_id) values (@key, @province, @member)
                    on conflict (key) do update set member_id = excluded.member_id where {Table}.province = excluded.province
                    """,
                    connection);
                own.Parameters.AddWithValue("key", key);
                own.Parameters.AddWithValue("province", pending.Reservation.Province);
                own.Parameters.AddWithValue("member", member);
                await own.ExecuteNonQueryAsync(ct);
            }
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            // A freed key still reserved here lapses once this province shows no key for it (InFlight).
            Serilog.Log.Warning(e, "National register: could not settle a commit in {Province}; freed keys lapse after {InFlight}", pending.Reservation.Province, InFlight);
        }
    }

    /// <summary>Creates the national table at start, so an operator finds it before the first admission.</summary>
    public sealed class Setup(NationalRegister register) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (register.Enabled)
            {
                await using var connection = await register.OpenAsync(cancellationToken);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = await _source!.OpenConnectionAsync(ct);
        try
        {
            await (_created ??= CreateAsync(connection, ct));
        }
        catch
        {
            _created = null;
            await connection.DisposeAsync();
            throw;
        }

        return connection;
    }

    /// <summary>
    /// Creates the table, or renames the one a release before card numbers made (<see cref="CitizenIdsTable"/>,
    /// bare digits) in place, its rows given their kind: a rename keeps the grants an operator gave the
    /// application's role. Under an advisory lock, so two nodes starting at once do not both rename.
    /// </summary>
    private static async Task CreateAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            do $$
            begin
                perform pg_advisory_xact_lock(hashtext('{Table}'));
                if to_regclass('{CitizenIdsTable}') is not null and to_regclass('{Table}') is null then
                    alter table {CitizenIdsTable} rename to {Table};
                    alter table {Table} rename column citizen_id to key;
                    alter index if exists {CitizenIdsTable}_pkey rename to {Table}_pkey;
                    update {Table} set key = '{RegisterKeys.CitizenIdKind}' || key;
                end if;
                create table if not exists {Table} (
                    key text primary key,
                    province text not null,
                    member_id uuid not null,
                    reserved_at timestamptz not null default now());
            end $$
            """,
            connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static bool IsUnreachable(Exception e) =>
        e is NpgsqlException or SocketException or TimeoutException
        || e.InnerException is { } inner && IsUnreachable(inner);

    private sealed record Holder(NationalHolder Row, DateTime ReservedAt);

    private sealed record Taken(string Key, Guid Member, Holder? Previous);

    private sealed class Reservation(string province)
    {
        public string Province { get; } = province;

        /// <summary>Rows this write inserted or took over: what a failure gives back.</summary>
        public List<Taken> Taken { get; } = [];

        /// <summary>Keys this province already held nationally: its own register keys decide.</summary>
        public List<(string Key, Guid Member)> Own { get; } = [];

        public bool Committed { get; set; }
    }

    private sealed record Pending(Reservation Reservation, IReadOnlyList<string> Released);

    private sealed class Ledger
    {
        private readonly List<Reservation> _reservations = [];

        public void Add(Reservation reservation)
        {
            lock (_reservations)
            {
                _reservations.Add(reservation);
            }
        }

        public List<Reservation> Uncommitted()
        {
            lock (_reservations)
            {
                return _reservations.Where(r => !r.Committed).ToList();
            }
        }
    }

    /// <summary>
    /// Reads what a province's session is about to write: the national register keys it claims (admission,
    /// card issue and exchange, arrival, import, correction, a site's batch), a member returning to the province
    /// (who keeps the keys the province already holds), and the keys its corrections give up (a corrected
    /// citizen ID, a rescinded card).
    /// </summary>
    private sealed class SessionListener(NationalRegister register) : DocumentSessionListenerBase
    {
        public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            if (session.TenantId is not { } province || !register._provinces.Contains(province))
            {
                return;
            }

            var claims = new List<(string Key, Guid Member)>();
            foreach (var key in session.PendingChanges.InsertsFor<RegisterKey>())
            {
                if (NationalRegisterKeys.National(key.Id) is { } national)
                {
                    claims.Add((national, key.OwnerId));
                }
            }

            var released = new List<string>();
            foreach (var stream in session.PendingChanges.Streams())
            {
                // The record as committed before this write: what a rescinded entry named, what a returning member holds.
                Member? before = null;
                async Task<Member?> BeforeAsync() => before ??= await session.LoadAsync<Member>(stream.Id, token);
                foreach (var e in stream.Events)
                {
                    if (e.Data is ProfileCorrected { Field: MemberProfileFields.CitizenId } corrected
                        && RegisterKeys.CitizenId(corrected.OldValue) is { } old && old != RegisterKeys.CitizenId(corrected.NewValue))
                    {
                        released.Add(old);
                    }
                    else if (e.Data is MemberEntryRescinded rescinded && await BeforeAsync() is { } member
                        && RegisterKeys.Card(Rescissions.CardNumberFreed(member, rescinded.EntryVersion)) is { } card)
                    {
                        released.Add(card);
                    }
                    else if (e.Data is MemberReturnedToCity && await BeforeAsync() is { } returning)
                    {
                        claims.AddRange(NationalRegisterKeys.Of(returning).Select(key => (key, stream.Id)));
                    }
                }
            }

            if (claims.Count == 0 && released.Count == 0)
            {
                return;
            }

            var wanted = claims.DistinctBy(c => c.Key).ToList();
            var reservation = wanted.Count > 0 ? await register.ReserveAsync(session, province, wanted, token) : new Reservation(province);
            CurrentLedger.Value?.Add(reservation);
            register._pending.AddOrUpdate(session, new Pending(reservation, released.Except(wanted.Select(w => w.Key)).ToList()));
        }

        public override async Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            if (register._pending.TryGetValue(session, out var pending))
            {
                register._pending.Remove(session);
                await register.SettleAsync(session.DocumentStore, pending, token);
            }
        }
    }
}

/// <summary>What a backfill of one province did, for its citizen IDs and for its card numbers (current and old).</summary>
public sealed record NationalBackfill(NationalBackfillCount CitizenIds, NationalBackfillCount CardNumbers);

/// <summary>Of one kind of key: reserved now, and left with another province that holds them.</summary>
public sealed record NationalBackfillCount(int Reserved, int HeldElsewhere);
