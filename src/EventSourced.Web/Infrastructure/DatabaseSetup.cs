namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Decides where the event store lives: the configured <c>ConnectionStrings:Marten</c> when there is
/// one (nothing is started then), otherwise the embedded cluster in <c>.data/postgres</c> at the
/// repository root (or beside the application when it runs outside a checkout).
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
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (configured, null);
        }

        var command = args.FirstOrDefault(a => !a.StartsWith('-'));
        if (command is not null && CommandsWithoutDatabase.Contains(command, StringComparer.OrdinalIgnoreCase))
        {
            // Marten needs a connection string to be configured, not to generate code or print help.
            return ("Host=127.0.0.1;Database=" + DatabaseName, null);
        }

        var dataDirectory = builder.Configuration["EmbeddedDatabase:DataDirectory"]
            ?? Path.Combine(RepositoryRoot(builder.Environment.ContentRootPath), ".data", "postgres");
        try
        {
            var embedded = await EmbeddedPostgres.StartAsync(dataDirectory);
            await embedded.EnsureDatabaseAsync(DatabaseName);
            builder.Services.AddSingleton(embedded);
            builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
            return (embedded.ConnectionString(DatabaseName), embedded);
        }
        catch (EmbeddedPostgresException e)
        {
            // One clear line, not a stack trace: what is missing and what to set instead.
            await Console.Error.WriteLineAsync(e.Message);
            Environment.Exit(2);
            throw;
        }
    }

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
