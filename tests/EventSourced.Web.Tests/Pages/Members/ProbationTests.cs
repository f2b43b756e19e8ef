using EventSourced.Domain.Members;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>The end-of-probation page (<c>/members/{id}/probation</c>): recognition only after the 12 months, official from their end.</summary>
[Collection(MembersIn2025.Collection)]
public sealed class ProbationTests(MembersIn2025 app)
{
    private static readonly LocalDate Today = new(2025, 3, 1);

    [Fact]
    public async Task recognising_before_the_12_months_are_over_is_refused_and_nothing_is_recorded()
    {
        var staff = await app.SignInAsync("staff");
        var early = await AdmissionForm.AdmitAsync(staff, "Trần Thị Hoa", ceremony: Today.PlusMonths(-11));

        var refused = await MemberForm.RefusedAsync(app, staff, early, "probation", "Recognise", new() { ["DecisionNumber"] = "12-QĐ/ĐU", ["DecisionDate"] = "2025-03-01" });

        refused.ShouldShow(Texts.Vi("Member.ProbationNotOver", Today.PlusMonths(1)));
        (await MemberForm.MemberAsync(app, early)).Version.ShouldBe(1);
    }

    [Fact]
    public async Task removing_an_unrecognised_member_before_the_12_months_are_over_is_refused_and_nothing_is_recorded()
    {
        var staff = await app.SignInAsync("staff");
        var early = await AdmissionForm.AdmitAsync(staff, "Phạm Văn Nam", ceremony: Today.PlusMonths(-11));

        var refused = await MemberForm.RefusedAsync(app, staff, early, "probation", "Remove", new() { ["DecisionNumber"] = "14-QĐ/ĐU", ["DecisionDate"] = "2025-03-01", ["Reason"] = "Không đủ tư cách" });

        refused.ShouldShow(Texts.Vi("Member.ProbationNotOver", Today.PlusMonths(1)));
        (await MemberForm.MemberAsync(app, early)).Status.ShouldBe(MembershipStatus.Probationary);
    }

    [Fact]
    public async Task a_member_recognised_after_the_12_months_is_official_from_their_end()
    {
        var staff = await app.SignInAsync("staff");
        var due = await AdmissionForm.AdmitAsync(staff, "Lê Văn Bình", ceremony: new LocalDate(2023, 12, 20));

        await MemberForm.RecordAsync(app, staff, due, "probation", "Recognise", new() { ["DecisionNumber"] = "13-QĐ/ĐU", ["DecisionDate"] = "2025-02-27" });

        var official = (await MemberForm.EventsAsync(app, due))[^1].Data.ShouldBeOfType<MemberRecognisedOfficial>();
        // Recorded in 2025, official from the end of the 12 months in 2024.
        official.EffectiveDate.ShouldBe(new LocalDate(2024, 12, 20));
        (await MemberForm.MemberAsync(app, due)).Status.ShouldBe(MembershipStatus.Official);
    }
}
