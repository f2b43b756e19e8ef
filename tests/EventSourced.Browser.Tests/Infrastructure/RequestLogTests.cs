namespace EventSourced.Browser.Tests.Infrastructure;

/// <summary>
/// The running application writes one line per request to its output (docs/operations.md), through its
/// own logger: Serilog's default, the static logger, is left silent by the application, and for a while
/// no request was logged at all. A successful install report is the exception, logged below the default
/// level (decision 0039).
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class RequestLogTests(AppProcess app)
{
    [BrowserFact]
    public async Task every_request_is_written_to_the_application_s_output_with_its_status()
    {
        var path = $"/no-such-page-{Guid.NewGuid():N}";
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

        // Signed out, a page answers with the way to the sign-in form.
        (await http.GetAsync(path)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);

        var line = $"HTTP GET {path} responded 302";
        for (var waited = 0; waited < 50 && !app.Output.Contains(line, StringComparison.Ordinal); waited++)
        {
            await Task.Delay(100);
        }

        app.Output.ShouldContain(line);
    }
}
