using System.Text;
using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;
using Microsoft.Playwright;

namespace EventSourced.Browser.Tests.Reconciliation;

/// <summary>
/// A cell's roll compared with the register as staff do it: upload, confirm the proposed columns, watch
/// the matching finish (the page polls with htmx and reloads), and resolve a row missing from the register.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class UnitReconciliationTests(AppProcess app)
{
    private static readonly OrganisationCreated Cell = DemoCity.Build(DemoSize.Small)
        .Last(u => u.Kind == OrganisationKind.Cell && u.Code.StartsWith("HN.BD.", StringComparison.Ordinal));

    [BrowserFact]
    public async Task staff_upload_a_cells_roll_confirm_its_columns_and_resolve_a_row_missing_from_the_register()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "staff");
        await page.GotoAsync("/reconciliation/units/" + Cell.Code);
        await page.Locator("#ReferenceDate").FillAsync("2025-01-01");
        // As the cell prints it for its meeting: a title above the header and the total and signature under
        // the member, which the reader leaves out and lists (decision 0045).
        var roll = Encoding.UTF8.GetBytes(
            "CHI BỘ KHU DÂN CƯ SỐ 3,,,,\r\n"
            + "DANH SÁCH ĐẢNG VIÊN,,,,\r\n"
            + $"Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã chi bộ\r\nKhổng Văn Thử,09/09/1979,Nam,,{Cell.Code}\r\n"
            + "Tổng số: 1 đảng viên,,,,\r\n"
            + ",,,,T/M CHI BỘ\r\n");
        await page.Locator("#Upload").SetInputFilesAsync(new FilePayload { Name = "danh-sach.csv", MimeType = "text/csv", Buffer = roll });
        await page.Locator("[data-testid=reconciliation-upload] button[type=submit]").ClickAsync();

        await page.WaitForAddressAsync(url => url.EndsWith("/columns", StringComparison.Ordinal));
        await Expect(page.Locator("#column-0")).ToHaveValueAsync("FullName");
        await Expect(page.Locator("[data-testid=roll-skipped] li")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid=roll-skipped] li[data-kind=Title]")).ToHaveAttributeAsync("data-last-row", "2");
        await Accessibility.AssertAccessibleAsync(page);
        await page.Locator("[data-testid=reconciliation-columns] button[type=submit]").ClickAsync();

        await Expect(page.Locator("[data-testid=reconciliation-status]")).ToHaveAttributeAsync("data-status", "InProgress", new() { Timeout = 30_000 });
        var row = page.Locator("[data-testid=reconciliation-items] tr[data-category=OnRollOnly]").Filter(new() { HasText = "Khổng Văn Thử" });
        await row.Locator("select").SelectOptionAsync("NoChangeNeeded");
        await row.Locator("input[name=Reason]").FillAsync("Người mới chuyển đến, đang làm thủ tục");
        await row.Locator("button[type=submit]").ClickAsync();

        await Expect(page.Locator("[data-testid=reconciliation-items] tr[data-category=OnRollOnly]").Filter(new() { HasText = "Khổng Văn Thử" }))
            .ToHaveAttributeAsync("data-resolved", "True");
        await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-reconciliation.png"), FullPage = true });

        // The roll turns out to be another cell's: abandoned from the keyboard, with why, and kept as a record.
        await page.Locator("[data-testid=abandon] summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#abandon-reason").FillAsync("Tải nhầm danh sách của chi bộ khác");
        await Accessibility.AssertAccessibleAsync(page);
        await page.Locator("[data-testid=abandon-form] button[type=submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=reconciliation-status]")).ToHaveAttributeAsync("data-status", "Abandoned");
        await Expect(page.Locator("[data-testid=abandoned]")).ToContainTextAsync("Tải nhầm danh sách của chi bộ khác");
        await Expect(page.Locator("[data-testid=abandon-form]")).ToHaveCountAsync(0);
        await Accessibility.AssertAccessibleAsync(page);
    }

    [BrowserFact]
    public async Task a_roll_typed_in_a_vn3_font_shows_its_columns_in_vietnamese_with_a_notice_to_check_the_names()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "staff");
        await page.GotoAsync("/reconciliation/units/" + Cell.Code);
        await page.Locator("#ReferenceDate").FillAsync("2025-01-01");
        // "Họ và tên", "Ngày sinh", "Khổng Văn Thử" as the bytes of a .VnTime sheet saved as CSV (decision 0046).
        var roll = Encoding.Latin1.GetBytes("Hä vµ tªn,Ngµy sinh\r\nKhæng V¨n Thö,09/09/1979\r\nTrÇn ThÞ Lan,01/02/1990\r\n");
        await page.Locator("#Upload").SetInputFilesAsync(new FilePayload { Name = "danh-sach.csv", MimeType = "text/csv", Buffer = roll });
        await page.Locator("[data-testid=reconciliation-upload] button[type=submit]").ClickAsync();

        await page.WaitForAddressAsync(url => url.EndsWith("/columns", StringComparison.Ordinal));
        await Expect(page.Locator("[data-testid=import-notice][data-code='Import.ReadAsTcvn3']")).ToBeVisibleAsync();
        await Expect(page.Locator("label[for=column-0]")).ToContainTextAsync("Họ và tên");
        await Expect(page.Locator("#column-0")).ToHaveValueAsync("FullName");
        await Expect(page.Locator("#column-1")).ToHaveValueAsync("DateOfBirth");
        await Accessibility.AssertAccessibleAsync(page);
    }

    [BrowserFact]
    public async Task a_calc_workbook_with_a_sheet_per_cell_is_read_as_one_roll_and_the_columns_page_lists_its_sheets()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "staff");
        await page.GotoAsync("/reconciliation/units/" + Cell.Code);
        await page.Locator("#ReferenceDate").FillAsync("2025-01-01");
        static string Row(params string[] cells) => "<table:table-row>"
            + string.Concat(cells.Select(c => $"<table:table-cell office:value-type=\"string\"><text:p>{c}</text:p></table:table-cell>")) + "</table:table-row>";
        var roll = Calc(
            "<table:table table:name=\"Chi bộ 1\">" + Row("Họ và tên", "Ngày sinh") + Row("Khổng Văn Thử", "09/09/1979") + "</table:table>"
            + "<table:table table:name=\"Chi bộ 2\">" + Row("Họ và tên", "Ngày sinh") + Row("Trần Thị Lan", "01/02/1990") + "</table:table>"
            + "<table:table table:name=\"Tổng hợp\">" + Row("Chi bộ", "Số đảng viên") + Row("Chi bộ 1", "1") + "</table:table>");
        await page.Locator("#Upload").SetInputFilesAsync(new FilePayload { Name = "danh-sach.ods", MimeType = "application/vnd.oasis.opendocument.spreadsheet", Buffer = roll });
        await page.Locator("[data-testid=reconciliation-upload] button[type=submit]").ClickAsync();

        await page.WaitForAddressAsync(url => url.EndsWith("/columns", StringComparison.Ordinal));
        // Both cells' sheets are one roll (decision 0048); the summary sheet, under other headers, is left out and said.
        await Expect(page.Locator("[data-testid=import-notice][data-code='Import.SheetsPartlyRead']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=roll-sheets] tr[data-sheet='Chi bộ 2'][data-read=true]")).ToContainTextAsync("3–4");
        await Expect(page.Locator("[data-testid=roll-sheets] tr[data-sheet='Tổng hợp'][data-read=false]")).ToContainTextAsync("tiêu đề cột khác");
        await Expect(page.Locator("#column-0")).ToHaveValueAsync("FullName");
        await Expect(page.Locator("#column-1")).ToHaveValueAsync("DateOfBirth");
        await Accessibility.AssertAccessibleAsync(page);

        // One sheet alone, chosen from the keyboard: read again, numbered as on its sheet.
        await page.Locator("#sheet").SelectOptionAsync(new SelectOptionValue { Label = "2. Chi bộ 2" });
        await page.Locator("[data-testid=roll-sheet-choice] button").PressAsync("Enter");
        await Expect(page.Locator("[data-testid=import-notice][data-code='Import.SheetChosen']")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=roll-sheets] tr[data-sheet='Chi bộ 2'][data-read=true]")).ToContainTextAsync("1–2");
        await Expect(page.Locator("[data-testid=roll-sheets] tr[data-sheet='Chi bộ 1'][data-read=false]")).ToContainTextAsync("đã chọn trang khác");
        await Expect(page.Locator("input[type=hidden][name=Sheet]")).ToHaveValueAsync("2");
        await Accessibility.AssertAccessibleAsync(page);
    }

    /// <summary>A LibreOffice Calc file (.ods) whose body is <paramref name="tables"/>.</summary>
    private static byte[] Calc(string tables)
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            void Write(string path, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }

            Write("mimetype", "application/vnd.oasis.opendocument.spreadsheet");
            Write("content.xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>");
        }

        return stream.ToArray();
    }
}
