using System.Globalization;
using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;

namespace EventSourced.Browser.Tests.Members;

/// <summary>
/// A death recorded on the wrong person is put right by two people: staff propose rescinding it from
/// the member's timeline, an administrator confirms it from the list of proposals awaiting
/// confirmation; the member is back on the roll and the timeline shows both entries.
/// </summary>
[Collection(AppProcess.Collection)]
public sealed class RescindDeathTests(AppProcess app)
{
    private static readonly OrganisationCreated Cell = DemoCity.Build(DemoSize.Small)
        .First(u => u.Kind == OrganisationKind.Cell && u.Code.StartsWith("HN.BD.", StringComparison.Ordinal));

    [BrowserFact]
    public async Task one_user_proposes_rescinding_a_death_another_confirms_it_and_the_member_is_back_on_the_roll()
    {
        var serial = (Environment.TickCount64 % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var name = $"Phạm Văn Nhầm {serial}";
        string memberUrl;
        await using (var context = await app.NewContextAsync())
        {
            var page = await app.SignInAsync(context, "staff");
            await page.GotoAsync("/members/admit");
            await page.Locator("#FullName").FillAsync(name);
            await page.Locator("#Sex").SelectOptionAsync("Male");
            await page.Locator("#DateOfBirth").FillAsync("1980-04-12");
            await page.Locator("#CitizenId").FillAsync("001080" + serial);
            await page.Locator("#CellCode").FillAsync(Cell.Code);
            await page.Locator("#DecisionNumber").FillAsync("12-QĐ/ĐU");
            await page.Locator("#DecisionDate").FillAsync("2020-02-26");
            await page.Locator("#CeremonyDate").FillAsync("2020-03-01");
            await page.Locator("main form button[type=submit]").ClickAsync();
            await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath.StartsWith("/members/", StringComparison.Ordinal) && !url.EndsWith("/admit", StringComparison.Ordinal));
            memberUrl = new Uri(page.Url).AbsolutePath;

            // The death recorded on the wrong person.
            await page.GotoAsync(memberUrl + "/end");
            await page.Locator("form[action$='Death'] #DateOfDeath").FillAsync("2024-05-20");
            await page.Locator("form[action$='Death'] button[type=submit]").ClickAsync();
            await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == memberUrl);
            await Expect(page.Locator("[data-testid=member-status]")).ToHaveTextAsync(Texts.Vi("MembershipStatus.Deceased"));

            await page.Locator("[data-testid=timeline] li[data-event=MemberDied] a[data-testid^=rescind-]").ClickAsync();
            await page.Locator("#DecisionNumber").FillAsync("88-QĐ/ĐU");
            await page.Locator("#Reason").FillAsync("Ghi nhầm người: người mất là đảng viên khác cùng tên");
            await page.Locator("[data-testid=rescind-submit]").ClickAsync();
            await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == memberUrl);
            await Expect(page.Locator("[data-testid=rescissions-pending]")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid=member-status]")).ToHaveTextAsync(Texts.Vi("MembershipStatus.Deceased"));

            // The author is offered no confirmation of their own proposal.
            await page.Locator("[data-testid=rescissions-pending] a").ClickAsync();
            await Expect(page.Locator("[data-testid=pending-rescissions] [data-testid=withdraw-rescission]")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid=confirm-rescission]")).ToHaveCountAsync(0);
        }

        await using (var context = await app.NewContextAsync())
        {
            var page = await app.SignInAsync(context, "admin");
            await page.GotoAsync("/members/rescissions");
            await page.Locator($"[data-testid=rescissions] tr[data-member='{memberUrl.Split('/')[^1]}'] [data-testid=open-rescission]").ClickAsync();
            await page.Locator("[data-testid=confirm-rescission]").ClickAsync();
            await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath == memberUrl);

            await Expect(page.Locator("[data-testid=member-status]")).ToHaveTextAsync(Texts.Vi("MembershipStatus.Probationary"));
            await Expect(page.Locator("[data-testid=timeline] li[data-event=MemberDied][data-rescinded=true] [data-testid=rescinded]")).ToBeVisibleAsync();
            var rescinded = page.Locator("[data-testid=timeline] li[data-event=MemberEntryRescinded]");
            await Expect(rescinded).ToContainTextAsync("88-QĐ/ĐU");
            await Expect(rescinded).ToContainTextAsync("Nguyễn Thị Lan");
            await page.ScreenshotAsync(new() { Path = AppProcess.ScreenshotPath("browser-rescinded-death.png"), FullPage = true });

            await page.GotoAsync("/members?q=" + Uri.EscapeDataString(name));
            await Expect(page.Locator("[data-testid=members]")).ToContainTextAsync(name.ToUpper(CultureInfo.GetCultureInfo("vi-VN")));
        }
    }
}
