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

    /// <summary>The environment of the application's command line over the two provinces, <paramref name="main"/> its main database.</summary>
    public static Dictionary<string, string> CommandEnvironment(IReadOnlyDictionary<string, string> databases, string main) => new()
    {
        ["ConnectionStrings__Marten"] = main,
        [$"Provinces__{HaNoi}__ConnectionString"] = databases[HaNoi],
        [$"Provinces__{HaNoi}__Hosts"] = $"{HaNoi}.example",
        [$"Provinces__{HaiPhong}__ConnectionString"] = databases[HaiPhong],
        [$"Provinces__{HaiPhong}__Hosts"] = $"{HaiPhong}.example",
        ["Demo__LoadOnStart"] = "false",
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
