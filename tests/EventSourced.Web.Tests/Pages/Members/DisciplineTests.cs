using EventSourced.Domain.Members;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>The discipline page (<c>/members/{id}/discipline</c>): a discipline imposed, its limits, and its annulment.</summary>
[Collection(MembersIn2030.Collection)]
public sealed class DisciplineTests(MembersIn2030 app)
{
    private static readonly LocalDate Today = new(2030, 6, 10);

    [Fact]
    public async Task an_annulled_expulsion_restores_membership()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2012, 3, 1));
        var discipline = await ExpelAsync(staff, id);

        await AnnulAsync(staff, id, discipline);

        (await MemberForm.MemberAsync(app, id)).Status.ShouldBe(MembershipStatus.Official);
    }

    [Fact]
    public async Task an_annulled_discipline_stays_on_the_record_marked_annulled()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2012, 3, 1));
        var discipline = await ExpelAsync(staff, id);

        await AnnulAsync(staff, id, discipline);

        (await MemberForm.MemberAsync(app, id)).Disciplines.ShouldHaveSingleItem().Annulled.ShouldBeTrue();
        (await MemberForm.EventsAsync(app, id)).Select(e => e.Data.GetType()).ShouldContain(typeof(DisciplineImposed));
    }

    [Fact]
    public async Task an_expulsion_ends_membership()
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2012, 3, 1));

        await ExpelAsync(staff, id);

        (await MemberForm.MemberAsync(app, id)).Status.ShouldBe(MembershipStatus.Expelled);
    }

    [Fact]
    public async Task a_probationary_member_cannot_be_expelled_and_nothing_is_recorded()
    {
        var staff = await app.SignInAsync("staff");
        var probationary = await AdmissionForm.AdmitAsync(staff, "Phạm Văn Long", ceremony: Today.PlusMonths(-2));

        var refused = await MemberForm.RefusedAsync(app, staff, probationary, "discipline", "Impose", Imposed("Expulsion", "2030-06-05"));

        refused.ShouldShow(Texts.Vi("Member.ProbationaryDisciplineLimited", DisciplineKind.Expulsion));
        (await MemberForm.MemberAsync(app, probationary)).Version.ShouldBe(1);
    }

    [Fact]
    public async Task a_deceased_member_cannot_be_disciplined()
    {
        var staff = await app.SignInAsync("staff");
        var deceased = await AdmissionForm.AdmitAsync(staff, "Hoàng Thị Mai", ceremony: Today.PlusMonths(-3));
        await MemberForm.RecordAsync(app, staff, deceased, "end", "Death", new() { ["DateOfDeath"] = "2030-06-01" });

        var refused = await MemberForm.RefusedAsync(app, staff, deceased, "discipline", "Impose", Imposed("Reprimand", "2030-06-05"));

        refused.ShouldShow(Texts.Vi("Member.Deceased"));
    }

    private async Task<Guid> ExpelAsync(WebSession staff, Guid id)
    {
        var discipline = Imposed("Expulsion", "2030-01-10");
        await MemberForm.RecordAsync(app, staff, id, "discipline", "Impose", discipline);
        return Guid.Parse(discipline["DisciplineId"]);
    }

    private Task AnnulAsync(WebSession staff, Guid id, Guid discipline) =>
        MemberForm.RecordAsync(app, staff, id, "discipline", "Annul", new() { ["DisciplineId"] = discipline.ToString(), ["DecisionNumber"] = "12-QĐ/UBKT", ["DecisionDate"] = "2030-04-02", ["Reason"] = "Kết luận sai" });

    private static Dictionary<string, string> Imposed(string kind, string decisionDate) => new()
    {
        ["Kind"] = kind,
        ["DisciplineId"] = Guid.NewGuid().ToString(),
        ["DecisionNumber"] = "9-QĐ/UBKT",
        ["DecisionDate"] = decisionDate,
        ["Reason"] = "Vi phạm nghiêm trọng",
    };
}
