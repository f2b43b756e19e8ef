using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;

namespace EventSourced.Browser.Tests.Reconciliation;

/// <summary>
/// A small cell's roll typed on screen with the keyboard: a bad date is shown beside its row and
/// column, put right, a row added and one removed, and the reconciliation starts and is matched.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class TypedRollTests(AppProcess app)
{
    private static readonly OrganisationCreated Cell = DemoCity.Build(DemoSize.Small)
        .Where(u => u.Kind == OrganisationKind.Cell && u.Code.StartsWith("HN.BD.", StringComparison.Ordinal))
        .SkipLast(1)
        .Last();

    [BrowserFact]
    public async Task staff_type_a_cells_roll_correct_a_bad_row_and_start_the_reconciliation()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "staff");
        await page.GotoAsync("/reconciliation/units/" + Cell.Code);
        await page.Locator("[data-testid=typed-roll-link]").ClickAsync();
        await page.Locator("#ReferenceDate").FillAsync("2025-01-01");

        await Expect(page.Locator("label[for=row-0-FullName]")).ToHaveCountAsync(1);
        await page.Locator("#row-0-FullName").FillAsync("Khổng Văn Gõ");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("31/02/1979");
        await page.Locator("#row-1-FullName").FillAsync("Dòng Sẽ Xóa");
        await page.Locator("#row-1-DateOfBirth").FillAsync("01/01/1980");
        await page.Locator("[data-testid=typed-submit]").ClickAsync();

        await Expect(page.Locator("[data-testid=import-errors] tr[data-row='1'][data-column=DateOfBirth]")).ToHaveAttributeAsync("data-code", "Import.DateInvalid");
        await Expect(page.Locator("#row-0-DateOfBirth")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.Locator("#row-0-DateOfBirth").FillAsync("09/09/1979");
        await page.Locator("tr[data-row='2'] [data-testid=remove-row]").ClickAsync();
        await Expect(page.Locator("#row-1-FullName")).Not.ToHaveValueAsync("Dòng Sẽ Xóa");
        await page.Locator("[data-testid=add-row]").ClickAsync();
        await page.Locator("#row-0-CellCode").FillAsync(Cell.Code);
        await page.Locator("[data-testid=typed-submit]").ClickAsync();

        await Expect(page.Locator("[data-testid=reconciliation-status]")).ToHaveAttributeAsync("data-status", "InProgress", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=reconciliation-items] tr[data-category=OnRollOnly]").Filter(new() { HasText = "Khổng Văn Gõ" })).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-reconciliation-typed.png"), FullPage = true });
    }
}
