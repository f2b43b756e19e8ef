namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// The member pages' application on a clock fixed at Saturday 1 March 2025, shared by the page tests
/// of <see cref="Collection"/>: one host and database for them all, each test admitting its own members.
/// </summary>
public sealed class MembersIn2025 : AppFixture
{
    public const string Collection = "Member pages, 1 March 2025";

    protected override string? ClockNow => "2025-03-01T02:00:00Z";
}

/// <summary>
/// The member pages' application on a clock fixed at 10 June 2030, so long careers (badges, readmission
/// after 36 months) fit; shared by the page tests of <see cref="Collection"/>.
/// </summary>
public sealed class MembersIn2030 : AppFixture
{
    public const string Collection = "Member pages, 10 June 2030";

    protected override string? ClockNow => "2030-06-10T02:00:00Z";
}

[CollectionDefinition(MembersIn2025.Collection)]
public sealed class MembersIn2025Collection : ICollectionFixture<MembersIn2025>;

[CollectionDefinition(MembersIn2030.Collection)]
public sealed class MembersIn2030Collection : ICollectionFixture<MembersIn2030>;

/// <summary>
/// The transfer pages' application on a clock fixed at Monday 3 March 2025, shared by the page tests
/// of <see cref="Collection"/>: a Ba Đình member ("staff") sent to a Hoàn Kiếm cell ("staff2").
/// </summary>
public sealed class TransfersIn2025 : AppFixture
{
    public const string Collection = "Transfer pages, 3 March 2025";

    public static readonly NodaTime.LocalDate Today = new(2025, 3, 3);

    protected override string? ClockNow => "2025-03-03T02:00:00Z";
}

[CollectionDefinition(TransfersIn2025.Collection)]
public sealed class TransfersIn2025Collection : ICollectionFixture<TransfersIn2025>;
