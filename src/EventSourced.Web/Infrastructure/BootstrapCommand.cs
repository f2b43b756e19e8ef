using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Identity;

namespace EventSourced.Web.Infrastructure;

/// <summary>Arguments of <c>bootstrap</c>: the first administrator and, on an empty register, the city committee.</summary>
public sealed class BootstrapInput : NetCoreInput
{
    [Description("username of the first administrator")]
    public string UsernameFlag { get; set; } = "admin";

    [Description("display name of the first administrator")]
    public string NameFlag { get; set; } = "Quản trị hệ thống";

    [Description("code of the city committee, founded when the register has no units yet")]
    public string CityCodeFlag { get; set; } = "HN";

    [Description("name of the city committee")]
    public string CityNameFlag { get; set; } = "Đảng bộ Thành phố Hà Nội";

    [Description("founding date of the city committee (yyyy-MM-dd)")]
    public string CityFoundedFlag { get; set; } = "1930-03-03";

    [Description("with provinces configured, the province (its code) to set up; required then")]
    public string? ProvinceFlag { get; set; }
}

/// <summary>
/// Sets up a new production register: founds the city committee when there are no units, and opens
/// an administrator account over it. The password is read from the ADMIN_PASSWORD environment
/// variable, never from the command line (it would stay in the shell history). With provinces
/// (decision 0025) it sets up the one named by <c>--province</c>, in that province's database.
/// </summary>
[Description("Founds the city committee on an empty register and opens the first administrator account (password from ADMIN_PASSWORD)", Name = "bootstrap")]
public sealed class BootstrapCommand : JasperFxAsyncCommand<BootstrapInput>
{
    public override async Task<bool> Execute(BootstrapInput input)
    {
        var password = Environment.GetEnvironmentVariable("ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password) || password.Length < Pages.Users.NewModel.MinimumPasswordLength)
        {
            await Console.Error.WriteLineAsync($"bootstrap: set ADMIN_PASSWORD (at least {Pages.Users.NewModel.MinimumPasswordLength} characters).");
            return false;
        }

        if (LocalDateModelBinder.TryParse(input.CityFoundedFlag) is not { } founded)
        {
            await Console.Error.WriteLineAsync("bootstrap: --city-founded must be a date (yyyy-MM-dd).");
            return false;
        }

        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var (province, error) = host.Services.GetRequiredService<Provinces>().ForCommand(input.ProvinceFlag, required: true);
        if (error is not null)
        {
            await Console.Error.WriteLineAsync($"bootstrap: {error}");
            return false;
        }

        await using var session = province is null ? store.LightweightSession() : store.LightweightSession(province.Code);
        session.LastModifiedBy = "bootstrap";
        session.SetHeader(AuditHeaders.UserName, "bootstrap");
        session.SetHeader(AuditHeaders.Reason, "Initial set-up / Khởi tạo hệ thống");

        var units = await session.Query<Organisation>().ToListAsync();
        var city = units.FirstOrDefault(u => u.Kind == OrganisationKind.CityCommittee);
        var cityId = city?.Id ?? Guid.CreateVersion7();
        if (city is null)
        {
            var created = CreateOrganisationHandler.Decide(
                new CreateOrganisation(cityId, input.CityCodeFlag, input.CityNameFlag, OrganisationKind.CityCommittee, null, OrganisationFlags.None, founded),
                OrganisationTree.AsOf(founded, units));
            session.Events.StartStream<Organisation>(cityId, created);
        }

        var username = UserAccount.NormaliseUsername(input.UsernameFlag);
        var taken = await session.Query<UserAccount>().AnyAsync(u => u.Username == username);
        var userId = Guid.CreateVersion7();
        var hash = host.Services.GetRequiredService<IPasswordHasher<UserAccount>>().HashPassword(new UserAccount { Id = userId, Username = username }, password);
        try
        {
            var registered = RegisterUserHandler.Decide(new RegisterUser(userId, username, input.NameFlag, hash), taken);
            session.Events.StartStream<UserAccount>(userId, registered, new RoleAssigned(Role.Administrator, cityId));
        }
        catch (RuleViolation violation)
        {
            await Console.Error.WriteLineAsync($"bootstrap: refused ({violation.Code}).");
            return false;
        }

        await session.SaveChangesAsync();
        Console.WriteLine($"bootstrap: administrator '{username}' over {(city?.Name ?? input.CityNameFlag)}{(city is null ? " (founded now)" : string.Empty)}{(province is null ? string.Empty : $" in province {province.Code}")}.");
        return true;
    }
}
