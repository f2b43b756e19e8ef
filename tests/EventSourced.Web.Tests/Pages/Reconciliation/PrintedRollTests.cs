using System.Net;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;
using static EventSourced.Web.Tests.Pages.Reconciliation.UnitRolls;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>
/// A unit's roll as it is printed for its meeting, uploaded as it is: matched on its members, with the rows
/// that are not members (title, numbered columns, headings, subtotal, footer) shown on the columns page
/// and left out of the matching (decision 0045).
/// </summary>
public sealed class PrintedRollTests(PrintedRollTests.Fixture app) : IClassFixture<PrintedRollTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private static readonly List<string> Cells = ReconciliationSteps.Cells;

    [Fact]
    public async Task a_roll_printed_for_the_meeting_is_matched_on_its_members_and_the_rows_left_out_are_shown()
    {
        var cell = Cells[0];
        var staff = await app.SignInAsync("staff");
        var hung = await AdmitAsync(staff, "Nguyễn Văn Hùng", "001085700001", cell);
        // Title block, numbered columns, section headings, subtotal and signatures around two members (decision 0045).
        var roll = System.Text.Encoding.UTF8.GetBytes(
            "ĐẢNG BỘ PHƯỜNG PHÚC XÁ,,,ĐẢNG CỘNG SẢN VIỆT NAM\r\n"
            + ",DANH SÁCH ĐẢNG VIÊN,,\r\n"
            + "STT,Họ và tên,Ngày sinh,Số CCCD\r\n"
            + "(1),(2),(3),(4)\r\n"
            + "I. ĐẢNG VIÊN CHÍNH THỨC,,,\r\n"
            + "1,Nguyễn Văn Hùng,01/01/1990,001085700001\r\n"
            + "Cộng: 1,,,\r\n"
            + "II. ĐẢNG VIÊN DỰ BỊ,,,\r\n"
            + "2,Phạm Thị Mới,02/02/1999,\r\n"
            + ",Tổng số: 2 đảng viên,,\r\n"
            + ",,,\"Phúc Xá, ngày 30 tháng 11 năm 2026\"\r\n"
            + ",,,T/M CHI BỘ\r\n");

        var (columnsPath, fields) = await UploadUnconfirmedAsync(staff, cell, roll);
        var columns = await staff.GetTextAsync(columnsPath);
        columns.ShouldContain("data-testid=\"roll-skipped\"");
        columns.ShouldContain("data-kind=\"Title\" data-first-row=\"1\" data-last-row=\"2\"");
        columns.ShouldContain("data-kind=\"ColumnNumbers\" data-first-row=\"4\"");
        columns.ShouldContain("data-kind=\"Footer\" data-first-row=\"10\" data-last-row=\"12\"");
        columns.ShouldContain("C3 · Ngày sinh");
        var confirm = await staff.PostFormAsync(columnsPath, columnsPath, fields);
        confirm.StatusCode.ShouldBe(HttpStatusCode.Redirect, await confirm.Content.ReadAsStringAsync());

        var reconciliation = await ReconciliationSteps.MatchedAsync(app.Store, Guid.Parse(columnsPath.Split('/')[^2]));
        reconciliation.RowCount.ShouldBe(2);
        var items = await ReconciliationSteps.ItemsAsync(app.Store, reconciliation.Id);
        items.ShouldContain(i => i.Category == ItemCategory.OnRollOnly && i.Roll!.FullName == "Phạm Thị Mới");
        items.ShouldContain(i => i.MemberId == hung && i.Roll != null);
    }
}
