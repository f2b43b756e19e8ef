using JasperFx.CommandLine;
using Marten;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// <c>rebuild</c>: every projection from the events, snapshots before the projections that read them
/// (<see cref="ProjectionRebuild"/>). Marten's own <c>projections rebuild</c> knows no such order. Run it
/// with the application stopped.
/// </summary>
[Description("Rebuilds every projection from the events: the snapshots first, then the asynchronous projections that read them, with progress", Name = "rebuild")]
public sealed class RebuildCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await ProjectionRebuild.RunAsync(store, Console.Out, CancellationToken.None);
        return true;
    }
}
