using System.Net;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>The party card page (<c>/members/{id}/card</c>): stale forms and other units' members.</summary>
[Collection(MembersIn2025.Collection)]
public sealed class CardTests(MembersIn2025 app)
{
    private static readonly LocalDate Today = new(2025, 3, 1);

    [Fact]
    public async Task a_stale_form_is_refused_and_says_who_changed_the_record_and_when()
    {
        var staff = await app.SignInAsync("staff");
        var admin = await app.SignInAsync("admin");
        var id = await AdmissionForm.AdmitAsync(staff, "Vũ Đức Hải", ceremony: Today.PlusMonths(-1));
        (await MemberForm.PostAsync(admin, id, "card", null, Card("HN-STALE-1"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var stale = await MemberForm.PostAsync(staff, id, "card", null, Card("HN-STALE-2"));

        stale.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var changed = (await MemberForm.EventsAsync(app, id))[^1];
        (await stale.Content.ReadAsStringAsync()).ShouldShow(Texts.Vi("Stale.ChangedBy", changed.RecordedBy.DisplayName!, Messages.DisplayTime(changed.RecordedAt)));
    }

    [Fact]
    public async Task a_stale_form_leaves_the_first_change_in_place()
    {
        var staff = await app.SignInAsync("staff");
        var admin = await app.SignInAsync("admin");
        var id = await AdmissionForm.AdmitAsync(staff, "Vũ Đức Hà", ceremony: Today.PlusMonths(-1));
        await MemberForm.PostAsync(admin, id, "card", null, Card("HN-STALE-3"));

        await MemberForm.PostAsync(staff, id, "card", null, Card("HN-STALE-4"));

        (await MemberForm.MemberAsync(app, id)).CardNumber.ShouldBe("HN-STALE-3");
    }

    [Fact]
    public async Task staff_of_another_unit_cannot_open_the_card_form()
    {
        var staff = await app.SignInAsync("staff");
        var other = await app.SignInAsync("staff2");
        var id = await AdmissionForm.AdmitAsync(staff, "Đỗ Thị Lan", ceremony: Today.PlusMonths(-1));

        var form = await other.GetAsync($"/members/{id}/card");

        form.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        form.Headers.Location!.ToString().ShouldContain("/forbidden");
    }

    [Fact]
    public async Task a_card_posted_by_staff_of_another_unit_is_refused_and_nothing_is_recorded()
    {
        var staff = await app.SignInAsync("staff");
        var other = await app.SignInAsync("staff2");
        var id = await AdmissionForm.AdmitAsync(staff, "Đỗ Thị Loan", ceremony: Today.PlusMonths(-1));

        // The antiforgery token comes from a page the other unit's staff may open.
        var forged = await other.PostFormAsync("/members", $"/members/{id}/card", Card("X1"));

        forged.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        forged.Headers.Location!.ToString().ShouldContain("/forbidden");
        (await MemberForm.MemberAsync(app, id)).Version.ShouldBe(1);
    }

    private static Dictionary<string, string> Card(string number) => new() { ["ExpectedVersion"] = "1", ["CardNumber"] = number, ["IssueDate"] = "2025-02-28" };
}
