using System.Globalization;
using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;
using Microsoft.Playwright;

namespace EventSourced.Browser.Tests.Members;

/// <summary>
/// A party card recorded on the wrong member blocks its number: the member who really holds it is refused
/// on the card page until staff rescind the wrong entry from the timeline, which frees the number.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class RescindCardTests(AppProcess app)
{
    private static readonly OrganisationCreated Cell = DemoCity.Build(DemoSize.Small)
        .First(u => u.Kind == OrganisationKind.Cell && u.Code.StartsWith("HN.BD.", StringComparison.Ordinal));

    [BrowserFact]
    public async Task a_card_number_refused_as_taken_is_issued_once_the_wrong_entry_is_rescinded()
    {
        var serial = (Environment.TickCount64 % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var card = "TB" + serial;
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "staff");
        var wrong = await AdmitAsync(page, $"Đỗ Văn Nhầm Thẻ {serial}", "001081" + serial);
        var right = await AdmitAsync(page, $"Đỗ Văn Đúng Thẻ {serial}", "001082" + serial);

        await IssueAsync(page, wrong, card);
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == wrong);

        await IssueAsync(page, right, card);
        await Expect(page.Locator("[data-testid=form-error][data-rule$='.CardNumberTaken']")).ToBeVisibleAsync();

        await page.GotoAsync(wrong);
        await page.Locator("[data-testid=timeline] li[data-event=PartyCardIssued] a[data-testid^=rescind-]").ClickAsync();
        await page.Locator("#DecisionNumber").FillAsync("21-QĐ/ĐU");
        await page.Locator("#Reason").FillAsync("Ghi nhầm thẻ của đảng viên khác");
        await page.Locator("[data-testid=rescind-submit]").ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == wrong);
        await Expect(page.Locator("[data-testid=timeline] li[data-event=PartyCardIssued][data-rescinded=true]")).ToBeVisibleAsync();

        await IssueAsync(page, right, card);
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == right);
        await Expect(page.Locator("main")).ToContainTextAsync(card);
        await Accessibility.AssertAccessibleAsync(page);
    }

    private static async Task<string> AdmitAsync(IPage page, string name, string citizenId)
    {
        await page.GotoAsync("/members/admit");
        await page.Locator("#FullName").FillAsync(name);
        await page.Locator("#Sex").SelectOptionAsync("Male");
        await page.Locator("#DateOfBirth").FillAsync("1981-04-12");
        await page.Locator("#CitizenId").FillAsync(citizenId);
        await page.Locator("#CellCode").FillAsync(Cell.Code);
        await page.Locator("#DecisionNumber").FillAsync("12-QĐ/ĐU");
        await page.Locator("#DecisionDate").FillAsync("2020-02-26");
        await page.Locator("#CeremonyDate").FillAsync("2020-03-01");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath.StartsWith("/members/", StringComparison.Ordinal) && !url.EndsWith("/admit", StringComparison.Ordinal));
        return new Uri(page.Url).AbsolutePath;
    }

    private static async Task IssueAsync(IPage page, string member, string card)
    {
        await page.GotoAsync(member + "/card");
        await page.Locator("#CardNumber").FillAsync(card);
        await page.Locator("#IssueDate").FillAsync("2025-08-01");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync();
    }
}
