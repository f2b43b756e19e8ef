using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EventSourced.Benchmarks;

/// <summary>
/// The application as its own process, on a free port of 127.0.0.1 with its embedded cluster in a
/// given directory, started as a developer starts it and stopped as an operator does (SIGTERM).
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    /// <summary>How long a graceful stop may take before the process is killed.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    private const int KeptLines = 200;

    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly ConcurrentQueue<string> _output = new();
    private bool _stopped;

    private AppProcess(Process process, string dataDirectory, Uri baseAddress)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>True when the process ignored SIGTERM for the whole grace period and was killed.</summary>
    public bool Killed { get; private set; }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The last lines the application printed (standard output and error, interleaved).</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>
    /// <c>dotnet EventSourced.Web.dll --urls http://127.0.0.1:PORT --contentRoot src/EventSourced.Web
    /// --environment Development --EmbeddedDatabase:DataDirectory=DIR</c>.
    /// </summary>
    public static AppProcess Start(Workspace workspace, string dataDirectory, params string[] settings)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var info = workspace.AppStartInfo([
            "--urls", baseAddress.GetLeftPart(UriPartial.Authority),
            "--contentRoot", workspace.ContentRoot,
            "--environment", "Development",
            $"--EmbeddedDatabase:DataDirectory={dataDirectory}",
            .. settings,
        ]);
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;

        var process = new Process { StartInfo = info };
        var app = new AppProcess(process, dataDirectory, baseAddress);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        if (!process.Start())
        {
            throw new BenchmarkException($"Could not start {Command.Describe(info)}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>A client for this application that keeps cookies and never follows redirects by itself.</summary>
    public HttpClient CreateClient() => new(new HttpClientHandler
    {
        CookieContainer = new CookieContainer(),
        UseCookies = true,
        AllowAutoRedirect = false,
        // Loopback only: no proxy from the environment may see these requests.
        UseProxy = false,
    })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Polls <paramref name="path"/> until it answers 200.</summary>
    public async Task WaitUntilServedAsync(string path, TimeSpan timeout, CancellationToken ct)
    {
        using var client = CreateClient();
        client.Timeout = TimeSpan.FromSeconds(10);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // This attempt timed out; the next one may not.
            }

            if (_process.HasExited)
            {
                throw new BenchmarkException($"The application exited with code {_process.ExitCode} before serving {path}:\n{Tail(30)}");
            }

            if (waited.Elapsed > timeout)
            {
                throw new BenchmarkException($"The application did not serve {path} within {timeout.TotalSeconds:0} s:\n{Tail(30)}");
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>
    /// SIGTERM, as systemd or <c>docker stop</c> sends it, then up to <see cref="GracePeriod"/> for the
    /// host to stop (it stops the embedded cluster on its way out), then a kill. Returns the time from
    /// the signal to the process's exit. Whatever happened, no cluster is left running.
    /// </summary>
    public async Task<TimeSpan> StopAsync()
    {
        if (_stopped)
        {
            return TimeSpan.Zero;
        }

        _stopped = true;
        var clock = Stopwatch.StartNew();
        try
        {
            if (!_process.HasExited)
            {
                await Command.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                using var grace = new CancellationTokenSource(GracePeriod);
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    Killed = true;
                    await Console.Error.WriteLineAsync($"warning: the application ignored SIGTERM for {GracePeriod.TotalSeconds:0} s; killing it.");
                    _process.Kill(entireProcessTree: true);
                    using var kill = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await _process.WaitForExitAsync(kill.Token);
                }
            }

            return clock.Elapsed;
        }
        finally
        {
            await Workspace.StopClusterIfRunningAsync(_dataDirectory);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>
    /// A user's browser: cookies of its own, no automatic redirects, and connections from a loopback
    /// address of its own (127.x.y.z), so the server's per-address limits see separate users.
    /// </summary>
    public HttpClient CreateClientFrom(System.Net.IPAddress address)
    {
        var handler = new System.Net.Http.SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new System.Net.CookieContainer(),
            ConnectCallback = async (context, token) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new System.Net.IPEndPoint(address, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, token);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// SIGKILL to the application alone, as a power cut or the kernel's OOM killer would end it: no
    /// shutdown at all. Its database server (a separate process) keeps running, as a real one would.
    /// </summary>
    public async Task KillAsync()
    {
        _stopped = true;
        Killed = true;
        if (!_process.HasExited)
        {
            await Command.RunAsync("kill", ["-KILL", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
    }

    /// <summary>The server's CPU time so far, zero once it has exited.</summary>
    public TimeSpan TotalProcessorTime()
    {
        try
        {
            _process.Refresh();
            return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>The server's peak resident memory so far (<c>VmHWM</c> in /proc), 0 once it has exited.</summary>
    public long PeakWorkingSetBytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            return 0;
        }
    }

    public string Tail(int lines) => string.Join('\n', Output.TakeLast(lines));

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
