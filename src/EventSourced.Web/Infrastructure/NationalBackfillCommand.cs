using EventSourced.Domain.Common;
using JasperFx.CommandLine;
using Marten;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// <c>national-backfill</c>: reserves in the national register (decision 0034) the citizen IDs and party card
/// numbers (current and old) a province already holds, for provinces that held members before the register
/// existed, or before it held card numbers. Until it has run, a person recorded in such a province could be
/// admitted in another, and a card number issued there given again elsewhere. Each province's own register keys are
/// completed first, since the reservations are read from them. Safe to run again, and while the
/// application serves: a key already reserved is left as it is.
/// </summary>
[Description("Reserves in the national register the citizen IDs and card numbers each province already holds (provinces only)", Name = "national-backfill")]
public sealed class NationalBackfillCommand : JasperFxAsyncCommand<NationalBackfillInput>
{
    public override async Task<bool> Execute(NationalBackfillInput input)
    {
        using var host = input.BuildHost();
        var provinces = host.Services.GetRequiredService<Provinces>();
        if (!provinces.Enabled)
        {
            await Console.Error.WriteLineAsync("national-backfill: no provinces are configured; with one database its register keys already keep each citizen ID and card number once.");
            return false;
        }

        var (chosen, refused) = provinces.ForCommand(input.ProvinceFlag, required: false);
        if (refused is not null)
        {
            await Console.Error.WriteLineAsync($"national-backfill: {refused}");
            return false;
        }

        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var national = host.Services.GetRequiredService<NationalRegister>();
        foreach (var province in chosen is not null ? [chosen] : provinces.All)
        {
            var database = await store.Storage.FindOrCreateDatabase(province.Code);
            await RegisterKeys.BackfillAsync(store, database, CancellationToken.None);
            var done = await national.BackfillAsync(store, province.Code, CancellationToken.None);
            Console.WriteLine(
                $"national-backfill: province {province.Code}: {done.CitizenIds.Reserved:N0} citizen IDs reserved now; "
                + $"{done.CitizenIds.HeldElsewhere:N0} held by another province; {done.CardNumbers.Reserved:N0} card numbers reserved now; "
                + $"{done.CardNumbers.HeldElsewhere:N0} held by another province (left with it, for staff to correct)");
        }

        return true;
    }
}

/// <summary>Arguments of <c>national-backfill</c>.</summary>
public sealed class NationalBackfillInput : NetCoreInput
{
    [Description("the province (its code) whose citizen IDs and card numbers to reserve; every province's when not given")]
    public string? ProvinceFlag { get; set; }
}
