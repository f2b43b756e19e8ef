using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using Marten;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace EventSourced.Web.Demo;

/// <summary>
/// Loads the demo city and the demo accounts. Units are written as their founding events, in
/// batches, straight to the event store: the demo is well-formed by construction (its tests check
/// the same rules the decisions enforce), and eighteen thousand units through the command path
/// would cost minutes of tree reloads for nothing.
/// </summary>
public static class DemoSeeder
{
    public const string DemoPassword = "demo";

    /// <summary>Members a cell in the small demo (about 2,300 in all); the city has about 32 a cell.</summary>
    public const int SmallMembersPerCell = 6;

    public const int CityMembersPerCell = 32;
    private const int BatchSize = 1000;

    /// <summary>The demo accounts: username, display name, role, and the unit the role covers.</summary>
    public static IReadOnlyList<(string Username, string DisplayName, Role Role, Func<IReadOnlyList<OrganisationCreated>, Guid> Unit)> Accounts { get; } =
    [
        ("admin", "Quản trị hệ thống", Role.Administrator, City),
        ("staff", "Nguyễn Thị Lan (Ban Tổ chức quận Ba Đình)", Role.OrganisationStaff, units => District(units, "Ba Đình")),
        ("staff2", "Trần Văn Minh (Ban Tổ chức quận Hoàn Kiếm)", Role.OrganisationStaff, units => District(units, "Hoàn Kiếm")),
        ("editor", "Lê Thu Hà (Ban Biên tập)", Role.Editor, City),
        ("approver", "Phạm Quốc Hùng (Ban Biên tập)", Role.Approver, City),
        ("auditor", "Hoàng Minh Đức (Kiểm tra)", Role.Auditor, City),
    ];

    public static Task<bool> IsEmptyAsync(IDocumentStore store, CancellationToken ct) => IsEmptyAsync(store, null, ct);

    /// <summary>Whether the register (of the province <paramref name="tenantId"/> when given) holds no unit yet.</summary>
    public static async Task<bool> IsEmptyAsync(IDocumentStore store, string? tenantId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var session = tenantId is null ? store.QuerySession() : store.QuerySession(tenantId);
        return !await session.Query<Organisation>().AnyAsync(ct);
    }

    /// <summary>Writes the demo city; returns the number of units written.</summary>
    public static Task<int> SeedOrganisationsAsync(IDocumentStore store, DemoSize size, CancellationToken ct) =>
        SeedOrganisationsAsync(store, null, size, ct);

    /// <summary>Writes the demo city into a province's database (<paramref name="tenantId"/>, decision 0025) or the only one (null).</summary>
    public static async Task<int> SeedOrganisationsAsync(IDocumentStore store, string? tenantId, DemoSize size, CancellationToken ct)
    {
        var units = DemoCity.Build(size);
        foreach (var batch in units.Chunk(BatchSize))
        {
            await using var session = Session(store, tenantId);
            foreach (var created in batch)
            {
                session.Events.StartStream<Organisation>(created.OrganisationId, created);
            }

            await session.SaveChangesAsync(ct);
        }

        return units.Count;
    }

    /// <summary>Writes demo members (about <paramref name="perCell"/> a cell); returns how many.</summary>
    public static async Task<int> SeedMembersAsync(IDocumentStore store, DemoSize size, LocalDate today, int perCell, CancellationToken ct)
    {
        var count = 0;
        foreach (var batch in DemoMembers.Build(DemoCity.Build(size), today, perCell).Chunk(BatchSize))
        {
            await using var session = Session(store);
            foreach (var (id, events) in batch)
            {
                session.Events.StartStream<Member>(id, events);
            }

            await session.SaveChangesAsync(ct);
            count += batch.Length;
        }

        return count;
    }

    /// <summary>Writes the demo rollout (app usage, targets, training classes) for the demo members; returns the streams written.</summary>
    public static async Task<int> SeedRolloutAsync(IDocumentStore store, DemoSize size, LocalDate today, int perCell, CancellationToken ct)
    {
        var count = 0;
        var units = DemoCity.Build(size);
        foreach (var batch in DemoRollout.Build(units, DemoMembers.Build(units, today, perCell), today).Chunk(BatchSize))
        {
            await using var session = Session(store);
            foreach (var (id, aggregate, events) in batch)
            {
                session.Events.StartStream(aggregate, id, events);
            }

            await session.SaveChangesAsync(ct);
            count += batch.Length;
        }

        return count;
    }

    /// <summary>Opens the demo accounts that do not exist yet, all with the password "demo".</summary>
    public static Task SeedAccountsAsync(IDocumentStore store, IPasswordHasher<UserAccount> hasher, DemoSize size, CancellationToken ct) =>
        SeedAccountsAsync(store, null, hasher, size, ct);

    /// <summary>Opens the demo accounts in a province's database (<paramref name="tenantId"/>) or the only one (null).</summary>
    public static async Task SeedAccountsAsync(IDocumentStore store, string? tenantId, IPasswordHasher<UserAccount> hasher, DemoSize size, CancellationToken ct)
    {
        await using var session = Session(store, tenantId);
        var existing = await session.Query<UserAccount>().Select(u => u.Username).ToListAsync(ct);
        foreach (var (id, events) in AccountStreams(hasher, size, existing))
        {
            session.Events.StartStream<UserAccount>(id, events);
        }

        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The demo accounts' streams, except those whose username is taken. Their ids follow from the
    /// username, so the boards and posts that seat them come out the same however the demo is loaded.
    /// </summary>
    public static IEnumerable<(Guid Id, object[] Events)> AccountStreams(IPasswordHasher<UserAccount> hasher, DemoSize size, IReadOnlyCollection<string> taken)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(taken);
        var units = DemoCity.Build(size);
        foreach (var (username, displayName, role, unit) in Accounts)
        {
            if (taken.Contains(username))
            {
                continue;
            }

            var id = DemoCity.IdFor("account:" + username);
            var hash = hasher.HashPassword(new UserAccount { Id = id, Username = username }, DemoPassword);
            yield return (id, [new UserRegistered(id, username, displayName, hash), new RoleAssigned(role, unit(units))]);
        }
    }

    /// <summary>The headers every demo event carries: recorded by "seed", for the demo.</summary>
    public static IReadOnlyDictionary<string, object> Headers { get; } = new Dictionary<string, object>
    {
        [AuditHeaders.UserName] = "seed",
        [AuditHeaders.DisplayName] = "Dữ liệu mẫu (demo)",
        [AuditHeaders.Reason] = "Demo data / Dữ liệu mẫu",
    };

    private static IDocumentSession Session(IDocumentStore store, string? tenantId = null)
    {
        var session = tenantId is null ? store.LightweightSession() : store.LightweightSession(tenantId);
        session.LastModifiedBy = "seed";
        foreach (var (key, value) in Headers)
        {
            session.SetHeader(key, value);
        }

        return session;
    }

    private static Guid City(IReadOnlyList<OrganisationCreated> units) =>
        units.First(u => u.Kind == OrganisationKind.CityCommittee).OrganisationId;

    private static Guid District(IReadOnlyList<OrganisationCreated> units, string name) =>
        units.FirstOrDefault(u => u.Kind == OrganisationKind.DirectlySubordinateCommittee && u.Name.Contains(name, StringComparison.Ordinal))?.OrganisationId
        ?? units.Where(u => u.Kind == OrganisationKind.DirectlySubordinateCommittee).Select(u => u.OrganisationId).First();
}

/// <summary>Loads the small demo into an empty database when the application starts outside Production.</summary>
public sealed class DemoDataLoader(IDocumentStore store, IPasswordHasher<UserAccount> hasher, IHostEnvironment environment, Infrastructure.OrganisationDirectory directory, IClock clock, ILogger<DemoDataLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsProduction())
        {
            logger.LogWarning("Demo:LoadOnStart is ignored in Production: demo data and demo accounts are never loaded there");
            return;
        }

        if (!await DemoSeeder.IsEmptyAsync(store, cancellationToken))
        {
            return;
        }

        var count = await DemoSeeder.SeedOrganisationsAsync(store, DemoSize.Small, cancellationToken);
        await DemoSeeder.SeedAccountsAsync(store, hasher, DemoSize.Small, cancellationToken);
        await DemoSeeder.SeedMembersAsync(store, DemoSize.Small, Domain.Common.VietnamTime.Today(clock), DemoSeeder.SmallMembersPerCell, cancellationToken);
        await DemoSeeder.SeedRolloutAsync(store, DemoSize.Small, Domain.Common.VietnamTime.Today(clock), DemoSeeder.SmallMembersPerCell, cancellationToken);
        await DemoContent.SeedAsync(store, DemoSize.Small, Domain.Common.VietnamTime.Today(clock), cancellationToken);
        // The demo is written straight to the store, around the handlers that claim keys.
        await Infrastructure.RegisterKeysBackfill.RunAsync(store, logger, cancellationToken);
        directory.Invalidate();
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Loaded the small demo city ({Units} units) and the demo accounts (password \"{Password}\")", count, DemoSeeder.DemoPassword);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
