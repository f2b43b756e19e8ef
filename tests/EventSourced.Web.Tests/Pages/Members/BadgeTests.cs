using EventSourced.Domain.Members;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>The badge page (<c>/members/{id}/badge</c>): a Party badge is awarded only on an award date, once the years are reached.</summary>
[Collection(MembersIn2030.Collection)]
public sealed class BadgeTests(MembersIn2030 app)
{
    private static readonly LocalDate Admitted = new(2000, 5, 1);

    [Fact]
    public async Task a_badge_on_a_day_that_is_not_an_award_date_is_refused()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, Admitted);

        var refused = await MemberForm.RefusedAsync(app, staff, id, "badge", null, new() { ["Years"] = "30", ["AwardDate"] = "2030-05-20", ["DecisionNumber"] = "1-QĐ/TU", ["DecisionDate"] = "2030-05-18" });

        refused.ShouldShow(Texts.Vi("Member.NotAnAwardDate"));
    }

    [Fact]
    public async Task a_badge_before_its_years_are_reached_is_refused()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, Admitted);

        var refused = await MemberForm.RefusedAsync(app, staff, id, "badge", null, new() { ["Years"] = "30", ["AwardDate"] = "2030-02-03", ["DecisionNumber"] = "1-QĐ/TU", ["DecisionDate"] = "2030-02-01" });

        // On 3 February 2030 the member admitted in May 2000 has 29 years in the Party.
        refused.ShouldShow(Texts.Vi("Member.BadgeNotDue", 30, 29));
    }

    [Fact]
    public async Task a_badge_on_an_award_date_once_the_years_are_reached_is_recorded()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, Admitted);

        await MemberForm.RecordAsync(app, staff, id, "badge", null, new() { ["Years"] = "30", ["AwardDate"] = "2030-05-19", ["DecisionNumber"] = "1-QĐ/TU", ["DecisionDate"] = "2030-05-18" });

        var badge = (await MemberForm.EventsAsync(app, id))[^1].Data.ShouldBeOfType<PartyBadgeAwarded>();
        badge.Years.ShouldBe(30);
        badge.EffectiveDate.ShouldBe(new LocalDate(2030, 5, 19));
    }

    [Fact]
    public async Task badges_received_before_the_register_are_recorded_on_the_profile_and_the_next_one_is_proposed()
    {
        // Admitted in May 1995: 35 years in the Party in June 2030, the 30-year badge received on paper.
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(1995, 5, 1));

        await MemberForm.RecordAsync(app, staff, id, "badge", "ReceivedBefore", new() { ["ReceivedBefore"] = "30" });

        var member = await MemberForm.MemberAsync(app, id);
        member.Badges.ShouldBe([30]);
        member.NextBadge.ShouldBe(40);
        (await MemberForm.EventsAsync(app, id))[^1].Data.ShouldBeOfType<PartyBadgesReceivedBefore>().Years.ShouldBe([30]);
        var refused = await MemberForm.RefusedAsync(app, staff, id, "badge", "ReceivedBefore", new() { ["ReceivedBefore"] = "40" });
        refused.ShouldContain("data-rule=\"Member.BadgeNotReached\"");
    }
}
