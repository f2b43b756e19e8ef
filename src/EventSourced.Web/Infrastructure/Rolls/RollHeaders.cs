using System.Text.RegularExpressions;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;

namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// The headers a roll may give each <see cref="ImportColumns"/> column: Vietnamese or English, with
/// or without diacritics, in any case, with any spacing or punctuation ("Họ và tên", "HO VA TEN",
/// "ho_va_ten" and "Full name" are one column).
/// </summary>
public static partial class RollHeaders
{
    /// <summary>The header the template writes for each column, in the template's order.</summary>
    public static readonly IReadOnlyList<(string Column, string Header)> Template =
    [
        (ImportColumns.FullName, "Họ và tên"),
        (ImportColumns.Sex, "Giới tính"),
        (ImportColumns.DateOfBirth, "Ngày sinh"),
        (ImportColumns.CitizenId, "Số CCCD"),
        (ImportColumns.BirthName, "Họ tên khai sinh"),
        (ImportColumns.PlaceOfBirth, "Nơi sinh"),
        (ImportColumns.HomeTown, "Quê quán"),
        (ImportColumns.Ethnicity, "Dân tộc"),
        (ImportColumns.Religion, "Tôn giáo"),
        (ImportColumns.Phone, "Điện thoại"),
        (ImportColumns.CellCode, "Mã chi bộ"),
        (ImportColumns.AdmissionDecisionNumber, "Số quyết định kết nạp"),
        (ImportColumns.AdmissionDate, "Ngày vào Đảng"),
        (ImportColumns.CeremonyDate, "Ngày lễ kết nạp"),
        (ImportColumns.OfficialDate, "Ngày chính thức"),
        (ImportColumns.OfficialDecisionNumber, "Số quyết định chính thức"),
        (ImportColumns.CardNumber, "Số thẻ đảng viên"),
        (ImportColumns.Badges, "Huy hiệu đã nhận"),
    ];

    /// <summary>The aliases of each column; the canonical column name is one too.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Aliases = new Dictionary<string, string[]>
    {
        [ImportColumns.FullName] = ["Họ và tên", "Họ tên", "Họ và tên đảng viên", "Họ tên đảng viên", "Full name", "Name"],
        [ImportColumns.Sex] = ["Giới tính", "Giới", "Phái", "Nam/Nữ", "Sex", "Gender"],
        [ImportColumns.DateOfBirth] = ["Ngày sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh ngày", "Năm sinh", "Date of birth", "Birth date", "Born", "DOB"],
        [ImportColumns.CitizenId] = ["Số CCCD", "CCCD", "Căn cước", "Số căn cước", "Căn cước công dân", "Số căn cước công dân", "Số CMND/CCCD", "CMND/CCCD", "CCCD/CMND", "Số CMND", "CMND", "Số định danh", "Số định danh cá nhân", "Citizen ID", "National ID", "ID number"],
        [ImportColumns.BirthName] = ["Họ tên khai sinh", "Tên khai sinh", "Họ và tên khai sinh", "Birth name"],
        [ImportColumns.PlaceOfBirth] = ["Nơi sinh", "Place of birth", "Birthplace"],
        [ImportColumns.HomeTown] = ["Quê quán", "Quê", "Home town", "Hometown"],
        [ImportColumns.Ethnicity] = ["Dân tộc", "Ethnicity", "Ethnic group"],
        [ImportColumns.Religion] = ["Tôn giáo", "Religion"],
        [ImportColumns.Phone] = ["Điện thoại", "Số điện thoại", "SĐT", "ĐT", "Điện thoại di động", "Phone", "Phone number", "Mobile"],
        [ImportColumns.CellCode] = ["Mã chi bộ", "Chi bộ (mã)", "Chi bộ", "Tên chi bộ", "Sinh hoạt tại chi bộ", "Mã đơn vị", "Cell code", "Cell", "Unit code"],
        [ImportColumns.AdmissionDecisionNumber] = ["Số quyết định kết nạp", "Số QĐ kết nạp", "Số quyết định", "Admission decision number", "Decision number"],
        [ImportColumns.AdmissionDate] = ["Ngày vào Đảng", "Ngày kết nạp", "Ngày kết nạp Đảng", "Ngày quyết định kết nạp", "Ngày QĐ kết nạp", "Ngày quyết định", "Admission date", "Admission decision date", "Admitted", "Decision date"],
        [ImportColumns.CeremonyDate] = ["Ngày lễ kết nạp", "Ngày tổ chức lễ kết nạp", "Ceremony date", "Ceremony"],
        [ImportColumns.OfficialDate] = ["Ngày chính thức", "Ngày công nhận chính thức", "Ngày đảng viên chính thức", "Ngày chuyển chính thức", "Official date", "Official from"],
        [ImportColumns.OfficialDecisionNumber] = ["Số quyết định chính thức", "Số QĐ chính thức", "Số quyết định công nhận chính thức", "Official decision number"],
        [ImportColumns.CardNumber] = ["Số thẻ đảng viên", "Số thẻ", "Số thẻ Đảng", "Thẻ đảng viên", "Card number", "Party card number"],
        [ImportColumns.Badges] = ["Huy hiệu đã nhận", "Huy hiệu Đảng đã nhận", "Huy hiệu Đảng", "Huy hiệu", "Badges received", "Badges", "Party badges"],
    };

    /// <summary>
    /// A full name kept in two columns, as many printed rolls keep it ("Họ và tên đệm" | "Tên", or "Họ và tên"
    /// merged over "Họ đệm" and "Tên"): the reader joins the two into <see cref="ImportColumns.FullName"/>
    /// (decision 0045). Not columns of the import's template.
    /// </summary>
    public const string FamilyAndMiddleName = "FullName.FamilyAndMiddle";

    /// <inheritdoc cref="FamilyAndMiddleName"/>
    public const string GivenName = "FullName.Given";

    /// <summary>The two parts of a name and their headers, in the order they are joined.</summary>
    public static readonly IReadOnlyList<(string Column, string Header)> NameParts =
    [
        (FamilyAndMiddleName, "Họ và tên đệm"),
        (GivenName, "Tên"),
    ];

    /// <summary>
    /// The date of birth written in the column of the member's sex, as the classic form prints it ("Ngày
    /// sinh" merged over "Nam" and "Nữ"): the reader takes the date from whichever is filled and the sex from
    /// its column (decision 0045).
    /// </summary>
    public const string BirthIfMale = "DateOfBirth.Male";

    /// <inheritdoc cref="BirthIfMale"/>
    public const string BirthIfFemale = "DateOfBirth.Female";

    /// <summary>The two columns of a date of birth by sex, and their headers.</summary>
    public static readonly IReadOnlyList<(string Column, string Header)> BirthBySex =
    [
        (BirthIfMale, "Ngày sinh (Nam)"),
        (BirthIfFemale, "Ngày sinh (Nữ)"),
    ];

    /// <summary>The column a sub-header names under a group: "Nam" or "Nữ" under a date of birth is that date for that sex.</summary>
    public static string? ColumnUnder(string group, string header)
    {
        if (ColumnFor(group) == ImportColumns.DateOfBirth)
        {
            switch (Key(header))
            {
                case "nam" or "male":
                    return BirthIfMale;
                case "nu" or "female":
                    return BirthIfFemale;
            }
        }

        // A date or a number under a header is a member's value, not a sub-header.
        if (Words(header, notes: true).Count == 0)
        {
            return null;
        }

        // Exact names first ("Họ và tên" over "Tên" is the given name, not a full name), then by their words
        // ("Ngày vào Đảng" over "Chính thức" is the official date).
        // The words together must name another column than the group alone: under "Họ và tên" a member's name is
        // not a sub-header, nor a date under "Ngày sinh", and a row of them is never taken for one.
        return Exact($"{group} {header}") ?? Exact($"{header} {group}") ?? Exact(header)
            ?? (Words(header, notes: false) is { Count: > 0 } words && ByWords($"{group} {header}") is { } together
                && (together != ByWords(group) || words.All(Vocabulary.Contains)) ? together : null)
            ?? ByWords(header);
    }

    private static readonly Dictionary<string, string[]> NamePartAliases = new()
    {
        [FamilyAndMiddleName] = ["Họ và tên đệm", "Họ và chữ đệm", "Họ, tên đệm", "Họ tên đệm", "Họ đệm", "Họ và đệm", "Họ", "Family and middle name", "Family name", "Surname"],
        [GivenName] = ["Tên", "Tên gọi", "Given name", "First name"],
    };

    private static readonly Dictionary<string, string> ByKey = BuildKeys();

    /// <summary>The Vietnamese header of a canonical column (or a part of the name), for messages and the template.</summary>
    public static string HeaderOf(string column) =>
        Template.Concat(NameParts).Concat(BirthBySex).FirstOrDefault(h => h.Column == column).Header ?? column;

    /// <summary>True when <paramref name="columns"/> give <paramref name="required"/>: the full name either whole or in its two parts.</summary>
    public static bool Gives(IEnumerable<string?> columns, string required)
    {
        var given = columns.ToHashSet();
        return given.Contains(required)
            || (required == ImportColumns.FullName && given.Contains(FamilyAndMiddleName) && given.Contains(GivenName))
            || (required == ImportColumns.DateOfBirth && given.Contains(BirthIfMale) && given.Contains(BirthIfFemale));
    }

    /// <summary>
    /// The canonical column a header names, or null. A note in brackets ("Họ và tên (ghi đầy đủ)")
    /// is ignored when the whole header is not known.
    /// </summary>
    public static string? ColumnFor(string? header) => Exact(header) ?? ByWords(header);

    /// <summary>A header written as one of the <see cref="Aliases"/>, case, diacritics, spacing, punctuation and a note in brackets or a footnote mark aside.</summary>
    private static string? Exact(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        return ByKey.GetValueOrDefault(Key(header))
            ?? (Bracketed().Replace(header, " ") is var bare && bare != header ? ByKey.GetValueOrDefault(Key(bare)) : null)
            ?? (Words(header, notes: false) is { Count: > 0 } words ? ByKey.GetValueOrDefault(string.Concat(words)) : null);
    }

    /// <summary>
    /// The row's ordinal ("STT", "TT", "Số TT", "Số thứ tự", "No."), which printed rolls put first: a header
    /// the reader knows and reads nothing from, so the member import does not refuse it as unknown.
    /// </summary>
    public static bool IsOrdinal(string? header) =>
        !string.IsNullOrWhiteSpace(header) && Key(header) is "stt" or "tt" or "sott" or "sothutu" or "thutu" or "no" or "nr";

    /// <summary>
    /// A header the reader knows and reads nothing from: the row's ordinal, or a column rolls carry that the register
    /// does not keep (a post, "Chức vụ", "Chức danh"; a signature, "Ký tên", "Chữ ký"). The member import does not
    /// refuse a file for it, and reconciliation does not offer it as a column to map.
    /// </summary>
    public static bool IsIgnored(string? header)
    {
        if (IsOrdinal(header))
        {
            return true;
        }

        // A sub-header under a group ("Đảng / Chức vụ") is ignored as the sub-header alone would be.
        if (header!.LastIndexOf(" / ", StringComparison.Ordinal) is var group and > 0)
        {
            return IsIgnored(header[(group + 3)..]);
        }

        var words = Words(header, notes: false);
        return words.Count is > 0 and <= MaxWords && ColumnFor(header) is null
            && (Starts(words, "chuc", "vu") || Starts(words, "chuc", "danh") || Starts(words, "ky", "ten") || Starts(words, "ky", "nhan") || Starts(words, "chu", "ky")
                || words is ["position"] or ["post"] or ["signature"]);
    }

    /// <summary>A longer header is a title or a sentence, not a column's name: it is recognised only as written in <see cref="Aliases"/>.</summary>
    private const int MaxWords = 10;

    /// <summary>
    /// The words of a header: folded (no diacritics, lower case), cut at anything not a letter or digit and between
    /// letters and digits ("Ngày sinh¹", "Ngày sinh (1)", "NGÀY SINH:", "Ngày\nsinh" are "ngay sinh"). Numbers are
    /// footnote marks or column numbers, never part of a column's name, and are left out; so is a note in brackets
    /// unless <paramref name="notes"/>, or unless it names a sex ("Ngày sinh (Nữ)").
    /// </summary>
    public static IReadOnlyList<string> Words(string? header, bool notes)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return [];
        }

        var text = notes ? header : Bracketed().Replace(header, m => Key(m.Value) is "nam" or "nu" or "male" or "female" ? m.Value : " ");
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var folded = VietnameseText.Fold(text.Normalize(System.Text.NormalizationForm.FormKC));
        for (var i = 0; i <= folded.Length; i++)
        {
            var c = i < folded.Length ? folded[i] : ' ';
            if (word.Length > 0 && (!char.IsLetterOrDigit(c) || char.IsDigit(c) != char.IsDigit(word[^1])))
            {
                if (!char.IsDigit(word[0]))
                {
                    words.Add(word.ToString());
                }

                word.Clear();
            }

            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
        }

        return words;
    }

    /// <summary>
    /// The column a header names by its words, as clerks vary them: "Số CCCD/CMND", "Số thẻ ĐV", "Ngày, tháng, năm vào
    /// Đảng", "NGÀY CHÍNH THỨC:", "Quê quán¹". Each column is known by the words that name it and refused on words that
    /// name something else beside them (the date or place a card or an ID was issued, "sinh hoạt" that is not a birth).
    /// Tried without a note in brackets first, then with it ("Nơi sinh hoạt (chi bộ)").
    /// </summary>
    private static string? ByWords(string? header) =>
        ByWords(Words(header, notes: false)) ?? (Words(header, notes: true) is var all && all.Count > Words(header, notes: false).Count ? ByWords(all) : null);

    private static string? ByWords(IReadOnlyList<string> w)
    {
        if (w.Count is 0 or > MaxWords)
        {
            return null;
        }

        bool Has(params string[] phrase) => Contains(w, phrase);
        bool Any(params string[] words) => w.Any(words.Contains);
        var date = Any("ngay", "thang", "nam", "date", "day", "year");
        var decision = Any("qd") || Has("quyet", "dinh") || Any("decision");

        if (Has("gioi", "tinh") || w is ["gioi"] or ["phai"] or ["nam", "nu"] or ["sex"] or ["gender"])
        {
            return ImportColumns.Sex;
        }

        if (Has("khai", "sinh") && Any("ten") && !Any("ngay", "noi"))
        {
            return ImportColumns.BirthName;
        }

        if ((Has("noi", "sinh") || Has("place", "of", "birth") || Has("birth", "place") || Any("birthplace")) && !Any("hoat"))
        {
            return ImportColumns.PlaceOfBirth;
        }

        if ((Has("ngay", "sinh") || Has("thang", "sinh") || Has("nam", "sinh") || Has("sinh", "ngay") || Has("sinh", "nam") || Has("date", "of", "birth") || Has("birth", "date") || Any("dob", "birthday", "born"))
            && !Any("hoat", "noi", "khai", "place"))
        {
            // "Ngày sinh Nam" and "Ngày sinh Nữ", two columns of the classic form written out on one row.
            return w[^1] is "nu" or "female" ? BirthIfFemale
                : w[^1] is "male" || (w[^1] == "nam" && w[^2] != "sinh") ? BirthIfMale
                : ImportColumns.DateOfBirth;
        }

        if (Has("que", "quan") || Has("nguyen", "quan") || w is ["que"] || Has("home", "town") || Any("hometown"))
        {
            return ImportColumns.HomeTown;
        }

        if (Has("dan", "toc") || Any("ethnicity", "ethnic"))
        {
            return ImportColumns.Ethnicity;
        }

        if (Has("ton", "giao") || Any("religion"))
        {
            return ImportColumns.Religion;
        }

        if (Has("dien", "thoai") || Has("di", "dong") || Any("sdt", "dtdd", "phone", "mobile", "tel") || w is ["dt"] or ["so", "dt"])
        {
            return ImportColumns.Phone;
        }

        // The date, place or authority an ID or a card was issued by is not the ID or the card.
        var issued = date || Any("noi", "cap", "phat", "han", "place", "issued", "issue", "expiry");
        if ((Any("cccd", "cmnd", "cmt", "cmtnd", "cancuoc") || Has("can", "cuoc") || Has("chung", "minh") || Has("dinh", "danh") || Any("citizen") || Has("national", "id") || Has("id", "number"))
            && !issued)
        {
            return ImportColumns.CitizenId;
        }

        if ((Has("the", "dang") || Has("the", "dv") || Any("card") || w is ["so", "the"] or ["the"]) && !issued && !Any("bhyt", "hoi", "ngan", "hang"))
        {
            return ImportColumns.CardNumber;
        }

        if (Has("chinh", "thuc") || Any("official"))
        {
            return decision && !Any("ngay", "thang", "date") ? ImportColumns.OfficialDecisionNumber
                : !decision && (date || Has("vao", "dang")) ? ImportColumns.OfficialDate
                : null;
        }

        if (Has("le", "ket", "nap") || Any("ceremony"))
        {
            return ImportColumns.CeremonyDate;
        }

        if (decision && !Any("ngay", "thang", "date") && (Any("so", "number") || Has("ket", "nap")))
        {
            return ImportColumns.AdmissionDecisionNumber;
        }

        if ((Has("ket", "nap") || Has("vao", "dang") || Has("du", "bi") || Any("admission", "admitted")) && date && !Any("so", "le"))
        {
            return ImportColumns.AdmissionDate;
        }

        if (w[0] == "ho" && Any("dem"))
        {
            return FamilyAndMiddleName;
        }

        if ((Has("ho", "ten") || Has("ho", "va", "ten") || Has("full", "name")) && !Any("dem", "khai"))
        {
            return ImportColumns.FullName;
        }

        // A cell's name or code, and nothing else: a title naming a cell ("DANH SÁCH ĐẢNG VIÊN CHI BỘ 3") is not a header.
        if ((Has("chi", "bo") || w is ["cb"]) && !Any("bi", "thu") && w.All(CellWords.Contains))
        {
            return ImportColumns.CellCode;
        }

        return null;
    }

    /// <summary>The words headers are made of: a sub-header of nothing but these ("Dự bị" under "Ngày vào Đảng") may complete its group's column.</summary>
    private static readonly HashSet<string> Vocabulary =
    [
        .. Aliases.Values.Concat(NamePartAliases.Values).SelectMany(a => a).SelectMany(a => Words(a, notes: true)),
        "du", "bi", "chinh", "thuc", "nam", "nu", "thang", "ngay", "so",
    ];

    private static readonly HashSet<string> CellWords = ["ma", "ten", "so", "chi", "bo", "cb", "sinh", "hoat", "tai", "noi", "dang", "don", "vi", "truc", "thuoc", "hien", "nay"];

    private static bool Starts(IReadOnlyList<string> words, params string[] phrase) =>
        words.Count >= phrase.Length && phrase.Select((p, i) => words[i] == p).All(x => x);

    private static bool Contains(IReadOnlyList<string> words, string[] phrase)
    {
        for (var i = 0; i + phrase.Length <= words.Count; i++)
        {
            var j = 0;
            while (j < phrase.Length && words[i + j] == phrase[j])
            {
                j++;
            }

            if (j == phrase.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Folded (no diacritics, lower case) and only letters and digits.</summary>
    public static string Key(string header) =>
        new(VietnameseText.Fold(header).Where(char.IsLetterOrDigit).ToArray());

    private static Dictionary<string, string> BuildKeys()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in ImportColumns.All.Concat(NamePartAliases.Keys))
        {
            foreach (var header in (Aliases.GetValueOrDefault(column) ?? NamePartAliases.GetValueOrDefault(column) ?? []).Prepend(column))
            {
                // One header naming two columns would be read as whichever came last: refuse at start-up instead.
                if (map.TryGetValue(Key(header), out var other) && other != column)
                {
                    throw new InvalidOperationException($"The header \"{header}\" names both {other} and {column}.");
                }

                map[Key(header)] = column;
            }
        }

        return map;
    }

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Bracketed();
}
