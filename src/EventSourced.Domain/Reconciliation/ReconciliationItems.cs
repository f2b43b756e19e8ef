using System.Globalization;
using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Reconciliation;

/// <summary>Where an item of a reconciliation falls; the order is the order of the results page.</summary>
public enum ItemCategory
{
    ToReview,
    SameMemberTwice,
    MatchedWithDifferences,
    OnRollOnly,
    InRegisterOnly,
    Matched,
}

/// <summary>What the register says about a member missing from the roll, when it says anything.</summary>
public enum AbsenceExplanation
{
    None,
    InTransit,
    HostedElsewhere,
    Exempt,
    EndedAfterReferenceDate,

    /// <summary>In one of the unit's cells on the reference date, in a cell outside the unit since.</summary>
    MovedAfterReferenceDate,
}

/// <summary>How the register records a person on the roll whom it does not expect in the unit.</summary>
public enum ElsewhereKind
{
    /// <summary>A member of another cell (transferred away, or never here), or of one of the unit's cells since after the roll's date.</summary>
    InCell,

    /// <summary>A member of another cell on a temporary transfer into one of the unit's cells: listed there, counted at home.</summary>
    HostedHere,

    /// <summary>No longer a member (removed, expelled, left, died, transferred out of the city, or admission rescinded).</summary>
    Ended,
}

/// <summary>
/// Where the register records a roll row it could not pair, found by the row's citizen ID or party card
/// (<paramref name="Key"/>: <see cref="ReconciliationItems.CitizenId"/> or <see cref="ReconciliationItems.CardNumber"/>):
/// the member, their cell (their home cell while hosted here, their last cell once ended), their status, and
/// <paramref name="On"/>: since when they are in that cell, until when they are hosted here, or when they ended.
/// Screens name the cell only to viewers who may see its members.
/// </summary>
public sealed record RecordedElsewhere(Guid MemberId, ElsewhereKind Kind, Guid CellId, MembershipStatus Status, LocalDate? On, string Key);

/// <summary>One field that differs between the register and the roll, both values as each side gives them.</summary>
public sealed record FieldDifference(string Field, string? Register, string? Roll);

/// <summary>A register member as matching sees them: the compared fields, the member, and what may explain an absence.</summary>
public sealed record RegisterEntry(RollPerson Person, Guid MemberId, AbsenceExplanation Explanation);

/// <summary>
/// One item of a reconciliation's results, kept as a document beside its stream (id: the
/// reconciliation's id and the item's number), so matching the same roll again overwrites it.
/// </summary>
public sealed class ReconciliationItem
{
    public string Id { get; set; } = string.Empty;

    public Guid ReconciliationId { get; set; }

    public int Number { get; set; }

    public ItemCategory Category { get; set; }

    public Guid? MemberId { get; set; }

    public RollPerson? Roll { get; set; }

    public RollPerson? Register { get; set; }

    public List<FieldDifference> Differences { get; set; } = [];

    public double Score { get; set; }

    public List<FieldLevel> Levels { get; set; } = [];

    public AbsenceExplanation Explanation { get; set; }

    /// <summary>For a second roll row pairing with a member: the roll row that kept the member.</summary>
    public int? SameMemberAsRow { get; set; }

    /// <summary>For a row on the roll only: where the register records the person its citizen ID or card names, if anywhere.</summary>
    public RecordedElsewhere? Elsewhere { get; set; }

    public static string IdOf(Guid reconciliationId, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{reconciliationId:N}:{number:D6}");
}

/// <summary>The pure part of a reconciliation: the matcher's outcome turned into categorised items, and their counts.</summary>
public static class ReconciliationItems
{
    public const string Name = "FullName";
    public const string DateOfBirth = "DateOfBirth";
    public const string Sex = "Sex";
    public const string CitizenId = "CitizenId";
    public const string CardNumber = "CardNumber";
    public const string Cell = "Cell";
    public const string AdmissionDate = "AdmissionDate";

    /// <summary>
    /// Every roll row and every register member becomes exactly one item, numbered from 1 in the
    /// page's order: category, then roll row, then register row.
    /// </summary>
    public static IReadOnlyList<ReconciliationItem> Categorise(Guid reconciliationId, IReadOnlyList<RegisterEntry> register, IReadOnlyList<RollPerson> roll, MatchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(roll);
        ArgumentNullException.ThrowIfNull(outcome);
        var byRegisterRow = register.ToDictionary(r => r.Person.Row);
        var byRollRow = roll.ToDictionary(r => r.Row);
        // The matcher leaves a second row's pair out of the row (it kept the member for the first) and
        // names it among the duplicates: staff need to see whom both rows point at.
        var twice = outcome.SameMemberTwice.ToDictionary(t => t.OtherRollRow, t => t.RegisterRow);
        var paired = new HashSet<int>();
        var items = new List<ReconciliationItem>();
        foreach (var match in outcome.Rows)
        {
            var rollPerson = byRollRow[match.RollRow];
            var registerRow = match.RegisterRow ?? (twice.TryGetValue(match.RollRow, out var same) ? same : null);
            var entry = registerRow is { } row ? byRegisterRow.GetValueOrDefault(row) : null;
            var item = new ReconciliationItem
            {
                ReconciliationId = reconciliationId,
                Roll = rollPerson,
                Register = entry?.Person,
                MemberId = entry?.MemberId,
                Score = match.Score,
                Levels = match.Pair?.Levels.ToList() ?? [],
                SameMemberAsRow = match.SameMemberAsRow,
            };
            if (match.SameMemberAsRow is not null)
            {
                item.Category = ItemCategory.SameMemberTwice;
            }
            else if (entry is null || match.Band == MatchBand.None)
            {
                item.Category = ItemCategory.OnRollOnly;
                item.Register = null;
                item.MemberId = null;
            }
            else
            {
                paired.Add(entry.Person.Row);
                item.Differences = Differences(entry.Person, rollPerson).ToList();
                item.Category = match.Band == MatchBand.Review ? ItemCategory.ToReview
                    : item.Differences.Count > 0 ? ItemCategory.MatchedWithDifferences
                    : ItemCategory.Matched;
            }

            items.Add(item);
        }

        foreach (var entry in register.Where(e => !paired.Contains(e.Person.Row)))
        {
            items.Add(new ReconciliationItem
            {
                ReconciliationId = reconciliationId,
                Category = ItemCategory.InRegisterOnly,
                Register = entry.Person,
                MemberId = entry.MemberId,
                Explanation = entry.Explanation,
            });
        }

        var ordered = items
            .OrderBy(i => i.Category)
            .ThenBy(i => i.Roll?.Row ?? int.MaxValue)
            .ThenBy(i => i.Register?.Row ?? int.MaxValue)
            .ToList();
        for (var n = 0; n < ordered.Count; n++)
        {
            ordered[n].Number = n + 1;
            ordered[n].Id = ReconciliationItem.IdOf(reconciliationId, n + 1);
        }

        return ordered;
    }

    /// <summary>
    /// The register keys (<see cref="Common.RegisterKeys"/>) of the rows on the roll only that give a citizen ID or a party
    /// card: what <see cref="Elsewhere"/> looks the register up by, all at once.
    /// </summary>
    public static IReadOnlyList<string> StrongKeys(IEnumerable<ReconciliationItem> items) =>
        [.. items.Where(i => i.Category == ItemCategory.OnRollOnly && i.Roll is not null)
            .SelectMany(i => new[] { CitizenKey(i.Roll!), CardKey(i.Roll!) })
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Each row on the roll only whose citizen ID or party card (current or old) is a member's gets where the register
    /// records them (<see cref="RecordedElsewhere"/>); the citizen ID is tried first. <paramref name="inUnit"/> tells the
    /// unit's cells, for a member hosted here on a temporary transfer.
    /// </summary>
    public static void Elsewhere(IEnumerable<ReconciliationItem> items, IReadOnlyCollection<Member> found, Func<Guid, bool> inUnit)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(inUnit);
        var byKey = new Dictionary<string, Member>(StringComparer.Ordinal);
        foreach (var member in found)
        {
            foreach (var key in new[] { Common.RegisterKeys.CitizenId(member.Profile.CitizenId) }.Concat(new[] { member.CardNumber }.Concat(member.PreviousCardNumbers).Select(Common.RegisterKeys.Card)))
            {
                if (key is not null)
                {
                    byKey.TryAdd(key, member);
                }
            }
        }

        foreach (var item in items.Where(i => i.Category == ItemCategory.OnRollOnly && i.Roll is not null))
        {
            var (member, by) = CitizenKey(item.Roll!) is { } citizen && byKey.TryGetValue(citizen, out var m) ? (m, CitizenId)
                : CardKey(item.Roll!) is { } card && byKey.TryGetValue(card, out var c) ? (c, CardNumber)
                : (null, string.Empty);
            item.Elsewhere = member is null ? null : Where(member, inUnit, by);
        }
    }

    /// <summary>Where the register records <paramref name="member"/>, seen from a unit whose cells <paramref name="inUnit"/> tells.</summary>
    public static RecordedElsewhere Where(Member member, Func<Guid, bool> inUnit, string key)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(inUnit);
        if (!member.IsMember)
        {
            return new RecordedElsewhere(member.Id, ElsewhereKind.Ended, member.CellId, member.Status, member.EndedOn, key);
        }

        if (member.HostCellId is { } host && inUnit(host) && !inUnit(member.CellId))
        {
            return new RecordedElsewhere(member.Id, ElsewhereKind.HostedHere, member.CellId, member.Status, member.HostedUntil, key);
        }

        var since = member.Cells.LastOrDefault(c => c.CellId == member.CellId && c.To is null)?.From;
        return new RecordedElsewhere(member.Id, ElsewhereKind.InCell, member.CellId, member.Status, since, key);
    }

    private static string? CitizenKey(RollPerson person) => Common.RegisterKeys.CitizenId(Comparisons.CleanCitizenId(person.CitizenId));

    private static string? CardKey(RollPerson person) => Common.RegisterKeys.Card(person.CardNumber);

    public static ReconciliationCounts CountsOf(IEnumerable<ReconciliationItem> items)
    {
        var counts = items.GroupBy(i => i.Category).ToDictionary(g => g.Key, g => g.Count());
        int Of(ItemCategory category) => counts.GetValueOrDefault(category);
        return new ReconciliationCounts(
            Of(ItemCategory.Matched),
            Of(ItemCategory.MatchedWithDifferences),
            Of(ItemCategory.OnRollOnly),
            Of(ItemCategory.InRegisterOnly),
            Of(ItemCategory.ToReview),
            Of(ItemCategory.SameMemberTwice));
    }

    /// <summary>
    /// The fields a staff member would correct: compared after the same clean-up matching does, so
    /// "Hoà"/"Hòa" or a citizen ID that lost its leading zero is not a difference. A field empty on
    /// the roll is not a difference either: rolls often leave out what the register has.
    /// </summary>
    public static IEnumerable<FieldDifference> Differences(RollPerson register, RollPerson roll)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(roll);
        if (!string.IsNullOrWhiteSpace(roll.FullName) && PersonName.Normalise(register.FullName) != PersonName.Normalise(roll.FullName))
        {
            yield return new FieldDifference(Name, register.FullName, roll.FullName);
        }

        if (roll.DateOfBirth is { } rollBirth && !(register.DateOfBirth is { } registerBirth && (rollBirth.Covers(registerBirth.Date) || registerBirth.Covers(rollBirth.Date))))
        {
            yield return new FieldDifference(DateOfBirth, Text(register.DateOfBirth?.Date), Text(rollBirth.Date));
        }

        if (roll.Sex is { } sex && sex != register.Sex)
        {
            yield return new FieldDifference(Sex, register.Sex?.ToString(), sex.ToString());
        }

        // A roll's ID with no digits, or whose digits Excel cut ("1.23457E+11"), is nothing to correct the register with.
        if (Comparisons.CleanCitizenId(roll.CitizenId).Length > 0 && Comparisons.CleanCitizenId(roll.CitizenId) != Comparisons.CleanCitizenId(register.CitizenId))
        {
            yield return new FieldDifference(CitizenId, register.CitizenId, roll.CitizenId);
        }

        if (!string.IsNullOrWhiteSpace(roll.CardNumber)
            && Comparisons.CleanCode(roll.CardNumber) != Comparisons.CleanCode(register.CardNumber)
            && !register.OldCardNumbers.Any(c => Comparisons.CleanCode(c) == Comparisons.CleanCode(roll.CardNumber)))
        {
            yield return new FieldDifference(CardNumber, register.CardNumber, roll.CardNumber);
        }

        if (!string.IsNullOrWhiteSpace(roll.Cell) && Comparisons.CleanCode(roll.Cell) != Comparisons.CleanCode(register.Cell))
        {
            yield return new FieldDifference(Cell, register.Cell, roll.Cell);
        }

        if (roll.AdmissionDate is { } admitted && register.AdmissionDate != admitted)
        {
            yield return new FieldDifference(AdmissionDate, Text(register.AdmissionDate), Text(admitted));
        }
    }

    /// <summary>
    /// Whether a member belongs to the register compared with a roll dated <paramref name="referenceDate"/>,
    /// and what explains their absence from it. The register is taken as it stood on that date, from
    /// the member's cell periods: a member in one of the unit's cells then is expected even after
    /// moving away or ending since; one who joined, arrived or ended before it is not.
    /// </summary>
    /// <remarks>
    /// The snapshot keeps the last transfer letter open or not, so whether the member is in transit
    /// comes from the caller, who reads the transfers.
    /// </remarks>
    public static (bool Expected, AbsenceExplanation Explanation) AsOf(Member member, LocalDate referenceDate, Func<Guid, bool> inUnit, bool inTransit)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(inUnit);
        if (CellOn(member, referenceDate) is not { } cell || !inUnit(cell))
        {
            return (false, AbsenceExplanation.None);
        }

        if (member.EndedOn is not null)
        {
            return (true, AbsenceExplanation.EndedAfterReferenceDate);
        }

        if (inTransit)
        {
            return (true, AbsenceExplanation.InTransit);
        }

        if (!inUnit(member.CellId))
        {
            return (true, AbsenceExplanation.MovedAfterReferenceDate);
        }

        if (member.HostCellId is { } host && !inUnit(host))
        {
            return (true, AbsenceExplanation.HostedElsewhere);
        }

        return (true, member.ExemptOn(referenceDate) ? AbsenceExplanation.Exempt : AbsenceExplanation.None);
    }

    /// <summary>
    /// The member's cell on a date from their cell periods; a record kept before cell periods were
    /// has only its current cell, which stands until the membership ended.
    /// </summary>
    public static Guid? CellOn(Member member, LocalDate date)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.Cells.Count > 0 ? member.CellOn(date)
            : member.EndedOn is { } ended && ended <= date ? null
            : member.CellId;
    }

    private static string? Text(LocalDate? date) =>
        date?.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture);
}
