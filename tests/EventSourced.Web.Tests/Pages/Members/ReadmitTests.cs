using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>The readmission page (<c>/members/{id}/readmit</c>): 36 months after leaving, a new probation in the chosen cell.</summary>
[Collection(MembersIn2030.Collection)]
public sealed class ReadmitTests(MembersIn2030 app)
{
    private static readonly OrganisationCreated OtherCell = DemoUnits.ChildrenOf(AdmissionForm.Cell.ParentId!.Value).Last(u => u.Kind == OrganisationKind.Cell);

    [Fact]
    public async Task a_readmission_before_36_months_is_refused_with_the_first_day_it_may_be_considered()
    {
        var (staff, id) = await LeftInJanuary2027Async();

        var refused = await MemberForm.RefusedAsync(app, staff, id, "readmit", null, new() { ["CellCode"] = OtherCell.Code, ["DecisionNumber"] = "8-QĐ/ĐU", ["DecisionDate"] = "2029-12-01", ["CeremonyDate"] = "2029-12-03" });

        refused.ShouldShow(Texts.Vi("Member.ReadmissionTooSoon", new LocalDate(2030, 1, 5)));
    }

    [Fact]
    public async Task a_readmission_after_36_months_starts_a_new_probation_in_the_chosen_cell()
    {
        var (staff, id) = await LeftInJanuary2027Async();

        await MemberForm.RecordAsync(app, staff, id, "readmit", null, new() { ["CellCode"] = OtherCell.Code, ["DecisionNumber"] = "8-QĐ/ĐU", ["DecisionDate"] = "2030-02-01", ["CeremonyDate"] = "2030-02-03" });

        var member = await MemberForm.MemberAsync(app, id);
        member.Status.ShouldBe(MembershipStatus.Probationary);
        member.CellId.ShouldBe(OtherCell.OrganisationId);
        member.CeremonyDate.ShouldBe(new LocalDate(2030, 2, 3));
    }

    private async Task<(WebSession Staff, Guid Id)> LeftInJanuary2027Async()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2015, 3, 1));
        await MemberForm.RecordAsync(app, staff, id, "end", "Exit", new() { ["DecisionNumber"] = "3-QĐ/ĐU", ["DecisionDate"] = "2027-01-05" });
        return (staff, id);
    }
}
