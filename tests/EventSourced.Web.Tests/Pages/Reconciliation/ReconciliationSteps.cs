using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using ReconciliationState = EventSourced.Domain.Reconciliation.Reconciliation;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>
/// The steps of a unit's reconciliation as staff take them through its pages: a roll uploaded and its
/// proposed columns confirmed, the background matching waited for, items resolved, the reconciliation
/// finished. Each test class has its own database, so the Ba Đình cells can be shared out per test.
/// </summary>
public static partial class ReconciliationSteps
{
    public const string Header = "Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã chi bộ";

    /// <summary>The Ba Đình cells: each test reconciles its own, so the tests' registers do not mix.</summary>
    public static readonly List<string> Cells = DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId)
        .SelectMany(g => DemoUnits.ChildrenOf(g.OrganisationId))
        .Where(u => u.Kind == EventSourced.Domain.Organisations.OrganisationKind.Cell)
        .Select(u => u.Code)
        .ToList();

    public static string PathOf(string cell) => "/reconciliation/units/" + cell;

    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    public static byte[] Csv(params string[] rows) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(string.Join("\r\n", rows.Prepend(Header)) + "\r\n")];

    public static Task<Guid> AdmitAsync(WebSession staff, string name, string citizenId, string cell)
    {
        var fields = AdmissionForm.Fields(name, citizenId);
        fields["CellCode"] = cell;
        return AdmissionForm.AdmitAsync(staff, fields);
    }

    /// <summary>Uploads <paramref name="roll"/> for <paramref name="cell"/> and confirms the columns the page proposes; returns the reconciliation's id.</summary>
    public static async Task<Guid> UploadAsync(WebSession staff, string cell, byte[] roll, string referenceDate = "2025-01-01", Guid? roundId = null)
    {
        var unitPath = PathOf(cell);
        var fields = new Dictionary<string, string> { ["ReferenceDate"] = referenceDate };
        if (roundId is { } round)
        {
            fields["round"] = round.ToString();
        }

        var upload = await staff.PostFileAsync(unitPath, unitPath, "Upload", "danh-sach.csv", roll, fields);
        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect, await upload.Content.ReadAsStringAsync());
        var columnsPath = upload.Headers.Location!.ToString();
        var columns = new Dictionary<string, string>();
        foreach (Match select in SelectedColumn().Matches(await staff.GetTextAsync(columnsPath)))
        {
            columns[$"Columns[{select.Groups["index"].Value}]"] = select.Groups["column"].Value;
        }

        var confirm = await staff.PostFormAsync(columnsPath, columnsPath, columns);
        confirm.StatusCode.ShouldBe(HttpStatusCode.Redirect, await confirm.Content.ReadAsStringAsync());
        return Guid.Parse(columnsPath.Split('/')[^2]);
    }

    /// <summary>Opens a round over Ba Đình as of 1 January 2025 through the form at /reconciliation; returns its id.</summary>
    public static async Task<Guid> OpenRoundAsync(WebSession staff)
    {
        var roundId = Guid.CreateVersion7();
        var open = await staff.PostFormAsync("/reconciliation", "/reconciliation", new Dictionary<string, string>
        {
            ["NewRoundId"] = roundId.ToString(),
            ["UnitCode"] = DemoUnits.BaDinh.Code,
            ["Name"] = "Rà soát 2025",
            ["ReferenceDate"] = "2025-01-01",
            ["Deadline"] = "2025-07-31",
            ["DecisionReference"] = "15-KH/QU",
        });
        open.StatusCode.ShouldBe(HttpStatusCode.Redirect, await open.Content.ReadAsStringAsync());
        return roundId;
    }

    /// <summary>Waits for the background matching by reading the snapshot, up to a generous limit.</summary>
    public static async Task<ReconciliationState> MatchedAsync(IDocumentStore store, Guid id) =>
        (await Eventually.UntilAsync(
            async () =>
            {
                await using var session = store.QuerySession();
                return await session.LoadAsync<ReconciliationState>(id);
            },
            state => state is { Status: not ReconciliationStatus.Matching },
            TimeSpan.FromSeconds(60),
            $"the background matching of reconciliation {id}",
            shown: state => state?.Status))!;

    public static async Task<ReconciliationState> StateAsync(IDocumentStore store, Guid id)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<ReconciliationState>(id)).ShouldNotBeNull();
    }

    public static async Task<IReadOnlyList<ReconciliationItem>> ItemsAsync(IDocumentStore store, Guid id)
    {
        await using var session = store.QuerySession();
        return await session.Query<ReconciliationItem>().Where(i => i.ReconciliationId == id).OrderBy(i => i.Number).ToListAsync();
    }

    public static Dictionary<string, string> ResolveFields(int version, int item, string reason, string resolution = Resolutions.NoChangeNeeded) => new()
    {
        ["ExpectedVersion"] = Number(version),
        ["ItemNumber"] = Number(item),
        ["Resolution"] = resolution,
        ["Reason"] = reason,
    };

    /// <summary>Resolves every item that needs a decision as needing no change, then finishes; returns the finished version.</summary>
    public static async Task<int> ResolveAllAndFinishAsync(WebSession staff, IDocumentStore store, string cell, Guid id)
    {
        var path = $"{PathOf(cell)}/{id}";
        var version = (await MatchedAsync(store, id)).Version;
        foreach (var item in (await ItemsAsync(store, id)).Where(i => i.Category != ItemCategory.Matched))
        {
            var resolve = await staff.PostFormAsync(path, path + "?handler=Resolve", ResolveFields(version, item.Number, "Đã kiểm tra"));
            resolve.StatusCode.ShouldBe(HttpStatusCode.Redirect, await resolve.Content.ReadAsStringAsync());
            version++;
        }

        var finish = await staff.PostFormAsync(path, path + "?handler=Finish", new Dictionary<string, string> { ["ExpectedVersion"] = Number(version) });
        finish.StatusCode.ShouldBe(HttpStatusCode.Redirect, await finish.Content.ReadAsStringAsync());
        return version + 1;
    }

    [GeneratedRegex("""<select id="column-(?<index>\d+)"[^>]*>(?:(?!</select>).)*?<option value="(?<column>[A-Za-z]+)" selected="selected">""", RegexOptions.Singleline)]
    private static partial Regex SelectedColumn();
}
