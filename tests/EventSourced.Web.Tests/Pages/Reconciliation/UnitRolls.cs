using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>A unit's roll through its pages, as the reconciliation tests drive it: upload, columns, matching, items.</summary>
public static partial class UnitRolls
{
    public const string Header = "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã chi bộ";

    public static readonly Dictionary<string, string> ReferenceDate = new() { ["ReferenceDate"] = "2025-01-01" };

    public static string PathOf(string cell) => "/reconciliation/units/" + cell;

    public static Task<Guid> AdmitAsync(WebSession staff, string name, string citizenId, string cell)
    {
        var fields = AdmissionForm.Fields(name, citizenId);
        fields["CellCode"] = cell;
        return AdmissionForm.AdmitAsync(staff, fields);
    }

    public static byte[] Csv(string header, params string[] rows) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(string.Join("\r\n", rows.Prepend(header)) + "\r\n")];

    /// <summary>Uploads <paramref name="roll"/> and reads the columns page: its path and the columns as proposed (or as <paramref name="columns"/> changes them), not yet confirmed.</summary>
    public static async Task<(string ColumnsPath, Dictionary<string, string> Fields)> UploadUnconfirmedAsync(WebSession staff, string cell, byte[] roll, IDictionary<string, string>? columns = null, Guid? round = null)
    {
        // In a round, the unit's page is opened from the round's link, as staff open it.
        var unitPath = PathOf(cell) + (round is { } id ? $"?round={id}" : string.Empty);
        var upload = await staff.PostFileAsync(unitPath, unitPath, "Upload", "danh-sach.csv", roll, ReferenceDate);
        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect, await upload.Content.ReadAsStringAsync());
        var columnsPath = upload.Headers.Location!.ToString();
        columnsPath.ShouldEndWith("/columns");
        var fields = new Dictionary<string, string>();
        var page = await staff.GetTextAsync(columnsPath);
        foreach (Match select in SelectedColumn().Matches(page))
        {
            fields[$"Columns[{select.Groups["index"].Value}]"] = select.Groups["column"].Value;
        }

        foreach (var (name, value) in columns ?? new Dictionary<string, string>())
        {
            fields[name] = value;
        }

        return (columnsPath, fields);
    }

    public static async Task<Guid> UploadAsync(WebSession staff, string cell, byte[] roll, IDictionary<string, string>? columns = null, Guid? round = null)
    {
        var (columnsPath, fields) = await UploadUnconfirmedAsync(staff, cell, roll, columns, round);
        var confirm = await staff.PostFormAsync(columnsPath, columnsPath, fields);
        confirm.StatusCode.ShouldBe(HttpStatusCode.Redirect, await confirm.Content.ReadAsStringAsync());
        return Guid.Parse(columnsPath.Split('/')[^2]);
    }

    [GeneratedRegex("""<select id="column-(?<index>\d+)"[^>]*>(?:(?!</select>).)*?<option value="(?<column>[A-Za-z]+)" selected="selected">""", RegexOptions.Singleline)]
    private static partial Regex SelectedColumn();
}
