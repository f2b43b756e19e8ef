using EventSourced.Web.Infrastructure;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// Embedded PostgreSQL clusters of a fixture's own, as separate servers would be (two provinces, a primary and
/// its standby), each in a temporary data directory that is removed with it.
/// </summary>
internal sealed class TemporaryClusters(string prefix) : IAsyncDisposable
{
    private readonly List<(EmbeddedPostgres Cluster, string Directory)> _clusters = [];

    public IReadOnlyList<int> Ports => [.. _clusters.Select(c => c.Cluster.Port)];

    public Task<EmbeddedPostgres> StartAsync() => StartAsync(directory => EmbeddedPostgres.StartAsync(directory, durable: false));

    public async Task<EmbeddedPostgres> StartAsync(Func<string, Task<EmbeddedPostgres>> start)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"es-{prefix}-{Guid.NewGuid():N}"[..24]);
        var cluster = await start(directory);
        _clusters.Add((cluster, directory));
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        // The last started first: a standby stopped after its primary would keep retrying it.
        foreach (var (cluster, directory) in Enumerable.Reverse(_clusters))
        {
            await cluster.DisposeAsync();
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
        }
    }
}
