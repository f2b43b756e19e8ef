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
        RemoveAbandonedClusters();
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

    /// <summary>
    /// Removes the clusters earlier runs left behind: a run killed, or a test host not given the time to
    /// stop its cluster and delete it at exit, leaves about a gigabyte each, and they filled the disk.
    /// Only directories an hour old whose server is not running, so another run starting now is safe.
    /// </summary>
    private static void RemoveAbandonedClusters()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), "es-tests-*"))
        {
            try
            {
                if (Directory.GetLastWriteTimeUtc(directory) > DateTime.UtcNow.AddHours(-1) || ServerRunning(directory))
                {
                    continue;
                }

                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Another run removing it at the same moment, or a file still held: left for the next run.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool ServerRunning(string directory)
    {
        var pidFile = Path.Combine(directory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
