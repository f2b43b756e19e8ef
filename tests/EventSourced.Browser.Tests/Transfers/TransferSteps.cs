using System.Globalization;
using EventSourced.Browser.Tests.Infrastructure;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Demo;
using Microsoft.Playwright;

namespace EventSourced.Browser.Tests.Transfers;

/// <summary>A transfer issued through the screens: its page, the member's page and the letter's number.</summary>
public sealed record IssuedTransfer(string Url, string MemberUrl, string Letter);

/// <summary>The steps every transfer test starts with: a new Ba Đình member and a letter issued from the member's page.</summary>
public static class TransferSteps
{
    public static readonly IReadOnlyList<OrganisationCreated> Demo = DemoCity.Build(DemoSize.Small);

    public static readonly OrganisationCreated BaDinhCell = Demo.First(u => u.Kind == OrganisationKind.Cell && u.Code.StartsWith("HN.BD.", StringComparison.Ordinal));

    public static readonly OrganisationCreated HoanKiemCell = Demo.First(u => u.Kind == OrganisationKind.Cell && u.Code.StartsWith("HN.HK.", StringComparison.Ordinal));

    /// <summary>
    /// Admits a new Ba Đình member and issues one of the three letters from the member's transfer
    /// page (<paramref name="kind"/>: official, out or temporary), <paramref name="fill"/> naming where
    /// the member goes; <paramref name="page"/> is left on the transfer's page.
    /// </summary>
    public static async Task<IssuedTransfer> IssueAsync(IPage page, string kind, Func<ILocator, Task> fill, string? letterDate = null)
    {
        var serial = Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var letter = $"{serial}-GGT/QU";
        await page.GotoAsync("/members/admit");
        await page.Locator("#FullName").FillAsync("Lương Văn Thao Tác " + serial);
        await page.Locator("#DateOfBirth").FillAsync("1987-05-20");
        await page.Locator("#CitizenId").FillAsync("001087" + serial);
        await page.Locator("#CellCode").FillAsync(BaDinhCell.Code);
        await page.Locator("#DecisionNumber").FillAsync(serial + "-QĐ/ĐU");
        await page.Locator("#DecisionDate").FillAsync("2024-03-01");
        await page.Locator("#CeremonyDate").FillAsync("2024-03-01");
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath.StartsWith("/members/", StringComparison.Ordinal) && !url.EndsWith("/admit", StringComparison.Ordinal));
        var memberUrl = new Uri(page.Url).AbsolutePath;

        await page.Locator("[data-testid=member-actions] a[href$='/transfer']").ClickAsync();
        var form = page.Locator($"form[data-testid=transfer-{kind}]");
        await fill(form);
        await form.Locator($"#{kind}-LetterNumber").FillAsync(letter);
        if (letterDate is not null)
        {
            await form.Locator($"#{kind}-LetterDate").FillAsync(letterDate);
        }

        await form.Locator($"#{kind}-Reason").FillAsync("Chuyển nơi công tác");
        await form.Locator("button[type=submit]").ClickAsync();
        await page.WaitForAddressAsync(url => new Uri(url).AbsolutePath.StartsWith("/transfers/", StringComparison.Ordinal));
        return new IssuedTransfer(new Uri(page.Url).AbsolutePath, memberUrl, letter);
    }

    /// <summary>An official transfer from Ba Đình to a Hoàn Kiếm cell.</summary>
    public static Task<IssuedTransfer> IssueToHoanKiemAsync(IPage page, string? letterDate = null) =>
        IssueAsync(page, "official", form => form.Locator("#ToCellCode").FillAsync(HoanKiemCell.Code), letterDate);

    /// <summary>The transfer's status on its page.</summary>
    public static ILocator Status(IPage page) => page.Locator("[data-testid=transfer-status]");
}
