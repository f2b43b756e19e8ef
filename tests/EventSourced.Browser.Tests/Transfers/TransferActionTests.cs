using System.Globalization;
using EventSourced.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static EventSourced.Browser.Tests.Transfers.TransferSteps;

namespace EventSourced.Browser.Tests.Transfers;

/// <summary>
/// Every action of a transfer's page, pressed by the side that may take it: the receiving district
/// (staff2, Hoàn Kiếm) refuses; the sending district (staff, Ba Đình) cancels and confirms a transfer
/// out of the city; either side records a follow-up on an overdue transfer and extends or ends early
/// a temporary one. Receipt itself is walked in <see cref="TransferTests"/>.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class TransferActionTests(AppProcess app)
{
    [BrowserFact]
    public async Task the_receiving_side_refuses_a_transfer_with_a_reason()
    {
        await using var sender = await app.NewContextAsync();
        var staff = await app.SignInAsync(sender, "staff");
        var transferUrl = (await IssueToHoanKiemAsync(staff)).Url;
        var before = await Status(staff).InnerTextAsync();

        await using var receiver = await app.NewContextAsync();
        var staff2 = await app.SignInAsync(receiver, "staff2");
        await staff2.GotoAsync(transferUrl);
        var refuse = staff2.Locator("[data-testid=refuse-form]");
        await refuse.Locator("#RefuseReason").FillAsync("Chi bộ không đủ điều kiện tiếp nhận");
        await refuse.Locator("button[type=submit]").ClickAsync();

        await Expect(staff2.Locator("p.flash")).ToBeVisibleAsync();
        await Expect(Status(staff2)).Not.ToHaveTextAsync(before);
        await Expect(staff2.Locator("[data-testid=transfer-actions]")).ToHaveCountAsync(0);
        await Expect(staff2.Locator("[data-testid=timeline] li[data-event=TransferRefused]")).ToContainTextAsync("Chi bộ không đủ điều kiện tiếp nhận");
    }

    [BrowserFact]
    public async Task the_sending_side_cancels_a_transfer_in_transit()
    {
        await using var context = await app.NewContextAsync();
        var staff = await app.SignInAsync(context, "staff");
        await IssueToHoanKiemAsync(staff);
        var before = await Status(staff).InnerTextAsync();

        var cancel = staff.Locator("[data-testid=cancel-form]");
        await cancel.Locator("#CancelReason").FillAsync("Đảng viên không chuyển nữa");
        await cancel.Locator("button[type=submit]").ClickAsync();

        await Expect(staff.Locator("p.flash")).ToBeVisibleAsync();
        await Expect(Status(staff)).Not.ToHaveTextAsync(before);
        await Expect(staff.Locator("[data-testid=transfer-actions]")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task the_sending_side_confirms_a_transfer_out_of_the_city()
    {
        await using var context = await app.NewContextAsync();
        var staff = await app.SignInAsync(context, "staff");
        await IssueAsync(staff, "out", async form =>
        {
            await form.Locator("#OrganisationName").FillAsync("Đảng bộ phường Hạc Thành");
            await form.Locator("#Province").FillAsync("Thanh Hóa");
        });
        var before = await Status(staff).InnerTextAsync();

        await staff.Locator("[data-testid=receive-form] button[type=submit]").ClickAsync();

        await Expect(staff.Locator("p.flash")).ToBeVisibleAsync();
        new Uri(staff.Url).AbsolutePath.ShouldStartWith("/transfers/");
        await Expect(Status(staff)).Not.ToHaveTextAsync(before);
        await Expect(staff.Locator("[data-testid=receive-form]")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task either_side_records_a_follow_up_on_an_overdue_transfer()
    {
        await using var sender = await app.NewContextAsync();
        var staff = await app.SignInAsync(sender, "staff");
        // Far past the 30 working days a member has to present the letter.
        var letterDate = DateTime.Today.AddMonths(-5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var transferUrl = (await IssueToHoanKiemAsync(staff, letterDate)).Url;
        await staff.Locator("[data-testid=overdue]").First.WaitForAsync();
        await WaitForTheOverdueCheckAsync(staff, transferUrl);

        await using var receiver = await app.NewContextAsync();
        var staff2 = await app.SignInAsync(receiver, "staff2");
        await FollowUpAsync(staff2, transferUrl, "Bên nhận đã gọi điện nhắc đảng viên");
        await FollowUpAsync(staff, transferUrl, "Bên chuyển đã gửi công văn đôn đốc");

        var followUps = staff.Locator("[data-testid=follow-ups]");
        await Expect(followUps).ToContainTextAsync("Bên nhận đã gọi điện nhắc đảng viên");
        await Expect(followUps).ToContainTextAsync("Bên chuyển đã gửi công văn đôn đốc");
    }

    [BrowserFact]
    public async Task the_host_extends_a_temporary_transfer_and_the_home_unit_ends_it_early()
    {
        await using var home = await app.NewContextAsync();
        var staff = await app.SignInAsync(home, "staff");
        var transferUrl = (await IssueAsync(staff, "temporary", form => form.Locator("#HostCellCode").FillAsync(HoanKiemCell.Code))).Url;

        await using var host = await app.NewContextAsync();
        var staff2 = await app.SignInAsync(host, "staff2");
        await staff2.GotoAsync(transferUrl);
        var extend = staff2.Locator("[data-testid=extend-form]");
        var until = DateTime.ParseExact(await extend.Locator("#NewUntil").InputValueAsync(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var newUntil = until.AddMonths(2);
        await extend.Locator("#NewUntil").FillAsync(newUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await extend.Locator("button[type=submit]").ClickAsync();
        await Expect(staff2.Locator("p.flash")).ToBeVisibleAsync();
        await Expect(staff2.Locator("[data-testid=transfer-period]")).ToContainTextAsync(newUntil.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));

        await staff.GotoAsync(transferUrl);
        var before = await Status(staff).InnerTextAsync();
        await staff.Locator("[data-testid=end-early-form] button[type=submit]").ClickAsync();
        await Expect(staff.Locator("p.flash")).ToBeVisibleAsync();
        await Expect(Status(staff)).Not.ToHaveTextAsync(before);
        await Expect(staff.Locator("[data-testid=extend-form]")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// A back-dated letter's overdue check is a scheduled message that runs moments after the letter is
    /// issued and appends to the transfer: a form opened before it lands is rightly refused as stale, so
    /// the test opens its forms only once the check is in the transfer's timeline.
    /// </summary>
    private static Task WaitForTheOverdueCheckAsync(IPage page, string transferUrl) =>
        page.GotoUntilAsync(transferUrl, () => Expect(page.Locator("[data-testid=timeline] li[data-event=TransferBecameOverdue]")).ToBeVisibleAsync(new() { Timeout = 2000 }));

    private static async Task FollowUpAsync(IPage page, string transferUrl, string note)
    {
        await page.GotoAsync(transferUrl);
        var form = page.Locator("[data-testid=follow-up-form]");
        await form.Locator("#Note").FillAsync(note);
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("p.flash")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=follow-ups]")).ToContainTextAsync(note);
    }
}
