using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using EventSourced.Web.Demo;
using Microsoft.Playwright;

namespace EventSourced.Browser.Tests.Infrastructure;

/// <summary>
/// Every browser test class joins this collection, so they share one application and one browser;
/// and every test in it fails on a console error or an uncaught exception in any page it opened.
/// </summary>
[CollectionDefinition(AppProcess.Collection)]
[NoConsoleErrors]
public sealed class BrowserCollectionDefinition : ICollectionFixture<AppProcess>;

/// <summary>
/// The real application, started the way a user starts it (<c>dotnet EventSourced.Web.dll</c> on
/// Kestrel, Development, its embedded PostgreSQL in a fresh temporary directory, so it loads the
/// small demo city and the demo accounts), and one headless Chromium driven by Playwright. Each test
/// opens its own browser context, so cookies and language choices never leak between tests; the
/// data does, so tests must not depend on each other's changes.
/// </summary>
public sealed class AppProcess : IAsyncLifetime
{
    public const string Collection = "browser";

    /// <summary>
    /// Where a test keeps a screenshot of what it saw: the test run's own output folder
    /// (<c>bin/…/screenshots</c>), so parallel runs and other checkouts never overwrite each other's.
    /// </summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    /// <summary>Set to the full path of an EventSourced.Web.dll to run that build instead of the repository's own bin folder.</summary>
    public const string AppDllVariable = "BROWSER_TESTS_APP_DLL";

    /// <summary>Generous: the build machines have two cores and the first request to each page compiles it.</summary>
    public const float TimeoutMs = 30_000;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly StringBuilder _output = new();
    private readonly List<string> _consoleErrors = [];
    private readonly Lock _outputLock = new();
    private Process? _app;
    private string? _temporaryDirectory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1");

    /// <summary>Everything the application wrote to stdout and stderr so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The fixture of the running collection, for <see cref="NoConsoleErrorsAttribute"/> (the collection's tests run one at a time).</summary>
    internal static AppProcess? Current { get; private set; }

    private IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser was not started: see the collection fixture's error.");

    public async Task InitializeAsync()
    {
        if (BrowserFactAttribute.SkipReason is not null)
        {
            // Every browser test is skipped on this machine: start nothing.
            return;
        }

        if (!File.Exists(BrowserFactAttribute.ChromiumPath))
        {
            throw new InvalidOperationException($"CI=true but Chromium is not installed at {BrowserFactAttribute.ChromiumPath}: browser tests cannot run (apt-get install chromium).");
        }

        Current = this;
        try
        {
            await StartApplicationAsync();
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = BrowserFactAttribute.ChromiumPath,
                Headless = true,
                // Without the networking flags Chromium keeps calling home, which on a closed
                // network is a flood of refused connections.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed: do not leave the app
            // and its PostgreSQL running.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh browser context (no cookies, Vietnamese browser) whose relative URLs go to the application.</summary>
    public async Task<IBrowserContext> NewContextAsync(bool javaScriptEnabled = true)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "vi-VN",
            JavaScriptEnabled = javaScriptEnabled,
        });
        context.SetDefaultTimeout(TimeoutMs);
        context.SetDefaultNavigationTimeout(TimeoutMs);
        context.Page += (_, page) => Watch(page);
        return context;
    }

    /// <summary>The console errors (CSP violations among them) and uncaught exceptions of every page since the last call, and forgets them.</summary>
    public IReadOnlyList<string> TakeConsoleErrors()
    {
        lock (_consoleErrors)
        {
            var errors = _consoleErrors.ToList();
            _consoleErrors.Clear();
            return errors;
        }
    }

    private void Watch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !IsRefusedDocument(page, message))
            {
                RecordConsoleError($"{page.Url}: console error: {message.Text} (at {message.Location})");
            }
        };
        page.PageError += (_, error) => RecordConsoleError($"{page.Url}: uncaught exception: {error}");
    }

    /// <summary>
    /// Chromium logs a page whose own status is 4xx as a failed resource; a refused form answering
    /// 422 (or a page answering 403/404) is the application saying no, which the tests check
    /// themselves. A failed script, stylesheet or request, or a 5xx, still counts.
    /// </summary>
    private static bool IsRefusedDocument(IPage page, IConsoleMessage message) =>
        message.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal)
        && message.Location == $"{page.Url}:0:0";

    private void RecordConsoleError(string error)
    {
        lock (_consoleErrors)
        {
            _consoleErrors.Add(error);
        }
    }

    /// <summary>Signs in through the sign-in form with the demo password and returns the page it lands on.</summary>
    public async Task<IPage> SignInAsync(IBrowserContext context, string username)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(DemoSeeder.DemoPassword);
        // The layout's language switch is a submit button too: take the one in the page's own form.
        await page.Locator("main form button[type=submit]").ClickAsync();
        try
        {
            // Not WaitForURLAsync: it twice waited 30 s on CI for a page already served (PageAddress).
            await page.WaitForAddressAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.OrdinalIgnoreCase));
            await page.Locator("[data-testid=signed-in-as]").WaitForAsync();
        }
        catch (TimeoutException e)
        {
            var error = page.Locator("[data-testid=login-error]");
            var message = await error.CountAsync() > 0 ? await error.InnerTextAsync() : "(no message on the page)";
            // The application's own log says why a sign-in hung (a lock, an exception); keep its tail.
            var log = string.Join('\n', Output.Split('\n').TakeLast(40));
            throw new InvalidOperationException($"Signing in as {username} did not leave /login: {message}\nThe application's last output:\n{log}", e);
        }

        return page;
    }

    public async Task DisposeAsync()
    {
        Current = null;
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
        await StopApplicationAsync();
        DeleteTemporaryDirectory();
    }

    /// <summary>
    /// Stops the application and starts it again on the same database, its clock starting at
    /// <paramref name="clockNow"/> (an ISO instant) or the real time when null: "a year later".
    /// </summary>
    public async Task RestartAsync(string? clockNow)
    {
        await StopApplicationAsync();
        await StartApplicationAsync(clockNow);
    }

    private async Task StartApplicationAsync(string? clockNow = null)
    {
        var root = RepositoryRoot();
        var contentRoot = Path.Combine(root, "src", "EventSourced.Web");
        var dll = Environment.GetEnvironmentVariable(AppDllVariable) is { Length: > 0 } overridden
            ? overridden
            : Path.Combine(contentRoot, "bin", BuildConfiguration(), TargetFramework(), "EventSourced.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The application is not built at {dll}: build the solution first, or set {AppDllVariable} to an EventSourced.Web.dll.");
        }

        var fresh = _temporaryDirectory is null;
        _temporaryDirectory ??= Path.Combine(Path.GetTempPath(), $"es-browser-{Guid.NewGuid():N}"[..23]);
        Directory.CreateDirectory(_temporaryDirectory);
        if (fresh && !OperatingSystem.IsWindows())
        {
            // Run as root, the embedded PostgreSQL runs as the postgres user, which must be able to
            // reach its data directory inside this one whatever the umask.
            File.SetUnixFileMode(_temporaryDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        BaseAddress = new Uri($"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = contentRoot,
        };
        foreach (var argument in new[]
        {
            dll,
            "--urls", BaseAddress.ToString().TrimEnd('/'),
            "--contentRoot", contentRoot,
            "--environment", "Development",
            $"--EmbeddedDatabase:DataDirectory={Path.Combine(_temporaryDirectory, "postgres")}",
            // Throwaway data: fast rather than durable, asked for explicitly.
            "--EmbeddedDatabase:Durable=false",
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (clockNow is not null)
        {
            start.ArgumentList.Add($"--Clock:Now={clockNow}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // A developer's own database setting would send the app (and the demo data) there.
        start.Environment.Remove("ConnectionStrings__Marten");

        _app = new Process { StartInfo = start };
        _app.OutputDataReceived += (_, e) => Append(e.Data);
        _app.ErrorDataReceived += (_, e) => Append(e.Data);
        if (!_app.Start())
        {
            throw new InvalidOperationException($"Could not start dotnet {dll}");
        }

        _app.BeginOutputReadLine();
        _app.BeginErrorReadLine();
        await WaitUntilHealthyAsync();
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_app!.HasExited)
            {
                throw new InvalidOperationException($"The application exited with code {_app.ExitCode} before answering /health. Its output:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The application did not answer GET /health with 200 within {StartTimeout.TotalSeconds} s. Its output:\n{Output}");
    }

    private async Task StopApplicationAsync()
    {
        if (_app is null)
        {
            return;
        }

        try
        {
            if (!_app.HasExited)
            {
                // SIGTERM is a graceful stop: the host shuts down and stops its embedded PostgreSQL.
                // Process.Kill would be SIGKILL and leave the database server running.
                using (var kill = Process.Start("kill", ["-TERM", _app.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await kill.WaitForExitAsync();
                }

                using var stopped = new CancellationTokenSource(StopTimeout);
                try
                {
                    await _app.WaitForExitAsync(stopped.Token);
                }
                catch (OperationCanceledException)
                {
                    _app.Kill(entireProcessTree: false);
                    await _app.WaitForExitAsync();
                    await StopOrphanedPostgresAsync();
                }
            }
        }
        finally
        {
            _app.Dispose();
            _app = null;
        }
    }

    /// <summary>After a hard kill, asks the embedded PostgreSQL the app left behind to shut down (SIGINT is its "fast" stop).</summary>
    private async Task StopOrphanedPostgresAsync()
    {
        if (_temporaryDirectory is null)
        {
            return;
        }

        var pidFile = Path.Combine(_temporaryDirectory, "postgres", "postmaster.pid");
        if (!File.Exists(pidFile) || (await File.ReadAllLinesAsync(pidFile)).FirstOrDefault() is not { Length: > 0 } pid)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-INT", pid.Trim()]))
        {
            await kill.WaitForExitAsync();
        }

        for (var i = 0; i < 40 && File.Exists(pidFile); i++)
        {
            await Task.Delay(250);
        }
    }

    private void DeleteTemporaryDirectory()
    {
        if (_temporaryDirectory is null || !Directory.Exists(_temporaryDirectory))
        {
            return;
        }

        try
        {
            Directory.Delete(_temporaryDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary directory is harmless; say where it is.
            Append($"Could not delete {_temporaryDirectory}: {e.Message}");
        }

        _temporaryDirectory = null;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The folder holding EventSourced.sln above the test assembly; failing that (a build with
    /// --artifacts-path outside the checkout), above this source file as it was compiled.
    /// </summary>
    private static string RepositoryRoot() =>
        FindSolutionAbove(AppContext.BaseDirectory)
        ?? FindSolutionAbove(Path.GetDirectoryName(SourceFile()) ?? string.Empty)
        ?? throw new InvalidOperationException($"EventSourced.sln was not found above {AppContext.BaseDirectory}");

    private static string? FindSolutionAbove(string start)
    {
        for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventSourced.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;

    /// <summary>The test assembly's own folder, <c>bin/&lt;Configuration&gt;/&lt;framework&gt;</c>.</summary>
    private static DirectoryInfo OutputFolder => new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));

    /// <summary>
    /// The configuration this assembly was built with, read from its path: the Web project is built
    /// with the same one because this project references it.
    /// </summary>
    private static string BuildConfiguration() =>
        IsFrameworkFolder(OutputFolder) && OutputFolder.Parent is { Parent.Name: "bin" } configuration
            ? configuration.Name
            // Another layout (an --artifacts-path build): the configuration compiled into the assembly.
            : typeof(AppProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private static string TargetFramework() => IsFrameworkFolder(OutputFolder) ? OutputFolder.Name : "net10.0";

    private static bool IsFrameworkFolder(DirectoryInfo folder) => folder.Name.StartsWith("net", StringComparison.Ordinal);
}
