using System.Globalization;
using System.Text;
using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;
using Microsoft.Playwright;

namespace EventSourced.Browser.Tests.Reconciliation;

/// <summary>
/// A round from opening to a corrected register: district staff open a round, upload a cell's roll in
/// it, review the pair the roll makes with a member whose birth date has day and month the other way
/// round, take the date from the roll, and find the correction on the member's timeline (with a link
/// back to the reconciliation) and the cell's progress on the round's page.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class CorrectionFromRollTests(AppProcess app)
{
    /// <summary>A Ba Đình cell the other browser tests leave alone (they take the first and the last).</summary>
    private static readonly OrganisationCreated Cell = DemoCity.Build(DemoSize.Small)
        .Where(u => u.Kind == OrganisationKind.Cell && u.Code.StartsWith("HN.BD.", StringComparison.Ordinal))
        .Skip(1)
        .First();

    [BrowserFact]
    public async Task staff_review_a_pair_from_a_rounds_roll_correct_the_register_and_follow_it_to_the_timeline_and_the_round()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "staff");
        var memberUrl = await AdmitAsync(page);

        await page.GotoAsync("/reconciliation");
        var reference = DateOnly.ParseExact(await page.Locator("#ReferenceDate").InputValueAsync(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.Locator("#Name").FillAsync("Rà soát sau đại hội (thử)");
        await page.Locator("#DecisionReference").FillAsync("27-KH/QU");
        await page.Locator("#Deadline").FillAsync(reference.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.Locator("[data-testid=open-round-form] button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath.StartsWith("/reconciliation/rounds/", StringComparison.Ordinal));
        var roundPath = new Uri(page.Url).AbsolutePath;
        var roundId = roundPath.Split('/')[^1];

        // The roll gives no citizen ID, day and month of birth swapped and the cell under another code: a pair to review.
        await page.GotoAsync($"/reconciliation/units/{Cell.Code}?round={roundId}");
        var roll = Encoding.UTF8.GetBytes($"Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã chi bộ\r\nNguyễn Thị Thục Quyên,04/12/1988,Nữ,,{Cell.Code}-CU\r\n");
        await page.Locator("#Upload").SetInputFilesAsync(new FilePayload { Name = "danh-sach.csv", MimeType = "text/csv", Buffer = roll });
        await page.Locator("[data-testid=reconciliation-upload] button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync(url => url.EndsWith("/columns", StringComparison.Ordinal));
        await page.Locator("[data-testid=reconciliation-columns] button[type=submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=reconciliation-status]")).ToHaveAttributeAsync("data-status", "InProgress", new() { Timeout = 30_000 });
        var resultsPath = new Uri(page.Url).AbsolutePath;

        await page.Locator("[data-testid=reconciliation-categories] a[data-category=ToReview]").ClickAsync();
        var row = page.Locator("[data-testid=reconciliation-items] tr[data-category=ToReview]").Filter(new() { HasText = "Nguyễn Thị Thục Quyên" });
        await Expect(row.Locator("[data-not-correctable=Cell]")).ToBeVisibleAsync();
        await Accessibility.AssertAccessibleAsync(page);
        var correct = row.Locator("[data-testid=correct-form]");
        await Expect(correct.Locator("input[name=Fields][value=DateOfBirth]")).ToBeCheckedAsync();
        await correct.Locator("input[name=Reason]").FillAsync("Đúng như giấy khai sinh");
        await correct.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("[data-testid=reconciliation-items] tr[data-category=ToReview]").Filter(new() { HasText = "Nguyễn Thị Thục Quyên" }))
            .ToHaveAttributeAsync("data-resolved", "True");
        var open = await page.Locator("[data-testid=open-items]").GetAttributeAsync("data-open");
        await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-reconciliation-correction.png"), FullPage = true });

        await page.GotoAsync(memberUrl);
        var corrected = page.Locator("[data-testid=timeline] li[data-event=ProfileCorrected]");
        await Expect(corrected).ToContainTextAsync("1988-12-04");
        await Expect(corrected).ToContainTextAsync("Rà soát sau đại hội (thử)");
        await Expect(corrected).ToContainTextAsync("27-KH/QU");
        await Accessibility.AssertAccessibleAsync(page);
        await corrected.Locator("[data-testid=timeline-reconciliation]").ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == resultsPath);

        await page.GotoAsync($"{roundPath}?unit={Cell.Code}");
        await Expect(page.Locator("[data-testid=kpi-in-progress]")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-testid=kpi-open-items]")).ToHaveTextAsync(open!);
    }

    /// <summary>Admits the member the roll will name, through the admission form; the member's page.</summary>
    private static async Task<string> AdmitAsync(IPage page)
    {
        await page.GotoAsync("/members/admit");
        await page.Locator("#FullName").FillAsync("Nguyễn Thị Thục Quyên");
        await page.Locator("#Sex").SelectOptionAsync("Female");
        await page.Locator("#DateOfBirth").FillAsync("1988-04-12");
        await page.Locator("#CitizenId").FillAsync("001188054321");
        await page.Locator("#CellCode").FillAsync(Cell.Code);
        await page.Locator("#DecisionNumber").FillAsync("88-QĐ/ĐU");
        await page.Locator("#DecisionDate").FillAsync("2020-05-12");
        await page.Locator("#CeremonyDate").FillAsync("2020-05-19");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath.StartsWith("/members/", StringComparison.Ordinal) && !url.EndsWith("/admit", StringComparison.Ordinal));
        return new Uri(page.Url).AbsolutePath;
    }
}
