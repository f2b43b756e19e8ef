using System.Globalization;
using EventSourced.Domain.Audit;
using EventSourced.Domain.Common;
using EventSourced.Domain.Exchange;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Statistics;
using EventSourced.Web.Infrastructure;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Web.Api;

/// <summary>A unit of the tree on a date.</summary>
public sealed record ExchangeUnit(Guid Id, string Code, string Name, OrganisationKind Kind, Guid? ParentId, OrganisationStatus Status);

/// <summary>One member on the register on a date; personal fields only as far as the key's purpose allows (others are null).</summary>
public sealed record ExchangeMember(
    Guid Id,
    Guid CellId,
    RollStatus Status,
    LocalDate InCellSince,
    int PartyAgeYears,
    string? FullName,
    Sex? Sex,
    int? YearOfBirth,
    LocalDate? DateOfBirth,
    string? CitizenId,
    string? CardNumber);

/// <summary>A page of a list, with the cursor that continues it (null at the end).</summary>
public sealed record ExchangePage<T>(LocalDate? On, IReadOnlyList<T> Items, string? Next);

/// <summary>One table of statistics for the key's scope.</summary>
public sealed record ExchangeTable(string Table, IReadOnlyList<string> Columns, IReadOnlyList<ExchangeTableRow> Rows, ExchangeTableRow Total);

/// <summary>A row: the unit and its counts in the columns' order.</summary>
public sealed record ExchangeTableRow(Guid UnitId, string Code, IReadOnlyList<int> Counts);

/// <summary>The statistics of a unit as of a date and for a period.</summary>
public sealed record ExchangeStatistics(Guid UnitId, LocalDate On, LocalDate From, LocalDate To, Instant CountedAt, IReadOnlyList<ExchangeTable> Tables);

/// <summary>An entry of the event log in the key's scope: what happened, in effect when, to which units (and member, when the purpose allows).</summary>
public sealed record ExchangeChange(long Sequence, Instant RecordedAt, LocalDate? EffectiveDate, string EventType, Guid StreamId, Guid? MemberId, IReadOnlyList<Guid> UnitIds);

/// <summary>
/// The exchange API for the city data centre (<c>/api/v1</c>): the organisation tree, the member
/// register and the statistics of the key's subtree as of a date, and the changes since a cursor over
/// the event log, so the data centre keeps in sync without full copies. Every call is recorded like
/// an export of personal data (the key, what was asked, how many records), which auditors read.
/// </summary>
public static class ExchangeApi
{
    public const string Tag = "Data centre exchange · Trao đổi dữ liệu";

    public const int DefaultPageSize = 200;

    public const int MaxPageSize = 1000;

    public static void MapExchangeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser())
            .WithTags(Tag)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/organisations", OrganisationsAsync)
            .Produces<ExchangePage<ExchangeUnit>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The units of the key's subtree on a date (today by default).");
        api.MapGet("/members", MembersAsync)
            .Produces<ExchangePage<ExchangeMember>>()
            .WithSummary($"The member register of the key's subtree on a date, ordered by member id and paged by cursor (limit 1..{MaxPageSize}, default {DefaultPageSize}). Fields beyond the standing need a register purpose; identifiers need the identifiers purpose.");
        api.MapGet("/statistics", StatisticsAsync)
            .Produces<ExchangeStatistics>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The standard tables of a unit in the key's subtree (the scope unit by default) as of a date and for a period.");
        api.MapGet("/changes", ChangesAsync)
            .Produces<ExchangePage<ExchangeChange>>()
            .WithSummary($"Entries of the event log concerning the key's subtree after a cursor (an event sequence number, 0 to start), oldest first (limit 1..{MaxPageSize}).");
    }

    private static async Task<IResult> OrganisationsAsync(HttpContext context, OrganisationDirectory directory, ExchangeCalls calls, string? on, CancellationToken ct)
    {
        var key = ApiKeyAuthentication.KeyOf(context);
        if (Date(on, calls.Today) is not { } date)
        {
            return BadDate(nameof(on));
        }

        var tree = await directory.TreeAsync(date, ct);
        if (tree.Find(key.ScopeUnitId) is null)
        {
            return Results.Problem(statusCode: 404, title: "the key's unit did not exist on this date");
        }

        var units = tree.Subtree(key.ScopeUnitId).Select(n => new ExchangeUnit(n.Id, n.Code, n.Name, n.Kind, n.Id == key.ScopeUnitId ? null : n.ParentId, n.Status)).ToList();
        await calls.RecordAsync(key, "organisations", context.Request.QueryString.Value, units.Count, ct);
        return Results.Ok(new ExchangePage<ExchangeUnit>(date, units, null));
    }

    private static async Task<IResult> MembersAsync(HttpContext context, OrganisationDirectory directory, IQuerySession session, ExchangeCalls calls, string? on, string? after, int? limit, CancellationToken ct)
    {
        var key = ApiKeyAuthentication.KeyOf(context);
        if (!ApiKey.Allows(key.Purpose, ApiKeyField.Register))
        {
            return Results.Problem(statusCode: 403, title: "this key's purpose does not cover the member register");
        }

        if (Date(on, calls.Today) is not { } date)
        {
            return BadDate(nameof(on));
        }

        if (PageSize(limit) is not { } size)
        {
            return BadLimit();
        }

        Guid? cursor = null;
        if (!string.IsNullOrEmpty(after))
        {
            if (!Guid.TryParse(after, out var parsed))
            {
                return Results.Problem(statusCode: 400, title: "after must be the next cursor of a previous page");
            }

            cursor = parsed;
        }

        var tree = await directory.TreeAsync(date, ct);
        var cells = tree.Subtree(key.ScopeUnitId, includeClosed: true).Select(n => n.Id).ToArray();
        var identifiers = ApiKey.Allows(key.Purpose, ApiKeyField.Identifiers);
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.{MemberRollProjection.TableName}";
        var members = new List<ExchangeMember>();
        await using (var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read))
        {
            await connection.OpenAsync(ct);
            // Keyset paging on member id: stable while the register changes, and cheap at any depth.
            await using var command = new Npgsql.NpgsqlCommand(
                $"""
                select member_id, cell_id, status, from_day, party_periods, full_name, sex, date_of_birth, card_number
                from {table} where cell_id = any($1) and from_day <= $2 and to_day > $2 and member_id > $3
                order by member_id limit $4
                """,
                connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = cells });
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = date.ToDateOnly() });
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = cursor ?? Guid.Empty });
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = size + 1 });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var born = LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(7));
                members.Add(new ExchangeMember(
                    reader.GetGuid(0),
                    reader.GetGuid(1),
                    Enum.Parse<RollStatus>(reader.GetString(2)),
                    LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(3)),
                    new Member { Periods = PartyPeriods.Read(reader.GetString(4)) }.PartyAgeYears(date),
                    reader.GetString(5),
                    Enum.Parse<Sex>(reader.GetString(6)),
                    born.Year,
                    identifiers ? born : null,
                    null,
                    identifiers && !reader.IsDBNull(8) ? reader.GetString(8) : null));
            }
        }

        var next = members.Count > size ? members[size - 1].Id.ToString() : null;
        var page = members.Take(size).ToList();
        if (identifiers && page.Count > 0)
        {
            // The citizen ID is on the member's record only, not in the roll periods.
            var ids = page.Select(m => m.Id).ToList();
            var citizen = (await session.Query<Member>().Where(m => m.Id.IsOneOf(ids)).Select(m => new { m.Id, m.Profile.CitizenId }).ToListAsync(ct))
                .ToDictionary(m => m.Id, m => m.CitizenId);
            page = [.. page.Select(m => m with { CitizenId = citizen.GetValueOrDefault(m.Id) })];
        }

        await calls.RecordAsync(key, "members", context.Request.QueryString.Value, page.Count, ct);
        return Results.Ok(new ExchangePage<ExchangeMember>(date, page, next));
    }

    private static async Task<IResult> StatisticsAsync(HttpContext context, OrganisationDirectory directory, IQuerySession session, ExchangeCalls calls, StatisticsBands bands, string? unit, string? on, string? from, string? to, CancellationToken ct)
    {
        var key = ApiKeyAuthentication.KeyOf(context);
        if (Date(on, calls.Today) is not { } date)
        {
            return BadDate(nameof(on));
        }

        if (Date(to, date) is not { } periodTo)
        {
            return BadDate(nameof(to));
        }

        if (Date(from, new LocalDate(periodTo.Year, 1, 1)) is not { } periodFrom || periodFrom > periodTo)
        {
            return BadDate(nameof(from));
        }

        var tree = await directory.TreeAsync(date, ct);
        var today = await directory.TreeAsync(ct: ct);
        var node = string.IsNullOrWhiteSpace(unit) ? tree.Find(key.ScopeUnitId) : tree.FindActiveByCode(unit.Trim());
        if (node is null || !today.IsWithin(node.Id, key.ScopeUnitId))
        {
            // Unknown and out of scope alike: the key learns nothing about units outside its subtree.
            return Results.Problem(statusCode: 404, title: "no unit with this code in the key's scope on this date");
        }

        var asOf = await MembershipAsOf.TablesAsync(session, tree, node.Id, date, bands, ct);
        var treeTo = await directory.TreeAsync(periodTo, ct);
        var period = treeTo.Find(node.Id) is null ? [] : await MovementsInPeriod.TablesAsync(session, treeTo, node.Id, periodFrom, periodTo, ct);
        static ExchangeTableRow Row(StatisticsRow row) => new(row.Unit.Id, row.Unit.Code, row.Counts);
        var tables = asOf.Concat(period).Select(t => new ExchangeTable(t.Dimension.Key, t.Columns, [.. t.Rows.Select(Row)], Row(t.Total))).ToList();
        await calls.RecordAsync(key, "statistics", context.Request.QueryString.Value, tables.Sum(t => t.Rows.Count + 1), ct);
        return Results.Ok(new ExchangeStatistics(node.Id, date, periodFrom, periodTo, calls.Now, tables));
    }

    private static async Task<IResult> ChangesAsync(HttpContext context, OrganisationDirectory directory, IQuerySession session, ExchangeCalls calls, string? after, int? limit, CancellationToken ct)
    {
        var key = ApiKeyAuthentication.KeyOf(context);
        long cursor = 0;
        if (!string.IsNullOrEmpty(after) && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out cursor) || cursor < 0))
        {
            return Results.Problem(statusCode: 400, title: "after must be a sequence number (0 to start)");
        }

        if (PageSize(limit) is not { } size)
        {
            return BadLimit();
        }

        // Every unit the subtree ever held, closed ones too: a merged cell's past belongs to the scope.
        var tree = await directory.TreeAsync(ct: ct);
        var units = tree.Subtree(key.ScopeUnitId, includeClosed: true).Select(n => n.Id).ToArray();
        var members = ApiKey.Allows(key.Purpose, ApiKeyField.Register);
        var log = $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.{AuditLogProjection.TableName}";
        var changes = new List<ExchangeChange>();
        await using (var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read))
        {
            await connection.OpenAsync(ct);
            await using var command = new Npgsql.NpgsqlCommand(
                $"""
                select seq_id, recorded_at, effective_date, event_type, stream_id, member_id, unit_ids
                from {log} where seq_id > $1 and unit_ids && $2 order by seq_id limit $3
                """,
                connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = cursor });
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = units });
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = size });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var member = reader.IsDBNull(5) ? (Guid?)null : reader.GetGuid(5);
                changes.Add(new ExchangeChange(
                    reader.GetInt64(0),
                    Instant.FromDateTimeOffset(reader.GetFieldValue<DateTimeOffset>(1)),
                    reader.IsDBNull(2) ? null : LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(2)),
                    reader.GetString(3),
                    members || member is null ? reader.GetGuid(4) : Guid.Empty,
                    members ? member : null,
                    [.. reader.GetFieldValue<Guid[]>(6).Where(u => units.Contains(u))]));
            }
        }

        // The next cursor is the last sequence returned; at the end it stays where it was, so the data
        // centre asks again from there later.
        var next = changes.Count > 0 ? changes[^1].Sequence : cursor;
        await calls.RecordAsync(key, "changes", context.Request.QueryString.Value, changes.Count, ct);
        return Results.Ok(new ExchangePage<ExchangeChange>(null, changes, next.ToString(CultureInfo.InvariantCulture)));
    }

    private static LocalDate? Date(string? text, LocalDate fallback) =>
        string.IsNullOrWhiteSpace(text) ? fallback
        : LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } parsed && LocalDateModelBinder.InRange(parsed.Value) ? parsed.Value
        : null;

    private static int? PageSize(int? limit) => limit switch
    {
        null => DefaultPageSize,
        >= 1 and <= MaxPageSize => limit,
        _ => null,
    };

    private static IResult BadDate(string name) => Results.Problem(statusCode: 400, title: $"{name} must be a date as yyyy-MM-dd");

    private static IResult BadLimit() => Results.Problem(statusCode: 400, title: $"limit must be between 1 and {MaxPageSize}");
}

/// <summary>
/// Records each exchange call as the back office records an export of personal data
/// (<see cref="PersonalDataExported"/>, read on the auditors' exports page): the key in place of the
/// account, the endpoint, the query and how many records went out. The call fails if the record cannot be written.
/// </summary>
public sealed class ExchangeCalls(IDocumentStore store, IClock clock, CurrentProvince province)
{
    public Instant Now => clock.GetCurrentInstant();

    public LocalDate Today => VietnamTime.Today(clock);

    public async Task RecordAsync(ApiKey key, string what, string? query, int rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        var id = Guid.CreateVersion7();
        await using var session = province.LightweightSession(store);
        var username = $"api-key:{key.Name}";
        session.LastModifiedBy = username;
        session.SetHeader(AuditHeaders.UserId, key.Id.ToString());
        session.SetHeader(AuditHeaders.UserName, username);
        session.SetHeader(AuditHeaders.DisplayName, key.Name);
        session.Events.StartStream(id, new PersonalDataExported(id, key.Id, username, key.Name, $"ApiKey:{key.Purpose}", [key.ScopeUnitId], $"api-v1-{what}", query ?? string.Empty, "json", rows, clock.GetCurrentInstant()));
        await session.SaveChangesAsync(ct);
    }
}
