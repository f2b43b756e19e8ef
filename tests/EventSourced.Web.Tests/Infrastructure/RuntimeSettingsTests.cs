using System.Text.Json;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>What the application's build tells the .NET runtime it starts (its runtimeconfig.json).</summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void the_thread_pool_blocks_idle_workers_instead_of_spinning_for_work()
    {
        // Copied next to the tests from the application's own build output.
        var path = Path.Combine(AppContext.BaseDirectory, "EventSourced.Web.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32().ShouldBe(0);
    }
}
