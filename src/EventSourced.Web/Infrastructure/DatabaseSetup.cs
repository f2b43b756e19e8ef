namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Decides where the event store lives: the configured <c>ConnectionStrings:Marten</c> when there is
/// one (nothing is started then), otherwise, outside Production, the embedded cluster in
/// <c>.data/postgres</c> at the repository root (or beside the application when it runs outside a
/// checkout). Production without a connection string is refused: the embedded cluster trusts every
/// local connection and is not where a register's records belong.
/// </summary>
public static class DatabaseSetup
{
    public const string DatabaseName = "eventsourced";

    /// <summary>Commands that never touch the database do not start the embedded cluster.</summary>
    private static readonly string[] CommandsWithoutDatabase = ["help", "codegen", "describe"];

    /// <summary>A "--Section:Key=value" argument: configuration, already read by the host builder.</summary>
    public static bool IsConfigurationArgument(string argument) =>
        argument.StartsWith("--", StringComparison.Ordinal) && argument.IndexOf(':', StringComparison.Ordinal) is > 2 and var colon
        && (argument.IndexOf('=', StringComparison.Ordinal) is var equals && (equals < 0 || colon < equals));

    /// <summary>The connection string, and the embedded cluster when this process started one.</summary>
    public static async Task<(string ConnectionString, EmbeddedPostgres? Embedded)> ResolveAsync(WebApplicationBuilder builder, IReadOnlyList<string> args)
    {
        var configured = builder.Configuration.GetConnectionString("Marten");
        var command = args.FirstOrDefault(a => !a.StartsWith('-'));
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (ForCommand(configured, command), null);
        }

        if (command is not null && CommandsWithoutDatabase.Contains(command, StringComparer.OrdinalIgnoreCase))
        {
            // Marten needs a connection string to be configured, not to generate code or print help.
            return ("Host=127.0.0.1;Database=" + DatabaseName, null);
        }

        if (builder.Environment.IsProduction())
        {
            throw new EmbeddedPostgresException(ProductionWithoutConnectionString);
        }

        var dataDirectory = builder.Configuration["EmbeddedDatabase:DataDirectory"]
            ?? Path.Combine(RepositoryRoot(builder.Environment.ContentRootPath), ".data", "postgres");
        // Durable unless a test harness asks for speed with throwaway data.
        var durable = builder.Configuration.GetValue("EmbeddedDatabase:Durable", true);
        var embedded = await EmbeddedPostgres.StartAsync(dataDirectory, durable);
        await embedded.EnsureDatabaseAsync(DatabaseName);
        builder.Services.AddSingleton(embedded);
        builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
        return (ForCommand(embedded.ConnectionString(DatabaseName), command), embedded);
    }

    /// <summary>Commands that replay the whole store through the projections (decision 0026).</summary>
    private static readonly string[] ReplayCommands = ["seed", "rebuild"];

    private const string NoParallelWorkers = "-c max_parallel_workers_per_gather=0";

    /// <summary>Statements kept prepared per connection (Npgsql's least recently used are closed past it).</summary>
    public const int AutoPrepared = 64;

    /// <summary>
    /// Every connection prepares the statements it repeats (<see cref="Prepared"/>). Replays (seed, rebuild)
    /// also run without parallel query workers: a replay keeps every core busy already, and each page of
    /// events read with two workers cost PostgreSQL twice the CPU (measured on the city's events) for no
    /// shorter wait. Options already given are kept and come after, so they win.
    /// </summary>
    public static string ForCommand(string connectionString, string? command)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(Prepared(connectionString));
        if (command is null || !ReplayCommands.Contains(command, StringComparer.OrdinalIgnoreCase))
        {
            return builder.ConnectionString;
        }

        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? NoParallelWorkers : $"{NoParallelWorkers} {builder.Options}";
        return builder.ConnectionString;
    }

    /// <summary>
    /// Npgsql's automatic preparation (decision 0037): a statement sent a fifth time on a connection is
    /// prepared there, so PostgreSQL parses and plans it once per connection instead of every time; a replay
    /// sends the same upsert a million times, a request the same dozen statements as the last. Prepared
    /// statements survive the connection's return to the pool (Npgsql then resets it without
    /// <c>DEALLOCATE</c>). A schema change re-plans them on PostgreSQL's side; a statement whose result
    /// columns changed fails once and is prepared again (Npgsql 7+). A connection string that names
    /// <c>Max Auto Prepare</c> keeps its own value; <c>Max Auto Prepare=0</c> turns it off.
    /// </summary>
    public static string Prepared(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = AutoPrepared }.ConnectionString;
    }

    public const string ProductionWithoutConnectionString =
        "ConnectionStrings__Marten is not set. In Production the application uses its own PostgreSQL server "
        + "(ConnectionStrings__Marten='Host=...;Database=eventsourced;Username=eventsourced_app;Password=...', see docs/operations.md) "
        + "and never starts the embedded development cluster, which trusts every local connection.";

    private static string RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventSourced.sln")))
            {
                return dir.FullName;
            }
        }

        return start;
    }

    /// <summary>Stops the embedded cluster when the application shuts down.</summary>
    private sealed class EmbeddedPostgresLifetime(EmbeddedPostgres database) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken) => await database.DisposeAsync();
    }
}
