using EventSourced.Domain.Members;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;
using static EventSourced.Web.Tests.Pages.Reconciliation.ReconciliationSteps;

namespace EventSourced.Web.Tests.Reconciliation;

/// <summary>The background matching compares a roll with the register as it stood on the roll's reference date.</summary>
public sealed class MatchRollTests(MatchRollTests.Fixture app) : IClassFixture<MatchRollTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private static Guid IdOf(string code) => DemoUnits.Units.First(u => u.Code == code).OrganisationId;

    /// <summary>Moves a member to another cell on <paramref name="on"/>, as a merge of cells records it.</summary>
    private async Task MoveAsync(Guid memberId, string from, string to, LocalDate on)
    {
        await using var session = app.Store.LightweightSession();
        session.Events.Append(memberId, new MemberCellChanged(IdOf(from), IdOf(to), CellChangeCause.CellMerged, on));
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task a_member_who_moved_out_after_the_reference_date_is_expected_and_one_who_joined_after_it_is_not()
    {
        var cell = Cells[0];
        var staff = await app.SignInAsync("staff");
        // Admitted in June 2024, before the roll's reference date of 1 January 2025.
        var onRoll = await AdmitAsync(staff, "Phan Văn Nam", "001090700001", cell);
        var absent = await AdmitAsync(staff, "Đinh Thị Oanh", "001190700002", cell);
        await MoveAsync(onRoll, cell, Cells[1], new LocalDate(2025, 2, 1));
        await MoveAsync(absent, cell, Cells[1], new LocalDate(2025, 2, 1));
        var joinedAfter = await AdmissionForm.AdmitAsync(staff, AdmissionForm.Fields("Tạ Văn Phúc", cell, new LocalDate(2025, 3, 1)));
        var movedIn = await AdmitAsync(staff, "Lý Văn Quang", "001090700004", Cells[1]);
        await MoveAsync(movedIn, Cells[1], cell, new LocalDate(2025, 2, 1));

        var id = await UploadAsync(staff, cell, Csv($"Phan Văn Nam,01/01/1990,Nam,001090700001,{cell}"), referenceDate: "2025-01-01");
        await MatchedAsync(app.Store, id);
        var items = await ItemsAsync(app.Store, id);

        items.Single(i => i.MemberId == onRoll).Category.ShouldBe(ItemCategory.Matched);
        var missing = items.Single(i => i.MemberId == absent);
        (missing.Category, missing.Explanation, missing.Register!.Cell).ShouldBe((ItemCategory.InRegisterOnly, AbsenceExplanation.MovedAfterReferenceDate, cell));
        items.ShouldNotContain(i => i.MemberId == joinedAfter);
        items.ShouldNotContain(i => i.MemberId == movedIn);
    }
}
