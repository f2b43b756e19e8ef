using EventSourced.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static EventSourced.Browser.Tests.Transfers.TransferSteps;

namespace EventSourced.Browser.Tests.Transfers;

/// <summary>
/// A transfer as two districts' staff live it: Ba Đình admits a member and issues the letter from the
/// member's page; Hoàn Kiếm finds it among its incoming transfers and receives the member; both
/// units' lists then show it received, and the member's timeline shows the move.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class TransferTests(AppProcess app)
{
    [BrowserFact]
    public async Task a_transfer_walks_from_issue_to_receipt_and_shows_on_both_units_pages()
    {
        await using var sender = await app.NewContextAsync();
        var staff = await app.SignInAsync(sender, "staff");
        var (transferUrl, memberUrl, letter) = await IssueToHoanKiemAsync(staff);
        await Expect(Status(staff)).ToHaveTextAsync(Texts.Vi("TransferStatus.InTransit"));
        await Expect(staff.Locator("[data-testid=transfer-to]")).ToHaveTextAsync($"{HoanKiemCell.Name} ({Demo.Single(u => u.OrganisationId == HoanKiemCell.ParentId).Name})");

        await using (var receiver = await app.NewContextAsync())
        {
            var staff2 = await app.SignInAsync(receiver, "staff2");
            await staff2.GotoAsync("/transfers?view=Incoming");
            await staff2.GetByRole(AriaRole.Link, new() { Name = letter, Exact = true }).ClickAsync();
            await staff2.WaitForAddressAsync(url => new Uri(url).AbsolutePath == transferUrl);
            await staff2.Locator("[data-testid=receive-form] button[type=submit]").ClickAsync();
            await Expect(staff2.Locator("p.flash")).ToBeVisibleAsync();
            await Expect(Status(staff2)).ToHaveTextAsync(Texts.Vi("TransferStatus.Received"));
            await Expect(staff2.Locator("[data-testid=timeline] li[data-event=TransferReceived]")).ToContainTextAsync("Trần Văn Minh");

            await staff2.GotoAsync("/transfers?view=Incoming");
            await Expect(RowOf(staff2, letter)).ToContainTextAsync(Texts.Vi("TransferStatus.Received"));

            // The member now belongs to the receiving cell, whose staff read the move on the timeline.
            await staff2.GotoAsync(memberUrl);
            var moved = staff2.Locator("[data-testid=timeline] li[data-event=MemberTransferred]");
            await Expect(moved).ToContainTextAsync(BaDinhCell.Name);
            await Expect(moved).ToContainTextAsync(HoanKiemCell.Name);
            await Expect(moved).ToContainTextAsync("Trần Văn Minh");
        }

        await staff.GotoAsync("/transfers?view=Outgoing");
        var row = RowOf(staff, letter);
        await Expect(row).ToContainTextAsync(Texts.Vi("TransferStatus.Received"));
        await Expect(row).ToContainTextAsync(HoanKiemCell.Name);
        await staff.GotoAsync(transferUrl);
        await Expect(Status(staff)).ToHaveTextAsync(Texts.Vi("TransferStatus.Received"));
        await staff.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-transfer-page.png"), FullPage = true });
    }

    private static ILocator RowOf(IPage page, string letter) =>
        page.Locator("[data-testid=transfers] tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = letter, Exact = true }) });
}
