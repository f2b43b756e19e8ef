using JasperFx.CommandLine;
using Marten;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// <c>rebuild</c>: every projection from the events, snapshots before the projections that read them
/// (<see cref="ProjectionRebuild"/>). Marten's own <c>projections rebuild</c> knows no such order. Run it
/// with the application stopped.
/// </summary>
[Description("Rebuilds every projection from the events: the snapshots first, then the asynchronous projections that read them, with progress", Name = "rebuild")]
public sealed class RebuildCommand : JasperFxAsyncCommand<RebuildInput>
{
    public override async Task<bool> Execute(RebuildInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var provinces = host.Services.GetRequiredService<Provinces>();
        var (chosen, refused) = provinces.ForCommand(input.ProvinceFlag, required: false);
        if (refused is not null)
        {
            await Console.Error.WriteLineAsync($"rebuild: {refused}");
            return false;
        }

        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // Every province in turn when none is named: the rebuild needs the machine's cores for itself.
        IReadOnlyList<string?> targets = !provinces.Enabled ? [null] : chosen is not null ? [chosen.Code] : [.. provinces.All.Select(p => p.Code)];
        foreach (var province in targets)
        {
            if (province is not null)
            {
                Console.WriteLine($"province {province}:");
            }

            await ProjectionRebuild.RunAsync(store, province, Console.Out, CancellationToken.None);
        }

        return true;
    }
}

/// <summary>Arguments of <c>rebuild</c>.</summary>
public sealed class RebuildInput : NetCoreInput
{
    [Description("with provinces configured, the province (its code) whose projections to rebuild; every province's, one after the other, when not given")]
    public string? ProvinceFlag { get; set; }
}
