using Marten;
using JasperFx;
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

/// <summary>Builds, claims and frees <see cref="RegisterKey"/>s, and turns a collision into a rule.</summary>
public static class RegisterKeys
{
    public const string CitizenIdKind = "citizen-id:";
    public const string CardKind = "card:";
    public const string UnitCodeKind = "unit-code:";

    /// <summary>Digits only: "001 090.012-345" and "001090012345" are one person. Null when there are no digits.</summary>
    public static string? CitizenId(string? citizenId)
    {
        var digits = new string((citizenId ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 ? null : CitizenIdKind + digits;
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
    /// Claims many owners' keys at once (an import): refused when any is held already or two owners want
    /// the same one. Nothing is read per owner, so a file of fifty thousand rows costs one query a chunk.
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

        foreach (var chunk in wanted.Keys.Chunk(1000))
        {
            var held = await session.LoadManyAsync<RegisterKey>(ct, chunk);
            if (held.Count > 0)
            {
                throw Taken(held[0].Id);
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
    /// already share a value, the first (by id) gets the key and the count of the others is returned,
    /// so an operator can find and correct them.
    /// </summary>
    public static async Task<int> BackfillAsync(IDocumentStore store, CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        var wanted = $"""
            select 'citizen-id:' || regexp_replace(data -> 'profile' ->> 'citizenId', '[^0-9]', '', 'g') as key, id as owner
            from {schema}.mt_doc_member
            where coalesce(regexp_replace(data -> 'profile' ->> 'citizenId', '[^0-9]', '', 'g'), '') <> ''
            union all
            select 'card:' || (data ->> 'cardNumber'), id from {schema}.mt_doc_member where coalesce(data ->> 'cardNumber', '') <> ''
            union all
            select 'card:' || old.value, m.id
            from {schema}.mt_doc_member m, jsonb_array_elements_text(coalesce(m.data -> 'previousCardNumbers', '[]'::jsonb)) old(value)
            union all
            select 'unit-code:' || upper(trim(data ->> 'code')), id from {schema}.mt_doc_organisation
            where data ->> 'status' = 'Active' and coalesce(trim(data ->> 'code'), '') <> ''
            """;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandTimeout = 600;
            insert.CommandText = $"""
                with wanted as ({wanted})
                insert into {schema}.mt_doc_registerkey (id, data, mt_dotnet_type)
                select distinct on (w.key) w.key, jsonb_build_object('id', w.key, 'ownerId', w.owner), '{typeof(RegisterKey).FullName}'
                from wanted w
                where not exists (select 1 from {schema}.mt_doc_registerkey k where k.id = w.key)
                order by w.key, w.owner
                on conflict (id) do nothing
                """;
            if (await insert.ExecuteNonQueryAsync(ct) == 0)
            {
                // Nothing was missing: every value already has its holder, and no handler can have
                // recorded a second one since the keys existed.
                return 0;
            }
        }

        await using var shared = connection.CreateCommand();
        shared.CommandTimeout = 600;
        shared.CommandText = $"""
            with wanted as ({wanted})
            select count(*) from wanted w join {schema}.mt_doc_registerkey k on k.id = w.key
            where (k.data ->> 'ownerId')::uuid <> w.owner
            """;
        return Convert.ToInt32(await shared.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
