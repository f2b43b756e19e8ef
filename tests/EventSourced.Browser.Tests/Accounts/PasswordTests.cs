using EventSourced.Browser.Tests.Infrastructure;

namespace EventSourced.Browser.Tests.Accounts;

/// <summary>The change-password page, reached from the header: labelled, keyboard-friendly, and a wrong current password said by its field.</summary>
[Collection(AppProcess.Collection)]
public sealed class PasswordTests(AppProcess app)
{
    [BrowserFact]
    public async Task a_user_reaches_the_password_page_from_the_header_and_is_told_a_wrong_current_password_by_its_field()
    {
        await using var context = await app.NewContextAsync();
        var page = await app.SignInAsync(context, "auditor");
        await page.Locator("[data-testid=change-password-link]").ClickAsync();
        await page.WaitForAddressAsync(url => url.EndsWith("/account/password", StringComparison.Ordinal));
        await Accessibility.AssertAccessibleAsync(page);

        await page.Locator("#CurrentPassword").FillAsync("khong-phai-mat-khau");
        await page.Locator("#NewPassword").FillAsync("mat-khau-moi-2026");
        await page.Locator("#ConfirmPassword").FillAsync("mat-khau-moi-2026");
        await page.Locator("#ConfirmPassword").PressAsync("Enter");

        await Expect(page.Locator("[data-rule='Account.CurrentPasswordWrong']").First).ToBeVisibleAsync();
        await Accessibility.AssertAccessibleAsync(page);
    }
}
