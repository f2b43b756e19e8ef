using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EventSourced.Domain.Content;
using EventSourced.Domain.Content.Coverage;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Content;

/// <summary>
/// The content coverage dashboard over HTTP: figures of March 2025 from published posts, a parent
/// equal to the sum of its children in the export, scope, content targets, and the expected documents
/// entered, imported (a malformed file refused with its rows and columns) and ticked off by the library.
/// </summary>
public sealed partial class CoverageTests(CoverageTests.Fixture app) : IClassFixture<CoverageTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var repost = new RepostSource("https://hanoi.dcs.vn/tin/1", "Cổng thông tin Đảng bộ Hà Nội", new LocalDate(2025, 2, 28));
            await PublishedPosts.PublishAsync(Store, PublishedPosts.City, PublishedPosts.News("Tin của Thành ủy", "Nội dung"), At(3, 5));
            await PublishedPosts.PublishAsync(Store, DemoUnits.BaDinh, PublishedPosts.Document("Kế hoạch quý II", "21-KH/QU", DocumentType.Plan, "Quận ủy Ba Đình", new LocalDate(2025, 3, 1)), At(3, 2));
            await PublishedPosts.PublishAsync(Store, DemoUnits.BaDinh, PublishedPosts.News("Tin đăng lại", "Nội dung") with { Repost = repost }, At(3, 3));
            await PublishedPosts.PublishAsync(Store, Grassroots, PublishedPosts.News("Tin của phường", "Nội dung"), At(3, 4));
            // Outside March: counts for the last post, not for the period.
            await PublishedPosts.PublishAsync(Store, Grassroots, PublishedPosts.News("Tin tháng Hai", "Nội dung"), At(2, 10));
        }

        public static Instant At(int month, int day) => Instant.FromUtc(2025, month, day, 3, 0);
    }

    private const string March = "from=2025-03-01&to=2025-03-31";

    private static OrganisationCreated Grassroots => DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);

    private static string Documents(OrganisationCreated unit) => $"/content/coverage/documents?unit={unit.Code}";

    [Fact]
    public async Task a_districts_posts_of_the_period_are_counted_and_its_line_is_the_sum_of_its_own_and_its_childrens()
    {
        var staff = await app.SignInAsync("staff");

        var page = await staff.GetTextAsync($"/content/coverage?unit={DemoUnits.BaDinh.Code}&{March}");
        var csv = await staff.GetAsync($"/content/coverage/export?unit={DemoUnits.BaDinh.Code}&{March}&format=csv");

        Kpi(page, "own").ShouldBe("2");
        Kpi(page, "total").ShouldBe("3");
        Kpi(page, "reposts").ShouldBe("1");
        Kpi(page, "from-above").ShouldBe("1");
        page.ShouldContain("data-testid=\"chart-posts\"");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rows = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        int Column(string[] row, int index) => int.Parse(row[index], System.Globalization.CultureInfo.InvariantCulture);
        var (district, children) = (rows[0], rows.Skip(1).ToList());
        district[0].ShouldBe(DemoUnits.BaDinh.Code);
        // Own posts, posts with the units below, originals, reposts.
        (Column(district, 2), Column(district, 3), Column(district, 7), Column(district, 8)).ShouldBe((2, 3, 2, 1));
        Column(district, 3).ShouldBe(Column(district, 2) + children.Sum(c => Column(c, 3)));
        children.Single(c => c[0] == Grassroots.Code).ShouldSatisfyAllConditions(c => Column(c, 3).ShouldBe(1), c => Column(c, 9).ShouldBe(3));
        (await staff.GetAsync($"/content/coverage/export?unit={DemoUnits.BaDinh.Code}&{March}&format=xlsx")).Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    [Fact]
    public async Task another_districts_coverage_and_expected_documents_are_refused()
    {
        var other = await app.SignInAsync("staff2");

        (await other.GetAsync($"/content/coverage?unit={DemoUnits.BaDinh.Code}")).Headers.Location!.ToString().ShouldContain("/forbidden");
        (await other.GetAsync($"/content/coverage/export?unit={DemoUnits.BaDinh.Code}&format=csv")).Headers.Location!.ToString().ShouldContain("/forbidden");
        (await other.GetAsync(Documents(DemoUnits.BaDinh))).Headers.Location!.ToString().ShouldContain("/forbidden");
        (await other.GetAsync($"/content/coverage?unit={DemoUnits.HoanKiem.Code}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_reversed_period_is_refused_with_a_message_and_this_month_is_shown()
    {
        var staff = await app.SignInAsync("staff");

        var page = await staff.GetTextAsync($"/content/coverage?unit={DemoUnits.BaDinh.Code}&from=2025-03-31&to=2025-03-01");

        page.ShouldContain("data-testid=\"form-error\"");
        page.ShouldShow(Texts.Vi("Coverage.PeriodInvalid", CoverageViewMaxDays));
    }

    [Fact]
    public async Task a_target_set_on_a_district_is_inherited_by_the_units_below_with_progress()
    {
        var staff = await app.SignInAsync("staff");
        var form = await staff.GetTextAsync($"/content/coverage?unit={DemoUnits.BaDinh.Code}");
        var version = VersionPattern().Match(form).Groups[1].Value;

        var saved = await staff.PostFormAsync($"/content/coverage?unit={DemoUnits.BaDinh.Code}", $"/content/coverage?handler=Target&unit={DemoUnits.BaDinh.Code}", new Dictionary<string, string>
        {
            ["Target.ExpectedVersion"] = version, ["Target.PostsPerMonth"] = "4", ["Target.BulletinsOnTimePercent"] = "90", ["Target.DecisionReference"] = "12-KH/BTGQU",
        });

        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var child = await staff.GetTextAsync($"/content/coverage?unit={Grassroots.Code}");
        Kpi(child, "target").ShouldContain(Texts.Vi("Coverage.TargetPosts", 4));
        Kpi(child, "target").ShouldContain(Texts.Vi("Installs.Inherited"));
        child.ShouldContain("data-testid=\"kpi-posts-progress\"");
    }

    [Fact]
    public async Task a_malformed_file_is_refused_with_its_rows_and_columns_and_nothing_is_stored()
    {
        var staff = await app.SignInAsync("staff");
        var before = await ListVersionAsync(DemoUnits.BaDinh);
        var csv = "Số hiệu,Tiêu đề,Loại,Kỳ\n01-NQ/QU,Nghị quyết về chuyển đổi số,Nghị quyết,2025\n02-CT/QU,Chỉ thị,Thơ,2025\n,Thiếu số,Kế hoạch,năm nay\n";

        var response = await UploadAsync(staff, DemoUnits.BaDinh, "danh-sach.csv", Encoding.UTF8.GetBytes(csv));
        var badHeader = await UploadAsync(staff, DemoUnits.BaDinh, "danh-sach.csv", Encoding.UTF8.GetBytes("Số hiệu,Tiêu đề,Ghi chú\n01-NQ/QU,Nghị quyết,x\n"));
        var notATable = await UploadAsync(staff, DemoUnits.BaDinh, "danh-sach.xlsx", "%PDF-1.4 not a spreadsheet"u8.ToArray());

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var errors = FileErrors(await response.Content.ReadAsStringAsync());
        errors.ShouldBe([("3", "C", "Coverage.DocumentKindUnknown"), ("4", "A", "Coverage.DocumentNumberRequired"), ("4", "D", "Coverage.DocumentPeriodInvalid")], ignoreOrder: true);
        badHeader.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        FileErrors(await badHeader.Content.ReadAsStringAsync()).ShouldContain(("1", "C", "Coverage.FileUnknownColumn"));
        notATable.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await notATable.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Import.WrongFileType\"");
        (await ListVersionAsync(DemoUnits.BaDinh)).ShouldBe(before);
    }

    [Fact]
    public async Task an_imported_list_is_stored_whole_and_an_expected_document_is_ticked_off_when_the_library_gets_its_number()
    {
        var staff = await app.SignInAsync("staff");
        var csv = "Số hiệu;Trích yếu;Loại văn bản;Nhiệm kỳ\n07-NQ/QU;Nghị quyết về văn hóa;Nghị quyết;2020-2025\n08-CT/QU;Chỉ thị về sinh hoạt chi bộ;Chỉ thị;2025\n";

        var imported = await UploadAsync(staff, DemoUnits.BaDinh, "van-ban.csv", Encoding.UTF8.GetBytes(csv));
        imported.StatusCode.ShouldBe(HttpStatusCode.Redirect, await imported.Content.ReadAsStringAsync());
        var dashboard = $"/content/coverage?unit={DemoUnits.BaDinh.Code}&{March}";
        Ticks(await staff.GetTextAsync(dashboard)).ShouldBe(new Dictionary<string, string> { ["07-NQ/QU"] = "false", ["08-CT/QU"] = "false" });

        await PublishedPosts.PublishAsync(app.Store, DemoUnits.BaDinh, PublishedPosts.Document("Nghị quyết về văn hóa", "07 – nq/qu", DocumentType.Resolution, "Quận ủy Ba Đình", new LocalDate(2025, 3, 10)), Fixture.At(4, 12));

        Ticks(await staff.GetTextAsync(dashboard)).ShouldBe(new Dictionary<string, string> { ["07-NQ/QU"] = "true", ["08-CT/QU"] = "false" });
        Ticks(await staff.GetTextAsync(Documents(DemoUnits.BaDinh)))["07-NQ/QU"].ShouldBe("true");
    }

    [Fact]
    public async Task a_list_typed_as_a_table_in_writer_is_imported_from_its_table()
    {
        var staff = await app.SignInAsync("staff");
        var unit = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);
        var document = Infrastructure.Rolls.RollSamples.Odt("<text:p>DANH MỤC VĂN BẢN CẦN ĐĂNG</text:p><table:table>"
            + Infrastructure.Rolls.RollSamples.OdsRow("Số hiệu", "Trích yếu", "Loại văn bản", "Nhiệm kỳ")
            + Infrastructure.Rolls.RollSamples.OdsRow("09-NQ/ĐU", "Nghị quyết về công tác cán bộ", "Nghị quyết", "2025")
            + "</table:table><text:p>T/M ĐẢNG ỦY</text:p>");

        var imported = await UploadAsync(staff, unit, "van-ban.odt", document);

        imported.StatusCode.ShouldBe(HttpStatusCode.Redirect, await imported.Content.ReadAsStringAsync());
        Ticks(await staff.GetTextAsync(Documents(unit))).Keys.ShouldContain("09-NQ/ĐU");
    }

    [Fact]
    public async Task the_same_number_added_twice_at_once_is_listed_once_and_the_other_form_is_refused()
    {
        var first = await app.SignInAsync("staff2");
        var second = await app.SignInAsync("staff2");
        var version = VersionPattern().Match(await first.GetTextAsync(Documents(DemoUnits.HoanKiem))).Groups[1].Value;
        var fields = new Dictionary<string, string>
        {
            ["ExpectedVersion"] = version, ["Document.Number"] = "15-NQ/QU", ["Document.Title"] = "Nghị quyết về chuyển đổi số", ["Document.Kind"] = "Resolution", ["Document.Period"] = "2025",
        };
        var post = $"/content/coverage/documents?handler=Add&unit={DemoUnits.HoanKiem.Code}";

        var (a, b) = await AtTheSameMoment.PostAsync(
            new AtTheSameMoment.Post(first, Documents(DemoUnits.HoanKiem), post, fields),
            new AtTheSameMoment.Post(second, Documents(DemoUnits.HoanKiem), post, fields));

        new[] { a.StatusCode, b.StatusCode }.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity], ignoreOrder: true);
        var refused = a.StatusCode == HttpStatusCode.Redirect ? b : a;
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"form-error\"");
        await using var session = app.Store.QuerySession();
        var list = await session.LoadAsync<ExpectedDocumentList>(ExpectedDocumentList.StreamIdFor(DemoUnits.HoanKiem.OrganisationId));
        list!.Documents.Count(d => d.Key == "15-NQ/QU").ShouldBe(1);

        var again = await first.PostFormAsync(Documents(DemoUnits.HoanKiem), post, new Dictionary<string, string>(fields) { ["ExpectedVersion"] = list.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        again.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await again.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Coverage.DocumentAlreadyListed\"");
    }

    private static int CoverageViewMaxDays => Web.Pages.Content.Coverage.CoverageView.MaxPeriodDays;

    private async Task<HttpResponseMessage> UploadAsync(WebSession session, OrganisationCreated unit, string name, byte[] bytes)
    {
        var page = await session.GetTextAsync(Documents(unit));
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await session.AntiforgeryTokenAsync(Documents(unit)),
            ["ExpectedVersion"] = VersionPattern().Match(page).Groups[1].Value,
        };
        return await session.PostFileRawAsync($"/content/coverage/documents?handler=Import&unit={unit.Code}", "Upload", name, bytes, fields);
    }

    private async Task<long> ListVersionAsync(OrganisationCreated unit)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(ExpectedDocumentList.StreamIdFor(unit.OrganisationId)))?.Version ?? 0;
    }

    private static string Kpi(string html, string name) =>
        Regex.Match(html, $"data-testid=\"kpi-{name}\">(.*?)</dd>", RegexOptions.Singleline).Groups[1].Value.Trim();

    private static List<(string Row, string Column, string Rule)> FileErrors(string html) =>
        [.. FileErrorPattern().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value))];

    private static Dictionary<string, string> Ticks(string html) =>
        TickPattern().Matches(html).ToDictionary(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), m => m.Groups[2].Value);

    [GeneratedRegex("name=\"(?:Target\\.)?ExpectedVersion\" value=\"(\\d+)\"")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("data-row=\"(\\d+)\" data-column=\"([A-Z]*)\" data-rule=\"([^\"]+)\"")]
    private static partial Regex FileErrorPattern();

    [GeneratedRegex("data-number=\"([^\"]+)\" data-in-library=\"(true|false)\"")]
    private static partial Regex TickPattern();
}
