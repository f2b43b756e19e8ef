using EventSourced.Domain.Members;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>The exemption page (<c>/members/{id}/exemption</c>): an exemption from activity and its end, each with its decision.</summary>
[Collection(MembersIn2030.Collection)]
public sealed class ExemptionTests(MembersIn2030 app)
{
    [Fact]
    public async Task an_exemption_is_recorded_with_its_reason()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2010, 3, 1));

        await ExemptAsync(staff, id);

        (await MemberForm.EventsAsync(app, id))[^1].Data.ShouldBeOfType<MemberExempted>().Reason.ShouldBe("Tuổi cao");
    }

    [Fact]
    public async Task the_end_of_an_exemption_is_recorded_from_its_date_with_who_recorded_it()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2010, 3, 1));
        await ExemptAsync(staff, id);

        await MemberForm.RecordAsync(app, staff, id, "exemption", "End", new() { ["DecisionNumber"] = "4-NQ/CB", ["DecisionDate"] = "2030-06-01", ["EffectiveDate"] = "2030-06-01" });

        var ended = (await MemberForm.EventsAsync(app, id))[^1];
        ended.Data.ShouldBeOfType<MemberExemptionEnded>().EffectiveDate.ShouldBe(new LocalDate(2030, 6, 1));
        ended.RecordedBy.UserName.ShouldBe("staff");
    }

    private Task ExemptAsync(WebSession staff, Guid id) =>
        MemberForm.RecordAsync(app, staff, id, "exemption", "Exempt", new() { ["DecisionNumber"] = "3-NQ/CB", ["DecisionDate"] = "2030-05-01", ["EffectiveDate"] = "2030-05-01", ["Reason"] = "Tuổi cao" });
}
