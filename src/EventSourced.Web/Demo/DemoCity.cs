using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Web.Demo;

/// <summary>How much of the demo city to generate.</summary>
public enum DemoSize
{
    /// <summary>The city, its 50 committees and a handful of units under each: quick to seed and to browse.</summary>
    Small,

    /// <summary>The whole city at the scale of the design estimates (about 2,600 grassroots organisations, 15,000 cells).</summary>
    City,
}

/// <summary>
/// A pure, deterministic generator of a Hanoi-shaped organisation tree for demos and benchmarks:
/// the city committee, its 50 directly subordinate committees (the 30 districts and towns as they
/// stood before the 2025 reform, and 20 sector committees), then grassroots organisations,
/// sub-committees and cells. The same size and seed always give the same events in the same order,
/// parents before their children, so a seed can be replayed and compared.
/// </summary>
[SuppressMessage("Security", "CA5394", Justification = "demo data, deterministic")]
[SuppressMessage("Security", "CA5351", Justification = "name-based ids, not security")]
public static class DemoCity
{
    /// <summary>The code of the city committee, the root of the demo tree.</summary>
    public const string CityCode = "HN";

    private const string Quan = "quận";
    private const string Huyen = "huyện";
    private const string ThiXa = "thị xã";

    private static readonly LocalDate CityFounded = new(1930, 3, 3);

    // No demo unit is founded after this date, so every unit exists on any "today" a demo picks.
    private static readonly LocalDate LatestFounding = new(2020, 12, 31);

    /// <summary>Builds the demo tree as creation events, parents always before their children.</summary>
    public static IReadOnlyList<OrganisationCreated> Build(DemoSize size, int seed = 2023) =>
        new Generator(size == DemoSize.City, new Random(seed)).Build();

    /// <summary>
    /// The deterministic id of a unit code: a name-based (version 3) GUID of "demo-org:" + code. Codes
    /// are compared upper-case by the organisation rules, so the code is cleaned the same way here.
    /// </summary>
    public static Guid IdFor(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var hash = MD5.HashData(Encoding.UTF8.GetBytes("demo-org:" + code.Trim().ToUpperInvariant()));

        // RFC 4122: the high nibble of byte 6 is the version (3, name-based with MD5) and the two
        // high bits of byte 8 are the variant (10). Read big-endian so the string form shows them.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(int value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The walk that emits the events; one instance per build so that the random stream is consumed in one fixed order.</summary>
    private sealed class Generator(bool city, Random random)
    {
        private readonly List<OrganisationCreated> _events = [];
        private readonly HashSet<string> _codes = new(StringComparer.Ordinal);
        private readonly Dictionary<Guid, HashSet<string>> _childNames = [];

        public List<OrganisationCreated> Build()
        {
            var root = Add(CityCode, "Đảng bộ Thành phố Hà Nội", OrganisationKind.CityCommittee, null, OrganisationFlags.None, CityFounded);

            // All 50 committees first: the list then reads like the city's own register, and the
            // subtrees below can be emitted committee by committee.
            var districts = new List<(OrganisationCreated Unit, DistrictSpec Spec)>();
            foreach (var spec in Districts)
            {
                var name = $"Đảng bộ {spec.Level} {spec.Name}";
                districts.Add((Add($"{CityCode}.{spec.Code}", name, OrganisationKind.DirectlySubordinateCommittee, root, PilotFlags(spec.Pilot), spec.Founded), spec));
            }

            var sectors = new List<(OrganisationCreated Unit, SectorSpec Spec)>();
            foreach (var spec in Sectors)
            {
                sectors.Add((Add($"{CityCode}.{spec.Code}", spec.Name, OrganisationKind.DirectlySubordinateCommittee, root, PilotFlags(spec.Pilot), spec.Founded), spec));
            }

            for (var i = 0; i < districts.Count; i++)
            {
                BuildDistrict(districts[i].Unit, districts[i].Spec, i);
            }

            foreach (var (unit, spec) in sectors)
            {
                AddGrassroots(unit, SectorUnits(spec), subCommitteeOwed: !city);
            }

            return _events;
        }

        private static OrganisationFlags PilotFlags(bool pilot) => pilot ? new OrganisationFlags(true, false, false) : OrganisationFlags.None;

        private void BuildDistrict(OrganisationCreated committee, DistrictSpec district, int index)
        {
            var communes = CommuneUnits(district);
            foreach (var commune in city ? communes : SmallSelection(communes))
            {
                var unit = Add(
                    $"{committee.Code}.{commune.Code}",
                    $"Đảng bộ {commune.Level} {commune.Name}",
                    OrganisationKind.GrassrootsCommittee,
                    committee,
                    new OrganisationFlags(false, true, false),
                    // Ward and commune committees follow the district's own founding closely.
                    DateWithin(committee.EffectiveDate, 730));
                AddCommuneCells(unit, commune);
            }

            AddGrassroots(committee, DistrictUnits(district, communes, index), subCommitteeOwed: false);
        }

        /// <summary>Every ward, town and commune of the district, in register order, with its code; communes beyond the known names are made up.</summary>
        private List<CommuneUnit> CommuneUnits(DistrictSpec district)
        {
            var units = new List<CommuneUnit>();
            for (var i = 0; i < district.Wards.Length; i++)
            {
                units.Add(new CommuneUnit("phường", "P" + Number(i + 1, "D2"), district.Wards[i], Urban: true));
            }

            for (var i = 0; i < district.Towns.Length; i++)
            {
                units.Add(new CommuneUnit("thị trấn", "TT" + Number(i + 1, "D2"), district.Towns[i], Urban: true));
            }

            var taken = new HashSet<string>(district.Communes, StringComparer.Ordinal);
            for (var i = 0; i < district.CommuneCount; i++)
            {
                var name = i < district.Communes.Length ? district.Communes[i] : SyllableName(taken);
                units.Add(new CommuneUnit("xã", "X" + Number(i + 1, "D2"), name, Urban: false));
            }

            return units;
        }

        /// <summary>For the small demo: one ward or town and one commune where the district has both, so both shapes are on show.</summary>
        private static List<CommuneUnit> SmallSelection(List<CommuneUnit> communes)
        {
            var picked = new List<CommuneUnit>();
            if (communes.FirstOrDefault(c => c.Urban) is { } urban)
            {
                picked.Add(urban);
            }

            if (communes.FirstOrDefault(c => !c.Urban) is { } rural)
            {
                picked.Add(rural);
            }

            foreach (var commune in communes)
            {
                if (picked.Count >= 2)
                {
                    break;
                }

                if (!picked.Contains(commune))
                {
                    picked.Add(commune);
                }
            }

            return picked;
        }

        /// <summary>Residential cells (street groups in wards, villages in communes) followed by the cells of the commune's own institutions.</summary>
        private void AddCommuneCells(OrganisationCreated unit, CommuneUnit commune)
        {
            var total = city ? (commune.Urban ? random.Next(12, 27) : random.Next(10, 24)) : random.Next(3, 5);
            var institutionCount = city ? random.Next(2, 6) : random.Next(0, 2);
            var residentialCount = total - institutionCount;

            var names = new List<string>(total);
            if (commune.Urban)
            {
                var style = random.Next(2) == 0 ? "Tổ dân phố số " : "khu dân cư số ";
                for (var k = 1; k <= residentialCount; k++)
                {
                    names.Add(style + Number(k));
                }
            }
            else
            {
                // Most communes call their villages "thôn", some "xóm"; the names are made up.
                var word = random.NextDouble() < 0.15 ? "xóm " : "thôn ";
                var taken = new HashSet<string>(StringComparer.Ordinal);
                for (var k = 1; k <= residentialCount; k++)
                {
                    names.Add(word + VillageName(taken));
                }
            }

            List<string> institutions =
            [
                "Cơ quan",
                $"Quân sự {commune.Level}",
                $"Trường Mầm non {commune.Name}",
                $"Trường Tiểu học {commune.Name}",
                $"Trường THCS {commune.Name}",
                $"Trạm Y tế {commune.Level}",
            ];
            if (!commune.Urban)
            {
                institutions.Add($"Hợp tác xã Nông nghiệp {commune.Name}");
            }

            names.AddRange(Pick(institutions, institutionCount, null));
            AddCells(unit, names, 3650);
        }

        /// <summary>The district's agencies, schools, enterprises and cooperatives that are grassroots organisations of their own.</summary>
        private List<(Flavour Flavour, string Name)> DistrictUnits(DistrictSpec district, List<CommuneUnit> communes, int index)
        {
            var place = $"{district.Level} {district.Name}";
            var councilOffice = district.Level switch
            {
                Quan => "Quận ủy",
                Huyen => "Huyện ủy",
                _ => "Thị ủy",
            };
            List<(Flavour, string)> agencies =
            [
                (Flavour.Agency, $"Cơ quan Ủy ban nhân dân {place}"),
                (Flavour.Agency, $"Cơ quan {councilOffice} {district.Name}"),
                (Flavour.Agency, $"Cơ quan Ủy ban Mặt trận Tổ quốc và các đoàn thể {place}"),
                (Flavour.Agency, $"Viện Kiểm sát nhân dân {place}"),
                (Flavour.Agency, $"Tòa án nhân dân {place}"),
                (Flavour.Agency, $"Chi cục Thi hành án dân sự {place}"),
                (Flavour.Agency, $"Chi cục Thuế {place}"),
                (Flavour.Agency, $"Kho bạc Nhà nước {district.Name}"),
                (Flavour.Agency, $"Bảo hiểm xã hội {place}"),
                (Flavour.Agency, $"Ban Quản lý dự án đầu tư xây dựng {place}"),
                (Flavour.Agency, $"Trung tâm Văn hóa - Thông tin và Thể thao {place}"),
                (Flavour.Agency, $"Phòng Giao dịch Ngân hàng Chính sách xã hội {place}"),
                (Flavour.Agency, $"Đội Quản lý trật tự xây dựng đô thị {place}"),
                (Flavour.School, $"Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên {place}"),
            ];

            if (!city)
            {
                // One unit per district in the small demo: alternately the district's people's
                // committee office (a grassroots committee) and a school (usually a grassroots cell).
                return index % 2 == 1 ? [agencies[0]] : [(Flavour.School, SchoolName(communes))];
            }

            var count = Jitter(district.OtherUnits);
            var units = agencies.Take(count).ToList();
            var taken = new HashSet<string>(units.Select(u => u.Item2), StringComparer.Ordinal);
            var rural = district.CommuneCount > 0;
            while (units.Count < count)
            {
                var roll = random.NextDouble();
                (Flavour, string) unit = roll < 0.6
                    ? (Flavour.School, SchoolName(communes))
                    : rural && roll >= 0.85
                        ? (Flavour.Cooperative, $"Hợp tác xã {Any(CooperativeKinds)} {Any(communes.Where(c => !c.Urban).ToList()).Name}")
                        : (Flavour.Enterprise, EnterpriseName(district.Name));
                if (taken.Add(unit.Item2))
                {
                    units.Add(unit);
                }
            }

            return units;
        }

        /// <summary>A school named after one of the district's wards or communes, or after a historical figure as many are.</summary>
        private string SchoolName(List<CommuneUnit> communes)
        {
            var level = Any(SchoolLevels);
            var namesake = random.NextDouble() < 0.6 ? Any(communes).Name : Any(SchoolNamesakes);
            return $"{level} {namesake}";
        }

        private string EnterpriseName(string localBrand)
        {
            var brand = random.NextDouble() < 0.15 ? localBrand : Any(EnterpriseBrands);
            return $"{Any(EnterpriseForms)} {Any(EnterpriseFields)} {brand}";
        }

        /// <summary>The sector committee's units: its named units first (the small demo takes only those), then generated ones, then numbered ones.</summary>
        private List<(Flavour Flavour, string Name)> SectorUnits(SectorSpec sector)
        {
            var count = city ? Jitter(sector.Units) : 3;
            var names = new List<string>(count);
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in sector.Pool.Concat(city ? Shuffled(ExtraUnits(sector.Extra)) : []))
            {
                if (names.Count == count)
                {
                    break;
                }

                if (taken.Add(name))
                {
                    names.Add(name);
                }
            }

            for (var k = 1; names.Count < count; k++)
            {
                var name = $"{sector.FallbackBase} số {Number(k)}";
                if (taken.Add(name))
                {
                    names.Add(name);
                }
            }

            return names.Select(n => (sector.Flavour, n)).ToList();
        }

        private static List<string> ExtraUnits(Extra extra) => extra switch
        {
            Extra.CityAgencies =>
            [
                .. CentreFields.Select(f => $"Trung tâm {f} Hà Nội"),
                .. BranchFields.Select(f => $"Chi cục {f} Hà Nội"),
                .. ProjectFields.Select(f => $"Ban Quản lý dự án {f} Thành phố"),
                .. Districts.Select(d => $"Chi nhánh Văn phòng đăng ký đất đai {d.Level} {d.Name}"),
                .. Enumerable.Range(1, 30).Select(k => $"Đội Quản lý thị trường số {Number(k)}"),
            ],
            Extra.Enterprises =>
            [
                .. (from form in EnterpriseForms
                    from field in EnterpriseFields
                    from brand in EnterpriseBrands
                    select $"{form} {field} {brand}"),
            ],
            Extra.DistrictPolice => [.. Districts.Select(d => $"Công an {d.Level} {d.Name}")],
            Extra.DistrictMilitary => [.. Districts.Select(d => $"Ban Chỉ huy Quân sự {d.Level} {d.Name}")],
            Extra.DistrictHealth => [.. Districts.Select(d => $"Trung tâm Y tế {d.Level} {d.Name}")],
            Extra.DistrictPower => [.. Districts.Select(d => $"Công ty Điện lực {d.Name}")],
            Extra.HighSchools => [.. HighSchools.Select(s => $"Trường THPT {s}")],
            _ => [],
        };

        /// <summary>
        /// Emits the grassroots organisations of one committee: a grassroots committee with cells
        /// (and sometimes sub-committees) or a single grassroots cell, as is usual for the kind of unit.
        /// </summary>
        private void AddGrassroots(OrganisationCreated committee, List<(Flavour Flavour, string Name)> units, bool subCommitteeOwed)
        {
            // Codes stay sortable within a committee: three digits once a committee has 100 units.
            var format = units.Count >= 100 ? "D3" : "D2";
            var committees = 0;
            var cells = 0;
            foreach (var (flavour, name) in units)
            {
                var info = Info(flavour);
                var isCommittee = random.NextDouble() < info.CommitteeShare;
                var flags = random.NextDouble() < 0.06 ? new OrganisationFlags(false, false, true) : OrganisationFlags.None;
                var date = DateWithin(committee.EffectiveDate, int.MaxValue);
                if (!isCommittee)
                {
                    cells++;
                    Add($"{committee.Code}.CB{Number(cells, format)}", $"Chi bộ {name}", OrganisationKind.GrassrootsCell, committee, flags, date);
                    continue;
                }

                committees++;
                var unit = Add($"{committee.Code}.DB{Number(committees, format)}", $"Đảng bộ {name}", OrganisationKind.GrassrootsCommittee, committee, flags, date);
                int subCommittees;
                if (city)
                {
                    subCommittees = info.Subs.Length > 0 && random.NextDouble() < 0.15 ? random.Next(2, Math.Min(3, info.Subs.Length) + 1) : 0;
                }
                else
                {
                    // The small demo shows one sub-committee per sector committee, on its first
                    // unit large enough to have one, so the deepest shape is always browsable.
                    subCommittees = subCommitteeOwed && info.Subs.Length > 0 ? 1 : 0;
                    subCommitteeOwed &= subCommittees == 0;
                }

                AddCommitteeCells(unit, info, subCommittees);
            }
        }

        private void AddCommitteeCells(OrganisationCreated unit, FlavourInfo info, int subCommittees)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            var subNumber = 0;
            foreach (var sub in Shuffled(info.Subs).Take(subCommittees))
            {
                subNumber++;
                var subUnit = Add(
                    $"{unit.Code}.BP{Number(subNumber)}",
                    $"Đảng bộ bộ phận {sub.Name}",
                    OrganisationKind.SubCommittee,
                    unit,
                    OrganisationFlags.None,
                    DateWithin(unit.EffectiveDate, int.MaxValue));
                AddCells(subUnit, Pick(sub.Cells, city ? random.Next(2, 5) : 2, null), int.MaxValue);

                // A department inside a sub-committee is not also a cell directly under the unit.
                used.UnionWith(sub.Cells);
            }

            var direct = subCommittees > 0
                ? (city ? random.Next(1, 4) : random.Next(1, 3))
                : (city ? random.Next(3, 9) : random.Next(2, 5));
            AddCells(unit, Pick(info.Cells, direct, used), int.MaxValue);
        }

        private void AddCells(OrganisationCreated parent, List<string> names, int maxDaysAfterParent)
        {
            for (var k = 0; k < names.Count; k++)
            {
                Add(
                    $"{parent.Code}.C{Number(k + 1, "D2")}",
                    $"Chi bộ {names[k]}",
                    OrganisationKind.Cell,
                    parent,
                    OrganisationFlags.None,
                    DateWithin(parent.EffectiveDate, maxDaysAfterParent));
            }
        }

        private OrganisationCreated Add(string code, string name, OrganisationKind kind, OrganisationCreated? parent, OrganisationFlags flags, LocalDate date)
        {
            if (!_codes.Add(code))
            {
                throw new InvalidOperationException($"Demo code {code} generated twice.");
            }

            // Names are stored as the organisation rules store them (NFC, single spaces); a name
            // repeated under one parent gets a number, so siblings stay distinguishable.
            var parentId = parent?.OrganisationId ?? Guid.Empty;
            if (!_childNames.TryGetValue(parentId, out var siblings))
            {
                siblings = new HashSet<string>(StringComparer.Ordinal);
                _childNames[parentId] = siblings;
            }

            var clean = VietnameseText.Normalise(name);
            var unique = clean;
            for (var k = 2; !siblings.Add(unique); k++)
            {
                unique = $"{clean} ({Number(k)})";
            }

            var created = new OrganisationCreated(IdFor(code), code, unique, kind, parent?.OrganisationId, flags, date);
            _events.Add(created);
            return created;
        }

        /// <summary>A founding date on or after the parent's (so the parent exists on it), at most <paramref name="maxDays"/> later, never after 2020.</summary>
        private LocalDate DateWithin(LocalDate parentDate, int maxDays)
        {
            var span = Period.Between(parentDate, LatestFounding, PeriodUnits.Days).Days;
            // span is at most some 33,000 days, so the bound below cannot overflow even for int.MaxValue.
            return span <= 0 ? parentDate : parentDate.PlusDays(random.Next(0, Math.Min(span, maxDays) + 1));
        }

        /// <summary>Small variation of the larger committees in the full city, so seeds differ without leaving the estimates.</summary>
        private int Jitter(int count) => count >= 20 ? count + random.Next(-2, 3) : count;

        private T Any<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        private List<T> Shuffled<T>(IEnumerable<T> items)
        {
            var list = items.ToList();
            for (var i = list.Count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (list[i], list[j]) = (list[j], list[i]);
            }

            return list;
        }

        /// <summary><paramref name="count"/> distinct names from the pool in random order, then "số 1", "số 2"… when the pool runs out.</summary>
        private List<string> Pick(IReadOnlyList<string> pool, int count, HashSet<string>? exclude)
        {
            var picked = new List<string>(count);
            foreach (var name in Shuffled(pool))
            {
                if (picked.Count == count)
                {
                    break;
                }

                if (exclude is null || !exclude.Contains(name))
                {
                    picked.Add(name);
                }
            }

            for (var k = 1; picked.Count < count; k++)
            {
                picked.Add("số " + Number(k));
            }

            return picked;
        }

        /// <summary>A two-syllable Sino-Vietnamese place name ("Tân Hội", "Liên Hà"), unused in <paramref name="taken"/>.</summary>
        private string SyllableName(HashSet<string> taken)
        {
            while (true)
            {
                var first = Any(FirstSyllables);
                var second = Any(SecondSyllables);
                var name = $"{first} {second}";
                if (first != second && taken.Add(name))
                {
                    return name;
                }
            }
        }

        /// <summary>A village name: sometimes a plain direction ("thôn Đông", "thôn Đoài"), mostly a place name.</summary>
        private string VillageName(HashSet<string> taken)
        {
            if (random.NextDouble() < 0.2)
            {
                var direction = Any(Directions);
                if (taken.Add(direction))
                {
                    return direction;
                }
            }

            return SyllableName(taken);
        }
    }

    private enum Flavour
    {
        Agency,
        School,
        Health,
        Enterprise,
        Cooperative,
        Police,
        Military,
        College,
        Media,
    }

    /// <summary>Which generated names a sector committee draws on once its named units are used.</summary>
    private enum Extra
    {
        None,
        CityAgencies,
        Enterprises,
        DistrictPolice,
        DistrictMilitary,
        DistrictHealth,
        DistrictPower,
        HighSchools,
    }

    private sealed record DistrictSpec(
        string Code,
        string Level,
        string Name,
        LocalDate Founded,
        bool Pilot,
        int OtherUnits,
        string[] Wards,
        string[] Towns,
        int CommuneCount,
        string[] Communes);

    private sealed record SectorSpec(
        string Code,
        string Name,
        LocalDate Founded,
        bool Pilot,
        int Units,
        Flavour Flavour,
        Extra Extra,
        string FallbackBase,
        string[] Pool);

    private sealed record CommuneUnit(string Level, string Code, string Name, bool Urban);

    private sealed record SubUnit(string Name, string[] Cells);

    /// <summary>How a kind of unit is organised: how often it is a grassroots committee rather than a grassroots cell, its cells, and its possible sub-committees.</summary>
    private sealed record FlavourInfo(double CommitteeShare, string[] Cells, SubUnit[] Subs);

    private static FlavourInfo Info(Flavour flavour) => flavour switch
    {
        Flavour.Agency => AgencyInfo,
        Flavour.School => SchoolInfo,
        Flavour.Health => HealthInfo,
        Flavour.Enterprise => EnterpriseInfo,
        Flavour.Cooperative => CooperativeInfo,
        Flavour.Police => PoliceInfo,
        Flavour.Military => MilitaryInfo,
        Flavour.College => CollegeInfo,
        _ => MediaInfo,
    };

    private static readonly FlavourInfo AgencyInfo = new(
        0.5,
        [
            "Văn phòng", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch - Tài chính", "Phòng Tổng hợp", "Thanh tra",
            "Phòng Pháp chế", "Phòng Quản lý đô thị", "Phòng Nội vụ", "Phòng Tư pháp", "Phòng Kinh tế",
            "Phòng Tài nguyên và Môi trường", "Phòng Văn hóa và Thông tin", "Phòng Lao động - Thương binh và Xã hội",
            "Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 2", "Phòng Nghiệp vụ 3", "Phòng Kế toán", "Phòng Hành chính - Quản trị",
        ],
        [
            new("Khối Văn phòng", ["Văn phòng", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch - Tài chính", "Phòng Hành chính - Quản trị"]),
            new("Khối Nghiệp vụ", ["Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 2", "Phòng Nghiệp vụ 3", "Thanh tra"]),
            new("Khối Đơn vị sự nghiệp", ["Trung tâm Thông tin", "Trung tâm Dịch vụ", "Trung tâm Đào tạo", "Trung tâm Lưu trữ"]),
        ]);

    private static readonly FlavourInfo SchoolInfo = new(
        0.15,
        [
            "Tổ Toán - Tin", "Tổ Ngữ văn", "Tổ Ngoại ngữ", "Tổ Khoa học tự nhiên", "Tổ Khoa học xã hội",
            "Tổ Thể dục - Quốc phòng", "Tổ Nghệ thuật", "Tổ Văn phòng",
        ],
        []);

    private static readonly FlavourInfo HealthInfo = new(
        0.75,
        [
            "Khoa Khám bệnh", "Khoa Nội tổng hợp", "Khoa Ngoại tổng hợp", "Khoa Sản", "Khoa Nhi", "Khoa Cấp cứu",
            "Khoa Hồi sức tích cực", "Khoa Xét nghiệm", "Khoa Chẩn đoán hình ảnh", "Khoa Dược", "Khoa Truyền nhiễm",
            "Khoa Y học cổ truyền", "Khoa Phục hồi chức năng", "Khoa Gây mê hồi sức", "Khoa Răng Hàm Mặt",
            "Khoa Tai Mũi Họng", "Khoa Mắt", "Phòng Kế hoạch tổng hợp", "Phòng Điều dưỡng", "Phòng Tổ chức cán bộ",
            "Phòng Tài chính kế toán",
        ],
        [
            new("Khoa Nội", ["Khoa Nội tim mạch", "Khoa Nội tiêu hóa", "Khoa Nội thần kinh", "Khoa Nội hô hấp", "Khoa Nội tổng hợp"]),
            new("Khoa Ngoại", ["Khoa Ngoại tổng hợp", "Khoa Chấn thương chỉnh hình", "Khoa Phẫu thuật thần kinh", "Khoa Tiết niệu", "Khoa Gây mê hồi sức"]),
            new("Khối Cận lâm sàng", ["Khoa Xét nghiệm", "Khoa Chẩn đoán hình ảnh", "Khoa Dược", "Khoa Giải phẫu bệnh"]),
            new("Khối Hành chính", ["Phòng Tổ chức cán bộ", "Phòng Tài chính kế toán", "Phòng Hành chính quản trị", "Phòng Kế hoạch tổng hợp"]),
        ]);

    private static readonly FlavourInfo EnterpriseInfo = new(
        0.5,
        [
            "Phòng Kế toán", "Phòng Kinh doanh", "Phòng Kỹ thuật", "Phòng Tổ chức - Hành chính", "Phòng Kế hoạch - Đầu tư",
            "Xí nghiệp số 1", "Xí nghiệp số 2", "Xí nghiệp số 3", "Phân xưởng Cơ khí", "Phân xưởng Lắp ráp",
            "Phân xưởng Sửa chữa", "Đội xe số 1", "Đội xe số 2", "Chi nhánh Đông Anh", "Chi nhánh Gia Lâm",
            "Cửa hàng số 1", "Cửa hàng số 2", "Ban Quản lý dự án",
        ],
        [
            new("Xí nghiệp Xây lắp", ["Đội Xây lắp số 1", "Đội Xây lắp số 2", "Đội Xây lắp số 3", "Phòng Kỹ thuật - Thi công"]),
            new("Xí nghiệp Cơ khí", ["Phân xưởng Gia công", "Phân xưởng Lắp ráp", "Phân xưởng Sửa chữa", "Tổ Kiểm tra chất lượng"]),
            new("Xí nghiệp Dịch vụ", ["Đội Dịch vụ số 1", "Đội Dịch vụ số 2", "Tổ Kinh doanh", "Tổ Chăm sóc khách hàng"]),
            new("Chi nhánh Kinh doanh", ["Cửa hàng số 1", "Cửa hàng số 2", "Cửa hàng số 3", "Tổ Kho vận"]),
        ]);

    private static readonly FlavourInfo CooperativeInfo = new(
        0.2,
        ["Đội sản xuất số 1", "Đội sản xuất số 2", "Đội sản xuất số 3", "Tổ Dịch vụ thủy nông", "Tổ Dịch vụ điện", "Ban Quản trị"],
        []);

    private static readonly FlavourInfo PoliceInfo = new(
        0.8,
        [
            "Đội Tham mưu - Tổng hợp", "Đội Cảnh sát hình sự", "Đội Cảnh sát kinh tế", "Đội Cảnh sát giao thông - Trật tự",
            "Đội An ninh", "Đội Cảnh sát điều tra tội phạm về ma túy", "Đội Cảnh sát quản lý hành chính về trật tự xã hội",
            "Đội Cảnh sát phòng cháy chữa cháy và cứu nạn cứu hộ", "Đội Hậu cần", "Đội Điều tra tổng hợp",
            "Đội Cảnh sát thi hành án hình sự và hỗ trợ tư pháp", "Đội Xây dựng phong trào",
        ],
        [
            new("Phòng Cảnh sát hình sự", ["Đội 1", "Đội 2", "Đội 3", "Đội Tổng hợp"]),
            new("Phòng Cảnh sát giao thông", ["Đội Tuần tra số 1", "Đội Tuần tra số 2", "Đội Đăng ký xe", "Đội Tổng hợp"]),
            new("Phòng Tham mưu", ["Đội Tổng hợp", "Đội Thông tin", "Đội Pháp chế", "Đội Kế hoạch"]),
        ]);

    private static readonly FlavourInfo MilitaryInfo = new(
        0.6,
        [
            "Ban Tham mưu", "Ban Chính trị", "Ban Hậu cần - Kỹ thuật", "Đại đội 1", "Đại đội 2", "Đại đội 3",
            "Đại đội 4", "Trung đội Thông tin", "Trung đội Trinh sát", "Kho Kỹ thuật",
        ],
        [
            new("Tiểu đoàn 1", ["Đại đội 1", "Đại đội 2", "Đại đội 3", "Cơ quan Tiểu đoàn 1"]),
            new("Tiểu đoàn 2", ["Đại đội 4", "Đại đội 5", "Đại đội 6", "Cơ quan Tiểu đoàn 2"]),
            new("Cơ quan", ["Ban Tham mưu", "Ban Chính trị", "Ban Hậu cần - Kỹ thuật"]),
        ]);

    private static readonly FlavourInfo CollegeInfo = new(
        0.7,
        [
            "Khoa Cơ bản", "Khoa Kinh tế", "Khoa Du lịch", "Khoa Điện - Điện tử", "Khoa Công nghệ thông tin",
            "Khoa Ngoại ngữ", "Khoa Điều dưỡng", "Khoa Dược", "Khoa Cơ khí", "Phòng Đào tạo",
            "Phòng Công tác học sinh - sinh viên", "Phòng Tổ chức - Hành chính", "Phòng Quản trị - Thiết bị",
        ],
        [
            new("Khối Khoa", ["Khoa Cơ bản", "Khoa Kinh tế", "Khoa Kỹ thuật", "Khoa Ngoại ngữ"]),
            new("Khối Phòng ban", ["Phòng Đào tạo", "Phòng Tổ chức - Hành chính", "Phòng Tài chính - Kế toán", "Phòng Công tác học sinh - sinh viên"]),
        ]);

    private static readonly FlavourInfo MediaInfo = new(
        0.6,
        [
            "Ban Thời sự", "Ban Kinh tế", "Ban Văn hóa - Xã hội", "Ban Chính trị", "Ban Điện tử", "Ban Thư ký tòa soạn",
            "Ban Biên tập", "Phòng Hành chính - Trị sự", "Phòng Kỹ thuật", "Ban Chuyên đề", "Phòng Quảng cáo",
        ],
        [
            new("Khối Nội dung", ["Ban Thời sự", "Ban Kinh tế", "Ban Văn hóa - Xã hội", "Ban Chính trị"]),
            new("Khối Kỹ thuật", ["Phòng Kỹ thuật sản xuất", "Phòng Kỹ thuật phát sóng", "Phòng Công nghệ thông tin"]),
        ]);

    // The 30 districts and towns of Hanoi before the 2025 reform, with their real wards, towns
    // ("thị trấn") and communes (579 in all). "OtherUnits" is the number of agency, school and
    // enterprise grassroots organisations in the full city; the founding dates are those of the
    // district's place in the city (1961 reorganisation, 1978 and 2008 extensions, later splits).
    private static readonly DistrictSpec[] Districts =
    [
        new("BD", Quan, "Ba Đình", new LocalDate(1961, 5, 31), true, 75,
            ["Phúc Xá", "Trúc Bạch", "Vĩnh Phúc", "Cống Vị", "Liễu Giai", "Nguyễn Trung Trực", "Quán Thánh", "Ngọc Hà", "Điện Biên", "Đội Cấn", "Ngọc Khánh", "Kim Mã", "Giảng Võ", "Thành Công"],
            [], 0, []),
        new("HK", Quan, "Hoàn Kiếm", new LocalDate(1961, 5, 31), true, 70,
            ["Phúc Tân", "Đồng Xuân", "Hàng Mã", "Hàng Buồm", "Hàng Đào", "Hàng Bồ", "Cửa Đông", "Lý Thái Tổ", "Hàng Bạc", "Hàng Gai", "Chương Dương", "Hàng Trống", "Cửa Nam", "Hàng Bông", "Tràng Tiền", "Trần Hưng Đạo", "Phan Chu Trinh", "Hàng Bài"],
            [], 0, []),
        new("TH", Quan, "Tây Hồ", new LocalDate(1995, 10, 28), false, 40,
            ["Bưởi", "Thụy Khuê", "Yên Phụ", "Tứ Liên", "Nhật Tân", "Quảng An", "Xuân La", "Phú Thượng"],
            [], 0, []),
        new("LB", Quan, "Long Biên", new LocalDate(2003, 11, 6), true, 55,
            ["Bồ Đề", "Cự Khối", "Đức Giang", "Gia Thụy", "Giang Biên", "Long Biên", "Ngọc Lâm", "Ngọc Thụy", "Phúc Đồng", "Phúc Lợi", "Sài Đồng", "Thạch Bàn", "Thượng Thanh", "Việt Hưng"],
            [], 0, []),
        new("CG", Quan, "Cầu Giấy", new LocalDate(1996, 11, 22), true, 65,
            ["Dịch Vọng", "Dịch Vọng Hậu", "Mai Dịch", "Nghĩa Đô", "Nghĩa Tân", "Quan Hoa", "Trung Hòa", "Yên Hòa"],
            [], 0, []),
        new("DD", Quan, "Đống Đa", new LocalDate(1961, 5, 31), true, 80,
            ["Cát Linh", "Hàng Bột", "Khâm Thiên", "Khương Thượng", "Kim Liên", "Láng Hạ", "Láng Thượng", "Nam Đồng", "Ngã Tư Sở", "Ô Chợ Dừa", "Phương Liên", "Phương Mai", "Quang Trung", "Quốc Tử Giám", "Thịnh Quang", "Thổ Quan", "Trung Liệt", "Trung Phụng", "Trung Tự", "Văn Chương", "Văn Miếu"],
            [], 0, []),
        new("HBT", Quan, "Hai Bà Trưng", new LocalDate(1961, 5, 31), false, 75,
            ["Bạch Đằng", "Bách Khoa", "Bạch Mai", "Cầu Dền", "Đống Mác", "Đồng Nhân", "Đồng Tâm", "Lê Đại Hành", "Minh Khai", "Nguyễn Du", "Phạm Đình Hổ", "Phố Huế", "Quỳnh Lôi", "Quỳnh Mai", "Thanh Lương", "Thanh Nhàn", "Trương Định", "Vĩnh Tuy"],
            [], 0, []),
        new("HM", Quan, "Hoàng Mai", new LocalDate(2003, 11, 6), false, 55,
            ["Đại Kim", "Định Công", "Giáp Bát", "Hoàng Liệt", "Hoàng Văn Thụ", "Lĩnh Nam", "Mai Động", "Tân Mai", "Thanh Trì", "Thịnh Liệt", "Trần Phú", "Tương Mai", "Vĩnh Hưng", "Yên Sở"],
            [], 0, []),
        new("TX", Quan, "Thanh Xuân", new LocalDate(1996, 11, 22), false, 50,
            ["Hạ Đình", "Khương Đình", "Khương Mai", "Khương Trung", "Kim Giang", "Nhân Chính", "Phương Liệt", "Thanh Xuân Bắc", "Thanh Xuân Nam", "Thanh Xuân Trung", "Thượng Đình"],
            [], 0, []),
        new("NTL", Quan, "Nam Từ Liêm", new LocalDate(2014, 4, 1), false, 50,
            ["Cầu Diễn", "Đại Mỗ", "Mễ Trì", "Mỹ Đình 1", "Mỹ Đình 2", "Phú Đô", "Phương Canh", "Tây Mỗ", "Trung Văn", "Xuân Phương"],
            [], 0, []),
        new("BTL", Quan, "Bắc Từ Liêm", new LocalDate(2014, 4, 1), false, 45,
            ["Cổ Nhuế 1", "Cổ Nhuế 2", "Đông Ngạc", "Đức Thắng", "Liên Mạc", "Minh Khai", "Phú Diễn", "Phúc Diễn", "Tây Tựu", "Thượng Cát", "Thụy Phương", "Xuân Đỉnh", "Xuân Tảo"],
            [], 0, []),
        new("HD", Quan, "Hà Đông", new LocalDate(2008, 8, 1), true, 60,
            ["Biên Giang", "Dương Nội", "Đồng Mai", "Hà Cầu", "Kiến Hưng", "La Khê", "Mộ Lao", "Nguyễn Trãi", "Phú La", "Phú Lãm", "Phú Lương", "Phúc La", "Quang Trung", "Vạn Phúc", "Văn Quán", "Yên Nghĩa", "Yết Kiêu"],
            [], 0, []),
        new("ST", ThiXa, "Sơn Tây", new LocalDate(2008, 8, 1), false, 35,
            ["Lê Lợi", "Ngô Quyền", "Phú Thịnh", "Quang Trung", "Sơn Lộc", "Trung Hưng", "Trung Sơn Trầm", "Viên Sơn", "Xuân Khanh"],
            [], 6, ["Cổ Đông", "Đường Lâm", "Kim Sơn", "Sơn Đông", "Thanh Mỹ", "Xuân Sơn"]),
        new("BV", Huyen, "Ba Vì", new LocalDate(2008, 8, 1), false, 35,
            [], ["Tây Đằng"], 30,
            ["Ba Trại", "Ba Vì", "Cam Thượng", "Cẩm Lĩnh", "Châu Sơn", "Chu Minh", "Cổ Đô", "Đông Quang", "Đồng Thái", "Khánh Thượng", "Minh Châu", "Minh Quang", "Phong Vân", "Phú Châu", "Phú Cường", "Phú Đông", "Phú Phương", "Phú Sơn", "Sơn Đà", "Tản Hồng", "Tản Lĩnh", "Thái Hòa", "Thuần Mỹ", "Thụy An", "Tiên Phong", "Tòng Bạt", "Vân Hòa", "Vạn Thắng", "Vật Lại", "Yên Bài"]),
        new("CM", Huyen, "Chương Mỹ", new LocalDate(2008, 8, 1), false, 40,
            [], ["Chúc Sơn", "Xuân Mai"], 30,
            ["Đại Yên", "Đông Phương Yên", "Đông Sơn", "Đồng Lạc", "Đồng Phú", "Hòa Chính", "Hoàng Diệu", "Hoàng Văn Thụ", "Hồng Phong", "Hợp Đồng", "Hữu Văn", "Lam Điền", "Mỹ Lương", "Nam Phương Tiến", "Ngọc Hòa", "Phú Nam An", "Phú Nghĩa", "Phụng Châu", "Quảng Bị", "Tân Tiến", "Thanh Bình", "Thụy Hương", "Thủy Xuân Tiên", "Thượng Vực", "Tiên Phương", "Tốt Động", "Trần Phú", "Trung Hòa", "Trường Yên", "Văn Võ"]),
        new("DP", Huyen, "Đan Phượng", new LocalDate(2008, 8, 1), false, 30,
            [], ["Phùng"], 15,
            ["Đan Phượng", "Đồng Tháp", "Hạ Mỗ", "Hồng Hà", "Liên Hà", "Liên Hồng", "Liên Trung", "Phương Đình", "Song Phượng", "Tân Hội", "Tân Lập", "Thọ An", "Thọ Xuân", "Thượng Mỗ", "Trung Châu"]),
        new("DA", Huyen, "Đông Anh", new LocalDate(1961, 5, 31), true, 50,
            [], ["Đông Anh"], 23,
            ["Bắc Hồng", "Cổ Loa", "Dục Tú", "Đại Mạch", "Đông Hội", "Hải Bối", "Kim Chung", "Kim Nỗ", "Liên Hà", "Mai Lâm", "Nam Hồng", "Nguyên Khê", "Tàm Xá", "Thụy Lâm", "Tiên Dương", "Uy Nỗ", "Vân Hà", "Vân Nội", "Việt Hùng", "Vĩnh Ngọc", "Võng La", "Xuân Canh", "Xuân Nộn"]),
        new("GL", Huyen, "Gia Lâm", new LocalDate(1961, 5, 31), false, 45,
            [], ["Trâu Quỳ", "Yên Viên"], 20,
            ["Bát Tràng", "Cổ Bi", "Dương Hà", "Dương Quang", "Dương Xá", "Đa Tốn", "Đặng Xá", "Đình Xuyên", "Đông Dư", "Kiêu Kỵ", "Kim Lan", "Kim Sơn", "Lệ Chi", "Ninh Hiệp", "Phù Đổng", "Phú Thị", "Trung Mầu", "Văn Đức", "Yên Thường", "Yên Viên"]),
        new("HDU", Huyen, "Hoài Đức", new LocalDate(2008, 8, 1), false, 35,
            [], ["Trạm Trôi"], 19,
            ["An Khánh", "An Thượng", "Cát Quế", "Di Trạch", "Dương Liễu", "Đắc Sở", "Đông La", "Đức Giang", "Đức Thượng", "Kim Chung", "La Phù", "Lại Yên", "Minh Khai", "Sơn Đồng", "Song Phương", "Tiền Yên", "Vân Canh", "Vân Côn", "Yên Sở"]),
        new("ML", Huyen, "Mê Linh", new LocalDate(2008, 8, 1), false, 35,
            [], ["Chi Đông", "Quang Minh"], 16,
            ["Chu Phan", "Đại Thịnh", "Hoàng Kim", "Kim Hoa", "Liên Mạc", "Mê Linh", "Tam Đồng", "Thạch Đà", "Thanh Lâm", "Tiền Phong", "Tiến Thắng", "Tiến Thịnh", "Tráng Việt", "Tự Lập", "Vạn Yên", "Văn Khê"]),
        new("MD", Huyen, "Mỹ Đức", new LocalDate(2008, 8, 1), false, 30,
            [], ["Đại Nghĩa"], 21,
            ["An Mỹ", "An Phú", "An Tiến", "Bột Xuyên", "Đại Hưng", "Đốc Tín", "Đồng Tâm", "Hồng Sơn", "Hợp Thanh", "Hợp Tiến", "Hùng Tiến", "Hương Sơn", "Lê Thanh", "Mỹ Thành", "Phù Lưu Tế", "Phúc Lâm", "Phùng Xá", "Thượng Lâm", "Tuy Lai", "Vạn Kim", "Xuy Xá"]),
        new("PX", Huyen, "Phú Xuyên", new LocalDate(2008, 8, 1), false, 30,
            [], ["Phú Minh", "Phú Xuyên"], 25,
            ["Bạch Hạ", "Châu Can", "Chuyên Mỹ", "Đại Thắng", "Đại Xuyên", "Hoàng Long", "Hồng Minh", "Hồng Thái", "Khai Thái", "Minh Tân", "Nam Phong", "Nam Tiến", "Nam Triều", "Phú Túc", "Phú Yên", "Phúc Tiến", "Phượng Dực", "Quang Lãng", "Quang Trung", "Sơn Hà", "Tân Dân", "Tri Thủy", "Tri Trung", "Văn Hoàng", "Vân Từ"]),
        new("PT", Huyen, "Phúc Thọ", new LocalDate(2008, 8, 1), false, 30,
            [], ["Phúc Thọ"], 20,
            ["Hát Môn", "Hiệp Thuận", "Liên Hiệp", "Long Xuyên", "Ngọc Tảo", "Phúc Hòa", "Phụng Thượng", "Sen Phương", "Tam Hiệp", "Tam Thuấn", "Thanh Đa", "Thọ Lộc", "Thượng Cốc", "Tích Giang", "Trạch Mỹ Lộc", "Vân Hà", "Vân Nam", "Vân Phúc", "Võng Xuyên", "Xuân Đình"]),
        new("QO", Huyen, "Quốc Oai", new LocalDate(2008, 8, 1), false, 30,
            [], ["Quốc Oai"], 20,
            ["Cấn Hữu", "Cộng Hòa", "Đại Thành", "Đồng Quang", "Đông Xuân", "Đông Yên", "Hòa Thạch", "Liệp Tuyết", "Nghĩa Hương", "Ngọc Liệp", "Ngọc Mỹ", "Phú Cát", "Phú Mãn", "Phượng Cách", "Sài Sơn", "Tân Hòa", "Tân Phú", "Thạch Thán", "Tuyết Nghĩa", "Yên Sơn"]),
        new("SS", Huyen, "Sóc Sơn", new LocalDate(1978, 12, 29), false, 45,
            [], ["Sóc Sơn"], 25,
            ["Bắc Phú", "Bắc Sơn", "Đông Xuân", "Đức Hòa", "Hiền Ninh", "Hồng Kỳ", "Kim Lũ", "Mai Đình", "Minh Phú", "Minh Trí", "Nam Sơn", "Phú Cường", "Phù Linh", "Phù Lỗ", "Phú Minh", "Quang Tiến", "Tân Dân", "Tân Hưng", "Tân Minh", "Thanh Xuân", "Tiên Dược", "Trung Giã", "Việt Long", "Xuân Giang", "Xuân Thu"]),
        new("TT", Huyen, "Thạch Thất", new LocalDate(2008, 8, 1), false, 35,
            [], ["Liên Quan"], 22,
            ["Bình Phú", "Bình Yên", "Canh Nậu", "Cẩm Yên", "Cần Kiệm", "Chàng Sơn", "Dị Nậu", "Đại Đồng", "Đồng Trúc", "Hạ Bằng", "Hương Ngải", "Hữu Bằng", "Kim Quan", "Lại Thượng", "Phú Kim", "Phùng Xá", "Tân Xã", "Thạch Hòa", "Thạch Xá", "Tiến Xuân", "Yên Bình", "Yên Trung"]),
        new("TO", Huyen, "Thanh Oai", new LocalDate(2008, 8, 1), false, 30,
            [], ["Kim Bài"], 20,
            ["Bích Hòa", "Bình Minh", "Cao Dương", "Cao Viên", "Cự Khê", "Dân Hòa", "Đỗ Động", "Hồng Dương", "Kim An", "Kim Thư", "Liên Châu", "Mỹ Hưng", "Phương Trung", "Tam Hưng", "Tân Ước", "Thanh Cao", "Thanh Mai", "Thanh Thùy", "Thanh Văn", "Xuân Dương"]),
        new("TTR", Huyen, "Thanh Trì", new LocalDate(1961, 5, 31), false, 40,
            [], ["Văn Điển"], 15,
            ["Duyên Hà", "Đại Áng", "Đông Mỹ", "Hữu Hòa", "Liên Ninh", "Ngọc Hồi", "Ngũ Hiệp", "Tả Thanh Oai", "Tam Hiệp", "Tân Triều", "Thanh Liệt", "Tứ Hiệp", "Vạn Phúc", "Vĩnh Quỳnh", "Yên Mỹ"]),
        new("TTI", Huyen, "Thường Tín", new LocalDate(2008, 8, 1), false, 35,
            [], ["Thường Tín"], 28,
            ["Chương Dương", "Dũng Tiến", "Duyên Thái", "Hà Hồi", "Hiền Giang", "Hòa Bình", "Hồng Vân", "Khánh Hà", "Lê Lợi", "Liên Phương", "Minh Cường", "Nghiêm Xuyên", "Nguyễn Trãi", "Nhị Khê", "Ninh Sở", "Quất Động", "Tân Minh", "Thắng Lợi", "Thống Nhất", "Thư Phú", "Tiền Phong", "Tô Hiệu", "Tự Nhiên", "Vạn Điểm", "Văn Bình", "Văn Phú", "Văn Tự", "Vân Tảo"]),
        new("UH", Huyen, "Ứng Hòa", new LocalDate(2008, 8, 1), false, 30,
            [], ["Vân Đình"], 28,
            ["Cao Thành", "Đại Cường", "Đại Hùng", "Đội Bình", "Đông Lỗ", "Đồng Tân", "Đồng Tiến", "Hòa Lâm", "Hòa Nam", "Hòa Phú", "Hoa Sơn", "Hòa Xá", "Hồng Quang", "Kim Đường", "Liên Bạt", "Lưu Hoàng", "Minh Đức", "Phù Lưu", "Phương Tú", "Quảng Phú Cầu", "Sơn Công", "Tảo Dương Văn", "Trầm Lộng", "Trung Tú", "Trường Thịnh", "Vạn Thái", "Viên An", "Viên Nội"]),
    ];

    // The 20 sector committees (blocs, forces, state corporations). Their names and units are
    // plausible rather than an exact copy of the city's register. "Units" is the number of
    // grassroots organisations in the full city; the pool lists named units first.
    private static readonly SectorSpec[] Sectors =
    [
        new("KCQ", "Đảng bộ Khối các cơ quan Thành phố", new LocalDate(1989, 3, 20), true, 130, Flavour.Agency, Extra.CityAgencies, "Trung tâm Dịch vụ công",
            [
                "Văn phòng Ủy ban nhân dân Thành phố", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân Thành phố",
                "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Xây dựng", "Sở Giao thông vận tải", "Sở Công Thương", "Sở Nội vụ",
                "Sở Tư pháp", "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa và Thể thao", "Sở Du lịch",
                "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Quy hoạch - Kiến trúc",
                "Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông", "Sở Ngoại vụ", "Thanh tra Thành phố",
                "Ban Dân tộc Thành phố", "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội",
                "Viện Nghiên cứu phát triển kinh tế - xã hội Hà Nội", "Cục Thuế Thành phố Hà Nội", "Kho bạc Nhà nước Hà Nội",
                "Bảo hiểm xã hội Thành phố Hà Nội", "Cục Hải quan Thành phố Hà Nội", "Cục Thống kê Thành phố Hà Nội",
                "Tòa án nhân dân Thành phố Hà Nội", "Viện Kiểm sát nhân dân Thành phố Hà Nội",
                "Cục Thi hành án dân sự Thành phố Hà Nội", "Liên đoàn Lao động Thành phố Hà Nội", "Hội Nông dân Thành phố Hà Nội",
                "Hội Liên hiệp Phụ nữ Thành phố Hà Nội", "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố Hà Nội",
                "Hội Cựu chiến binh Thành phố Hà Nội", "Liên minh Hợp tác xã Thành phố Hà Nội", "Trường Đào tạo cán bộ Lê Hồng Phong",
                "Văn phòng Đăng ký đất đai Hà Nội", "Cục Quản lý thị trường Thành phố Hà Nội", "Quỹ Đầu tư phát triển Thành phố Hà Nội",
            ]),
        new("KDN", "Đảng bộ Khối doanh nghiệp Thành phố", new LocalDate(1999, 7, 14), true, 160, Flavour.Enterprise, Extra.Enterprises, "Công ty Cổ phần",
            [
                "Công ty TNHH MTV Thoát nước Hà Nội", "Công ty TNHH MTV Công viên cây xanh Hà Nội",
                "Công ty TNHH MTV Chiếu sáng và Thiết bị đô thị", "Công ty TNHH MTV Xổ số kiến thiết Thủ đô",
                "Công ty TNHH MTV Đầu tư phát triển thủy lợi Sông Đáy", "Công ty TNHH MTV Thủy lợi Sông Tích",
            ]),
        new("CA", "Đảng bộ Công an Thành phố", new LocalDate(1945, 8, 19), false, 45, Flavour.Police, Extra.DistrictPolice, "Đội Cảnh sát cơ động",
            [
                "Phòng Tham mưu", "Phòng Cảnh sát hình sự", "Phòng Cảnh sát giao thông", "Phòng Cảnh sát kinh tế",
                "Phòng Cảnh sát điều tra tội phạm về ma túy", "Phòng An ninh chính trị nội bộ", "Phòng An ninh kinh tế",
                "Phòng Hậu cần", "Phòng Xây dựng phong trào bảo vệ an ninh Tổ quốc",
                "Phòng Cảnh sát quản lý hành chính về trật tự xã hội", "Phòng Cảnh sát cơ động",
                "Phòng Cảnh sát phòng cháy chữa cháy và cứu nạn cứu hộ", "Phòng Quản lý xuất nhập cảnh", "Phòng Kỹ thuật hình sự",
                "Trại tạm giam số 1", "Trại tạm giam số 2",
            ]),
        new("QS", "Đảng bộ Quân sự Thành phố", new LocalDate(1946, 10, 19), false, 20, Flavour.Military, Extra.DistrictMilitary, "Đại đội",
            ["Cơ quan Bộ Tư lệnh Thủ đô Hà Nội", "Sư đoàn 301", "Trung đoàn 692", "Trường Quân sự Bộ Tư lệnh Thủ đô"]),
        new("BDBP", "Đảng bộ Bộ đội Biên phòng Thành phố", new LocalDate(1959, 3, 3), false, 8, Flavour.Military, Extra.None, "Đội Công tác",
            [
                "Cơ quan Bộ Chỉ huy", "Phòng Tham mưu", "Phòng Chính trị", "Phòng Hậu cần - Kỹ thuật",
                "Đồn Biên phòng Cửa khẩu quốc tế Sân bay Nội Bài", "Đội Đặc nhiệm phòng chống ma túy và tội phạm", "Đội Trinh sát",
                "Đại đội Cơ động",
            ]),
        new("KDH", "Đảng bộ Khối các trường đại học, cao đẳng Hà Nội", new LocalDate(1997, 4, 10), false, 25, Flavour.College, Extra.None, "Trường Trung cấp nghề",
            [
                "Trường Cao đẳng Y tế Hà Nội", "Trường Cao đẳng Thương mại và Du lịch Hà Nội", "Trường Cao đẳng Sư phạm Hà Tây",
                "Trường Cao đẳng Nghệ thuật Hà Nội", "Trường Cao đẳng Cộng đồng Hà Nội", "Trường Cao đẳng Cộng đồng Hà Tây",
                "Trường Cao đẳng Điện tử - Điện lạnh Hà Nội", "Trường Cao đẳng Cơ điện Hà Nội",
                "Trường Cao đẳng Công nghệ và Môi trường Hà Nội", "Trường Cao đẳng Y tế Hà Đông",
                "Trường Cao đẳng Văn hóa Nghệ thuật và Du lịch Hà Nội", "Trường Cao đẳng Thiết kế và Thời trang Hà Nội",
                "Trường Cao đẳng Công nghiệp Hà Nội", "Trường Cao đẳng nghề Công nghệ cao Hà Nội",
                "Trường Cao đẳng nghề Việt Nam - Hàn Quốc Thành phố Hà Nội", "Trường Cao đẳng nghề Long Biên",
                "Trường Cao đẳng nghề Cơ khí Hà Nội", "Trường Cao đẳng Kinh tế - Kỹ thuật Hà Nội",
                "Trường Trung cấp Kinh tế - Tài chính Hà Nội", "Trường Trung cấp Kỹ thuật Tin học Hà Nội",
                "Trường Trung cấp Kinh tế Hà Nội", "Trường Trung cấp nghề Số 1 Hà Nội", "Trường Trung cấp Xây dựng Hà Nội",
            ]),
        new("YT", "Đảng bộ Sở Y tế Hà Nội", new LocalDate(1954, 10, 10), false, 60, Flavour.Health, Extra.DistrictHealth, "Phòng khám đa khoa khu vực",
            [
                "Bệnh viện Đa khoa Xanh Pôn", "Bệnh viện Thanh Nhàn", "Bệnh viện Đa khoa Đức Giang", "Bệnh viện Tim Hà Nội",
                "Bệnh viện Phụ sản Hà Nội", "Bệnh viện Ung bướu Hà Nội", "Bệnh viện Nhi Hà Nội", "Bệnh viện Mắt Hà Nội",
                "Bệnh viện Thận Hà Nội", "Bệnh viện Đa khoa Hà Đông", "Bệnh viện Đa khoa Sơn Tây", "Bệnh viện Bắc Thăng Long",
                "Bệnh viện Đống Đa", "Bệnh viện Y học cổ truyền Hà Nội", "Bệnh viện Tâm thần Hà Nội", "Bệnh viện Phổi Hà Nội",
                "Bệnh viện Da liễu Hà Nội", "Bệnh viện Đa khoa Đông Anh", "Bệnh viện Đa khoa Sóc Sơn",
                "Bệnh viện Đa khoa Thanh Trì", "Bệnh viện Đa khoa Ba Vì", "Bệnh viện Đa khoa Mê Linh",
                "Bệnh viện Đa khoa Hòe Nhai", "Bệnh viện Đa khoa Vân Đình", "Bệnh viện Đa khoa Chương Mỹ",
                "Bệnh viện Nam Thăng Long", "Bệnh viện Đa khoa Thạch Thất", "Trung tâm Cấp cứu 115 Hà Nội",
                "Trung tâm Kiểm soát bệnh tật Hà Nội",
            ]),
        new("GD", "Đảng bộ Sở Giáo dục và Đào tạo Hà Nội", new LocalDate(1954, 10, 15), false, 50, Flavour.School, Extra.HighSchools, "Trường THPT",
            ["Trường THPT Chu Văn An", "Trường THPT chuyên Hà Nội - Amsterdam", "Trường THPT chuyên Nguyễn Huệ", "Trường THPT Sơn Tây"]),
        new("TD", "Đảng bộ Thành đoàn Hà Nội", new LocalDate(1956, 3, 26), false, 6, Flavour.Agency, Extra.None, "Trung tâm Thanh thiếu nhi",
            [
                "Cơ quan Thành đoàn", "Cung Thiếu nhi Hà Nội", "Trung tâm Hoạt động thanh thiếu nhi Hà Nội",
                "Trung tâm Hỗ trợ thanh niên công nhân và lao động trẻ Hà Nội", "Trung tâm Dịch vụ việc làm thanh niên Hà Nội",
                "Nhà Văn hóa Thanh niên Hà Nội",
            ]),
        new("VT", "Đảng bộ Tổng công ty Vận tải Hà Nội", new LocalDate(2004, 6, 1), false, 20, Flavour.Enterprise, Extra.None, "Xí nghiệp Xe buýt",
            [
                "Cơ quan Tổng công ty", "Xí nghiệp Xe buýt Thăng Long", "Xí nghiệp Xe buýt Hà Nội", "Xí nghiệp Xe buýt 10-10",
                "Xí nghiệp Xe buýt Yên Viên", "Xí nghiệp Xe buýt Cầu Bươu", "Xí nghiệp Xe điện Hà Nội", "Xí nghiệp Toyota Hoàn Kiếm",
                "Công ty Cổ phần Xe khách Hà Nội", "Công ty Cổ phần Bến xe Hà Nội", "Công ty Cổ phần Taxi Hà Nội",
                "Công ty Cổ phần Vận tải và Dịch vụ công cộng Hà Nội", "Xí nghiệp Quản lý bến bãi", "Trung tâm Đào tạo lái xe",
            ]),
        new("DL", "Đảng bộ Tổng công ty Du lịch Hà Nội", new LocalDate(2004, 6, 1), false, 12, Flavour.Enterprise, Extra.None, "Khách sạn",
            [
                "Cơ quan Tổng công ty", "Khách sạn Thắng Lợi", "Khách sạn Hòa Bình", "Khách sạn Hà Nội", "Khách sạn Bờ Hồ",
                "Khách sạn Dân Chủ", "Công ty Lữ hành Hanoitourist", "Công ty Cổ phần Khách sạn Tây Hồ", "Khu du lịch Đồng Mô",
                "Trung tâm Thương mại Tràng Tiền", "Công ty Cổ phần Phố cổ Hà Nội", "Nhà hàng Hà Nội",
            ]),
        new("TM", "Đảng bộ Tổng công ty Thương mại Hà Nội", new LocalDate(2004, 6, 1), false, 15, Flavour.Enterprise, Extra.Enterprises, "Cửa hàng",
            ["Cơ quan Tổng công ty", "Công ty Cổ phần Thực phẩm Hà Nội", "Trung tâm Thương mại Hapro", "Chợ đầu mối nông sản Hà Nội"]),
        new("HDC", "Đảng bộ Tổng công ty Đầu tư và Phát triển nhà Hà Nội", new LocalDate(2005, 1, 1), false, 14, Flavour.Enterprise, Extra.Enterprises, "Xí nghiệp Quản lý nhà",
            ["Cơ quan Tổng công ty", "Ban Quản lý dự án nhà ở xã hội", "Công ty Quản lý và Phát triển nhà Hà Nội"]),
        new("NS", "Đảng bộ Công ty TNHH MTV Nước sạch Hà Nội", new LocalDate(1975, 5, 1), false, 10, Flavour.Enterprise, Extra.None, "Xí nghiệp Kinh doanh nước sạch",
            [
                "Nhà máy nước Yên Phụ", "Nhà máy nước Mai Dịch", "Nhà máy nước Ngọc Hà", "Nhà máy nước Lương Yên",
                "Nhà máy nước Pháp Vân", "Nhà máy nước Tương Mai", "Nhà máy nước Gia Lâm", "Nhà máy nước Hạ Đình",
                "Nhà máy nước Ngô Sĩ Liên", "Nhà máy nước Bắc Thăng Long", "Xí nghiệp Kinh doanh nước sạch Ba Đình",
                "Xí nghiệp Kinh doanh nước sạch Đống Đa",
            ]),
        new("EVN", "Đảng bộ Tổng công ty Điện lực Thành phố Hà Nội", new LocalDate(1972, 8, 1), false, 32, Flavour.Enterprise, Extra.DistrictPower, "Đội Quản lý vận hành lưới điện",
            [
                "Cơ quan Tổng công ty", "Công ty Lưới điện cao thế Thành phố Hà Nội", "Công ty Dịch vụ điện lực Hà Nội",
                "Công ty Công nghệ thông tin Điện lực Hà Nội", "Ban Quản lý dự án lưới điện Hà Nội",
            ]),
        new("MT", "Đảng bộ Công ty TNHH MTV Môi trường đô thị Hà Nội", new LocalDate(1960, 2, 1), false, 12, Flavour.Enterprise, Extra.None, "Xí nghiệp Môi trường đô thị",
            [
                "Cơ quan Công ty", "Xí nghiệp Môi trường đô thị Hoàn Kiếm", "Xí nghiệp Môi trường đô thị Ba Đình",
                "Xí nghiệp Môi trường đô thị Đống Đa", "Xí nghiệp Môi trường đô thị Hai Bà Trưng", "Xí nghiệp Vận chuyển chất thải",
                "Khu Liên hợp xử lý chất thải Sóc Sơn", "Xí nghiệp Xử lý chất thải công nghiệp", "Xí nghiệp Cơ khí Môi trường",
                "Xí nghiệp Dịch vụ Môi trường",
            ]),
        new("XD", "Đảng bộ Tổng công ty Xây dựng Hà Nội", new LocalDate(1958, 12, 15), false, 18, Flavour.Enterprise, Extra.Enterprises, "Xí nghiệp Xây lắp",
            ["Cơ quan Tổng công ty", "Công ty Xây dựng số 1", "Công ty Xây dựng số 2", "Công ty Xây dựng số 3"]),
        new("HNM", "Đảng bộ Báo Hà Nội mới", new LocalDate(1957, 10, 24), false, 5, Flavour.Media, Extra.None, "Ban Chuyên đề",
            ["Ban Thư ký tòa soạn", "Ban Thời sự", "Ban Kinh tế", "Ban Văn hóa - Xã hội", "Ban Điện tử", "Phòng Hành chính - Trị sự"]),
        new("PTTH", "Đảng bộ Đài Phát thanh và Truyền hình Hà Nội", new LocalDate(1954, 10, 10), false, 8, Flavour.Media, Extra.None, "Ban Chuyên đề",
            [
                "Ban Thời sự", "Ban Khoa giáo", "Ban Văn nghệ", "Ban Thể thao", "Ban Phát thanh", "Trung tâm Kỹ thuật",
                "Trung tâm Sản xuất chương trình", "Phòng Tổ chức - Hành chính", "Trung tâm Quảng cáo và Dịch vụ truyền hình",
            ]),
        new("DHTD", "Đảng bộ Trường Đại học Thủ đô Hà Nội", new LocalDate(2014, 5, 16), false, 11, Flavour.College, Extra.None, "Bộ môn",
            [
                "Khoa Sư phạm", "Khoa Ngoại ngữ", "Khoa Công nghệ thông tin", "Khoa Kinh tế", "Khoa Luật", "Khoa Văn hóa - Du lịch",
                "Khoa Khoa học tự nhiên", "Khoa Khoa học xã hội", "Phòng Đào tạo", "Phòng Tổ chức cán bộ", "Trường Tiểu học Thực hành",
                "Trung tâm Ngoại ngữ - Tin học",
            ]),
    ];

    private static readonly string[] HighSchools =
    [
        "Phan Đình Phùng", "Phạm Hồng Thái", "Nguyễn Trãi - Ba Đình", "Việt Đức", "Trần Phú - Hoàn Kiếm", "Kim Liên",
        "Lê Quý Đôn - Đống Đa", "Đống Đa", "Quang Trung - Đống Đa", "Yên Hòa", "Cầu Giấy", "Nhân Chính", "Trần Nhân Tông",
        "Thăng Long", "Việt Nam - Ba Lan", "Hoàng Văn Thụ", "Trương Định", "Tây Hồ", "Nguyễn Gia Thiều", "Lý Thường Kiệt",
        "Thạch Bàn", "Phúc Lợi", "Xuân Đỉnh", "Thượng Cát", "Đại Mỗ", "Trung Văn", "Lê Quý Đôn - Hà Đông",
        "Quang Trung - Hà Đông", "Ba Vì", "Ngô Quyền - Ba Vì", "Xuân Mai", "Đan Phượng", "Hồng Thái", "Cổ Loa", "Liên Hà",
        "Đông Anh", "Bắc Thăng Long", "Cao Bá Quát - Gia Lâm", "Dương Xá", "Yên Viên", "Hoài Đức A", "Quang Minh", "Mê Linh",
        "Mỹ Đức A", "Phú Xuyên A", "Phúc Thọ", "Quốc Oai", "Sóc Sơn", "Đa Phúc", "Trung Giã", "Thạch Thất", "Thanh Oai A",
        "Ngọc Hồi", "Thường Tín", "Ứng Hòa A",
    ];

    private static readonly string[] CentreFields =
    [
        "Phát triển quỹ đất", "Xúc tiến đầu tư, thương mại và du lịch", "Công nghệ thông tin", "Lưu trữ lịch sử",
        "Dịch vụ việc làm", "Kiểm định chất lượng công trình xây dựng", "Quan trắc môi trường", "Khuyến nông",
        "Bảo trợ xã hội", "Giám định y khoa", "Đăng kiểm xe cơ giới", "Điều hành giao thông đô thị",
        "Nước sạch và vệ sinh môi trường nông thôn", "Hỗ trợ doanh nghiệp nhỏ và vừa", "Văn hóa nghệ thuật",
        "Huấn luyện và thi đấu thể thao", "Bảo tồn di sản Thăng Long", "Phục vụ hành chính công",
        "Đào tạo bồi dưỡng cán bộ", "Thông tin và Thống kê",
    ];

    private static readonly string[] BranchFields =
    [
        "Kiểm lâm", "Thủy lợi", "Chăn nuôi và Thú y", "Trồng trọt và Bảo vệ thực vật", "Dân số - Kế hoạch hóa gia đình",
        "An toàn vệ sinh thực phẩm", "Văn thư - Lưu trữ", "Phát triển nông thôn", "Tiêu chuẩn Đo lường Chất lượng",
        "Bảo vệ môi trường", "Phòng chống tệ nạn xã hội", "Thủy sản", "Quản lý đất đai", "Giám định xây dựng",
    ];

    private static readonly string[] ProjectFields =
    [
        "đầu tư xây dựng công trình giao thông", "đầu tư xây dựng công trình dân dụng",
        "đầu tư xây dựng công trình văn hóa - xã hội", "đầu tư xây dựng công trình cấp nước, thoát nước và môi trường",
        "đầu tư xây dựng công trình nông nghiệp và phát triển nông thôn", "đường sắt đô thị", "hạ tầng kỹ thuật",
    ];

    private static readonly string[] EnterpriseForms = ["Công ty Cổ phần", "Công ty TNHH"];

    private static readonly string[] EnterpriseFields =
    [
        "Xây dựng", "Thương mại", "Đầu tư", "Cơ khí", "May", "Vận tải", "Dược phẩm", "Thực phẩm", "Môi trường", "Điện tử",
        "Xuất nhập khẩu", "Dịch vụ", "In", "Bao bì", "Gốm sứ", "Nhựa", "Đầu tư Xây dựng", "Thiết bị", "Du lịch", "Kỹ thuật",
    ];

    private static readonly string[] EnterpriseBrands =
    [
        "Thăng Long", "Hồng Hà", "Sông Hồng", "Hà Thành", "Đông Đô", "Kinh Bắc", "Việt Hà", "Tràng An", "Hoàng Long",
        "Phú Thái", "Hưng Thịnh", "An Phát", "Bình Minh", "Đại Việt", "Hà Nội", "Thủ Đô", "Tân Phát", "Hòa Bình",
        "Ánh Dương", "Sao Mai",
    ];

    private static readonly string[] CooperativeKinds = ["Nông nghiệp", "Dịch vụ nông nghiệp", "Dịch vụ điện năng"];

    private static readonly string[] SchoolLevels = ["Trường Mầm non", "Trường Tiểu học", "Trường THCS"];

    private static readonly string[] SchoolNamesakes =
    [
        "Kim Đồng", "Lê Quý Đôn", "Nguyễn Du", "Chu Văn An", "Trần Phú", "Lý Thường Kiệt", "Nguyễn Trãi", "Võ Thị Sáu",
        "Hoàng Hoa Thám", "Quang Trung", "Lê Ngọc Hân", "Đoàn Thị Điểm", "Ngô Sĩ Liên", "Trưng Vương", "Nguyễn Bỉnh Khiêm",
        "Lê Lợi", "Phan Chu Trinh", "Tô Hoàng", "Nguyễn Siêu", "Thăng Long", "Đoàn Kết", "Hoa Sen", "Họa Mi", "Sơn Ca",
        "Hoa Hồng", "Ngôi Sao", "Tuổi Thơ", "Bình Minh", "Ánh Dương", "Bông Sen",
    ];

    // Two-syllable Sino-Vietnamese place names are made by pairing these, as many real ones are
    // ("Tân Hội", "Liên Hà", "Phú Cường").
    private static readonly string[] FirstSyllables =
    [
        "Tân", "Liên", "Hồng", "Đại", "Phú", "Xuân", "Minh", "Thanh", "Đông", "Tam", "Vạn", "Hòa", "Trung", "Quang",
        "Kim", "Yên", "Phúc", "Cao", "Hương", "Tiền", "Nam", "Bắc", "Văn", "Hợp", "Đồng", "Thụy", "Thượng", "Song",
        "Vân", "Ngọc", "Cổ", "Hữu", "Lam", "Sơn", "Bình", "Khánh", "Thái", "Vĩnh", "Mỹ", "Hoàng",
    ];

    private static readonly string[] SecondSyllables =
    [
        "Hội", "Hà", "Phong", "Thịnh", "Lộc", "Sơn", "Hưng", "Xá", "Lâm", "Tiến", "Thắng", "Hòa", "An", "Mỹ", "Đồng",
        "Phương", "Nghĩa", "Thành", "Lợi", "Dương", "Tảo", "Kỳ", "Lĩnh", "Khê", "Viên", "Tân", "Phú", "Quang", "Trạch",
        "Hiền", "Châu", "Đức", "Cường", "Tín", "Vinh", "Xuyên", "Hồ", "Lãng", "Dũng", "Bình",
    ];

    private static readonly string[] Directions = ["Đông", "Đoài", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Chợ", "Giữa", "Ngoài", "Trong"];
}
