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

    /// <summary>An XLSX file is built in memory (MiniExcel), so it is bounded; CSV streams without a bound.</summary>
    public const int XlsxMaxRows = 50_000;

    private static readonly string[] UnitHeaders = ["id", "code", "name", "kind", "parentId", "status"];

    private static readonly string[] MemberHeaders = ["id", "cellId", "status", "inCellSince", "partyAgeYears", "fullName", "sex", "yearOfBirth", "dateOfBirth", "citizenId", "cardNumber"];

    private static readonly string[] StatisticsHeaders = ["table", "from", "to", "unitId", "code", "total", "column", "count"];

    public static void MapExchangeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser())
            .RequireRateLimiting(ExchangeRateLimitPolicy.Name)
            .WithTags(Tag)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
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
        api.MapGet("/organisations/export", OrganisationsExportAsync)
            .Produces<Stream>(StatusCodes.Status200OK, "text/csv", TableExport.XlsxContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The units of the key's subtree on a date as one file: format=csv (default) or xlsx, a header row then one unit a row, the fields of /organisations.");
        api.MapGet("/members/export", MembersExportAsync)
            .Produces<Stream>(StatusCodes.Status200OK, "text/csv", TableExport.XlsxContentType)
            .WithSummary($"The whole member register of the key's subtree on a date as one file, ordered by member id, the fields of /members as the key's purpose allows them (empty otherwise). format=csv (default) streams any number of rows; format=xlsx is refused beyond {XlsxMaxRows} members: use csv.");
        api.MapGet("/statistics/export", StatisticsExportAsync)
            .Produces<Stream>(StatusCodes.Status200OK, "text/csv", TableExport.XlsxContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The tables of /statistics as one file, format=csv (default) or xlsx: one count a row (table, from, to, unitId, code, total, column, count); an as-of table has from = to = on.");
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

        if (await UnitsAsync(directory, key, date, ct) is not { } units)
        {
            return UnitGone();
        }

        await calls.RecordAsync(key, "organisations", context.Request.QueryString.Value, units.Count, ct);
        return Results.Ok(new ExchangePage<ExchangeUnit>(date, units, null));
    }

    private static async Task<IResult> OrganisationsExportAsync(HttpContext context, OrganisationDirectory directory, ExchangeCalls calls, string? format, string? on, CancellationToken ct)
    {
        var key = ApiKeyAuthentication.KeyOf(context);
        if (Format(format) is not { } kind)
        {
            return BadFormat();
        }

        if (Date(on, calls.Today) is not { } date)
        {
            return BadDate(nameof(on));
        }

        if (await UnitsAsync(directory, key, date, ct) is not { } units)
        {
            return UnitGone();
        }

        await calls.RecordAsync(key, "organisations-export", context.Request.QueryString.Value, units.Count, kind, ct);
        return await TableExport.ResultAsync(kind, UnitHeaders, units.Select(UnitRow), $"to-chuc-{LocalDateModelBinder.Iso(date)}", ct);
    }

    private static async Task<List<ExchangeUnit>?> UnitsAsync(OrganisationDirectory directory, ApiKey key, LocalDate date, CancellationToken ct)
    {
        var tree = await directory.TreeAsync(date, ct);
        return tree.Find(key.ScopeUnitId) is null
            ? null
            : [.. tree.Subtree(key.ScopeUnitId).Select(n => new ExchangeUnit(n.Id, n.Code, n.Name, n.Kind, n.Id == key.ScopeUnitId ? null : n.ParentId, n.Status))];
    }

    private static IReadOnlyList<object?> UnitRow(ExchangeUnit u) => [u.Id, u.Code, u.Name, u.Kind.ToString(), u.ParentId, u.Status.ToString()];

    private static async Task<IResult> MembersAsync(HttpContext context, OrganisationDirectory directory, IQuerySession session, ExchangeCalls calls, string? on, string? after, int? limit, CancellationToken ct)
    {
        var key = ApiKeyAuthentication.KeyOf(context);
        if (!ApiKey.Allows(key.Purpose, ApiKeyField.Register))
        {
            return NoRegister();
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

        var register = new RegisterQuery(session, await CellsAsync(directory, key, date, ct), date, ApiKey.Allows(key.Purpose, ApiKeyField.Identifiers));
        var members = await register.PageAsync(cursor, size + 1, ct);
        var next = members.Count > size ? members[size - 1].Id.ToString() : null;
        var page = members.Take(size).ToList();
        await calls.RecordAsync(key, "members", context.Request.QueryString.Value, page.Count, ct);
        return Results.Ok(new ExchangePage<ExchangeMember>(date, page, next));
    }

    private static async Task<IResult> MembersExportAsync(HttpContext context, OrganisationDirectory directory, IQuerySession session, ExchangeCalls calls, string? format, string? on, CancellationToken ct)
    {
        var key = ApiKeyAuthentication.KeyOf(context);
        if (!ApiKey.Allows(key.Purpose, ApiKeyField.Register))
        {
            return NoRegister();
        }

        if (Format(format) is not { } kind)
        {
            return BadFormat();
        }

        if (Date(on, calls.Today) is not { } date)
        {
            return BadDate(nameof(on));
        }

        var register = new RegisterQuery(session, await CellsAsync(directory, key, date, ct), date, ApiKey.Allows(key.Purpose, ApiKeyField.Identifiers));
        var query = context.Request.QueryString.Value;
        var name = $"dang-vien-{LocalDateModelBinder.Iso(date)}";
        if (kind == "xlsx")
        {
            if (await register.CountAsync(ct) > XlsxMaxRows)
            {
                return Results.Problem(statusCode: 400, title: $"more than {XlsxMaxRows} members: ask for format=csv, which has no limit");
            }

            var all = new List<ExchangeMember>();
            await foreach (var member in register.AllAsync(ct))
            {
                all.Add(member);
            }

            await calls.RecordAsync(key, "members-export", query, all.Count, kind, ct);
            return await TableExport.ResultAsync(kind, MemberHeaders, all.Select(MemberRow), name, ct);
        }

        // Streamed a page of the register at a time (the JSON endpoint's query), so the city's
        // 475,000 members never sit in memory. The call is recorded with what was actually sent, also
        // when the caller hangs up; if the record cannot be written the response breaks off unfinished
        // rather than end as a complete file nobody recorded.
        return Results.Stream(
            async body =>
            {
                var sent = 0;
                try
                {
                    await TableExport.WriteCsvAsync(body, MemberHeaders, Rows(), ct);
                }
                finally
                {
                    await calls.RecordAsync(key, "members-export", query, sent, kind, CancellationToken.None);
                }

                async IAsyncEnumerable<IReadOnlyList<object?>> Rows()
                {
                    await foreach (var member in register.AllAsync(ct))
                    {
                        sent++;
                        yield return MemberRow(member);
                    }
                }
            },
            TableExport.CsvContentType,
            name + ".csv");
    }

    private static async Task<Guid[]> CellsAsync(OrganisationDirectory directory, ApiKey key, LocalDate date, CancellationToken ct) =>
        [.. (await directory.TreeAsync(date, ct)).Subtree(key.ScopeUnitId, includeClosed: true).Select(n => n.Id)];

    private static IReadOnlyList<object?> MemberRow(ExchangeMember m) =>
        [m.Id, m.CellId, m.Status.ToString(), Iso(m.InCellSince), m.PartyAgeYears, m.FullName, m.Sex?.ToString(), m.YearOfBirth, Iso(m.DateOfBirth), m.CitizenId, m.CardNumber];

    /// <summary>
    /// The register of some cells on a date, in member id order, with the personal fields a purpose
    /// allows: the one query behind the JSON pages and the files, so they cannot disagree.
    /// </summary>
    private sealed class RegisterQuery(IQuerySession session, Guid[] cells, LocalDate date, bool identifiers)
    {
        private string Table => $"{session.DocumentStore.Options.DatabaseSchemaName}.{MemberRollProjection.TableName}";

        public async Task<long> CountAsync(CancellationToken ct)
        {
            await using var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read);
            await connection.OpenAsync(ct);
            await using var command = new Npgsql.NpgsqlCommand($"select count(*) from {Table} where cell_id = any($1) and from_day <= $2 and to_day > $2", connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = cells });
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = date.ToDateOnly() });
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }

        /// <summary>Every member, a page of <see cref="MaxPageSize"/> at a time.</summary>
        public async IAsyncEnumerable<ExchangeMember> AllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            Guid? after = null;
            while (true)
            {
                var page = await PageAsync(after, MaxPageSize, ct);
                foreach (var member in page)
                {
                    yield return member;
                }

                if (page.Count < MaxPageSize)
                {
                    yield break;
                }

                after = page[^1].Id;
            }
        }

        public async Task<List<ExchangeMember>> PageAsync(Guid? after, int size, CancellationToken ct)
        {
            var members = new List<ExchangeMember>();
            await using (var connection = session.Database.CreateConnection(Marten.Storage.ConnectionUsage.Read))
            {
                await connection.OpenAsync(ct);
                // Keyset paging on member id: stable while the register changes, and cheap at any depth.
                await using var command = new Npgsql.NpgsqlCommand(
                    $"""
                    select member_id, cell_id, status, from_day, party_periods, full_name, sex, date_of_birth, card_number
                    from {Table} where cell_id = any($1) and from_day <= $2 and to_day > $2 and member_id > $3
                    order by member_id limit $4
                    """,
                    connection);
                command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = cells });
                command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = date.ToDateOnly() });
                command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = after ?? Guid.Empty });
                command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = size });
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

            if (!identifiers || members.Count == 0)
            {
                return members;
            }

            // The citizen ID is on the member's record only, not in the roll periods.
            var ids = members.Select(m => m.Id).ToList();
            var citizen = (await session.Query<Member>().Where(m => m.Id.IsOneOf(ids)).Select(m => new { m.Id, m.Profile.CitizenId }).ToListAsync(ct))
                .ToDictionary(m => m.Id, m => m.CitizenId);
            return [.. members.Select(m => m with { CitizenId = citizen.GetValueOrDefault(m.Id) })];
        }
    }

    private static async Task<IResult> StatisticsAsync(HttpContext context, OrganisationDirectory directory, IQuerySession session, ExchangeCalls calls, StatisticsBands bands, string? unit, string? on, string? from, string? to, CancellationToken ct)
    {
        var key = ApiKeyAuthentication.KeyOf(context);
        var (statistics, problem) = await StatisticsOfAsync(key, directory, session, calls, bands, unit, on, from, to, ct);
        if (statistics is null)
        {
            return problem!;
        }

        await calls.RecordAsync(key, "statistics", context.Request.QueryString.Value, statistics.Tables.Sum(t => t.Rows.Count + 1), ct);
        return Results.Ok(statistics);
    }

    private static async Task<IResult> StatisticsExportAsync(HttpContext context, OrganisationDirectory directory, IQuerySession session, ExchangeCalls calls, StatisticsBands bands, string? format, string? unit, string? on, string? from, string? to, CancellationToken ct)
    {
        var key = ApiKeyAuthentication.KeyOf(context);
        if (Format(format) is not { } kind)
        {
            return BadFormat();
        }

        var (statistics, problem) = await StatisticsOfAsync(key, directory, session, calls, bands, unit, on, from, to, ct);
        if (statistics is null)
        {
            return problem!;
        }

        var period = MovementsInPeriod.Dimensions.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var rows = statistics.Tables.SelectMany(t => t.Rows.Select(r => (Row: r, Total: false)).Append((Row: t.Total, Total: true)).SelectMany(r => t.Columns.Select((column, i) => (IReadOnlyList<object?>)
            [t.Table, Iso(period.Contains(t.Table) ? statistics.From : statistics.On), Iso(period.Contains(t.Table) ? statistics.To : statistics.On), r.Row.UnitId, r.Row.Code, r.Total ? "true" : "false", column, r.Row.Counts[i]])))
            .ToList();
        await calls.RecordAsync(key, "statistics-export", context.Request.QueryString.Value, statistics.Tables.Sum(t => t.Rows.Count + 1), kind, ct);
        return await TableExport.ResultAsync(kind, StatisticsHeaders, rows, $"thong-ke-{Iso(statistics.On)}", ct);
    }

    private static async Task<(ExchangeStatistics? Statistics, IResult? Problem)> StatisticsOfAsync(ApiKey key, OrganisationDirectory directory, IQuerySession session, ExchangeCalls calls, StatisticsBands bands, string? unit, string? on, string? from, string? to, CancellationToken ct)
    {
        if (Date(on, calls.Today) is not { } date)
        {
            return (null, BadDate(nameof(on)));
        }

        if (Date(to, date) is not { } periodTo)
        {
            return (null, BadDate(nameof(to)));
        }

        if (Date(from, new LocalDate(periodTo.Year, 1, 1)) is not { } periodFrom || periodFrom > periodTo)
        {
            return (null, BadDate(nameof(from)));
        }

        var tree = await directory.TreeAsync(date, ct);
        var today = await directory.TreeAsync(ct: ct);
        var node = string.IsNullOrWhiteSpace(unit) ? tree.Find(key.ScopeUnitId) : tree.FindActiveByCode(unit.Trim());
        if (node is null || !today.IsWithin(node.Id, key.ScopeUnitId))
        {
            // Unknown and out of scope alike: the key learns nothing about units outside its subtree.
            return (null, Results.Problem(statusCode: 404, title: "no unit with this code in the key's scope on this date"));
        }

        var asOf = await MembershipAsOf.TablesAsync(session, tree, node.Id, date, bands, ct);
        var treeTo = await directory.TreeAsync(periodTo, ct);
        var period = treeTo.Find(node.Id) is null ? [] : await MovementsInPeriod.TablesAsync(session, treeTo, node.Id, periodFrom, periodTo, ct);
        static ExchangeTableRow Row(StatisticsRow row) => new(row.Unit.Id, row.Unit.Code, row.Counts);
        var tables = asOf.Concat(period).Select(t => new ExchangeTable(t.Dimension.Key, t.Columns, [.. t.Rows.Select(Row)], Row(t.Total))).ToList();
        return (new ExchangeStatistics(node.Id, date, periodFrom, periodTo, calls.Now, tables), null);
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

    /// <summary>"csv" (the default) or "xlsx"; null for anything else.</summary>
    private static string? Format(string? format) =>
        string.IsNullOrWhiteSpace(format) ? "csv"
        : format.Trim().ToLowerInvariant() is "csv" or "xlsx" ? format.Trim().ToLowerInvariant()
        : null;

    private static string? Iso(LocalDate? date) => date is { } day ? LocalDateModelBinder.Iso(day) : null;

    private static IResult BadFormat() => Results.Problem(statusCode: 400, title: "format must be csv or xlsx");

    private static IResult NoRegister() => Results.Problem(statusCode: 403, title: "this key's purpose does not cover the member register");

    private static IResult UnitGone() => Results.Problem(statusCode: 404, title: "the key's unit did not exist on this date");

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

    public Task RecordAsync(ApiKey key, string what, string? query, int rows, CancellationToken ct) => RecordAsync(key, what, query, rows, "json", ct);

    public async Task RecordAsync(ApiKey key, string what, string? query, int rows, string format, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        var id = Guid.CreateVersion7();
        await using var session = province.LightweightSession(store);
        var username = $"api-key:{key.Name}";
        session.LastModifiedBy = username;
        session.SetHeader(AuditHeaders.UserId, key.Id.ToString());
        session.SetHeader(AuditHeaders.UserName, username);
        session.SetHeader(AuditHeaders.DisplayName, key.Name);
        session.Events.StartStream(id, new PersonalDataExported(id, key.Id, username, key.Name, $"ApiKey:{key.Purpose}", [key.ScopeUnitId], $"api-v1-{what}", query ?? string.Empty, format, rows, clock.GetCurrentInstant()));
        await session.SaveChangesAsync(ct);
    }
}
