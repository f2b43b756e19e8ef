using System.Globalization;
using EventSourced.Domain.Members;
using F23.StringSimilarity;

namespace EventSourced.Domain.Reconciliation;

/// <summary>How one field of a pair compared, and the weight that level adds to the pair's score.</summary>
public sealed record FieldLevel(string Field, string Level, double Weight)
{
    public override string ToString() => $"{Field}={Level}";
}

/// <summary>A pair's score: the sum of its levels' weights; equal identity numbers decide alone.</summary>
public sealed record PairScore(double Score, bool SameIdentity, IReadOnlyList<FieldLevel> Levels)
{
    /// <summary>
    /// The levels as one text, "name=exact;dob=swapped;sex=agree": a name whose parts all agree
    /// the same way is one entry, otherwise each part is its own.
    /// </summary>
    public string Describe()
    {
        var parts = Levels.Where(l => l.Field is "family" or "middle" or "given").ToList();
        var collapsed = parts.Count > 0 && parts.Select(p => p.Level).Distinct().Count() == 1 && parts[0].Level is "exact" or "folded"
            && !Levels.Any(l => l.Field == "order");
        var shown = collapsed
            ? Levels.Where(l => l == parts[0] || !parts.Contains(l)).Select(l => l == parts[0] ? new FieldLevel("name", l.Level, parts.Sum(p => p.Weight)) : l)
            : Levels;
        return string.Join(';', shown);
    }
}

/// <summary>How often each family name is in the register, by its normalised and its folded form.</summary>
public sealed class FamilyNameFrequencies
{
    private readonly Dictionary<string, int> exact;
    private readonly Dictionary<string, int> folded;
    private readonly double total;
    private readonly double minimum;

    internal FamilyNameFrequencies(IEnumerable<PersonName> names, double minimum)
    {
        exact = new Dictionary<string, int>(StringComparer.Ordinal);
        folded = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (name.Family.Length == 0)
            {
                continue;
            }

            exact[name.Family] = exact.GetValueOrDefault(name.Family) + 1;
            folded[name.FamilyFolded] = folded.GetValueOrDefault(name.FamilyFolded) + 1;
            total++;
        }

        this.minimum = minimum;
    }

    public static FamilyNameFrequencies Of(IEnumerable<string> fullNames, MatchSettings settings) =>
        new(fullNames.Select(PersonName.Parse), settings.MinimumFamilyFrequency);

    public double Exact(string family) => Share(exact.GetValueOrDefault(PersonName.Normalise(family)));

    public double Folded(string family) => Share(folded.GetValueOrDefault(PersonName.Fold(family)));

    internal double ExactNormalised(string family) => Share(exact.GetValueOrDefault(family));

    internal double FoldedNormalised(string family) => Share(folded.GetValueOrDefault(family));

    /// <summary>True when the folded word is a family name some members of the register have.</summary>
    internal bool IsFamilyName(string folded) => this.folded.ContainsKey(folded);

    private double Share(int count) => total == 0 ? minimum : Math.Max(count / total, minimum);
}

/// <summary>A person ready to compare: the name parsed once, identity numbers and codes cleaned.</summary>
internal sealed class PreparedPerson
{
    public PreparedPerson(RollPerson person)
    {
        Person = person;
        Name = PersonName.Parse(person.FullName);
        CitizenId = Comparisons.CleanCitizenId(person.CitizenId);
        Cards = [.. new[] { person.CardNumber }.Concat(person.OldCardNumbers).Select(Comparisons.CleanCode).Where(c => c.Length > 0).Distinct()];
        Cell = Comparisons.CleanCode(person.Cell);
    }

    public RollPerson Person { get; }

    public PersonName Name { get; }

    public string CitizenId { get; }

    public string[] Cards { get; }

    public string Cell { get; }

    /// <summary>Set on the roll side: the given-first readings of the name, when its last word is a family name.</summary>
    public PersonName[] OtherReadings { get; set; } = [];
}

/// <summary>The comparison levels of a register person and a roll person, field by field.</summary>
public static class Comparisons
{
    // Thread-safe: it keeps no state between calls.
    private static readonly JaroWinkler Similarity = new();

    public static PairScore Compare(RollPerson register, RollPerson roll, MatchSettings settings, FamilyNameFrequencies families)
    {
        var registerSide = new PreparedPerson(register);
        var rollSide = new PreparedPerson(roll);
        rollSide.OtherReadings = ReadingsOf(rollSide.Name, families);
        return Compare(registerSide, rollSide, settings, families);
    }

    internal static PersonName[] ReadingsOf(PersonName name, FamilyNameFrequencies families) =>
        name.Tokens.Count >= 2 && families.IsFamilyName(name.FoldedTokens[^1]) ? [.. name.GivenFirstReadings()] : [];

    internal static PairScore Compare(PreparedPerson register, PreparedPerson roll, MatchSettings settings, FamilyNameFrequencies families)
    {
        var levels = new List<FieldLevel>(9);
        var same = SameIdentity(register, roll, levels);
        var name = Names(register.Name, roll.Name, settings, families);
        foreach (var reading in roll.OtherReadings)
        {
            var reversed = Names(register.Name, reading, settings, families);
            reversed.Add(new FieldLevel("order", "reversed", settings.NameReversed.Weight));
            if (reversed.Sum(l => l.Weight) > name.Sum(l => l.Weight))
            {
                name = reversed;
            }
        }

        levels.AddRange(name);
        if (BirthDates(register.Person.DateOfBirth, roll.Person.DateOfBirth, settings) is { } birth)
        {
            levels.Add(birth);
        }

        if (register.Person.Sex is { } a && roll.Person.Sex is { } b)
        {
            levels.Add(a == b ? new("sex", "agree", settings.SexAgree.Weight) : new("sex", "disagree", settings.SexDisagree.Weight));
        }

        if (register.Cell.Length > 0 && roll.Cell.Length > 0)
        {
            levels.Add(register.Cell == roll.Cell ? new("cell", "agree", settings.CellAgree.Weight) : new("cell", "disagree", settings.CellDisagree.Weight));
        }

        if (register.Person.AdmissionDate is { } x && roll.Person.AdmissionDate is { } y)
        {
            levels.Add(x == y ? new("admission", "agree", settings.AdmissionAgree.Weight) : new("admission", "disagree", settings.AdmissionDisagree.Weight));
        }

        return new PairScore(levels.Sum(l => l.Weight), same, levels);
    }

    private static bool SameIdentity(PreparedPerson register, PreparedPerson roll, List<FieldLevel> levels)
    {
        if (register.CitizenId.Length > 0 && register.CitizenId == roll.CitizenId)
        {
            levels.Add(new FieldLevel("id", "equal", 0));
            return true;
        }

        if (register.Cards.Intersect(roll.Cards).Any())
        {
            levels.Add(new FieldLevel("card", "equal", 0));
            return true;
        }

        return false;
    }

    internal static List<FieldLevel> Names(PersonName register, PersonName roll, MatchSettings settings, FamilyNameFrequencies families)
    {
        var levels = new List<FieldLevel>(4);
        if (register.Family.Length > 0 && roll.Family.Length > 0)
        {
            levels.Add(register.Family == roll.Family
                ? new("family", "exact", Math.Log2(settings.FamilyExactM / families.ExactNormalised(register.Family)))
                : register.FamilyFolded == roll.FamilyFolded
                    ? new("family", "folded", Math.Log2(settings.FamilyFoldedM / families.FoldedNormalised(register.FamilyFolded)))
                    : IsTypo(register.FamilyFolded, roll.FamilyFolded, settings)
                        ? new("family", "typo", settings.FamilyTypo.Weight)
                        : new("family", "disagree", settings.FamilyDisagree.Weight));
        }

        if (register.Middle.Length > 0 || roll.Middle.Length > 0)
        {
            levels.Add(register.Middle == roll.Middle ? new("middle", "exact", settings.MiddleExact.Weight)
                : register.MiddleFolded == roll.MiddleFolded ? new("middle", "folded", settings.MiddleFolded.Weight)
                : OneHoldsTheOther(register.MiddleFolded, roll.MiddleFolded) ? new("middle", "missing", settings.MiddleMissing.Weight)
                : IsTypo(register.MiddleFolded, roll.MiddleFolded, settings) ? new("middle", "typo", settings.MiddleTypo.Weight)
                : new("middle", "disagree", settings.MiddleDisagree.Weight));
        }

        if (register.Given.Length > 0 && roll.Given.Length > 0)
        {
            levels.Add(register.Given == roll.Given ? new("given", "exact", settings.GivenExact.Weight)
                : register.GivenFolded == roll.GivenFolded ? new("given", "folded", settings.GivenFolded.Weight)
                : IsTypo(register.GivenFolded, roll.GivenFolded, settings) ? new("given", "typo", settings.GivenTypo.Weight)
                : new("given", "disagree", settings.GivenDisagree.Weight));
        }

        return levels;
    }

    // "thi ngoc" and "thi", or "" and "van": one side left a middle name out or added one.
    private static bool OneHoldsTheOther(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return true;
        }

        var (shorter, longer) = a.Length < b.Length ? (a.Split(' '), b.Split(' ')) : (b.Split(' '), a.Split(' '));
        return shorter.Length < longer.Length && shorter.All(longer.Contains);
    }

    private static bool IsTypo(string a, string b, MatchSettings settings) =>
        a.Length > 0 && b.Length > 0 && Similarity.Similarity(a, b) >= settings.TypoSimilarity;

    public static FieldLevel? BirthDates(RollDate? register, RollDate? roll, MatchSettings settings)
    {
        if (register is not { } a || roll is not { } b)
        {
            return null;
        }

        if (a.Precision != DatePrecision.Day || b.Precision != DatePrecision.Day)
        {
            // A year-only (or month-and-year) date agrees with any day it covers, and no more than that.
            return a.Covers(b.Date) || b.Covers(a.Date) ? new("dob", "year", settings.BirthYear.Weight) : new("dob", "disagree", settings.BirthDisagree.Weight);
        }

        var (x, y) = (a.Date, b.Date);
        if (x == y)
        {
            return new("dob", "exact", settings.BirthExact.Weight);
        }

        if (x.Year == y.Year && x.Day == y.Month && x.Month == y.Day)
        {
            return new("dob", "swapped", settings.BirthSwapped.Weight);
        }

        var first = x.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var second = y.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var differing = first.Zip(second).Count(p => p.First != p.Second);
        return differing == 1 ? new("dob", "one-digit", settings.BirthOneDigit.Weight) : new("dob", "disagree", settings.BirthDisagree.Weight);
    }

    /// <summary>
    /// Digits only; a 12-digit citizen ID or a 9-digit identity card that a spreadsheet stored as a
    /// number gets its leading zeros back. Province codes start at 001, so a citizen ID loses two
    /// zeros at most and never looks like an identity card. A number Excel wrote in scientific notation
    /// ("1.23457E+11") lost its last digits: it is no ID (its digits would make another person's).
    /// </summary>
    public static string CleanCitizenId(string? id)
    {
        if (Members.CitizenId.LostDigits(id))
        {
            return string.Empty;
        }

        var digits = new string((id ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        return digits.Length switch
        {
            10 or 11 => digits.PadLeft(12, '0'),
            8 => digits.PadLeft(9, '0'),
            _ => digits,
        };
    }

    public static string CleanCode(string? code) =>
        new string((code ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
}
