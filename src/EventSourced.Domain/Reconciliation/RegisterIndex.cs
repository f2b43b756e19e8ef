using System.Globalization;
using EventSourced.Domain.Members;

namespace EventSourced.Domain.Reconciliation;

/// <summary>
/// The register indexed once by blocking keys, so that a roll person is compared only with members
/// sharing at least one key: the work grows with the roll, not with roll × register. Every key
/// holds more than the family name, which alone would put a third of the register (Nguyễn) in
/// one block. Keys are kept as 64-bit hashes in one sorted array; a collision only adds a candidate.
/// </summary>
public sealed class RegisterIndex
{
    private readonly ulong[] keys;
    private readonly int[] members;

    public RegisterIndex(IReadOnlyList<RollPerson> register, MatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        People = new PreparedPerson[register.Count];
        Parallel.For(0, register.Count, i => People[i] = new PreparedPerson(register[i]));
        Families = new FamilyNameFrequencies(People.Select(p => p.Name), settings.MinimumFamilyFrequency);

        var hashes = new List<ulong>(register.Count * 6);
        var owners = new List<int>(register.Count * 6);
        var buffer = new List<string>(8);
        for (var i = 0; i < People.Length; i++)
        {
            buffer.Clear();
            BlockingKeys.Of(People[i], [People[i].Name], buffer, rollSide: false);
            foreach (var key in buffer.Distinct())
            {
                hashes.Add(BlockingKeys.Hash(key));
                owners.Add(i);
            }
        }

        keys = [.. hashes];
        members = [.. owners];
        Array.Sort(keys, members);
    }

    public MatchSettings Settings { get; }

    public FamilyNameFrequencies Families { get; }

    internal PreparedPerson[] People { get; }

    /// <summary>The register members sharing a blocking key with the roll person, by their index in the register.</summary>
    public IReadOnlyList<int> CandidatesOf(RollPerson person) => CandidatesOf(Prepare(person));

    internal PreparedPerson Prepare(RollPerson person)
    {
        var prepared = new PreparedPerson(person);
        prepared.OtherReadings = Comparisons.ReadingsOf(prepared.Name, Families);
        return prepared;
    }

    internal List<int> CandidatesOf(PreparedPerson person)
    {
        var buffer = new List<string>(16);
        BlockingKeys.Of(person, [person.Name, .. person.OtherReadings], buffer, rollSide: true);
        var found = new List<int>();
        foreach (var key in buffer.Distinct())
        {
            var hash = BlockingKeys.Hash(key);
            var at = Array.BinarySearch(keys, hash);
            if (at < 0)
            {
                continue;
            }

            while (at > 0 && keys[at - 1] == hash)
            {
                at--;
            }

            for (; at < keys.Length && keys[at] == hash; at++)
            {
                found.Add(members[at]);
            }
        }

        found.Sort();
        var unique = 0;
        for (var i = 0; i < found.Count; i++)
        {
            if (i == 0 || found[i] != found[i - 1])
            {
                found[unique++] = found[i];
            }
        }

        found.RemoveRange(unique, found.Count - unique);
        return found;
    }
}

/// <summary>The blocking keys of a person; each names what it holds so that two kinds never meet.</summary>
internal static class BlockingKeys
{
    public static void Of(PreparedPerson person, IEnumerable<PersonName> readings, List<string> keys, bool rollSide)
    {
        if (person.CitizenId.Length > 0)
        {
            keys.Add("id:" + person.CitizenId);
        }

        foreach (var card in person.Cards)
        {
            keys.Add("card:" + card);
        }

        var birth = person.Person.DateOfBirth;
        foreach (var name in readings)
        {
            if (name.GivenFolded.Length == 0)
            {
                continue;
            }

            var family = name.FamilyFolded.Length > 0 ? name.FamilyFolded[..1] : "-";
            var middle = name.MiddleFolded.Length > 0 ? name.MiddleFolded[..1] : "-";
            var initials = family + name.GivenFolded[..1];
            if (birth is { } date)
            {
                var year = date.Year.ToString(CultureInfo.InvariantCulture);
                // Accents, tone placement, a typo past the first letters and a swapped or year-only
                // date all leave this one; the middle initial keeps Nguyễn Văn blocks small.
                keys.Add($"gy:{name.GivenFolded}|{family}{middle}|{year}");
                if (date.Precision == DatePrecision.Day)
                {
                    // A typo in the given name, or a middle name dropped or added.
                    keys.Add($"nd:{initials}|{date.Date:yyyyMMdd}");
                    if (rollSide && date.Date.Day <= 12 && date.Date.Day != date.Date.Month)
                    {
                        keys.Add($"nd:{initials}|{date.Year:0000}{date.Date.Day:00}{date.Date.Month:00}");
                    }

                    // A typo in the family name's first letter, or in the given name's.
                    keys.Add($"mgd:{name.MiddleFolded}|{name.GivenFolded}|{date.Date:yyyyMMdd}");
                    if (name.FamilyFolded.Length > 0)
                    {
                        keys.Add($"fmd:{name.FamilyFolded}|{name.MiddleFolded}|{date.Date:yyyyMMdd}");
                    }
                }
            }

            // A wrong or missing birth date, in the same cell.
            if (person.Cell.Length > 0)
            {
                keys.Add($"gc:{name.GivenFolded}|{family}|{person.Cell}");
            }
        }
    }

    /// <summary>FNV-1a over the key's characters: stable, cheap, and 64 bits make collisions rare.</summary>
    public static ulong Hash(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
