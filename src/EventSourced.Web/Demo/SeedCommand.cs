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

    [Description("with provinces configured, the province (its code) to load the demo into; required then")]
    public string? ProvinceFlag { get; set; }
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
        var (province, error) = host.Services.GetRequiredService<Infrastructure.Provinces>().ForCommand(input.ProvinceFlag, required: true);
        if (error is not null)
        {
            await Console.Error.WriteLineAsync($"seed: {error}");
            return false;
        }

        var tenant = province?.Code;
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        if (!await DemoSeeder.IsEmptyAsync(store, tenant, CancellationToken.None))
        {
            await Console.Error.WriteLineAsync("seed: the database already holds organisations; seed only loads into an empty database.");
            return false;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var today = Domain.Common.VietnamTime.Today(host.Services.GetRequiredService<NodaTime.IClock>());
        var perCell = input.NoMembersFlag ? 0 : input.SizeFlag == DemoSize.City ? DemoSeeder.CityMembersPerCell : DemoSeeder.SmallMembersPerCell;
        // The events go in by COPY, then every projection is rebuilt from them (decision 0026).
        var loaded = await DemoBulkLoad.LoadAsync(store, tenant, host.Services.GetRequiredService<IPasswordHasher<UserAccount>>(), input.SizeFlag, today, perCell, Console.Out, CancellationToken.None);
        Console.WriteLine($"seed: {loaded.Events:N0} events in {loaded.Streams:N0} streams bulk-loaded in {started.Elapsed.TotalSeconds:F1} s");
        // The demo is written straight to the store, around the handlers that claim keys: they are built from the
        // member and unit snapshots as soon as the rebuild has them.
        var logger = host.Services.GetRequiredService<ILogger<SeedCommand>>();
        await Infrastructure.ProjectionRebuild.RunAsync(store, tenant, Console.Out, token => Infrastructure.RegisterKeysBackfill.RunAsync(store, logger, token), CancellationToken.None);
        if (tenant is not null)
        {
            // Written around the handlers, so around the national reservation too (decision 0034).
            var national = await host.Services.GetRequiredService<Infrastructure.NationalRegister>().BackfillAsync(store, tenant, CancellationToken.None);
            Console.WriteLine(
                $"seed: {national.CitizenIds.Reserved:N0} citizen IDs and {national.CardNumbers.Reserved:N0} card numbers reserved in the national register; "
                + $"{national.CitizenIds.HeldElsewhere + national.CardNumbers.HeldElsewhere:N0} already held by another province (left with it, for staff to correct)");
        }

        var count = loaded.Units;
        var members = loaded.Members;
        Console.WriteLine($"seed: {count} units, {members} members and {DemoSeeder.Accounts.Count} demo accounts loaded{(tenant is null ? string.Empty : $" into province {tenant}")} in {started.Elapsed.TotalSeconds:F1} s (password \"{DemoSeeder.DemoPassword}\").");
        return true;
    }
}
