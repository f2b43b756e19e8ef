using System.Net;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Infrastructure.Rolls;
using EventSourced.Web.Tests.Infrastructure;
using static EventSourced.Web.Tests.Pages.Reconciliation.UnitRolls;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>
/// A unit's roll kept since the 1990s in a .VnTime font, saved as CSV from its sheet: read as the
/// Vietnamese the font shows, said so on the columns page, and matched on its members (decision 0046).
/// </summary>
public sealed class LegacyFontRollTests(LegacyFontRollTests.Fixture app) : IClassFixture<LegacyFontRollTests.Fixture>
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
        var confirm = await staff.PostFormAsync(columnsPath, columnsPath, fields);
        confirm.StatusCode.ShouldBe(HttpStatusCode.Redirect, await confirm.Content.ReadAsStringAsync());

        var reconciliation = await ReconciliationSteps.MatchedAsync(app.Store, Guid.Parse(columnsPath.Split('/')[^2]));
        reconciliation.RowCount.ShouldBe(2);
        var items = await ReconciliationSteps.ItemsAsync(app.Store, reconciliation.Id);
        items.ShouldContain(i => i.Category == ItemCategory.OnRollOnly && i.Roll!.FullName == "Trần Thị Lan");
        items.ShouldContain(i => i.MemberId == hung && i.Roll != null && i.Roll.FullName == "Nguyễn Văn Hùng");
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
        var confirm = await staff.PostFormAsync(columnsPath, columnsPath, fields);
        confirm.StatusCode.ShouldBe(HttpStatusCode.Redirect, await confirm.Content.ReadAsStringAsync());

        var reconciliation = await ReconciliationSteps.MatchedAsync(app.Store, Guid.Parse(columnsPath.Split('/')[^2]));
        var items = await ReconciliationSteps.ItemsAsync(app.Store, reconciliation.Id);
        items.ShouldContain(i => i.Roll != null && i.Roll.FullName == "José Müller");
        items.ShouldContain(i => i.Roll != null && i.Roll.FullName == "Lê Văn Tú");
    }
}
