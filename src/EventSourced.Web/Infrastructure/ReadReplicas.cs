using System.Globalization;
using Marten;
using Npgsql;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Read replicas for screens (decision 0028): a connection string naming several hosts
/// (<c>Host=primary:5432,standby:5432</c>, Npgsql's multi-host form) makes the database's PostgreSQL
/// hot standbys serve the screens' queries, through Marten's own multi-host support (query sessions
/// prefer a standby; document sessions, commands, the daemon and Wolverine write to the primary).
/// Two guards keep a screen from showing less than the user knows: whoever has just written reads
/// from the primary for a few seconds (<see cref="ReadYourWritesWindow"/>), and a standby that falls
/// further behind than <see cref="MaxLag"/>, or cannot be reached, is left out until it catches up
/// (<see cref="StandbyLagWatch"/>). One host, the default, is the application without replicas.
/// </summary>
public sealed class ReadReplicas
{
    public const string Section = "ReadReplicas";

    /// <summary>Set on the answer to any request that may have written: its holder reads from the primary until it expires.</summary>
    public const string RecentWriteCookie = "es-wrote";

    public ReadReplicas(IReadOnlyList<ReplicatedDatabase> databases, TimeSpan readYourWritesWindow, TimeSpan maxLag)
    {
        Databases = databases;
        ReadYourWritesWindow = readYourWritesWindow;
        MaxLag = maxLag;
    }

    /// <summary>The databases whose connection strings name standbys beside the primary.</summary>
    public IReadOnlyList<ReplicatedDatabase> Databases { get; }

    public bool Enabled => Databases.Count > 0;

    public TimeSpan ReadYourWritesWindow { get; }

    public TimeSpan MaxLag { get; }

    /// <summary>A database with standbys: the one database, or a province's (its code as the name).</summary>
    public sealed record ReplicatedDatabase(string Name, string ConnectionString);

    /// <summary>
    /// The register's databases with standbys: the provinces' when there are provinces (the main database
    /// then holds no register), otherwise the one database. Windows from <c>ReadReplicas:ReadYourWritesSeconds</c>
    /// (default 5) and <c>ReadReplicas:MaxLagSeconds</c> (default 10).
    /// </summary>
    public static ReadReplicas FromConfiguration(IConfiguration configuration, string connectionString, Provinces provinces)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(provinces);
        var candidates = provinces.Enabled
            ? provinces.All.Select(p => new ReplicatedDatabase(p.Code, p.ConnectionString))
            : [new ReplicatedDatabase("register", connectionString)];
        var databases = candidates.Where(d => HasStandbys(d.ConnectionString)).ToList();
        var readYourWrites = TimeSpan.FromSeconds(configuration.GetValue($"{Section}:ReadYourWritesSeconds", 5.0));
        var maxLag = TimeSpan.FromSeconds(configuration.GetValue($"{Section}:MaxLagSeconds", 10.0));
        if (databases.Count > 0 && (readYourWrites <= TimeSpan.Zero || maxLag <= TimeSpan.Zero))
        {
            throw new InvalidOperationException($"{Section}: ReadYourWritesSeconds and MaxLagSeconds must be positive.");
        }

        return new ReadReplicas(databases, readYourWrites, maxLag);
    }

    public static bool HasStandbys(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).Host?.Contains(',', StringComparison.Ordinal) == true;

    /// <summary>
    /// With several hosts and no preference given, a connection opened without one (Wolverine's envelopes,
    /// the schema's patch, the tools) must reach the primary, never a read-only standby.
    /// </summary>
    public static string WritesToPrimary(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Host?.Contains(',', StringComparison.Ordinal) != true || !string.IsNullOrEmpty(builder.TargetSessionAttributes))
        {
            return connectionString;
        }

        builder.TargetSessionAttributes = "primary";
        return builder.ConnectionString;
    }

    /// <summary>Marten's multi-host settings: query sessions prefer a standby, everything that writes the primary.</summary>
    public void Configure(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enabled)
        {
            return;
        }

        options.Advanced.MultiHostSettings.ReadSessionPreference = TargetSessionAttributes.PreferStandby;
        options.Advanced.MultiHostSettings.WriteSessionPreference = TargetSessionAttributes.Primary;
    }

    /// <summary>
    /// Whether this request's screen may read from a standby: only a GET (or HEAD) from someone who has not
    /// just written. A form post reads what it decides on from the primary (its own double-submit check
    /// must see what a concurrent post committed), and so does the page it redirects to.
    /// </summary>
    public static bool MayReadFromStandby(HttpContext? context) =>
        context is null
        || ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            && !context.Request.Cookies.ContainsKey(RecentWriteCookie));
}

public static class ReadYourWrites
{
    /// <summary>
    /// Marks whoever sent a request that may have written (any method but GET, HEAD and OPTIONS) with a
    /// short-lived cookie, so their next screens read from the primary: a clerk redirected to the member
    /// they just admitted sees them, however far the standby is behind. A browser forgets the cookie by itself.
    /// </summary>
    public static void UseReadYourWrites(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var replicas = app.Services.GetRequiredService<ReadReplicas>();
        if (!replicas.Enabled)
        {
            return;
        }

        var maxAge = replicas.ReadYourWritesWindow;
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method))
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Cookies.Append(ReadReplicas.RecentWriteCookie, "1", new CookieOptions
                    {
                        MaxAge = maxAge,
                        HttpOnly = true,
                        IsEssential = true,
                        SameSite = SameSiteMode.Lax,
                        Secure = context.Request.IsHttps,
                        Path = "/",
                    });
                    return Task.CompletedTask;
                });
            }

            await next(context);
        });
    }
}

/// <summary>
/// Keeps the screens off a standby that is behind: every second it reads each replicated database's
/// primary WAL position and its standby's replayed position. A standby that has not replayed what the
/// primary had written <see cref="ReadReplicas.MaxLag"/> ago, or cannot be reached, sends every read to
/// the primaries (Marten's read preference set to <see cref="TargetSessionAttributes.Primary"/>) until
/// all standbys have caught up again. The change is logged both ways; staff see current data either way.
/// </summary>
public sealed class StandbyLagWatch(ReadReplicas replicas, IDocumentStore store, ILogger<StandbyLagWatch> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Whether screens read from standbys now (false while one is behind or unreachable).</summary>
    public bool StandbysInUse { get; private set; } = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!replicas.Enabled || store is not DocumentStore documentStore)
        {
            return;
        }

        var settings = documentStore.Options.Advanced.MultiHostSettings;
        var watched = replicas.Databases.Select(d => new Watched(d.Name, NpgsqlDataSource.Create(d.ConnectionString))).ToList();
        try
        {
            using var timer = new PeriodicTimer(Interval);
            do
            {
                var behind = new List<string>();
                var known = true;
                foreach (var database in watched)
                {
                    var (judged, reason) = await database.BehindAsync(replicas.MaxLag, stoppingToken);
                    known &= judged;
                    if (reason is not null)
                    {
                        behind.Add($"{database.Name}: {reason}");
                    }
                }

                var useStandbys = behind.Count == 0;
                if ((known || !useStandbys) && useStandbys != StandbysInUse)
                {
                    settings.ReadSessionPreference = useStandbys ? TargetSessionAttributes.PreferStandby : TargetSessionAttributes.Primary;
                    StandbysInUse = useStandbys;
                    if (useStandbys)
                    {
                        logger.LogInformation("Standbys caught up: screens read from them again");
                    }
                    else
                    {
                        logger.LogWarning("Screens read from the primary: {Standbys}", string.Join("; ", behind));
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var database in watched)
            {
                await database.Source.DisposeAsync();
            }
        }
    }

    private sealed class Watched(string name, NpgsqlDataSource source)
    {
        /// <summary>The primary's flushed WAL positions of the last moments, oldest first.</summary>
        private readonly List<(DateTime At, long Position)> _written = [];

        public string Name => name;

        public NpgsqlDataSource Source => source;

        /// <summary>
        /// Why the standby is not fit to serve screens (it has not replayed what the primary had written
        /// <paramref name="maxLag"/> ago, or cannot be reached); null when it is; unknown when the primary
        /// itself cannot be reached (the outage page answers the screens then).
        /// </summary>
        public async Task<(bool Known, string? Behind)> BehindAsync(TimeSpan maxLag, CancellationToken ct)
        {
            if (source is not NpgsqlMultiHostDataSource hosts)
            {
                return (true, null);
            }

            var now = DateTime.UtcNow;
            try
            {
                if (await PositionAsync(hosts.WithTargetSession(TargetSessionAttributes.Primary), "pg_current_wal_flush_lsn()", ct) is { } position)
                {
                    _written.Add((now, position));
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                return (false, null);
            }

            // The newest position at least maxLag old is what the standby must have replayed by now; older ones are of no more use.
            var dueAt = _written.FindLastIndex(sample => sample.At <= now - maxLag);
            if (dueAt > 0)
            {
                _written.RemoveRange(0, dueAt);
            }

            long? replayed;
            try
            {
                replayed = await PositionAsync(hosts.WithTargetSession(TargetSessionAttributes.Standby), "pg_last_wal_replay_lsn()", ct);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                return (true, "standby unreachable (" + e.Message + ")");
            }

            if (dueAt < 0)
            {
                return (true, null);
            }

            var due = _written[0].Position;
            return replayed is { } at && at >= due
                ? (true, null)
                : (true, string.Create(CultureInfo.InvariantCulture, $"standby has not replayed what the primary wrote {maxLag.TotalSeconds:0} s ago ({due - (replayed ?? 0):N0} bytes behind)"));
        }

        private static async Task<long?> PositionAsync(NpgsqlDataSource target, string function, CancellationToken ct)
        {
            await using var connection = await target.OpenConnectionAsync(ct);
            await using var command = new NpgsqlCommand($"select ({function} - '0/0'::pg_lsn)::bigint", connection);
            return await command.ExecuteScalarAsync(ct) is long position ? position : null;
        }
    }
}
