using System.Globalization;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Web.Demo;

/// <summary>
/// Deterministic demo members for the demo city's cells: realistic Vietnamese names (Nguyễn for
/// about 38 %), citizen IDs consistent with date of birth and sex except for a few legacy errors,
/// admissions from 1955 on, the recent ones still probationary, cards, and a few exempt members.
/// Each member is the list of events their stream starts with.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394", Justification = "demo data, deterministic")]
public static class DemoMembers
{
    private static readonly (string Name, int Weight)[] FamilyNames =
    [
        ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Phan", 4), ("Vũ", 4), ("Đặng", 2),
        ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Đào", 1), ("Đinh", 1),
    ];

    private static readonly string[] MaleMiddle = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thành", "Xuân", "Đình", "Công", "Ngọc"];
    private static readonly string[] FemaleMiddle = ["Thị", "Thu", "Thanh", "Ngọc", "Minh", "Phương", "Hồng", "Thuý", "Kim", "Diệu"];
    private static readonly string[] MaleGiven = ["Hùng", "Dũng", "Nam", "Tuấn", "Hải", "Long", "Sơn", "Quang", "Thắng", "Bình", "Cường", "Đạt", "Hiếu", "Khoa", "Phong", "Trung", "An", "Huy", "Vinh", "Lâm"];
    private static readonly string[] FemaleGiven = ["Lan", "Hương", "Hoa", "Mai", "Hà", "Linh", "Trang", "Thảo", "Ngọc", "Huyền", "Nga", "Yến", "Dung", "Phượng", "Oanh", "Vân", "Anh", "Châu", "Ánh", "Loan"];

    /// <summary>The events of every demo member, <paramref name="perCell"/> on average in each cell.</summary>
    public static IEnumerable<(Guid MemberId, object[] Events)> Build(IReadOnlyList<OrganisationCreated> units, LocalDate today, int perCell, int seed = 1930)
    {
        var random = new Random(seed);
        var total = FamilyNames.Sum(f => f.Weight);
        var serial = 0;
        foreach (var cell in units.Where(u => u.Kind is OrganisationKind.Cell or OrganisationKind.GrassrootsCell))
        {
            var count = Math.Max(1, perCell + random.Next(-perCell / 2, perCell / 2 + 1));
            for (var i = 0; i < count; i++)
            {
                serial++;
                yield return Member(random, total, serial, cell, today);
            }
        }
    }

    private static (Guid, object[]) Member(Random random, int total, int serial, OrganisationCreated cell, LocalDate today)
    {
        var female = random.Next(100) < 42;
        var family = Pick(random, total);
        var name = string.Join(' ', family, (female ? FemaleMiddle : MaleMiddle)[random.Next(10)], (female ? FemaleGiven : MaleGiven)[random.Next(20)]);

        // Admission between 1955 and last month; born 18 to 40 years before it.
        var earliest = new LocalDate(Math.Max(1955, cell.EffectiveDate.Year), 1, 1);
        var span = Period.Between(earliest, today.PlusMonths(-1), PeriodUnits.Days).Days;
        // Weight towards recent decades, as the register is.
        var decided = earliest.PlusDays((int)(span * Math.Sqrt(random.NextDouble())));
        var birth = decided.PlusYears(-(18 + random.Next(23))).PlusDays(-random.Next(365));
        var ceremony = decided.PlusDays(random.Next(1, 30));
        if (ceremony > today)
        {
            ceremony = today;
        }

        var citizenId = string.Create(CultureInfo.InvariantCulture, $"001{((birth.Year / 100) - 19) * 2 + (female ? 1 : 0)}{birth.Year % 100:D2}{serial % 1_000_000:D6}");
        if (serial % 97 == 0)
        {
            // Legacy data: the birth year was typed wrong in one record in a hundred.
            citizenId = string.Concat(citizenId.AsSpan(0, 4), ((birth.Year + 1) % 100).ToString("D2", CultureInfo.InvariantCulture), citizenId.AsSpan(6));
        }

        var id = DemoCity.IdFor("member:" + serial.ToString(CultureInfo.InvariantCulture));
        var sex = female ? Sex.Female : Sex.Male;
        var profile = new MemberProfile(name, sex, birth, PlaceOfBirth: "Hà Nội", HomeTown: "Hà Nội", Ethnicity: "Kinh", CitizenId: citizenId, Phone: "09" + (10_000_000 + serial).ToString(CultureInfo.InvariantCulture));
        var events = new List<object>
        {
            new MemberAdmitted(id, profile, cell.OrganisationId, new Decision($"{serial % 900 + 100}-QĐ/ĐU", decided), ceremony),
        };
        var probationEnds = ceremony + MemberRules.Probation;
        if (probationEnds <= today.PlusMonths(-2))
        {
            var recognisedOn = probationEnds.PlusDays(random.Next(5, 40));
            events.Add(new MemberRecognisedOfficial(new Decision($"{serial % 900 + 100}-QĐ/ĐU", recognisedOn < today ? recognisedOn : today), probationEnds));
            events.Add(new PartyCardIssued(string.Create(CultureInfo.InvariantCulture, $"{(serial * 7919) % 100_000_000:D8}"), probationEnds.PlusMonths(3) < today ? probationEnds.PlusMonths(3) : today));
            if (birth.PlusYears(75) < today && random.Next(4) == 0)
            {
                events.Add(new MemberExempted(new Decision("01-NQ/CB", birth.PlusYears(75)), "Tuổi cao, sức yếu", birth.PlusYears(75)));
            }
        }

        return (id, events.ToArray());
    }

    private static string Pick(Random random, int total)
    {
        var roll = random.Next(total);
        foreach (var (name, weight) in FamilyNames)
        {
            if ((roll -= weight) < 0)
            {
                return name;
            }
        }

        return FamilyNames[0].Name;
    }
}
