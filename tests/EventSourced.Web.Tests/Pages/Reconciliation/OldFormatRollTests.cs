using System.Net;
using EventSourced.Domain.Reconciliation;
using Marten;
using ReconciliationState = EventSourced.Domain.Reconciliation.Reconciliation;
using EventSourced.Web.Infrastructure.Rolls;
using EventSourced.Web.Tests.Infrastructure;
using EventSourced.Web.Tests.Infrastructure.Rolls;
using static EventSourced.Web.Tests.Pages.Reconciliation.UnitRolls;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>
/// A unit's roll as old files keep it: typed in a .VnTime or VNI-Times font (read as the Vietnamese the
/// font shows, said so on the columns page), saved as Excel 97-2003 (.xls), exported by web software as
/// an HTML table named .xls, typed as a table in Word or LibreOffice Writer or saved by LibreOffice Calc;
/// matched on its members
/// (decision 0046).
/// </summary>
public sealed class OldFormatRollTests(OldFormatRollTests.Fixture app) : IClassFixture<OldFormatRollTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [Fact]
    public async Task a_roll_typed_in_a_vn3_font_is_read_as_vietnamese_and_matched_with_a_notice()
    {
        var cell = ReconciliationSteps.Cells[0];
        var staff = await app.SignInAsync("staff");
        var hung = await AdmitAsync(staff, "Nguyễn Văn Hùng", "001085700031", cell);
        // The bytes of the .VnTime sheet: "Họ và tên", "Ngày sinh", "Nguyễn Văn Hùng", "Trần Thị Lan".
        var roll = System.Text.Encoding.Latin1.GetBytes(
            "STT,Hä vµ tªn,Ngµy sinh,Sè CCCD\r\n"
            + "1,NguyÔn V¨n Hïng,01/01/1990,001085700031\r\n"
            + "2,TrÇn ThÞ Lan,02/02/1999,\r\n");

        var (columnsPath, fields) = await UploadUnconfirmedAsync(staff, cell, roll);
        var columns = await staff.GetTextAsync(columnsPath);
        columns.ShouldContain($"data-code=\"{Tcvn3.ReadAsTcvn3}\"");
        columns.ShouldContain("TCVN3");
        columns.ShouldContain("B1 · Họ và tên");
        var items = await ConfirmedItemsAsync(staff, columnsPath, fields);
        items.ShouldContain(i => i.Category == ItemCategory.OnRollOnly && i.Roll!.FullName == "Trần Thị Lan");
        items.ShouldContain(i => i.MemberId == hung && i.Roll != null && i.Roll.FullName == "Nguyễn Văn Hùng");
    }

    [Fact]
    public async Task a_roll_typed_in_a_vni_font_is_read_as_vietnamese_and_matched_with_its_notice()
    {
        var cell = ReconciliationSteps.Cells[3];
        var staff = await app.SignInAsync("staff");
        var tai = await AdmitAsync(staff, "Đỗ Văn Tài", "001075700033", cell);
        // The bytes of a VNI-Times sheet saved as CSV: "Họ và tên", "Ngày sinh", "Đỗ Văn Tài", "Nguyễn Thị Hường".
        var roll = System.Text.Encoding.Latin1.GetBytes(
            "Hoï vaø teân;Ngaøy sinh;Soá CCCD\r\n"
            + "Ñoã Vaên Taøi;01/01/1990;001075700033\r\n"
            + "Nguyeãn Thò Höôøng;02/02/1999;\r\n");

        var (columnsPath, fields) = await UploadUnconfirmedAsync(staff, cell, roll);
        var columns = await staff.GetTextAsync(columnsPath);
        columns.ShouldContain($"data-code=\"{Vni.ReadAsVni}\"");
        columns.ShouldNotContain("Windows-1258");
        columns.ShouldContain("A1 · Họ và tên");
        var items = await ConfirmedItemsAsync(staff, columnsPath, fields);
        items.ShouldContain(i => i.MemberId == tai && i.Roll != null && i.Roll.FullName == "Đỗ Văn Tài");
        items.ShouldContain(i => i.Category == ItemCategory.OnRollOnly && i.Roll!.FullName == "Nguyễn Thị Hường");
    }

    [Fact]
    public async Task a_unicode_roll_with_a_foreign_name_gets_no_notice_and_keeps_its_names()
    {
        var cell = ReconciliationSteps.Cells[1];
        var staff = await app.SignInAsync("staff");
        var roll = System.Text.Encoding.UTF8.GetBytes("Họ và tên,Ngày sinh,Ghi chú\r\nJosé Müller,01/01/1990,µ\r\nLê Văn Tú,02/02/1999,\r\n");

        var (columnsPath, fields) = await UploadUnconfirmedAsync(staff, cell, roll);
        var columns = await staff.GetTextAsync(columnsPath);
        columns.ShouldNotContain("data-testid=\"import-notice\"");
        var items = await ConfirmedItemsAsync(staff, columnsPath, fields);
        items.ShouldContain(i => i.Roll != null && i.Roll.FullName == "José Müller");
        items.ShouldContain(i => i.Roll != null && i.Roll.FullName == "Lê Văn Tú");
    }

    [Fact]
    public async Task an_excel_97_2003_roll_is_matched_like_any_other_and_a_word_97_2003_file_is_refused_with_nothing_stored()
    {
        var cell = ReconciliationSteps.Cells[2];
        var staff = await app.SignInAsync("staff");
        var hung = await AdmitAsync(staff, "Nguyễn Văn Hùng", "001085700032", cell);
        var roll = RollSamples.Xls(sheet =>
        {
            RollSamples.Row(sheet, 0, "DANH SÁCH ĐẢNG VIÊN");
            RollSamples.Row(sheet, 2, "STT", "Họ và tên", "Ngày sinh", "Số CCCD");
            var row = RollSamples.Row(sheet, 3, "1", "Nguyễn Văn Hùng");
            RollSamples.DateCell(row, 2, new DateTime(1990, 1, 1));
            row.CreateCell(3).SetCellValue("001085700032");
            RollSamples.Row(sheet, 4, "2", "Phạm Thị Mới", "02/02/1999");
        });

        await MatchedOnItsTwoMembersAsync(staff, cell, roll, hung);

        // A Word 97-2003 file (whatever its name): refused on the upload page with its reason, nothing stored.
        var word = new NPOI.POIFS.FileSystem.POIFSFileSystem();
        word.CreateDocument(new MemoryStream(new byte[600]), "WordDocument");
        using var stream = new MemoryStream();
        word.WriteFileSystem(stream);
        var before = await CountAsync();
        var unitPath = PathOf(cell);
        var refused = await staff.PostFileAsync(unitPath, unitPath, "Upload", "danh-sach.xls", stream.ToArray(), ReferenceDate);
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Word 97-2003");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_web_page_table_saved_as_xls_is_matched_on_its_members()
    {
        var cell = ReconciliationSteps.Cells[4];
        var staff = await app.SignInAsync("staff");
        var hung = await AdmitAsync(staff, "Nguyễn Văn Hùng", "001085700034", cell);
        var page = System.Text.Encoding.UTF8.GetBytes(
            "<html><body><table><tr><td colspan=3><b>DANH SÁCH ĐẢNG VIÊN</b></td></tr></table><table border=1>"
            + "<tr><th>Họ và tên</th><th>Ngày sinh</th><th>Số CCCD</th></tr>"
            + "<tr><td>Nguyễn Văn Hùng</td><td>01/01/1990</td><td>001085700034</td></tr>"
            + "<tr><td>Phạm Thị Mới</td><td>02/02/1999</td><td></td></tr></table></body></html>");

        await MatchedOnItsTwoMembersAsync(staff, cell, page, hung);
    }

    [Fact]
    public async Task a_roll_typed_as_a_table_in_word_is_matched_on_its_members()
    {
        var cell = ReconciliationSteps.Cells[5];
        var staff = await app.SignInAsync("staff");
        var hung = await AdmitAsync(staff, "Nguyễn Văn Hùng", "001085700035", cell);
        var document = RollSamples.Docx(
            RollSamples.WordParagraph("DANH SÁCH ĐẢNG VIÊN")
            + RollSamples.WordTable(
                ["STT", "Họ và tên", "Ngày sinh", "Số CCCD"],
                ["1", "Nguyễn Văn Hùng", "01/01/1990", "001085700035"],
                ["2", "Phạm Thị Mới", "02/02/1999", ""])
            + RollSamples.WordParagraph("T/M CHI BỘ"));

        await MatchedOnItsTwoMembersAsync(staff, cell, document, hung);
    }

    [Fact]
    public async Task a_roll_saved_by_libreoffice_calc_is_matched_on_its_members()
    {
        var cell = ReconciliationSteps.Cells[6];
        var staff = await app.SignInAsync("staff");
        var hung = await AdmitAsync(staff, "Nguyễn Văn Hùng", "001085700036", cell);
        var sheet = RollSamples.Ods("<table:table>"
            + RollSamples.OdsRow("Họ và tên", "Ngày sinh", "Số CCCD")
            + RollSamples.OdsRow("Nguyễn Văn Hùng", "01/01/1990", "001085700036")
            + RollSamples.OdsRow("Phạm Thị Mới", "02/02/1999", "")
            + "</table:table>");

        await MatchedOnItsTwoMembersAsync(staff, cell, sheet, hung);
    }

    [Fact]
    public async Task a_roll_typed_in_libreoffice_writer_is_matched_on_its_members()
    {
        // The Calc roll's cell: another member, on a roll of its own.
        var cell = ReconciliationSteps.Cells[6];
        var staff = await app.SignInAsync("staff");
        var hai = await AdmitAsync(staff, "Đỗ Văn Hải", "001085700037", cell);
        var document = RollSamples.Odt("<text:p>DANH SÁCH ĐẢNG VIÊN</text:p><table:table>"
            + RollSamples.OdsRow("STT", "Họ và tên", "Ngày sinh", "Số CCCD")
            + RollSamples.OdsRow("1", "Đỗ Văn Hải", "01/01/1990", "001085700037")
            + RollSamples.OdsRow("2", "Phạm Thị Mới", "02/02/1999", "")
            + "</table:table><text:p>T/M CHI BỘ</text:p>");

        await MatchedOnItsTwoMembersAsync(staff, cell, document, hai);
    }

    [Fact]
    public async Task a_workbook_with_a_sheet_per_cell_is_read_as_one_roll_and_the_columns_page_shows_its_sheets()
    {
        var cell = ReconciliationSteps.Cells[2];
        var staff = await app.SignInAsync("staff");
        static List<Dictionary<string, object?>> Roll(string name, string citizenId) =>
            [new() { ["Họ và tên"] = name, ["Ngày sinh"] = "01/01/1990", ["Số CCCD"] = citizenId }];
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, new Dictionary<string, object>
        {
            ["Chi bộ 1"] = Roll("Lê Văn Một", "001085700038"),
            ["Chi bộ 2"] = Roll("Lê Văn Hai", "001085700039"),
        });

        var (columnsPath, fields) = await UploadUnconfirmedAsync(staff, cell, stream.ToArray());
        var columns = await staff.GetTextAsync(columnsPath);

        columns.ShouldContain($"data-code=\"{RollReader.SheetsReadAsOne}\"");
        columns.ShouldContain("các trang tính được đọc nối tiếp nhau thành một danh sách");
        columns.ShouldContain("data-testid=\"roll-sheets\"");
        columns.ShouldContain("data-sheet=\"Chi bộ 1\" data-read=\"true\" data-first=\"1\" data-last=\"2\"");
        columns.ShouldContain("data-sheet=\"Chi bộ 2\" data-read=\"true\" data-first=\"3\" data-last=\"4\"");
        // Both sheets' people are matched: neither is in the register.
        var items = await ConfirmedItemsAsync(staff, columnsPath, fields);
        items.Where(i => i.Category == ItemCategory.OnRollOnly).Select(i => i.Roll!.FullName).Order().ShouldBe(["Lê Văn Hai", "Lê Văn Một"]);
    }

    [Fact]
    public async Task the_organisations_workbook_uploaded_for_a_cell_reads_the_cells_own_sheet_and_every_sheet_when_staff_choose()
    {
        var cell = ReconciliationSteps.Cells[1];
        var cellName = DemoUnits.Units.First(u => u.Code == cell).Name;
        var staff = await app.SignInAsync("staff");
        static List<Dictionary<string, object?>> Roll(string name, string citizenId) =>
            [new() { ["Họ và tên"] = name, ["Ngày sinh"] = "01/01/1990", ["Số CCCD"] = citizenId }];
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, new Dictionary<string, object>
        {
            ["Chi bộ khác"] = Roll("Lê Văn Bốn", "001085700042"),
            [cellName.Length > 31 ? cellName[..31] : cellName] = Roll("Lê Văn Ba", "001085700041"),
        });
        var workbook = stream.ToArray();

        // The cell's own sheet is proposed, and said.
        var (columnsPath, fields) = await UploadUnconfirmedAsync(staff, cell, workbook);
        var columns = await staff.GetTextAsync(columnsPath);
        columns.ShouldContain("data-testid=\"sheet-named-for-cell\"");
        columns.ShouldContain($"data-code=\"{RollReader.SheetChosen}\"");
        columns.ShouldContain($"<option value=\"2\" selected=\"selected\">2. {cellName}</option>");
        var one = new Dictionary<string, string>(fields) { ["Sheet"] = "2" };
        var confirm = await staff.PostFormAsync(columnsPath, columnsPath, one);
        confirm.StatusCode.ShouldBe(HttpStatusCode.Redirect, await confirm.Content.ReadAsStringAsync());
        var id = Guid.Parse(columnsPath.Split('/')[^2]);
        var matched = await ReconciliationSteps.MatchedAsync(app.Store, id);
        (matched.RowCount, matched.Sheet).ShouldBe((1, cellName));
        (await ReconciliationSteps.ItemsAsync(app.Store, id)).Where(i => i.Category == ItemCategory.OnRollOnly).Select(i => i.Roll!.FullName).ShouldBe(["Lê Văn Ba"]);
        // The auditors see which sheet of which file was the roll.
        (await staff.GetTextAsync($"{PathOf(cell)}/{id}")).ShouldContain($"danh-sach.csv › {cellName}");

        // Every sheet, when staff choose so: the choice is not replaced by the cell's sheet.
        (columnsPath, fields) = await UploadUnconfirmedAsync(staff, cell, workbook);
        var all = await staff.GetTextAsync(columnsPath + "?sheet=" + Uri.EscapeDataString(EventSourced.Web.Pages.Reconciliation.ColumnsModel.AllSheets));
        all.ShouldNotContain("data-testid=\"sheet-named-for-cell\"");
        all.ShouldContain($"data-code=\"{RollReader.SheetsReadAsOne}\"");

        // A sheet the file has not (a stale or altered form) is refused, and nothing starts.
        var altered = await staff.PostFormAsync(columnsPath, columnsPath, new Dictionary<string, string>(fields) { ["Sheet"] = "Chi bộ không có" });
        altered.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await altered.Content.ReadAsStringAsync()).ShouldContain($"data-code=\"{RollReader.SheetNotFound}\"");
        await using (var session = app.Store.QuerySession())
        {
            (await session.LoadAsync<ReconciliationState>(Guid.Parse(columnsPath.Split('/')[^2]))).ShouldBeNull();
        }

        confirm = await staff.PostFormAsync(columnsPath, columnsPath, new Dictionary<string, string>(fields) { ["Sheet"] = EventSourced.Web.Pages.Reconciliation.ColumnsModel.AllSheets });
        confirm.StatusCode.ShouldBe(HttpStatusCode.Redirect, await confirm.Content.ReadAsStringAsync());
        var both = await ReconciliationSteps.MatchedAsync(app.Store, Guid.Parse(columnsPath.Split('/')[^2]));
        (both.RowCount, both.Sheet).ShouldBe((2, null));
    }

    [Fact]
    public async Task a_workbook_whose_first_sheet_is_a_summary_is_read_from_the_sheets_after_it_and_one_may_be_chosen()
    {
        var cell = ReconciliationSteps.Cells[5];
        var staff = await app.SignInAsync("staff");
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, new Dictionary<string, object>
        {
            ["Tổng hợp"] = new[] { new Dictionary<string, object?> { ["Chi bộ"] = "A", ["Số đảng viên"] = 1 } },
            ["Danh sách"] = new[] { new Dictionary<string, object?> { ["Họ và tên"] = "Lê Văn Năm", ["Ngày sinh"] = "01/01/1990" } },
            ["Danh sách 2"] = new[] { new Dictionary<string, object?> { ["Họ và tên"] = "Lê Văn Sáu", ["Ngày sinh"] = "01/01/1991" } },
        });

        var (columnsPath, fields) = await UploadUnconfirmedAsync(staff, cell, stream.ToArray());
        var columns = await staff.GetTextAsync(columnsPath);

        // The summary names no roll's columns: left out and said; the cells' sheets are the roll.
        columns.ShouldNotContain("data-code=\"Import.MissingColumns\"");
        columns.ShouldContain($"data-code=\"{RollReader.SheetsPartlyRead}\"");
        columns.ShouldContain($"data-left-out=\"{RollSheet.NoRollColumns}\"");
        columns.ShouldContain("Không đọc: thiếu các cột bắt buộc của danh sách");
        columns.ShouldContain("<option value=\"3\">3. Danh sách 2</option>");
        (await staff.GetTextAsync(columnsPath + "?sheet=3")).ShouldContain($"data-code=\"{RollReader.SheetChosen}\"");
        var confirm = await staff.PostFormAsync(columnsPath, columnsPath, new Dictionary<string, string>(fields) { ["Sheet"] = EventSourced.Web.Pages.Reconciliation.ColumnsModel.AllSheets });
        confirm.StatusCode.ShouldBe(HttpStatusCode.Redirect, await confirm.Content.ReadAsStringAsync());
        var matched = await ReconciliationSteps.MatchedAsync(app.Store, Guid.Parse(columnsPath.Split('/')[^2]));
        (matched.RowCount, matched.Sheet).ShouldBe((2, null));
    }

    /// <summary>Confirms the proposed columns and gives the items of the matched roll of two rows.</summary>
    private async Task<IReadOnlyList<ReconciliationItem>> ConfirmedItemsAsync(WebSession staff, string columnsPath, Dictionary<string, string> fields)
    {
        var confirm = await staff.PostFormAsync(columnsPath, columnsPath, fields);
        confirm.StatusCode.ShouldBe(HttpStatusCode.Redirect, await confirm.Content.ReadAsStringAsync());
        var reconciliation = await ReconciliationSteps.MatchedAsync(app.Store, Guid.Parse(columnsPath.Split('/')[^2]));
        reconciliation.RowCount.ShouldBe(2);
        return await ReconciliationSteps.ItemsAsync(app.Store, reconciliation.Id);
    }

    /// <summary>Uploads a roll of the admitted member and "Phạm Thị Mới", not on the register, and checks both are matched as they should be.</summary>
    private async Task MatchedOnItsTwoMembersAsync(WebSession staff, string cell, byte[] roll, Guid admitted)
    {
        var reconciliation = await ReconciliationSteps.MatchedAsync(app.Store, await UploadAsync(staff, cell, roll));

        reconciliation.RowCount.ShouldBe(2);
        var items = await ReconciliationSteps.ItemsAsync(app.Store, reconciliation.Id);
        items.ShouldContain(i => i.MemberId == admitted && i.Roll != null);
        items.ShouldContain(i => i.Category == ItemCategory.OnRollOnly && i.Roll!.FullName == "Phạm Thị Mới");
    }

    private async Task<int> CountAsync()
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<ReconciliationState>().CountAsync();
    }
}
