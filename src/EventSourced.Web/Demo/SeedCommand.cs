using EventSourced.Domain.Accounts;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Identity;

namespace EventSourced.Web.Demo;

/// <summary>Arguments of <c>dotnet run --project src/EventSourced.Web -- seed [--size small|city]</c>.</summary>
public sealed class SeedInput : NetCoreInput
{
    [Description("small (about 530 units, the default) or city (about 18,000 units, Hanoi's scale)")]
    public DemoSize SizeFlag { get; set; } = DemoSize.Small;

    [Description("load the organisation tree and accounts only, no members")]
    public bool NoMembersFlag { get; set; }
}

/// <summary>Loads the demo city and demo accounts into an empty database. Refused in Production.</summary>
[Description("Loads the Hanoi-shaped demo city and the demo accounts into an empty database", Name = "seed")]
public sealed class SeedCommand : JasperFxAsyncCommand<SeedInput>
{
    public override async Task<bool> Execute(SeedInput input)
    {
        using var host = input.BuildHost();
        var environment = host.Services.GetRequiredService<IHostEnvironment>();
        if (environment.IsProduction())
        {
            await Console.Error.WriteLineAsync("seed: refused in Production; demo data and demo accounts never go into a real register.");
            return false;
        }

        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        if (!await DemoSeeder.IsEmptyAsync(store, CancellationToken.None))
        {
            await Console.Error.WriteLineAsync("seed: the database already holds organisations; seed only loads into an empty database.");
            return false;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var count = await DemoSeeder.SeedOrganisationsAsync(store, input.SizeFlag, CancellationToken.None);
        await DemoSeeder.SeedAccountsAsync(store, host.Services.GetRequiredService<IPasswordHasher<UserAccount>>(), input.SizeFlag, CancellationToken.None);
        var perCell = input.NoMembersFlag ? 0 : input.SizeFlag == DemoSize.City ? DemoSeeder.CityMembersPerCell : DemoSeeder.SmallMembersPerCell;
        var members = perCell == 0 ? 0 : await DemoSeeder.SeedMembersAsync(store, input.SizeFlag, Domain.Common.VietnamTime.Today(host.Services.GetRequiredService<NodaTime.IClock>()), perCell, CancellationToken.None);
        if (perCell > 0)
        {
            await DemoSeeder.SeedRolloutAsync(store, input.SizeFlag, Domain.Common.VietnamTime.Today(host.Services.GetRequiredService<NodaTime.IClock>()), perCell, CancellationToken.None);
        }

        await DemoContent.SeedAsync(store, input.SizeFlag, Domain.Common.VietnamTime.Today(host.Services.GetRequiredService<NodaTime.IClock>()), CancellationToken.None);
        // The demo is written straight to the store, around the handlers that claim keys.
        await Infrastructure.RegisterKeysBackfill.RunAsync(store, host.Services.GetRequiredService<ILogger<SeedCommand>>(), CancellationToken.None);
        Console.WriteLine($"seed: {count} units, {members} members and {DemoSeeder.Accounts.Count} demo accounts loaded in {started.Elapsed.TotalSeconds:F1} s (password \"{DemoSeeder.DemoPassword}\").");
        return true;
    }
}
