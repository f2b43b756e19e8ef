using EventSourced.Domain.Members;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;
using static EventSourced.Web.Tests.Pages.Reconciliation.ReconciliationSteps;

namespace EventSourced.Web.Tests.Pages.Reconciliation;

/// <summary>
/// A roll row the unit's register does not hold is looked up in the whole register by its citizen ID: a member of
/// another cell, a guest on temporary transfer here, a removed member. The results say where, naming a unit only to
/// staff who may see its members.
/// </summary>
public sealed class RecordedElsewhereTests(RecordedElsewhereTests.Fixture app) : IClassFixture<RecordedElsewhereTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private static (Guid Id, string Name) Unit(string code) => DemoUnits.Units.Where(u => u.Code == code).Select(u => (u.OrganisationId, u.Name)).First();

    /// <summary>The results table's row of a line of the file (the header is line 1).</summary>
    private static string RowOf(string page, int rollRow) =>
        System.Text.RegularExpressions.Regex.Match(page, $"<tr [^>]*data-row=\"{rollRow}\"[^>]*>.*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;

    private async Task AppendAsync(Guid memberId, object e)
    {
        await using var session = app.Store.LightweightSession();
        session.Events.Append(memberId, e);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task rows_recorded_in_another_cell_hosted_here_or_removed_say_where_and_a_unit_outside_the_viewers_scope_is_not_named()
    {
        var here = Cells[1];
        var staff = await app.SignInAsync("staff");
        var otherStaff = await app.SignInAsync("staff2");
        var outside = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));
        var elsewhere = await AdmitAsync(staff, "Phan Văn Nam", "001090710001", Cells[2]);
        var beyond = await AdmitAsync(otherStaff, "Đinh Văn Oanh", "001090710002", outside.Code);
        var removed = await AdmitAsync(staff, "Tạ Văn Phúc", "001090710003", Cells[3]);
        await AppendAsync(removed, new MemberRemovedFromRolls(RemovalGround.AbandonedActivityOrUnpaidDues, new Decision("5-QĐ/ĐU", new LocalDate(2024, 11, 20)), "Bỏ sinh hoạt", new LocalDate(2024, 11, 20)));
        var guest = await AdmitAsync(staff, "Lý Văn Quang", "001090710004", Cells[4]);
        await AppendAsync(guest, new MemberHostedTemporarily(Guid.CreateVersion7(), Unit(here).Id, new LocalDate(2024, 10, 1), new LocalDate(2025, 6, 30)));

        var id = await UploadAsync(staff, here, Csv(
            $"Phan Văn Nam,01/01/1990,Nam,001090710001,{here}",
            $"Đinh Văn Oanh,01/01/1990,Nam,001090710002,{here}",
            $"Tạ Văn Phúc,01/01/1990,Nam,001090710003,{here}",
            $"Lý Văn Quang,01/01/1990,Nam,001090710004,{here}",
            $"Vũ Văn Sơn,01/01/1990,Nam,001090710005,{here}"));
        await MatchedAsync(app.Store, id);
        var items = (await ItemsAsync(app.Store, id)).Where(i => i.Category == ItemCategory.OnRollOnly).ToDictionary(i => i.Roll!.FullName);

        items["Phan Văn Nam"].Elsewhere.ShouldBe(new RecordedElsewhere(elsewhere, ElsewhereKind.InCell, Unit(Cells[2]).Id, MembershipStatus.Probationary, new LocalDate(2024, 6, 5), ReconciliationItems.CitizenId));
        items["Đinh Văn Oanh"].Elsewhere!.MemberId.ShouldBe(beyond);
        items["Tạ Văn Phúc"].Elsewhere!.Kind.ShouldBe(ElsewhereKind.Ended);
        items["Lý Văn Quang"].Elsewhere!.Kind.ShouldBe(ElsewhereKind.HostedHere);
        items["Vũ Văn Sơn"].Elsewhere.ShouldBeNull();

        var page = await staff.GetTextAsync($"{PathOf(here)}/{id}?category=OnRollOnly");
        RowOf(page, 2).ShouldContain($"data-elsewhere=\"InCell\" data-in-scope=\"True\"");
        RowOf(page, 2).ShouldContain(Unit(Cells[2]).Name);
        RowOf(page, 3).ShouldContain("data-elsewhere=\"InCell\" data-in-scope=\"False\"");
        RowOf(page, 3).ShouldNotContain(outside.Name);
        RowOf(page, 4).ShouldContain("data-elsewhere=\"Ended\" data-in-scope=\"True\"");
        RowOf(page, 4).ShouldContain(Unit(Cells[3]).Name);
        RowOf(page, 4).ShouldContain("20/11/2024");
        RowOf(page, 5).ShouldContain("data-elsewhere=\"HostedHere\" data-in-scope=\"True\"");
        RowOf(page, 5).ShouldContain(Unit(Cells[4]).Name);
        RowOf(page, 6).ShouldNotContain("data-elsewhere");
    }
}
