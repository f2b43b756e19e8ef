using System.Globalization;
using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>
/// Every remaining procedure through its form, each read back from the member's stream with who
/// recorded it: exemption and return, correction, discipline and its annulment, removal, exit,
/// badges, readmission. The clock is fixed at 10 June 2030 so long careers fit.
/// </summary>
public sealed class MoreProceduresTests(MoreProceduresTests.Fixture app) : IClassFixture<MoreProceduresTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2030-06-10T02:00:00Z";
    }

    private static readonly OrganisationCreated Cell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));
    private static int _serial;

    [Fact]
    public async Task exemption_and_return_are_recorded_with_their_decisions()
    {
        var (staff, id) = await OfficialMemberAsync(new LocalDate(2010, 3, 1));

        await PostAsync(staff, id, "exemption", "Exempt", new() { ["DecisionNumber"] = "3-NQ/CB", ["DecisionDate"] = "2030-05-01", ["EffectiveDate"] = "2030-05-01", ["Reason"] = "Tuổi cao" });
        await PostAsync(staff, id, "exemption", "End", new() { ["DecisionNumber"] = "4-NQ/CB", ["DecisionDate"] = "2030-06-01", ["EffectiveDate"] = "2030-06-01" });

        var events = await EventsAsync(id);
        events[^2].Data.ShouldBeOfType<MemberExempted>().Reason.ShouldBe("Tuổi cao");
        events[^1].Data.ShouldBeOfType<MemberExemptionEnded>().EffectiveDate.ShouldBe(new LocalDate(2030, 6, 1));
        events[^1].RecordedBy.UserName.ShouldBe("staff");
    }

    [Fact]
    public async Task a_correction_keeps_the_old_value_and_the_reason()
    {
        var (staff, id) = await OfficialMemberAsync(new LocalDate(2015, 3, 1));

        await PostAsync(staff, id, "correct", null, new() { ["Field"] = "HomeTown", ["NewValue"] = "Nam Định", ["Reason"] = "Sai khi nhập lý lịch" });
        var refused = await PostAsync(staff, id, "correct", null, new() { ["Field"] = "DateOfBirth", ["NewValue"] = "2031-01-01", ["Reason"] = "x" }, expectRedirect: false);

        var corrected = (await EventsAsync(id))[^1].Data.ShouldBeOfType<ProfileCorrected>();
        corrected.OldValue.ShouldBe("Hà Nội");
        corrected.NewValue.ShouldBe("Nam Định");
        corrected.Reason.ShouldBe("Sai khi nhập lý lịch");
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Ngày sinh không hợp lệ");
    }

    [Fact]
    public async Task an_annulled_expulsion_restores_membership_and_nothing_is_deleted()
    {
        var (staff, id) = await OfficialMemberAsync(new LocalDate(2012, 3, 1));
        var discipline = Guid.NewGuid();

        await PostAsync(staff, id, "discipline", "Impose", new() { ["Kind"] = "Expulsion", ["DisciplineId"] = discipline.ToString(), ["DecisionNumber"] = "9-QĐ/UBKT", ["DecisionDate"] = "2030-01-10", ["Reason"] = "Vi phạm nghiêm trọng" });
        (await MemberAsync(id)).Status.ShouldBe(MembershipStatus.Expelled);
        await PostAsync(staff, id, "discipline", "Annul", new() { ["DisciplineId"] = discipline.ToString(), ["DecisionNumber"] = "12-QĐ/UBKT", ["DecisionDate"] = "2030-04-02", ["Reason"] = "Kết luận sai" });

        var member = await MemberAsync(id);
        member.Status.ShouldBe(MembershipStatus.Official);
        member.Disciplines.ShouldHaveSingleItem().Annulled.ShouldBeTrue();
        (await EventsAsync(id)).Select(e => e.Data.GetType()).ShouldContain(typeof(DisciplineImposed));
    }

    [Fact]
    public async Task removal_exit_and_death_end_membership_each_with_its_ground()
    {
        var (staff, removed) = await OfficialMemberAsync(new LocalDate(2016, 3, 1));
        var (_, left) = await OfficialMemberAsync(new LocalDate(2016, 3, 1));

        var noReason = await PostAsync(staff, removed, "end", "Remove", new() { ["Ground"] = "Other", ["DecisionNumber"] = "2-QĐ/ĐU", ["DecisionDate"] = "2030-06-01" }, expectRedirect: false);
        await PostAsync(staff, removed, "end", "Remove", new() { ["Ground"] = "AbandonedActivityOrUnpaidDues", ["DecisionNumber"] = "2-QĐ/ĐU", ["DecisionDate"] = "2030-06-01" });
        await PostAsync(staff, left, "end", "Exit", new() { ["DecisionNumber"] = "3-QĐ/ĐU", ["DecisionDate"] = "2030-06-02" });

        (await noReason.Content.ReadAsStringAsync()).ShouldContain("Cần nhập lý do");
        (await EventsAsync(removed))[^1].Data.ShouldBeOfType<MemberRemovedFromRolls>().Ground.ShouldBe(RemovalGround.AbandonedActivityOrUnpaidDues);
        (await MemberAsync(left)).Status.ShouldBe(MembershipStatus.LeftVoluntarily);
    }

    [Fact]
    public async Task a_badge_is_awarded_only_on_an_award_date_once_the_years_are_reached()
    {
        var (staff, id) = await OfficialMemberAsync(new LocalDate(2000, 5, 1));

        var wrongDay = await PostAsync(staff, id, "badge", null, new() { ["Years"] = "30", ["AwardDate"] = "2030-05-20", ["DecisionNumber"] = "1-QĐ/TU", ["DecisionDate"] = "2030-05-18" }, expectRedirect: false);
        var tooEarly = await PostAsync(staff, id, "badge", null, new() { ["Years"] = "30", ["AwardDate"] = "2030-02-03", ["DecisionNumber"] = "1-QĐ/TU", ["DecisionDate"] = "2030-02-01" }, expectRedirect: false);
        await PostAsync(staff, id, "badge", null, new() { ["Years"] = "30", ["AwardDate"] = "2030-05-19", ["DecisionNumber"] = "1-QĐ/TU", ["DecisionDate"] = "2030-05-18" });

        (await wrongDay.Content.ReadAsStringAsync()).ShouldContain("3/2, 19/5, 2/9, 7/11");
        (await tooEarly.Content.ReadAsStringAsync()).ShouldContain("Chưa đến lượt Huy hiệu 30 năm");
        var badge = (await EventsAsync(id))[^1].Data.ShouldBeOfType<PartyBadgeAwarded>();
        badge.Years.ShouldBe(30);
        badge.EffectiveDate.ShouldBe(new LocalDate(2030, 5, 19));
    }

    [Fact]
    public async Task readmission_waits_36_months_and_starts_a_new_probation()
    {
        var (staff, id) = await OfficialMemberAsync(new LocalDate(2015, 3, 1));
        await PostAsync(staff, id, "end", "Exit", new() { ["DecisionNumber"] = "3-QĐ/ĐU", ["DecisionDate"] = "2027-01-05" });
        var cell = DemoUnits.ChildrenOf(Cell.ParentId!.Value).Last(u => u.Kind == OrganisationKind.Cell);

        var tooSoon = await PostAsync(staff, id, "readmit", null, new() { ["CellCode"] = cell.Code, ["DecisionNumber"] = "8-QĐ/ĐU", ["DecisionDate"] = "2029-12-01", ["CeremonyDate"] = "2029-12-03" }, expectRedirect: false);
        await PostAsync(staff, id, "readmit", null, new() { ["CellCode"] = cell.Code, ["DecisionNumber"] = "8-QĐ/ĐU", ["DecisionDate"] = "2030-02-01", ["CeremonyDate"] = "2030-02-03" });

        (await tooSoon.Content.ReadAsStringAsync()).ShouldContain("05/01/2030");
        var member = await MemberAsync(id);
        member.Status.ShouldBe(MembershipStatus.Probationary);
        member.CellId.ShouldBe(cell.OrganisationId);
        member.CeremonyDate.ShouldBe(new LocalDate(2030, 2, 3));
    }

    private async Task<(WebSession Staff, Guid Id)> OfficialMemberAsync(LocalDate ceremony)
    {
        var staff = await app.SignInAsync("staff");
        var serial = Interlocked.Increment(ref _serial);
        var date = ceremony.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var admitted = await staff.PostFormAsync("/members/admit", "/members/admit", new Dictionary<string, string>
        {
            ["NewMemberId"] = Guid.NewGuid().ToString(),
            ["FullName"] = $"Nguyễn Văn Thử {serial}",
            ["Sex"] = "Male",
            ["DateOfBirth"] = "1975-05-06",
            ["CitizenId"] = string.Create(CultureInfo.InvariantCulture, $"00107{serial:D7}"),
            ["HomeTown"] = "Hà Nội",
            ["CellCode"] = Cell.Code,
            ["DecisionNumber"] = $"{serial}-QĐ/ĐU",
            ["DecisionDate"] = date,
            ["CeremonyDate"] = date,
        });
        admitted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await admitted.Content.ReadAsStringAsync());
        var id = Guid.Parse(admitted.Headers.Location!.ToString().Split('/')[^1]);
        var recognisedOn = ceremony.PlusYears(1).PlusDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await PostAsync(staff, id, "probation", "Recognise", new() { ["DecisionNumber"] = $"{serial}-CT/ĐU", ["DecisionDate"] = recognisedOn });
        return (staff, id);
    }

    private async Task<HttpResponseMessage> PostAsync(WebSession session, Guid id, string form, string? handler, Dictionary<string, string> fields, bool expectRedirect = true)
    {
        var url = $"/members/{id}/{form}";
        // The form's own hidden version goes with it, as a browser would send it.
        fields.TryAdd("ExpectedVersion", (await MemberAsync(id)).Version.ToString(CultureInfo.InvariantCulture));
        var response = await session.PostFormAsync(url, handler is null ? url : $"{url}?handler={handler}", fields);
        if (expectRedirect)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        }

        return response;
    }

    private async Task<Member> MemberAsync(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.LoadAsync<Member>(id))!;
    }

    private async Task<IReadOnlyList<AuditEntry>> EventsAsync(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Select(AuditEntry.From).ToList();
    }
}
