using System.Globalization;
using System.Text.Json;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members.RecordReviews;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using NodaTime;

namespace EventSourced.Web.Api;

/// <summary>The member confirms the record as <c>GET /api/app/me</c> showed it (its <c>recordVersion</c>).</summary>
public sealed record AppConfirmBody(Guid? EventId, int? RecordVersion);

/// <summary>The member reports that one field of their record is wrong: their value and an optional note.</summary>
public sealed record AppReportBody(Guid? ReportId, RecordField? Field, string? Value, string? Note);

/// <summary>Whether the confirmation or report was new (false for a retry of one already recorded).</summary>
public sealed record AppReviewAnswer(bool Stored);

/// <summary>A reported difference as the member sees it, with what staff decided.</summary>
public sealed record AppReport(
    Guid ReportId,
    RecordField Field,
    string? RegisterValue,
    string MemberValue,
    string? Note,
    Instant ReportedAt,
    ReportState State,
    Instant? ClosedAt,
    string? Reason,
    string? Procedure);

/// <summary>
/// The member's review of their own record (issue 18, decision 0024): confirm it, report a difference
/// per field, read what became of the reports. Nothing here changes the record: staff do, from the worklist.
/// </summary>
public static class RecordReviewApi
{
    /// <summary>The largest body either endpoint reads: a value, a note and ids fit in far less.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>Rule codes that mean "the request clashes with what is recorded" rather than "the request is malformed".</summary>
    private static readonly HashSet<string> Conflicts = new(StringComparer.Ordinal)
    {
        "Review.EventIdReused", "Review.ReportAlreadyOpen", "Review.RecordChanged",
    };

    public static void MapRecordReviewApi(this IEndpointRouteBuilder app)
    {
        var member = new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { AuthenticationSchemes = MemberAppAuthentication.SchemeName };
        app.MapPost("/api/app/me/confirmation", ConfirmAsync)
            .RequireAuthorization(member)
            .RequireRateLimiting(RecordReviewRateLimitPolicy.Name)
            .WithName("AppConfirmRecord")
            .WithTags(AppApiDocument.Tag)
            .WithSummary("Confirm the record as it stands")
            .WithDescription(
                "{ eventId, recordVersion }: eventId is chosen by the app (a retry with the same body is not stored again, "
                + "the same eventId with another recordVersion answers 409 Review.EventIdReused); recordVersion is the one GET /api/app/me gave. "
                + "409 Review.RecordChanged when the record changed since: read it again and ask the member again. "
                + "400 with the reason and the code for a malformed body; nothing is stored. GET /api/app/me then says confirmedSinceLastChange until the record changes.")
            .Accepts<AppConfirmBody>("application/json")
            .Produces<AppReviewAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/api/app/me/reports", ReportAsync)
            .RequireAuthorization(member)
            .RequireRateLimiting(RecordReviewRateLimitPolicy.Name)
            .WithName("AppReportDifference")
            .WithTags(AppApiDocument.Tag)
            .WithSummary("Report a difference in one field of the record")
            .WithDescription(string.Create(
                CultureInfo.InvariantCulture,
                $"{{ reportId, field: {string.Join(" | ", Enum.GetNames<RecordField>())}, value, note }}: reportId is chosen by the app "
                + $"(the same body again is not stored again; the same reportId with anything else answers 409 Review.EventIdReused). "
                + $"value is what the member says the field should be (dates as yyyy-MM-dd; the cell as its name), note is optional, at most {RecordCheck.NoteLimit} characters. "
                + $"One report per field may be open: another answers 409 Review.ReportAlreadyOpen. 400 with the reason and the code "
                + $"for a malformed body or a value the field cannot hold (or one the register already holds); nothing is stored. The record is not changed: staff accept or reject."))
            .Accepts<AppReportBody>("application/json")
            .Produces<AppReviewAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/app/me/reports", ReportsAsync)
            .RequireAuthorization(member)
            .WithName("AppReports")
            .WithTags(AppApiDocument.Tag)
            .WithSummary("The member's reported differences and what became of them")
            .WithDescription("Every report, newest first: state Open, Accepted (the register was corrected, or for the cell and card number the procedure staff will run) or Rejected with the reason staff gave.")
            .Produces<IReadOnlyList<AppReport>>()
            .Produces(StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> ConfirmAsync(HttpContext context, CommandSender sender, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var (body, problem) = await BindAsync<AppConfirmBody>(context.Request, json.Value.SerializerOptions, ct);
        if (problem is not null)
        {
            return problem;
        }

        var missing = body!.EventId is null ? "eventId" : body.RecordVersion is null ? "recordVersion" : null;
        return missing is not null
            ? Malformed(missing, $"{missing} is required")
            : await SendAsync(sender, new ConfirmRecord(MemberId(context), body.EventId!.Value, body.RecordVersion!.Value), MemberId(context), text, ct);
    }

    private static async Task<IResult> ReportAsync(HttpContext context, CommandSender sender, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var (body, problem) = await BindAsync<AppReportBody>(context.Request, json.Value.SerializerOptions, ct);
        if (problem is not null)
        {
            return problem;
        }

        var missing = body!.ReportId is null ? "reportId" : body.Field is null ? "field" : body.Value is null ? "value" : null;
        return missing is not null
            ? Malformed(missing, $"{missing} is required")
            : await SendAsync(sender, new ReportDifference(MemberId(context), body.ReportId!.Value, body.Field!.Value, body.Value, body.Note), MemberId(context), text, ct);
    }

    private static async Task<IResult> ReportsAsync(HttpContext context, IQuerySession session, CancellationToken ct)
    {
        var review = await session.LoadAsync<RecordReview>(RecordReview.StreamIdFor(MemberId(context)), ct);
        return Results.Ok((review?.Reports ?? [])
            .OrderByDescending(r => r.ReportedAt)
            .Select(r => new AppReport(r.ReportId, r.Field, r.RegisterValue, r.MemberValue, r.Note, r.ReportedAt, r.State, r.ClosedAt, r.Reason, r.Procedure))
            .ToList());
    }

    private static Guid MemberId(HttpContext context) =>
        Guid.Parse(context.User.FindFirst(MemberAppAuthentication.MemberIdClaim)!.Value, CultureInfo.InvariantCulture);

    /// <summary>
    /// Two requests at once on the member's review (a retry while the first is still being stored, or
    /// two reports on one field) clash on the stream's version: sent again, the later one finds what the
    /// other stored and is a retry or a clear refusal, rather than a server error.
    /// </summary>
    private static async Task<IResult> SendAsync(CommandSender sender, object command, Guid memberId, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await sender.SendAsMemberAsync<ReviewOutcome>(command, memberId, ct);
                return Results.Ok(new AppReviewAnswer(outcome.Stored));
            }
            catch (RuleViolation violation)
            {
                return Results.Problem(
                    statusCode: Conflicts.Contains(violation.Code) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
                    title: text.Describe(violation),
                    extensions: new Dictionary<string, object?> { ["code"] = violation.Code });
            }
            catch (Exception e) when (attempt < 3 && e is JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException)
            {
            }
        }
    }

    private static async Task<(T? Body, IResult? Problem)> BindAsync<T>(HttpRequest request, JsonSerializerOptions options, CancellationToken ct)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "send application/json"));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, Malformed("$", string.Create(CultureInfo.InvariantCulture, $"the body is longer than {MaxBodyBytes / 1024} KB")));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, Malformed("$", string.Create(CultureInfo.InvariantCulture, $"the body is longer than {MaxBodyBytes / 1024} KB")));
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            var body = JsonSerializer.Deserialize<T>(buffer.ToArray(), options);
            return body is null ? (null, Malformed("$", "send an object")) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, Malformed(e.Path ?? "$", AppJsonErrors.Describe(e)));
        }
    }

    private static IResult Malformed(string field, string detail) =>
        Results.Problem(statusCode: 400, title: "malformed request", detail: detail, extensions: new Dictionary<string, object?> { ["field"] = field, ["code"] = "Review.Malformed" });
}
