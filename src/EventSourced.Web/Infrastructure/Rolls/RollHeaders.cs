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

        return ColumnFor($"{group} {header}") ?? ColumnFor($"{header} {group}") ?? ColumnFor(header);
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
    public static string? ColumnFor(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        return ByKey.GetValueOrDefault(Key(header))
            ?? (Bracketed().Replace(header, " ") is var bare && bare != header ? ByKey.GetValueOrDefault(Key(bare)) : null);
    }

    /// <summary>
    /// The row's ordinal ("STT", "TT", "Số TT", "Số thứ tự", "No."), which printed rolls put first: a header
    /// the reader knows and reads nothing from, so the member import does not refuse it as unknown.
    /// </summary>
    public static bool IsOrdinal(string? header) =>
        !string.IsNullOrWhiteSpace(header) && Key(header) is "stt" or "tt" or "sott" or "sothutu" or "thutu" or "no" or "nr";

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
