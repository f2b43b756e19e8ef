using EventSourced.Domain.Members;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>The correction page (<c>/members/{id}/correct</c>): a profile field put right, with the old value and the reason kept.</summary>
[Collection(MembersIn2030.Collection)]
public sealed class CorrectTests(MembersIn2030 app)
{
    [Fact]
    public async Task a_correction_keeps_the_old_value_and_the_reason()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2015, 3, 1));

        await MemberForm.RecordAsync(app, staff, id, "correct", null, new() { ["Field"] = "HomeTown", ["NewValue"] = "Nam Định", ["Reason"] = "Sai khi nhập lý lịch" });

        var corrected = (await MemberForm.EventsAsync(app, id))[^1].Data.ShouldBeOfType<ProfileCorrected>();
        corrected.OldValue.ShouldBe("Hà Nội");
        corrected.NewValue.ShouldBe("Nam Định");
        corrected.Reason.ShouldBe("Sai khi nhập lý lịch");
    }

    [Fact]
    public async Task a_date_of_birth_in_the_future_is_refused_and_nothing_is_recorded()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2015, 3, 1));
        var before = (await MemberForm.MemberAsync(app, id)).Version;

        var refused = await MemberForm.RefusedAsync(app, staff, id, "correct", null, new() { ["Field"] = "DateOfBirth", ["NewValue"] = "2031-01-01", ["Reason"] = "x" });

        refused.ShouldShow(Texts.Vi("Member.DateOfBirthInvalid"));
        (await MemberForm.MemberAsync(app, id)).Version.ShouldBe(before);
    }

    [Fact]
    public async Task a_correction_dated_before_a_later_one_of_the_same_field_is_refused_with_why_and_the_record_keeps_the_later_value()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2015, 3, 1));
        await MemberForm.RecordAsync(app, staff, id, "correct", null, new() { ["Field"] = "HomeTown", ["NewValue"] = "Nam Định", ["Reason"] = "Sai khi nhập lý lịch" });
        var before = (await MemberForm.MemberAsync(app, id)).Version;

        var refused = await MemberForm.RefusedAsync(app, staff, id, "correct", null, new() { ["Field"] = "HomeTown", ["NewValue"] = "Thái Bình", ["EffectiveDate"] = "2029-01-01", ["Reason"] = "Theo lý lịch gốc" });

        refused.ShouldContain("data-rule=\"Member.CorrectionBeforeLaterOne\"");
        var member = await MemberForm.MemberAsync(app, id);
        (member.Version, member.Profile.HomeTown).ShouldBe((before, "Nam Định"));
    }

    [Fact]
    public async Task a_date_of_birth_that_would_make_the_member_under_18_when_admitted_is_refused_and_nothing_is_recorded()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2015, 3, 1));
        var before = (await MemberForm.MemberAsync(app, id)).Version;

        var refused = await MemberForm.RefusedAsync(app, staff, id, "correct", null, new() { ["Field"] = "DateOfBirth", ["NewValue"] = "2000-01-01", ["Reason"] = "Theo giấy khai sinh" });

        refused.ShouldContain("data-rule=\"Member.TooYoung\"");
        (await MemberForm.MemberAsync(app, id)).Version.ShouldBe(before);
    }
}
