using System.Net.Http.Json;
using EventSourced.Web.Api;
using EventSourced.Web.Tests.Infrastructure;
using static EventSourced.Web.Tests.Pages.Reconciliation.ReconciliationSteps;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>A record the member confirmed in the app is shown as evidence on the reconciliation item that matched it.</summary>
public sealed class ConfirmedEvidenceTests(ConfirmedEvidenceTests.Fixture app) : IClassFixture<ConfirmedEvidenceTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [Fact]
    public async Task an_item_matched_to_a_member_who_confirmed_their_record_says_when()
    {
        var cell = Cells[0];
        var staff = await app.SignInAsync("staff");
        var confirmed = await AdmitAsync(staff, "Nguyễn Văn Chắc", "001090770001", cell);
        await AdmitAsync(staff, "Trần Văn Chưa", "001090770002", cell);
        var member = await AppMember.GrantAsync(app, staff, confirmed, "001090770001");
        using (var client = member.Client(app))
        {
            var me = (await client.GetFromJsonAsync<AppMe>("/api/app/me", WebSession.Json))!;
            (await client.PostAsJsonAsync("/api/app/me/confirmation", new AppConfirmBody(Guid.NewGuid(), me.RecordVersion), WebSession.Json)).EnsureSuccessStatusCode();
        }

        var id = await UploadAsync(staff, cell, Csv(
            $"Nguyễn Văn Chắc,01/01/1990,Nam,001090770001,{cell}",
            $"Trần Văn Chưa,01/01/1990,Nam,001090770002,{cell}"));
        await ReconciliationSteps.MatchedAsync(app.Store, id);
        var page = await staff.GetTextAsync($"{PathOf(cell)}/{id}");

        page.Split("data-testid=\"member-confirmed\"").Length.ShouldBe(2);
        var row = page[page.IndexOf($"data-member=\"{confirmed}\"", StringComparison.Ordinal)..];
        row[..row.IndexOf("</tr>", StringComparison.Ordinal)].ShouldContain("data-testid=\"member-confirmed\"");
    }
}
