using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// When the database does not answer (restarted, network cut, failing over), every request that needs
/// it fails the same way: this turns that failure into a calm 503 "try again" answer in the user's
/// language, in every environment (the developer exception page is for bugs, not outages), with no
/// stack trace. Nothing is half-applied: a command's events and documents are written in one
/// transaction, which either committed before the cut or did not. Connections come back by
/// themselves (DatabaseOutageTests): a broken pooled connection is dropped and Marten's retry of
/// transient failures opens a new one.
/// </summary>
public sealed class DatabaseOutage(RequestDelegate next, ILogger<DatabaseOutage> logger)
{
    /// <summary>Seconds the answer asks a client to wait before trying again.</summary>
    public const int RetryAfterSeconds = 10;

    public async Task InvokeAsync(HttpContext context, IStringLocalizer<SharedResource> text)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            await next(context);
        }
        catch (Exception e) when (IsOutage(e) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("Database unreachable while answering {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, Innermost(e).Message);
            await AnswerAsync(context, text);
        }
    }

    /// <summary>Whether <paramref name="exception"/> (or one it wraps) says the database could not be reached, as opposed to a bug or a refused statement.</summary>
    public static bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    // Class 08 (connection exception), 57P01-57P03 (shutdown, cannot connect now), 53300 (too many connections).
                    return postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300";
                case NpgsqlException npgsql when npgsql.IsTransient:
                case SocketException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsOutage):
                    return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private static async Task AnswerAsync(HttpContext context, IStringLocalizer<SharedResource> text)
    {
        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        var isCommand = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
        var detail = text[isCommand ? "Outage.CommandText" : "Outage.Text"].Value;

        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await response.WriteAsJsonAsync(
                new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = text["Outage.Title"].Value, Detail = detail, Type = "urn:eventsourced:database-unavailable" },
                options: null,
                contentType: "application/problem+json",
                cancellationToken: context.RequestAborted);
            return;
        }

        if (context.Request.Headers.ContainsKey("HX-Request"))
        {
            // app.js shows a failed htmx request's text in the page's error line.
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(detail, context.RequestAborted);
            return;
        }

        // A page of its own, not the layout: the layout asks the database who the user is.
        response.ContentType = "text/html; charset=utf-8";
        var culture = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var again = context.Request.Path + context.Request.QueryString;
        await response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{culture}">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><link rel="icon" href="data:," />
            <title>{WebUtility.HtmlEncode(text["Outage.Title"].Value)} · {WebUtility.HtmlEncode(text["App.Name"].Value)}</title>
            <link rel="stylesheet" href="/css/site.css" /></head>
            <body><main id="main" class="container"><section class="card" data-testid="outage">
            <h1>{WebUtility.HtmlEncode(text["Outage.Title"].Value)}</h1>
            <p>{WebUtility.HtmlEncode(detail)}</p>
            <p><a href="{WebUtility.HtmlEncode(again.ToString())}">{WebUtility.HtmlEncode(text["Outage.TryAgain"].Value)}</a></p>
            </section></main></body></html>
            """,
            context.RequestAborted);
    }
}
