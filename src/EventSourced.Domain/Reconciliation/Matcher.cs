namespace EventSourced.Domain.Reconciliation;

public enum MatchBand
{
    None,
    Review,
    Match,
}

/// <summary>
/// What matching found for one roll row: its band, the register row it pairs with (none for
/// <see cref="MatchBand.None"/>), the score and the levels that made it. A row whose best pair is a
/// member another row already took names that row in <paramref name="SameMemberAsRow"/>.
/// </summary>
public sealed record RollMatch(int RollRow, MatchBand Band, int? RegisterRow, double Score, PairScore? Pair, int? SameMemberAsRow = null)
{
    public string Levels => Pair?.Describe() ?? string.Empty;
}

/// <summary>Two roll rows that pair with the same register member: one got the member, the other did not.</summary>
public sealed record SameMemberTwice(int RegisterRow, int KeptRollRow, int OtherRollRow);

public sealed record MatchOutcome(IReadOnlyList<RollMatch> Rows, IReadOnlyList<SameMemberTwice> SameMemberTwice);

/// <summary>
/// Matches a roll against the register: equal citizen ID or card number first, then every blocked
/// candidate scored field by field, banded by <see cref="MatchSettings"/>, and each member given to
/// at most one roll row, best pairs first.
/// </summary>
public static class Matcher
{
    /// <summary>The best pairs of a roll row kept for the one-to-one assignment.</summary>
    private const int KeptPerRow = 3;

    public static MatchBand BandOf(PairScore pair, MatchSettings settings) =>
        pair.SameIdentity || pair.Score >= settings.MatchAt ? MatchBand.Match
        : pair.Score >= settings.ReviewAt ? MatchBand.Review
        : MatchBand.None;

    public static MatchOutcome Match(IReadOnlyList<RollPerson> register, IReadOnlyList<RollPerson> roll, MatchSettings settings) =>
        Match(new RegisterIndex(register, settings), roll);

    public static MatchOutcome Match(RegisterIndex index, IReadOnlyList<RollPerson> roll)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(roll);
        var settings = index.Settings;
        var best = new Candidate[roll.Count][];
        Parallel.For(0, roll.Count, r =>
        {
            var person = index.Prepare(roll[r]);
            var kept = new List<Candidate>(KeptPerRow + 1);
            foreach (var member in index.CandidatesOf(person))
            {
                var pair = Comparisons.Compare(index.People[member], person, settings, index.Families);
                if (BandOf(pair, settings) == MatchBand.None)
                {
                    continue;
                }

                kept.Add(new Candidate(r, member, pair));
                kept.Sort(Candidate.BestFirst);
                if (kept.Count > KeptPerRow)
                {
                    kept.RemoveAt(KeptPerRow);
                }
            }

            best[r] = [.. kept];
        });

        return Assign(index, roll, best, settings);
    }

    private static MatchOutcome Assign(RegisterIndex index, IReadOnlyList<RollPerson> roll, Candidate[][] best, MatchSettings settings)
    {
        var all = best.SelectMany(c => c).ToList();
        all.Sort(Candidate.BestFirst);
        var takenBy = new Dictionary<int, int>();
        var chosen = new Candidate?[roll.Count];
        var sameMember = new int?[roll.Count];
        var twice = new List<SameMemberTwice>();
        foreach (var candidate in all)
        {
            if (chosen[candidate.Roll] is not null || sameMember[candidate.Roll] is not null)
            {
                continue;
            }

            if (takenBy.TryGetValue(candidate.Member, out var other))
            {
                // A row whose best pair is a sure match with someone another row took is most likely
                // the same person twice on the roll; a lesser pair would only be a wrong guess. Not when another
                // member pairs with the row as well (namesakes born the same day): that one is the row's to take.
                if (candidate == best[candidate.Roll][0] && BandOf(candidate.Pair, settings) == MatchBand.Match
                    && !best[candidate.Roll].Any(o => o.Member != candidate.Member && Alike(o.Pair, candidate.Pair)))
                {
                    sameMember[candidate.Roll] = roll[other].Row;
                    twice.Add(new SameMemberTwice(index.People[candidate.Member].Person.Row, roll[other].Row, roll[candidate.Roll].Row));
                }

                continue;
            }

            takenBy[candidate.Member] = candidate.Roll;
            chosen[candidate.Roll] = candidate;
        }

        var rows = new RollMatch[roll.Count];
        for (var r = 0; r < roll.Count; r++)
        {
            rows[r] = chosen[r] is { } c
                ? Chosen(roll[r].Row, index.People[c.Member].Person.Row, Namesake(c, best[r], takenBy) ? c.Pair with { Levels = [.. c.Pair.Levels, NamesakeLevel] } : c.Pair, settings)
                : new RollMatch(roll[r].Row, MatchBand.None, null, 0, null, sameMember[r]);
        }

        return new MatchOutcome(rows, [.. twice.OrderBy(t => t.OtherRollRow)]);
    }

    /// <summary>
    /// The level a pair gets when another member, left to no row, compares with the row exactly as well (two
    /// namesakes born the same day, nothing on the roll to tell them apart): which of them the row is, staff decide.
    /// </summary>
    public static readonly FieldLevel NamesakeLevel = new("namesake", "alike", 0);

    private static RollMatch Chosen(int rollRow, int registerRow, PairScore pair, MatchSettings settings)
    {
        var band = BandOf(pair, settings);
        return new RollMatch(rollRow, band == MatchBand.Match && pair.Levels.Contains(NamesakeLevel) ? MatchBand.Review : band, registerRow, pair.Score, pair);
    }

    /// <summary>The chosen pair ties with another of the row's pairs whose member no row took: the choice between them was the register's order.</summary>
    private static bool Namesake(Candidate chosen, Candidate[] row, Dictionary<int, int> takenBy) =>
        row.Any(other => other.Member != chosen.Member && Alike(other.Pair, chosen.Pair) && !takenBy.ContainsKey(other.Member));

    /// <summary>Two pairs of one row that nothing tells apart: the same score, neither made by an equal identity number.</summary>
    private static bool Alike(PairScore a, PairScore b) =>
        !a.SameIdentity && !b.SameIdentity && Math.Abs(a.Score - b.Score) < 1e-9;

    private sealed record Candidate(int Roll, int Member, PairScore Pair)
    {
        /// <summary>Equal identity numbers first, then by score; ties by row order, so the result never depends on threads.</summary>
        public static readonly Comparison<Candidate> BestFirst = (a, b) =>
            a.Pair.SameIdentity != b.Pair.SameIdentity ? (a.Pair.SameIdentity ? -1 : 1)
            : a.Pair.Score != b.Pair.Score ? b.Pair.Score.CompareTo(a.Pair.Score)
            : a.Roll != b.Roll ? a.Roll.CompareTo(b.Roll)
            : a.Member.CompareTo(b.Member);
    }
}
