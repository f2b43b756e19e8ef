using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;
using NodaTime;

namespace EventSourced.Browser.Tests.Members;

/// <summary>
/// A member's first year as a user lives it: admitted on 1 March 2024, the application restarted a
/// year later (its clock set forward), recognised as official, and the timeline read back.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class AdmitAndRecogniseTests(AppProcess app)
{
    private static readonly OrganisationCreated Cell = DemoCity.Build(DemoSize.Small)
        .First(u => u.Kind == OrganisationKind.Cell && u.Code.StartsWith("HN.BD.", StringComparison.Ordinal));

    [BrowserFact]
    public async Task staff_admit_a_member_and_recognise_them_after_twelve_months()
    {
        try
        {
            await app.RestartAsync("2024-03-01T02:00:00Z");
            string memberUrl;
            await using (var context = await app.NewContextAsync())
            {
                var page = await app.SignInAsync(context, "staff");
                await page.GotoAsync("/members/admit");
                await page.Locator("#FullName").FillAsync("Nguyễn Thị Thu Trang");
                await page.Locator("#Sex").SelectOptionAsync("Female");
                await page.Locator("#DateOfBirth").FillAsync("1995-08-19");
                await page.Locator("#CitizenId").FillAsync("001195012345");
                await page.Locator("#CellCode").FillAsync(Cell.Code);
                await page.Locator("#DecisionNumber").FillAsync("215-QĐ/ĐU");
                await page.Locator("#DecisionDate").FillAsync("2024-02-26");
                await page.Locator("#CeremonyDate").FillAsync("2024-03-01");
                await page.Locator("main form button[type=submit]").ClickAsync();

                await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath.StartsWith("/members/", StringComparison.Ordinal) && !url.EndsWith("/admit", StringComparison.Ordinal));
                await Expect(page.Locator("[data-testid=member-name]")).ToHaveTextAsync("NGUYỄN THỊ THU TRANG");
                await Expect(page.Locator("[data-testid=member-status]")).ToHaveTextAsync(Texts.Vi("MembershipStatus.Probationary"));
                await Expect(page.Locator("[data-testid=timeline] li[data-event=MemberAdmitted]")).ToContainTextAsync("215-QĐ/ĐU");
                memberUrl = new Uri(page.Url).AbsolutePath;

                // Before the 12 months are over the form explains the rule and refuses.
                await page.GotoAsync(memberUrl + "/probation");
                await page.Locator("form[action$='Recognise'] #DecisionNumber").FillAsync("9-QĐ/ĐU");
                await page.Locator("form[action$='Recognise'] button[type=submit]").ClickAsync();
                await Expect(page.Locator("[data-testid=form-error]")).ToContainTextAsync(Texts.Vi("Member.ProbationNotOver", new LocalDate(2025, 3, 1)));
            }

            await app.RestartAsync("2025-03-10T02:00:00Z");
            await using (var context = await app.NewContextAsync())
            {
                var page = await app.SignInAsync(context, "staff");
                await page.GotoAsync(memberUrl);
                await page.Locator("[data-testid=member-actions] a[href$='/probation']").ClickAsync();
                await page.Locator("form[action$='Recognise'] #DecisionNumber").FillAsync("301-QĐ/ĐU");
                await page.Locator("form[action$='Recognise'] #DecisionDate").FillAsync("2025-03-09");
                await page.Locator("form[action$='Recognise'] button[type=submit]").ClickAsync();

                await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == memberUrl);
                await Expect(page.Locator("[data-testid=member-status]")).ToHaveTextAsync(Texts.Vi("MembershipStatus.Official"));
                var recognised = page.Locator("[data-testid=timeline] li[data-event=MemberRecognisedOfficial]");
                // Decided on 9 March 2025, official from the end of the 12 months.
                await Expect(recognised).ToContainTextAsync("01/03/2025");
                await Expect(recognised).ToContainTextAsync("301-QĐ/ĐU");
                await Expect(recognised).ToContainTextAsync("Nguyễn Thị Lan");
                await Expect(page.Locator("[data-testid=party-age]")).ToHaveTextAsync(Texts.Vi("Member.Years", 1));
                await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-member-page.png"), FullPage = true });
            }
        }
        finally
        {
            await app.RestartAsync(null);
        }
    }
}
