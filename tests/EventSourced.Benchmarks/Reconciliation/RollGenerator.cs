using System.Globalization;
using System.Text;

namespace EventSourced.Benchmarks.Reconciliation;

/// <summary>One generated person as a file row holds them.</summary>
internal sealed record GeneratedPerson(string FullName, bool Male, DateOnly Birth, string? CitizenId, string? Card, string Cell, DateOnly Admission);

/// <summary>A roll row, what it was written as, and the truth: the register row it is (0: nobody in the register).</summary>
internal sealed record GeneratedRollRow(string Line, int RegisterRow, bool IsDuplicate, string Noise);

/// <summary>A register file and a roll file with known truth.</summary>
internal sealed record GeneratedFiles(IReadOnlyList<string> RegisterLines, IReadOnlyList<GeneratedRollRow> Roll, int Twins);

/// <summary>
/// Makes a register and a unit's roll as they come in practice (the noise model is in
/// docs/benchmarks.md): Vietnamese names drawn with their real frequencies, twins and siblings who
/// share family name, middle name, birth date and cell, and a roll whose rows lost accents, changed
/// tone placement, have typos, dropped or added middle names, the given name first, swapped or
/// year-only birth dates, changed cells, and are sometimes written twice.
/// </summary>
internal sealed class RollGenerator
{
    public const string Header = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã chi bộ,Số quyết định kết nạp,Ngày vào Đảng,Số thẻ đảng viên";

    // Share of the population in percent (the usual survey figures); the rest is spread over the tail.
    private static readonly (string Name, double Weight)[] Families =
    [
        ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7.1), ("Hoàng", 3.1), ("Huỳnh", 2.0), ("Phan", 4.5),
        ("Vũ", 2.0), ("Võ", 1.9), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5),
        .. Tail(["Đào", "Đoàn", "Vương", "Trịnh", "Trương", "Lâm", "Phùng", "Mai", "Tô", "Hà", "Tạ", "Lưu", "Kiều", "Triệu", "Quách",
            "Lại", "Thái", "Châu", "Cao", "Lương", "Khúc", "Tăng", "La", "Hứa", "Diệp", "Mạc", "Đinh", "Chu", "Lục", "Nông", "Lò",
            "Thân", "Từ", "Viên", "Âu", "Khổng", "Giang", "Kim", "Hoa", "Ông", "Ninh", "Quản", "Tống", "Văn", "Doãn", "Nghiêm"], 10.3),
    ];

    private static readonly (string Name, double Weight)[] MaleMiddles =
        [("Văn", 40), ("Đức", 8), ("Minh", 8), ("Quốc", 5), ("Hữu", 5), ("Thanh", 5), ("Xuân", 4), ("Công", 4), ("Ngọc", 3), ("Đình", 4),
         ("Quang", 4), ("Tuấn", 2), ("Mạnh", 2), ("Trọng", 3), ("Duy", 3), ("Bá", 2), ("Thế", 3), ("Anh", 2)];

    private static readonly (string Name, double Weight)[] FemaleMiddles =
        [("Thị", 55), ("Thu", 5), ("Ngọc", 6), ("Thanh", 5), ("Minh", 3), ("Kim", 4), ("Hồng", 4), ("Thúy", 3), ("Phương", 3),
         ("Mai", 3), ("Bích", 2), ("Hoài", 2), ("Diệu", 2), ("Thùy", 2), ("Lan", 1)];

    private static readonly (string Name, double Weight)[] MaleGivens = Zipf(
        ["Hùng", "Dũng", "Tuấn", "Nam", "Sơn", "Hải", "Long", "Minh", "Quang", "Thắng", "Toàn", "Khoa", "Huy", "Hòa", "Thành", "Bình",
         "Cường", "Đức", "Trung", "Hiếu", "Phong", "Kiên", "Việt", "Hoàng", "Tùng", "Vinh", "Thịnh", "Lâm", "Tâm", "Phúc", "Khánh",
         "Hưng", "Đạt", "An", "Bảo", "Hậu", "Tú", "Quý", "Lợi", "Tiến", "Chiến", "Nghĩa", "Hiệp", "Tài", "Thái", "Giang", "Duy",
         "Tuyên", "Lực", "Thuận", "Công", "Định", "Hảo", "Khải", "Lộc", "Mạnh", "Nhân", "Phát", "Quân", "Sang", "Thiện", "Trí",
         "Vũ", "Xuân", "Thủy", "Doanh", "Hoạch", "Khuê", "Thụy", "Uy"]);

    private static readonly (string Name, double Weight)[] FemaleGivens = Zipf(
        ["Lan", "Hương", "Mai", "Hà", "Linh", "Trang", "Hoa", "Thủy", "Hằng", "Nga", "Hạnh", "Thúy", "Loan", "Yến", "Hiền",
         "Nhung", "Phương", "Huyền", "Dung", "Oanh", "Vân", "Ngọc", "Hòa", "Xoan", "Quyên", "Thảo", "Liên", "Tuyết", "Anh",
         "Trinh", "Chi", "My", "Ly", "Giang", "Nhàn", "Thu", "Hồng", "Quỳnh", "Diệp", "Thoa", "Khuê", "Uyên", "Hậu", "Tâm",
         "Thùy", "Hoè", "Duyên", "Lụa", "Mến", "Nguyệt", "Phượng", "Sen", "Tươi", "Vui", "Xuyến", "Ánh", "Bích", "Cúc", "Đào", "Gấm"]);

    // The old and the new tone placement of the clusters these lists use.
    private static readonly Dictionary<string, string> NewPlacement = new(StringComparer.Ordinal)
    {
        ["Hòa"] = "Hoà", ["Thúy"] = "Thuý", ["Thủy"] = "Thuỷ", ["Thùy"] = "Thuỳ", ["Hòe"] = "Hoè", ["Thụy"] = "Thuỵ", ["Khỏe"] = "Khoẻ",
    };

    private static readonly Dictionary<string, string> OldPlacement = NewPlacement.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    private readonly Random random;
    private readonly HashSet<string> citizenIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> cards = new(StringComparer.Ordinal);
    private readonly string[] cellCodes;

    public RollGenerator(int seed, int registerSize)
    {
        random = new Random(seed);
        cellCodes = [.. Enumerable.Range(1, Math.Max(1, registerSize / 25)).Select(i => string.Create(CultureInfo.InvariantCulture, $"CB{i:00000}"))];
    }

    /// <summary>The register, then a roll of <paramref name="rollSize"/> rows drawn from it with noise.</summary>
    public GeneratedFiles Generate(int registerSize, int rollSize)
    {
        var register = new List<GeneratedPerson>(registerSize);
        var twins = 0;
        while (register.Count < registerSize)
        {
            var person = NewPerson();
            register.Add(person);
            // Hard negatives: a twin or sibling with the same family and middle name, birth date and (mostly) cell.
            if (register.Count < registerSize && random.NextDouble() < 0.03)
            {
                register.Add(SiblingOf(person));
                twins++;
            }
        }

        // The register's own spelling: half the clusters in the old tone placement.
        var registerLines = register.Select(p => Line(p with { FullName = Placement(p.FullName) }, p.Birth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), p.CitizenId, p.Card, p.Cell, Format(p.Admission))).ToList();

        var missingFromRegister = rollSize * 2 / 100;
        var duplicates = rollSize * 12 / 1000;
        var fromRegister = rollSize - missingFromRegister - duplicates;
        var rows = new List<GeneratedRollRow>(rollSize);
        foreach (var index in Sample(registerSize, fromRegister))
        {
            var (line, noise) = Noisy(register[index]);
            rows.Add(new GeneratedRollRow(line, index + 1, false, noise));
        }

        for (var i = 0; i < missingFromRegister; i++)
        {
            // A third of the people missing from the register are relatives of someone in it.
            var person = random.NextDouble() < 0.33 ? SiblingOf(register[random.Next(registerSize)]) : NewPerson();
            var (line, noise) = Noisy(person);
            rows.Add(new GeneratedRollRow(line, 0, false, "not in register; " + noise));
        }

        var written = rows.Count;
        for (var i = 0; i < duplicates; i++)
        {
            var original = rows[random.Next(written)];
            rows.Add(original with { IsDuplicate = true, Noise = "duplicate; " + original.Noise });
        }

        Shuffle(rows);
        return new GeneratedFiles(registerLines, rows, twins);
    }

    private GeneratedPerson NewPerson()
    {
        var male = random.NextDouble() < 0.6;
        var family = Pick(Families);
        var middles = random.NextDouble() switch
        {
            < 0.03 => [],
            < 0.15 => new[] { Pick(male ? MaleMiddles : FemaleMiddles), Pick(male ? MaleMiddles : FemaleMiddles) }.Distinct().ToArray(),
            _ => [Pick(male ? MaleMiddles : FemaleMiddles)],
        };
        var given = Pick(male ? MaleGivens : FemaleGivens);
        var birth = new DateOnly(1940, 1, 1).AddDays(random.Next(365 * 64));
        return new GeneratedPerson(string.Join(' ', [family, .. middles, given]), male, birth, NewCitizenId(male, birth), NewCard(),
            cellCodes[random.Next(cellCodes.Length)], birth.AddDays(random.Next(365 * 18, 365 * 45)));
    }

    private GeneratedPerson SiblingOf(GeneratedPerson person)
    {
        var words = person.FullName.Split(' ');
        var male = random.NextDouble() < 0.5;
        string given;
        do
        {
            given = Pick(male ? MaleGivens : FemaleGivens);
        }
        while (Fold(given) == Fold(words[^1]));

        words[^1] = given;
        return new GeneratedPerson(string.Join(' ', words), male, person.Birth, NewCitizenId(male, person.Birth), NewCard(),
            random.NextDouble() < 0.7 ? person.Cell : cellCodes[random.Next(cellCodes.Length)], person.Birth.AddDays(random.Next(365 * 18, 365 * 45)));
    }

    private (string Line, string Noise) Noisy(GeneratedPerson person)
    {
        var noise = new List<string>();
        var name = Placement(person.FullName);
        var words = name.Split(' ').ToList();
        if (words.Count > 2 && Chance(0.02))
        {
            words.RemoveAt(1 + random.Next(words.Count - 2));
            noise.Add("middle dropped");
        }
        else if (Chance(0.01))
        {
            words.Insert(words.Count - 1, Pick(person.Male ? MaleMiddles : FemaleMiddles));
            noise.Add("middle added");
        }

        if (Chance(0.03))
        {
            var at = random.Next(words.Count);
            words[at] = Typo(words[at]);
            noise.Add("typo");
        }

        if (words.Count >= 2 && Chance(0.015))
        {
            // Given-first, as foreign forms write it: "Hùng Văn Nguyễn" or "Văn Hùng Nguyễn".
            words = Chance(0.5) ? [words[^1], .. words.Skip(1).Take(words.Count - 2), words[0]] : [.. words.Skip(1), words[0]];
            noise.Add("given first");
        }

        name = string.Join(' ', words);
        if (Chance(0.07))
        {
            name = WithoutAccents(name);
            noise.Add("no accents");
        }

        if (name.Contains('Đ', StringComparison.Ordinal) && Chance(0.05))
        {
            name = name.Replace('Đ', 'Ð');
            noise.Add("eth");
        }

        if (Chance(0.05))
        {
            name = name.ToUpperInvariant();
        }

        if (Chance(0.05))
        {
            name = " " + name.Replace(" ", "  ", StringComparison.Ordinal) + " ";
        }

        var birth = person.Birth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var draw = random.NextDouble();
        if (draw < 0.02 && person.Birth.Day <= 12 && person.Birth.Day != person.Birth.Month)
        {
            birth = new DateOnly(person.Birth.Year, person.Birth.Day, person.Birth.Month).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            noise.Add("day and month swapped");
        }
        else if (draw is >= 0.02 and < 0.06)
        {
            birth = person.Birth.Year.ToString(CultureInfo.InvariantCulture);
            noise.Add("year only");
        }
        else if (draw is >= 0.06 and < 0.07)
        {
            birth = OneDigitOff(person.Birth);
            noise.Add("birth date one digit off");
        }
        else if (draw is >= 0.07 and < 0.075)
        {
            birth = string.Empty;
            noise.Add("no birth date");
        }

        var cell = person.Cell;
        if (Chance(0.05))
        {
            cell = cellCodes[random.Next(cellCodes.Length)];
            noise.Add("cell changed");
        }

        var citizenId = person.CitizenId is { } id && Chance(0.5) ? id : null;
        if (citizenId is not null && Chance(0.2))
        {
            citizenId = citizenId.TrimStart('0');
        }

        if (citizenId is not null && Chance(0.005))
        {
            citizenId = citizenId[..^1] + (char)('0' + ((citizenId[^1] - '0' + 1) % 10));
            noise.Add("citizen ID typo");
        }

        var card = person.Card is { } c && Chance(0.4) ? c : null;
        var admission = Chance(0.6) ? Format(Chance(0.03) ? person.Admission.AddDays(random.Next(1, 400)) : person.Admission) : string.Empty;
        return (Line(person with { FullName = name }, birth, citizenId, card, cell, admission), string.Join(", ", noise));
    }

    private static string Line(GeneratedPerson person, string birth, string? citizenId, string? card, string cell, string admission) =>
        string.Join(',', person.FullName, person.Male ? "Nam" : "Nữ", birth, citizenId, cell, "01-QĐ/ĐU", admission, card);

    private static string Format(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private string Placement(string name) =>
        string.Join(' ', name.Split(' ').Select(w => Chance(0.5) && (NewPlacement.TryGetValue(w, out var other) || OldPlacement.TryGetValue(w, out other)) ? other : w));

    private string Typo(string word)
    {
        if (word.Length < 2)
        {
            return word;
        }

        var at = random.Next(word.Length);
        var letters = "aăâeêioôơuưyđnhtgcmlkpqrsvx";
        return random.Next(4) switch
        {
            0 => word.Remove(at, 1),
            1 when at < word.Length - 1 => string.Concat(word.AsSpan(0, at), word[at + 1].ToString(), word[at].ToString(), word.AsSpan(at + 2)),
            2 => WithoutAccents(word[..at]) + word[at..],
            _ => string.Concat(word.AsSpan(0, at), letters[random.Next(letters.Length)].ToString(), word.AsSpan(at + 1)),
        };
    }

    private string OneDigitOff(DateOnly birth)
    {
        while (true)
        {
            var text = birth.ToString("ddMMyyyy", CultureInfo.InvariantCulture).ToCharArray();
            var at = random.Next(text.Length);
            text[at] = (char)('0' + random.Next(10));
            var changed = new string(text);
            if (DateOnly.TryParseExact(changed, "ddMMyyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date != birth && date.Year is > 1900 and < 2010)
            {
                return date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            }
        }
    }

    private string? NewCitizenId(bool male, DateOnly birth)
    {
        if (Chance(0.1))
        {
            return null;
        }

        while (true)
        {
            var century = (birth.Year >= 2000 ? 2 : 0) + (male ? 0 : 1);
            var id = string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 97):000}{century}{birth.Year % 100:00}{random.Next(1_000_000):000000}");
            if (citizenIds.Add(id))
            {
                return id;
            }
        }
    }

    private string? NewCard()
    {
        if (Chance(0.15))
        {
            return null;
        }

        while (true)
        {
            var card = string.Create(CultureInfo.InvariantCulture, $"{random.Next(10_000_000, 100_000_000)}");
            if (cards.Add(card))
            {
                return card;
            }
        }
    }

    private bool Chance(double p) => random.NextDouble() < p;

    private string Pick((string Name, double Weight)[] choices)
    {
        var total = choices.Sum(c => c.Weight);
        var draw = random.NextDouble() * total;
        foreach (var (name, weight) in choices)
        {
            draw -= weight;
            if (draw < 0)
            {
                return name;
            }
        }

        return choices[^1].Name;
    }

    private int[] Sample(int population, int count)
    {
        var all = Enumerable.Range(0, population).ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, population);
            (all[i], all[j]) = (all[j], all[i]);
        }

        return all[..count];
    }

    private void Shuffle<T>(List<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    private static (string, double)[] Tail(string[] names, double share)
    {
        var zipf = Zipf(names);
        var total = zipf.Sum(z => z.Weight);
        return [.. zipf.Select(z => (z.Name, z.Weight * share / total))];
    }

    private static (string Name, double Weight)[] Zipf(string[] names) =>
        [.. names.Select((n, i) => (n, 1.0 / Math.Pow(i + 1, 0.8)))];

    private static string WithoutAccents(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c switch { 'đ' => 'd', 'Đ' => 'D', _ => c });
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static string Fold(string text) => WithoutAccents(text).ToLowerInvariant();
}
