namespace EventSourced.Domain.Reconciliation;

/// <summary>
/// How often a comparison level is seen among true pairs (<paramref name="M"/>) and among pairs of
/// different people (<paramref name="U"/>); its Fellegi–Sunter weight is log2(m/u): positive when the
/// level is evidence for a match, negative against.
/// </summary>
public sealed record LevelOdds(double M, double U)
{
    public double Weight => Math.Log2(M / U);
}

/// <summary>
/// The weights and thresholds of matching. The defaults were tuned on the benchmark generator's
/// tuning seed and checked on another one (docs/benchmarks.md, docs/decisions/0015).
/// </summary>
public sealed record MatchSettings
{
    public static readonly MatchSettings Default = new();

    /// <summary>A pair scoring this or more is a match.</summary>
    public double MatchAt { get; init; } = 19;

    /// <summary>A pair scoring this or more (and less than <see cref="MatchAt"/>) is for staff to review.</summary>
    public double ReviewAt { get; init; } = 12;

    /// <summary>Two name parts at least this similar (Jaro–Winkler, folded) are one name with a typo.</summary>
    public double TypoSimilarity { get; init; } = 0.88;

    /// <summary>The share of the register below which a family name counts as that rare: a name seen once is not evidence of a thousand.</summary>
    public double MinimumFamilyFrequency { get; init; } = 0.0005;

    /// <summary>Family name: m of exact agreement; u is that family name's share of the register.</summary>
    public double FamilyExactM { get; init; } = 0.9;

    /// <summary>Family name equal without accents: m; u is the folded name's share of the register.</summary>
    public double FamilyFoldedM { get; init; } = 0.45;

    public LevelOdds FamilyTypo { get; init; } = new(0.02, 0.01);

    public LevelOdds FamilyDisagree { get; init; } = new(0.01, 0.8);

    public LevelOdds MiddleExact { get; init; } = new(0.85, 0.12);

    public LevelOdds MiddleFolded { get; init; } = new(0.08, 0.03);

    public LevelOdds MiddleMissing { get; init; } = new(0.04, 0.08);

    public LevelOdds MiddleTypo { get; init; } = new(0.01, 0.02);

    public LevelOdds MiddleDisagree { get; init; } = new(0.02, 0.75);

    public LevelOdds GivenExact { get; init; } = new(0.88, 0.01);

    public LevelOdds GivenFolded { get; init; } = new(0.09, 0.004);

    public LevelOdds GivenTypo { get; init; } = new(0.02, 0.01);

    public LevelOdds GivenDisagree { get; init; } = new(0.0005, 0.975);

    /// <summary>The name read given-first ("Hùng Văn Nguyễn") to agree: a small penalty on top of the parts' weights.</summary>
    public LevelOdds NameReversed { get; init; } = new(0.015, 0.03);

    public LevelOdds BirthExact { get; init; } = new(0.9, 0.0001);

    public LevelOdds BirthSwapped { get; init; } = new(0.02, 0.0001);

    /// <summary>One side gives only the year, and the years agree.</summary>
    public LevelOdds BirthYear { get; init; } = new(0.95, 0.025);

    public LevelOdds BirthOneDigit { get; init; } = new(0.015, 0.001);

    public LevelOdds BirthDisagree { get; init; } = new(0.02, 0.99);

    public LevelOdds SexAgree { get; init; } = new(0.98, 0.5);

    public LevelOdds SexDisagree { get; init; } = new(0.02, 0.5);

    public LevelOdds CellAgree { get; init; } = new(0.9, 0.01);

    public LevelOdds CellDisagree { get; init; } = new(0.1, 0.99);

    public LevelOdds AdmissionAgree { get; init; } = new(0.9, 0.002);

    public LevelOdds AdmissionDisagree { get; init; } = new(0.1, 0.998);
}
