using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// A private PostgreSQL cluster started from the machine's server binaries, for development, demos
/// and tests when no connection string is configured (never in Production: see
/// <see cref="DatabaseSetup"/>). The cluster lives in one directory, listens only on 127.0.0.1 (and
/// a socket inside its own directory), trusts local connections, and is reused on the next start.
/// It is durable (fsync, synchronous commit, full-page writes) unless the caller asks for speed, as
/// the test cluster does: a trial's records must survive a power cut. PostgreSQL refuses to run as
/// root, so as root the server runs as the <c>postgres</c> user.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string SuperUser = "app";
    private readonly string _binaries;
    private readonly bool _startedHere;
    private readonly string? _serverOptions;
    private int _stopped;

    private EmbeddedPostgres(string dataDirectory, string binaries, int port, bool startedHere, string? serverOptions = null)
    {
        DataDirectory = dataDirectory;
        _binaries = binaries;
        Port = port;
        _startedHere = startedHere;
        _serverOptions = serverOptions;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>
    /// The cluster's own directory when its Unix-domain socket is there (it is started with it): connecting
    /// through it spares both sides TCP's work on every round trip, which on a small machine was a large
    /// part of the server's CPU under load (decision 0040). Null, and TCP on 127.0.0.1, otherwise.
    /// </summary>
    public string? SocketDirectory
    {
        get
        {
            var directory = Path.GetFullPath(DataDirectory);
            return File.Exists(Path.Combine(directory, $".s.PGSQL.{Port}")) ? directory : null;
        }
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = SocketDirectory ?? "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
        Pooling = true,
        MaxPoolSize = 40,
    }.ConnectionString;

    /// <summary>Starts (or adopts, when already running) a durable cluster in <paramref name="dataDirectory"/>.</summary>
    public static Task<EmbeddedPostgres> StartAsync(string dataDirectory, CancellationToken ct = default) =>
        StartAsync(dataDirectory, durable: true, ct);

    /// <summary>
    /// The server settings a start passes to PostgreSQL. Durable settings are spelled out rather than
    /// left to postgresql.conf, so an edited configuration cannot silently make the records fragile;
    /// <paramref name="durable"/> false (tests only) turns off flushing to disk: a crash may lose or
    /// corrupt the whole cluster.
    /// </summary>
    public static IReadOnlyList<string> ServerSettings(bool durable) =>
    [
        "listen_addresses=127.0.0.1",
        "max_connections=200",
        durable ? "fsync=on" : "fsync=off",
        durable ? "synchronous_commit=on" : "synchronous_commit=off",
        durable ? "full_page_writes=on" : "full_page_writes=off",
        // The screens' queries are short; compiling one costs more (20–50 ms) than it saves.
        "jit=off",
    ];

    /// <summary>Starts (or adopts, when already running) the cluster in <paramref name="dataDirectory"/>; <paramref name="durable"/> false only for throwaway test data.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(string dataDirectory, bool durable, CancellationToken ct = default)
    {
        var binaries = FindBinaries() ?? throw new EmbeddedPostgresException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin: " +
            "install them (Debian: apt-get install postgresql) or set ConnectionStrings__Marten to an existing PostgreSQL server.");

        dataDirectory = Path.GetFullPath(dataDirectory);
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await InitialiseAsync(binaries, dataDirectory, ct);
        }

        if (RunningPort(dataDirectory) is { } runningPort && await AcceptsConnectionsAsync(runningPort, ct))
        {
            var adopted = new EmbeddedPostgres(dataDirectory, binaries, runningPort, startedHere: false);
            if (!durable || await adopted.IsDurableAsync(ct))
            {
                return adopted;
            }

            // Left running by a fast start (or an older version that always ran fast): restart it
            // durable rather than keep records on a server that does not flush them.
            await RunAsync(binaries, "pg_ctl", ["-D", dataDirectory, "-m", "fast", "-w", "stop"], ct);
        }

        var started = await LaunchAsync(binaries, dataDirectory, ServerSettings(durable), ct);
        await started.PreferLz4CompressionAsync(ct);
        return started;
    }

    /// <summary>
    /// Snapshots of about 2 kB are compressed when written and decompressed when read; lz4 does both several
    /// times faster than PostgreSQL's default pglz (a field read from 100,000 member snapshots: 0.27 s against
    /// 0.64 s), for a few percent more space. Kept in postgresql.auto.conf, as an operator would set it (see
    /// docs/operations.md); a server built without lz4 keeps pglz. Rows already stored keep theirs until rewritten.
    /// </summary>
    private async Task PreferLz4CompressionAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("ALTER SYSTEM SET default_toast_compression = 'lz4'", connection);
            await command.ExecuteNonQueryAsync(ct);
            command.CommandText = "SELECT pg_reload_conf()";
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidParameterValue)
        {
            // Built without lz4: pglz it is.
        }
    }

    /// <summary>
    /// A hot standby of <paramref name="primary"/> in <paramref name="dataDirectory"/>, streaming its changes
    /// (PostgreSQL's own replication: <c>pg_basebackup -R</c>, then a server in recovery), as a read replica
    /// for screens would be (decision 0028). <paramref name="extraSettings"/> are passed to the standby only.
    /// </summary>
    public static async Task<EmbeddedPostgres> StartStandbyAsync(EmbeddedPostgres primary, string dataDirectory, bool durable, IReadOnlyList<string>? extraSettings = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(primary);
        dataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        if (!OperatingSystem.IsWindows())
        {
            // PostgreSQL refuses a data directory that others can read.
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (Environment.IsPrivilegedProcess)
        {
            await RunPlainAsync("chown", ["postgres:postgres", dataDirectory], ct);
        }

        await RunAsync(BesidePgCtl(primary._binaries, "pg_basebackup"), "pg_basebackup", ["-h", "127.0.0.1", "-p", primary.Port.ToString(CultureInfo.InvariantCulture), "-U", SuperUser, "-D", dataDirectory, "-R", "-X", "stream", "-c", "fast"], ct);
        return await LaunchAsync(primary._binaries, dataDirectory, [.. ServerSettings(durable), .. extraSettings ?? []], ct);
    }

    /// <summary>Stops this server, keeping its data, as an outage would (tests); <see cref="StartAgainAsync"/> brings it back on the same port.</summary>
    public Task StopAsync() =>
        RunAsync(_binaries, "pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], CancellationToken.None);

    public Task StartAgainAsync() =>
        RunAsync(_binaries, "pg_ctl", ["-D", DataDirectory, "-o", _serverOptions ?? throw new InvalidOperationException("Only a server started here can be started again."), "-l", Path.Combine(DataDirectory, "server.log"), "-w", "-t", "60", "start"], CancellationToken.None);

    private static async Task<EmbeddedPostgres> LaunchAsync(string binaries, string dataDirectory, IReadOnlyList<string> settings, CancellationToken ct)
    {
        var port = FreePort();
        var options = $"-p {port} -k {dataDirectory} " + string.Join(' ', settings.Select(setting => "-c " + setting));
        await RunAsync(binaries, "pg_ctl", ["-D", dataDirectory, "-o", options, "-l", Path.Combine(dataDirectory, "server.log"), "-w", "-t", "60", "start"], ct);
        return new EmbeddedPostgres(dataDirectory, binaries, port, startedHere: true, options);
    }

    /// <summary>Whether the running server flushes every commit to disk and survives a torn page.</summary>
    public async Task<bool> IsDurableAsync(CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "select current_setting('fsync') = 'on' and current_setting('synchronous_commit') = 'on' and current_setting('full_page_writes') = 'on'", connection);
        return await command.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>Creates the database when it does not exist yet.</summary>
    public async Task EnsureDatabaseAsync(string database, string? template = null, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(ct) is not null)
        {
            return;
        }

        var from = template is null ? string.Empty : $" TEMPLATE \"{template}\"";
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"{from} ENCODING 'UTF8'", connection);
        await create.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        // Stops only a server this process started, and only once (the host's shutdown and the
        // command runner's exit may both ask).
        if (_startedHere && Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await RunAsync(_binaries, "pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], CancellationToken.None);
        }
    }

    private static async Task InitialiseAsync(string binaries, string dataDirectory, CancellationToken ct)
    {
        Directory.CreateDirectory(dataDirectory);
        if (Environment.IsPrivilegedProcess)
        {
            await RunPlainAsync("chown", ["postgres:postgres", dataDirectory], ct);
        }

        try
        {
            await RunAsync(binaries, "initdb", ["-D", dataDirectory, "-U", SuperUser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], ct);
        }
        catch (EmbeddedPostgresException e) when (Environment.IsPrivilegedProcess && e.Message.Contains("Permission denied", StringComparison.Ordinal))
        {
            throw new EmbeddedPostgresException(
                $"The postgres user cannot reach {dataDirectory}: make its parent directories traversable (chmod o+x) or set EmbeddedDatabase:DataDirectory elsewhere.", e);
        }
    }

    private static int? RunningPort(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        try
        {
            // Line 4 of postmaster.pid is the port the server listens on.
            var lines = File.ReadAllLines(pidFile);
            return lines.Length > 3 && int.TryParse(lines[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) ? port : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken ct)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = SuperUser, Database = "postgres", Timeout = 3, Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The directory holding <paramref name="program"/>: the binaries' own, or the installation that
    /// <c>pg_ctl</c> there links to (a PATH directory may link only the server tools).
    /// </summary>
    private static string BesidePgCtl(string binaries, string program)
    {
        if (File.Exists(Path.Combine(binaries, program)))
        {
            return binaries;
        }

        var target = new FileInfo(Path.Combine(binaries, "pg_ctl")).ResolveLinkTarget(returnFinalTarget: true);
        return Path.GetDirectoryName(target?.FullName) is { } installed && File.Exists(Path.Combine(installed, program))
            ? installed
            : throw new EmbeddedPostgresException($"{program} was not found beside pg_ctl in {binaries}: install the PostgreSQL client tools.");
    }

    /// <summary>The directory holding initdb and pg_ctl: PATH first, then the newest Debian install.</summary>
    public static string? FindBinaries()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")));
        if (onPath is not null)
        {
            return onPath;
        }

        const string debian = "/usr/lib/postgresql";
        return Directory.Exists(debian)
            ? Directory.GetDirectories(debian)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .FirstOrDefault()
            : null;
    }

    private static Task RunAsync(string binaries, string program, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var executable = Path.Combine(binaries, program);
        return Environment.IsPrivilegedProcess
            ? RunPlainAsync("runuser", ["-u", "postgres", "--", executable, .. arguments], ct)
            : RunPlainAsync(executable, arguments, ct);
    }

    private static async Task RunPlainAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server must not inherit the caller's working directory permissions problems.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new EmbeddedPostgresException($"Could not start {fileName}.");
        // pg_ctl start leaves the server running with our pipes inherited; read to the end only
        // for commands that exit, and never wait on the server's own output.
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new EmbeddedPostgresException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}

/// <summary>The embedded database could not be started; the message says what to do instead.</summary>
public sealed class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException() { }

    public EmbeddedPostgresException(string message) : base(message) { }

    public EmbeddedPostgresException(string message, Exception inner) : base(message, inner) { }
}
