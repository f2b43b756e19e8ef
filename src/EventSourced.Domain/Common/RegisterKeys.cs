using JasperFx;
using Marten;
using Npgsql;

namespace EventSourced.Domain.Common;

/// <summary>
/// One value the register may hold only once (a citizen ID, a party card number current or old, a
/// unit code), owned by the member or unit that holds it. The id is the kind and the normalised value
/// ("citizen-id:001090012345"), so two transactions claiming the same value collide on the primary key
/// and the second is refused by the database, whatever checks ran before (decision record 0008).
/// </summary>
public sealed class RegisterKey
{
    public string Id { get; set; } = string.Empty;

    public Guid OwnerId { get; set; }
}

/// <summary>
/// The last full check of the register keys in one database (one row, <see cref="TheOne"/>): when it ran,
/// with which normalisation (<see cref="Version"/>, a hash of the SQL that derives the keys), and how
/// many values it found held by more than one record. A start-up that finds a current check and keys in
/// the table skips the scan of every snapshot, which costs tens of seconds at city scale.
/// </summary>
public sealed class RegisterKeysCheck
{
    public const string TheOne = "register-keys";

    public string Id { get; set; } = TheOne;

    public string Version { get; set; } = string.Empty;

    public DateTimeOffset CheckedAt { get; set; }

    public int Shared { get; set; }
}

/// <summary>Builds, claims and frees <see cref="RegisterKey"/>s, and turns a collision into a rule.</summary>
public static class RegisterKeys
{
    public const string CitizenIdKind = "citizen-id:";
    public const string CardKind = "card:";
    public const string UnitCodeKind = "unit-code:";

    /// <summary>
    /// Digits only: "001 090.012-345" and "001090012345" are one person. Null when there are no digits,
    /// or when they are a placeholder ("000000000000", refused at entry, see
    /// <see cref="Members.CitizenId.IsPlaceholder"/>): a placeholder names nobody, so records that
    /// still hold one from before do not share a key.
    /// </summary>
    public static string? CitizenId(string? citizenId)
    {
        var digits = new string((citizenId ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 || Members.CitizenId.IsPlaceholder(digits) ? null : CitizenIdKind + digits;
    }

    /// <summary>A card number as <c>PartyCardsHandler.Normalise</c> stores it: no spaces, upper case.</summary>
    public static string? Card(string? number)
    {
        var clean = new string((number ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        return clean.Length == 0 ? null : CardKind + clean;
    }

    /// <summary>A unit code as the organisation rules compare it: trimmed, upper case.</summary>
    public static string? UnitCode(string? code)
    {
        var clean = (code ?? string.Empty).Trim().ToUpperInvariant();
        return clean.Length == 0 ? null : UnitCodeKind + clean;
    }

    /// <summary>The rule that refuses a value already held by someone else.</summary>
    public static RuleViolation Taken(string key) => new(
        key.StartsWith(CitizenIdKind, StringComparison.Ordinal) ? "Register.CitizenIdTaken"
        : key.StartsWith(CardKind, StringComparison.Ordinal) ? "Register.CardNumberTaken"
        : key.StartsWith(UnitCodeKind, StringComparison.Ordinal) ? "Register.UnitCodeTaken"
        : "Register.KeyTaken");

    /// <summary>
    /// Claims <paramref name="keys"/> for <paramref name="ownerId"/> in this session's transaction. A key
    /// already held by another owner is refused now; one the owner already holds is left as it is; the
    /// rest are inserted, so a claim committed by another transaction in the meantime fails the commit.
    /// </summary>
    public static async Task ClaimAsync(IDocumentSession session, Guid ownerId, IEnumerable<string?> keys, CancellationToken ct)
    {
        var wanted = keys.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        if (wanted.Length == 0)
        {
            return;
        }

        var held = await session.LoadManyAsync<RegisterKey>(ct, wanted);
        foreach (var key in held)
        {
            if (key.OwnerId != ownerId)
            {
                throw Taken(key.Id);
            }
        }

        foreach (var key in wanted.Except(held.Select(k => k.Id), StringComparer.Ordinal))
        {
            session.Insert(new RegisterKey { Id = key, OwnerId = ownerId });
        }
    }

    public static Task ClaimAsync(IDocumentSession session, Guid ownerId, string? key, CancellationToken ct) =>
        ClaimAsync(session, ownerId, [key], ct);

    /// <summary>
    /// Claims one key as <see cref="ClaimAsync(IDocumentSession, Guid, IEnumerable{string?}, CancellationToken)"/>
    /// does, its row already read with the command's other reads (<paramref name="held"/>, null when
    /// nobody holds it): refused when another owner holds it, otherwise inserted, so a claim committed
    /// meanwhile still fails this commit.
    /// </summary>
    public static void Claim(IDocumentSession session, Guid ownerId, string? key, RegisterKey? held)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (key is null)
        {
            return;
        }

        if (held is null)
        {
            session.Insert(new RegisterKey { Id = key, OwnerId = ownerId });
        }
        else if (held.OwnerId != ownerId)
        {
            throw Taken(held.Id);
        }
    }

    /// <summary>
    /// An owner's value changes from <paramref name="oldKey"/> to <paramref name="newKey"/> (a corrected
    /// citizen ID, a renamed unit code). When both normalise to one key ("CCCD001090012345" corrected to
    /// "001090012345") the key is kept as it is: releasing it would queue a delete that runs at commit
    /// after the claim found the key already held, and the owner would be left with none.
    /// </summary>
    public static async Task ReplaceAsync(IDocumentSession session, Guid ownerId, string? oldKey, string? newKey, CancellationToken ct)
    {
        if (string.Equals(oldKey, newKey, StringComparison.Ordinal))
        {
            return;
        }

        Release(session, ownerId, oldKey);
        await ClaimAsync(session, ownerId, newKey, ct);
    }

    /// <summary>
    /// Claims many owners' keys at once (an import): refused when any is held by another owner or two
    /// owners want the same one. A key its owner already holds is left as it is: the same file sent twice
    /// at once chooses the same member ids, and the later one must fail on those members' streams
    /// ("already imported"), not on their keys ("taken"). Nothing is read per owner, so a file of fifty
    /// thousand rows costs one query a chunk.
    /// </summary>
    public static async Task ClaimAllAsync(IDocumentSession session, IEnumerable<(Guid OwnerId, string? Key)> claims, CancellationToken ct)
    {
        var wanted = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (owner, key) in claims)
        {
            if (key is null)
            {
                continue;
            }

            if (wanted.TryGetValue(key, out var other) && other != owner)
            {
                throw Taken(key);
            }

            wanted[key] = owner;
        }

        foreach (var chunk in wanted.Keys.ToArray().Chunk(1000))
        {
            foreach (var key in await session.LoadManyAsync<RegisterKey>(ct, chunk))
            {
                if (key.OwnerId != wanted[key.Id])
                {
                    throw Taken(key.Id);
                }

                wanted.Remove(key.Id);
            }
        }

        foreach (var (key, owner) in wanted)
        {
            session.Insert(new RegisterKey { Id = key, OwnerId = owner });
        }
    }

    /// <summary>Frees a key, but only the owner's: a key another owner holds stays theirs.</summary>
    public static void Release(IDocumentSession session, Guid ownerId, string? key)
    {
        if (key is not null)
        {
            session.DeleteWhere<RegisterKey>(k => k.Id == key && k.OwnerId == ownerId);
        }
    }

    /// <summary>
    /// The rule a failed commit broke, when it failed on a register key: another transaction claimed the
    /// same value between this one's check and its commit. Null for any other failure.
    /// </summary>
    public static RuleViolation? Collision(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DocumentAlreadyExistsException { DocType: var type, Id: string id } && type == typeof(RegisterKey))
            {
                return Taken(id);
            }

            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: var table }
                && table?.EndsWith("mt_doc_registerkey", StringComparison.Ordinal) == true)
            {
                return Taken(string.Empty);
            }
        }

        return null;
    }

    /// <summary>
    /// Builds the keys of every member and unit already in the store that has none: members and units
    /// written before the keys existed, or loaded in bulk around the handlers (the demo and the city
    /// seed). Idempotent; when nothing is missing it costs one read of the snapshots (about 2.5 s for
    /// the city's 509,000 members on two cores). Run at start-up and after a seed. When two records
    /// already share a value, the first (by id) gets the key; the number of values held by more than
    /// one record is returned on every run, not only the run that built the keys, so an operator sees
    /// it at each start until staff have corrected them.
    /// </summary>
    public static Task<int> BackfillAsync(IDocumentStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return BackfillAsync(store, store.Storage.Database, ct);
    }

    /// <summary>The same in one of the store's databases (a province's, when there are several).</summary>
    public static async Task<int> BackfillAsync(IDocumentStore store, Marten.Storage.IMartenDatabase database, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(database);
        var schema = store.Options.DatabaseSchemaName;
        await using var connection = database.CreateConnection();
        await using var command = connection.CreateCommand();
        command.CommandTimeout = 600;
        // One statement, one read of the snapshots: the inserts are data-modifying CTEs, run to completion
        // whether or not the final select reads them, and the check is recorded only if the keys are. The
        // count is over the records themselves, so it does not depend on which run built the keys.
        command.CommandText = $"""
            with wanted as materialized ({WantedKeysSql(schema)}),
            inserted as (
                insert into {schema}.mt_doc_registerkey (id, data, mt_dotnet_type)
                select distinct on (w.key) w.key, jsonb_build_object('id', w.key, 'ownerId', w.owner), '{typeof(RegisterKey).FullName}'
                from wanted w
                where not exists (select 1 from {schema}.mt_doc_registerkey k where k.id = w.key)
                order by w.key, w.owner
                on conflict (id) do nothing
                returning 1),
            shared as (select count(*)::int as n from (select w.key from wanted w group by w.key having count(distinct w.owner) > 1) s),
            checked as (
                insert into {schema}.mt_doc_registerkeyscheck (id, data, mt_dotnet_type)
                select '{RegisterKeysCheck.TheOne}',
                       jsonb_build_object('id', '{RegisterKeysCheck.TheOne}', 'version', '{Version(schema)}', 'checkedAt', now(), 'shared', shared.n),
                       '{typeof(RegisterKeysCheck).FullName}'
                from shared
                on conflict (id) do update set data = excluded.data
                returning 1)
            select n from shared
            """;
        await connection.OpenAsync(ct);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The last full check of this database's keys, when it is still valid: made with today's
    /// normalisation, and the keys are still there (an operator empties <c>mt_doc_registerkey</c> to have
    /// them built again). Null means a full check is due. Costs two index lookups.
    /// </summary>
    public static async Task<RegisterKeysCheck?> CurrentCheckAsync(IDocumentStore store, Marten.Storage.IMartenDatabase database, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(database);
        var schema = store.Options.DatabaseSchemaName;
        await using var connection = database.CreateConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            select (c.data ->> 'checkedAt')::timestamptz, (c.data ->> 'shared')::int
            from {schema}.mt_doc_registerkeyscheck c
            where c.id = '{RegisterKeysCheck.TheOne}' and c.data ->> 'version' = '{Version(schema)}'
              and exists (select 1 from {schema}.mt_doc_registerkey)
            """;
        await connection.OpenAsync(ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new RegisterKeysCheck { Version = Version(schema), CheckedAt = reader.GetFieldValue<DateTimeOffset>(0), Shared = reader.GetInt32(1) }
            : null;
    }

    /// <summary>
    /// Which normalisation a check used: a hash of the SQL that derives the keys, so a release that
    /// changes how a key is derived (a new kind, another whitespace class) has every database checked
    /// again at its first start, without anyone remembering to bump a number.
    /// </summary>
    internal static string Version(string schema) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(WantedKeysSql(schema))))[..16];

    /// <summary>
    /// Every key the snapshots call for, as (key, owner), normalised in SQL exactly as <see cref="CitizenId"/>,
    /// <see cref="Card"/> and <see cref="UnitCode"/> do in C#, so a legacy "hn 100 001" gets the key
    /// "card:HN100001" the card handlers would claim. The whitespace class is .NET's
    /// <c>char.IsWhiteSpace</c>: POSIX [:space:] plus the Unicode spaces PostgreSQL's may not include.
    /// </summary>
    internal static string WantedKeysSql(string schema)
    {
        const string space = @"[[:space:]\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";
        static string Card(string value) => $"upper(regexp_replace(coalesce({value}, ''), '{space}', '', 'g'))";
        // A record whose admission was rescinded (recorded in error) holds no keys: the person may be admitted anew.
        const string held = $"m.data ->> 'status' is distinct from '{nameof(Members.MembershipStatus.AdmissionRescinded)}'";
        return $"""
            select 'citizen-id:' || c.digits as key, m.id as owner
            from {schema}.mt_doc_member m
            cross join lateral (select regexp_replace(coalesce(m.data -> 'profile' ->> 'citizenId', ''), '[^0-9]', '', 'g') as digits) c
            where c.digits <> '' and c.digits !~ '^(.)\1*$' and {held}
            union all
            select 'card:' || c.clean, m.id
            from {schema}.mt_doc_member m
            cross join lateral (select {Card("m.data ->> 'cardNumber'")} as clean) c
            where c.clean <> '' and {held}
            union all
            select 'card:' || c.clean, m.id
            from {schema}.mt_doc_member m
            cross join lateral jsonb_array_elements_text(coalesce(m.data -> 'previousCardNumbers', '[]'::jsonb)) old(value)
            cross join lateral (select {Card("old.value")} as clean) c
            where c.clean <> '' and {held}
            union all
            select 'unit-code:' || c.clean, o.id
            from {schema}.mt_doc_organisation o
            cross join lateral (select upper(regexp_replace(coalesce(o.data ->> 'code', ''), '^{space}+|{space}+$', '', 'g')) as clean) c
            where o.data ->> 'status' = 'Active' and c.clean <> ''
            """;
    }
}
