using Serilog.AspNetCore;
using Serilog.Events;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// The level each request is logged at when it completes (Serilog's request log, one line a request).
/// An endpoint marked <see cref="Frequent"/> (the app's install reports: a phone's every open, at city
/// scale thousands a second) logs its successes at <see cref="LogEventLevel.Debug"/>, below the default
/// minimum, since each is already an event with its reporter in the store; its refusals and failures are
/// logged as every other request's are (decision 0039). A line costs the server about 0.4 ms of CPU on this
/// project's 2-core machine (the command mix: 3.10 against 3.51 ms a command without and with the log).
/// </summary>
public static class RequestLog
{
    /// <summary>Endpoint metadata: successes of this endpoint are logged at Debug.</summary>
    public sealed class Frequent
    {
        public static readonly Frequent Instance = new();

        private Frequent()
        {
        }
    }

    public static LogEventLevel LevelFor(int statusCode, Exception? exception, bool frequent) =>
        exception is not null || statusCode >= 500 ? LogEventLevel.Error
        : frequent && statusCode < 400 ? LogEventLevel.Debug
        : LogEventLevel.Information;

    /// <summary>
    /// Logs through the application's logger: Serilog's default is the static one, which the application
    /// leaves silent (several hosts share one test process), so no request was logged at all before.
    /// </summary>
    public static void Configure(RequestLoggingOptions options, Serilog.ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Logger = logger;
        options.GetLevel = (context, _, exception) =>
            LevelFor(context.Response.StatusCode, exception, context.GetEndpoint()?.Metadata.GetMetadata<Frequent>() is not null);
    }
}
