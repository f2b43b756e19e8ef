using System.Globalization;
using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;
using Microsoft.Playwright;

namespace EventSourced.Browser.Tests.Transfers;

/// <summary>
/// A transfer as two districts' staff live it: Ba Đình admits a member and issues the letter from the
/// member's page; Hoàn Kiếm finds it among its incoming transfers and receives the member; both
/// units' lists then show it received, and the member's timeline shows the move.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class TransferTests(AppProcess app)
{
    private static readonly IReadOnlyList<OrganisationCreated> Demo = DemoCity.Build(DemoSize.Small);

    private static readonly OrganisationCreated BaDinhCell = Demo.First(u => u.Kind == OrganisationKind.Cell && u.Code.StartsWith("HN.BD.", StringComparison.Ordinal));

    private static readonly OrganisationCreated HoanKiemCell = Demo.First(u => u.Kind == OrganisationKind.Cell && u.Code.StartsWith("HN.HK.", StringComparison.Ordinal));

    [BrowserFact]
    public async Task a_transfer_walks_from_issue_to_receipt_and_shows_on_both_units_pages()
    {
        var serial = Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var letter = $"{serial}-GGT/QU";
        string transferUrl;

        await using var sender = await app.NewContextAsync();
        var staff = await app.SignInAsync(sender, "staff");
        await staff.GotoAsync("/members/admit");
        await staff.Locator("#FullName").FillAsync("Đặng Văn Chuyển " + serial);
        await staff.Locator("#DateOfBirth").FillAsync("1988-04-12");
        await staff.Locator("#CitizenId").FillAsync("001088" + serial);
        await staff.Locator("#CellCode").FillAsync(BaDinhCell.Code);
        await staff.Locator("#DecisionNumber").FillAsync(serial + "-QĐ/ĐU");
        await staff.Locator("#DecisionDate").FillAsync("2024-03-01");
        await staff.Locator("#CeremonyDate").FillAsync("2024-03-01");
        await staff.Locator("main form button[type=submit]").ClickAsync();
        await staff.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/members/", StringComparison.Ordinal) && !url.EndsWith("/admit", StringComparison.Ordinal));
        var memberUrl = new Uri(staff.Url).AbsolutePath;

        // The letter is issued from the member's page.
        await staff.Locator("[data-testid=member-actions] a[href$='/transfer']").ClickAsync();
        var official = staff.Locator("form[data-testid=transfer-official]");
        await official.Locator("#ToCellCode").FillAsync(HoanKiemCell.Code);
        await official.Locator("#official-LetterNumber").FillAsync(letter);
        await official.Locator("#official-Reason").FillAsync("Chuyển nơi công tác");
        await official.Locator("button[type=submit]").ClickAsync();
        await staff.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/transfers/", StringComparison.Ordinal));
        transferUrl = new Uri(staff.Url).AbsolutePath;
        (await staff.Locator("[data-testid=transfer-status]").InnerTextAsync()).ShouldBe("Đang chờ tiếp nhận");
        (await staff.Locator("[data-testid=transfer-to]").InnerTextAsync()).ShouldBe($"{HoanKiemCell.Name} ({Demo.Single(u => u.OrganisationId == HoanKiemCell.ParentId).Name})");

        await using (var receiver = await app.NewContextAsync())
        {
            var staff2 = await app.SignInAsync(receiver, "staff2");
            await staff2.GotoAsync("/transfers?view=Incoming");
            await staff2.GetByRole(AriaRole.Link, new() { Name = letter, Exact = true }).ClickAsync();
            await staff2.WaitForURLAsync(url => new Uri(url).AbsolutePath == transferUrl);
            await staff2.Locator("[data-testid=receive-form] button[type=submit]").ClickAsync();
            await staff2.Locator("p.flash").WaitForAsync();
            (await staff2.Locator("[data-testid=transfer-status]").InnerTextAsync()).ShouldBe("Đã tiếp nhận");
            (await staff2.Locator("[data-testid=timeline]").InnerTextAsync()).ShouldContain("Trần Văn Minh");

            await staff2.GotoAsync("/transfers?view=Incoming");
            (await RowOf(staff2, letter).InnerTextAsync()).ShouldContain("Đã tiếp nhận");

            // The member now belongs to the receiving cell, whose staff read the move on the timeline.
            await staff2.GotoAsync(memberUrl);
            var timeline = await staff2.Locator("[data-testid=timeline]").InnerTextAsync();
            timeline.ShouldContain($"Chuyển sinh hoạt chính thức từ {BaDinhCell.Name} sang {HoanKiemCell.Name}");
            timeline.ShouldContain("Trần Văn Minh");
        }

        await staff.GotoAsync("/transfers?view=Outgoing");
        var row = await RowOf(staff, letter).InnerTextAsync();
        row.ShouldContain("Đã tiếp nhận");
        row.ShouldContain(HoanKiemCell.Name);
        await staff.GotoAsync(transferUrl);
        (await staff.Locator("[data-testid=transfer-status]").InnerTextAsync()).ShouldBe("Đã tiếp nhận");
        await staff.ScreenshotAsync(new() { Path = "/tmp/browser-transfer-page.png", FullPage = true });
    }

    private static ILocator RowOf(IPage page, string letter) =>
        page.Locator("[data-testid=transfers] tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = letter, Exact = true }) });
}
