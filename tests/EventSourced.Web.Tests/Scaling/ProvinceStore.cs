using EventSourced.Domain.Common;
using EventSourced.Web.Tests.Infrastructure;
using Marten;

namespace EventSourced.Web.Tests.Scaling;

/// <summary>Two provinces' databases and a store over both (decision 0025), with no application running, as the command-line tools use them.</summary>
internal static class ProvinceStore
{
    public const string HaNoi = "hanoi";
    public const string HaiPhong = "haiphong";

    public static async Task<Dictionary<string, string>> DatabasesAsync(string purpose) => new()
    {
        [HaNoi] = await TestCluster.NewDatabaseAsync($"{purpose} {HaNoi}"),
        [HaiPhong] = await TestCluster.NewDatabaseAsync($"{purpose} {HaiPhong}"),
    };

    public static DocumentStore Open(IReadOnlyDictionary<string, string> databases, Action<StoreOptions>? configure = null) => DocumentStore.For(options =>
    {
        EventStoreConfiguration.Configure(options, databases[HaNoi]);
        configure?.Invoke(options);
        options.MultiTenantedDatabases(tenancy =>
        {
            foreach (var (code, connection) in databases)
            {
                tenancy.AddSingleTenantDatabase(connection, code);
            }
        });
    });
}
