using EventSourced.Web.Infrastructure;
using Serilog.Events;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// The level a finished request is logged at: a frequent endpoint's successes below the default minimum,
/// its refusals and every failure as any other request's.
/// </summary>
public sealed class RequestLogTests
{
    [Theory]
    [InlineData(200, false, false, LogEventLevel.Information)]
    [InlineData(302, false, false, LogEventLevel.Information)]
    [InlineData(404, false, false, LogEventLevel.Information)]
    [InlineData(500, false, false, LogEventLevel.Error)]
    [InlineData(200, true, false, LogEventLevel.Debug)]
    [InlineData(399, true, false, LogEventLevel.Debug)]
    [InlineData(400, true, false, LogEventLevel.Information)]
    [InlineData(401, true, false, LogEventLevel.Information)]
    [InlineData(429, true, false, LogEventLevel.Information)]
    [InlineData(503, true, false, LogEventLevel.Error)]
    [InlineData(200, true, true, LogEventLevel.Error)]
    [InlineData(200, false, true, LogEventLevel.Error)]
    public void a_frequent_endpoint_logs_its_successes_at_debug_and_the_rest_as_any_request(int status, bool frequent, bool failed, LogEventLevel level)
    {
        RequestLog.LevelFor(status, failed ? new InvalidOperationException("boom") : null, frequent).ShouldBe(level);
    }
}
