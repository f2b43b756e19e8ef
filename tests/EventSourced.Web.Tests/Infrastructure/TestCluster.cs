using EventSourced.Web.Infrastructure;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// One private PostgreSQL cluster for the whole test run, in a temporary directory, stopped and
/// deleted when the run ends. Each test class gets its own database in it: stored events are
/// append-only, so tests isolate by database, never by deleting events.
/// </summary>
public static class TestCluster
{
    private static readonly Lazy<Task<EmbeddedPostgres>> Cluster = new(StartAsync);

    public static async Task<string> NewDatabaseAsync(string purpose)
    {
        var cluster = await Cluster.Value;
        var clean = new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        var name = $"t_{clean[..Math.Min(clean.Length, 30)]}_{Guid.NewGuid():N}";
        name = name[..Math.Min(name.Length, 60)];
        await cluster.EnsureDatabaseAsync(name);
        return cluster.ConnectionString(name);
    }

    private static async Task<EmbeddedPostgres> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"es-tests-{Guid.NewGuid():N}"[..20]);
        // Throwaway data: the tests ask for speed explicitly; everything else gets a durable cluster.
        var cluster = await EmbeddedPostgres.StartAsync(directory, durable: false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary directory is harmless.
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
        return cluster;
    }
}
