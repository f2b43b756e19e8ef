using EventSourced.Domain.Members;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>The end-of-membership page (<c>/members/{id}/end</c>): removal from the rolls with its ground, voluntary exit, death.</summary>
[Collection(MembersIn2030.Collection)]
public sealed class EndTests(MembersIn2030 app)
{
    [Fact]
    public async Task a_removal_on_other_grounds_without_a_reason_is_refused()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1));

        var refused = await MemberForm.RefusedAsync(app, staff, id, "end", "Remove", new() { ["Ground"] = "Other", ["DecisionNumber"] = "2-QĐ/ĐU", ["DecisionDate"] = "2030-06-01" });

        refused.ShouldShow(Texts.Vi("Member.ReasonRequired"));
        (await MemberForm.MemberAsync(app, id)).Status.ShouldBe(MembershipStatus.Official);
    }

    [Fact]
    public async Task a_removal_from_the_rolls_is_recorded_with_its_ground()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1));

        await MemberForm.RecordAsync(app, staff, id, "end", "Remove", new() { ["Ground"] = "AbandonedActivityOrUnpaidDues", ["DecisionNumber"] = "2-QĐ/ĐU", ["DecisionDate"] = "2030-06-01" });

        (await MemberForm.EventsAsync(app, id))[^1].Data.ShouldBeOfType<MemberRemovedFromRolls>().Ground.ShouldBe(RemovalGround.AbandonedActivityOrUnpaidDues);
    }

    [Fact]
    public async Task a_voluntary_exit_leaves_the_member_as_having_left()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1));

        await MemberForm.RecordAsync(app, staff, id, "end", "Exit", new() { ["DecisionNumber"] = "3-QĐ/ĐU", ["DecisionDate"] = "2030-06-02" });

        (await MemberForm.MemberAsync(app, id)).Status.ShouldBe(MembershipStatus.LeftVoluntarily);
    }
}
