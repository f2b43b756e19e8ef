using System.Net;
using EventSourced.Domain.Members;
using EventSourced.Domain.Members.RecordReviews;
using EventSourced.Web.Tests.Infrastructure;
using JasperFx.Events;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>
/// Staff's worklist of differences members reported from the app: listed in scope beside the
/// register's value, accepted through the usual correction (its reason naming the report) or
/// rejected with a reason the member reads; two accepts at once correct once.
/// </summary>
public sealed class RecordReportsTests(RecordReportsTests.Fixture app) : IClassFixture<RecordReportsTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    private const string Page = "/members/record-reports";

    private static int _serial = 700;

    private Task<AppMember> MemberAsync(string name) =>
        AppMember.CreateAsync(app, name, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"001090000{Interlocked.Increment(ref _serial):D3}"), signInThroughApi: false);

    private static Dictionary<string, string> Decision(AppMember member, Guid reportId, string reason, int version = 2) => new()
    {
        ["MemberId"] = member.Id.ToString(),
        ["ReportId"] = reportId.ToString(),
        ["ExpectedVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Reason"] = reason,
    };

    private async Task<IReadOnlyList<IEvent>> StreamAsync(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return await session.Events.FetchStreamAsync(id);
    }

    [Fact]
    public async Task an_accepted_report_corrects_the_record_with_a_reason_naming_it_and_the_member_reads_it_accepted()
    {
        var member = await MemberAsync("Phan Văn Nhận");
        var reportId = await member.ReportAsync(app, RecordField.Phone, "0987000801", "Số mới");
        var staff = await app.SignInAsync("staff");

        var list = await staff.GetTextAsync(Page);
        list.ShouldContain($"data-report=\"{reportId}\"");
        list.ShouldContain("0987000801");
        var response = await staff.PostFormAsync(Page, Page + "?handler=Accept", Decision(member, reportId, "Đã đối chiếu"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var correction = (await StreamAsync(member.Id)).Select(e => e.Data).OfType<ProfileCorrected>().ShouldHaveSingleItem();
        correction.Field.ShouldBe(MemberProfileFields.Phone);
        correction.NewValue.ShouldBe("0987000801");
        correction.Reason.ShouldContain(RecordCheck.Reference(reportId));
        var report = (await member.ReportsAsync(app)).ShouldHaveSingleItem();
        report.State.ShouldBe(ReportState.Accepted);
        (await staff.GetTextAsync(Page)).ShouldNotContain($"data-report=\"{reportId}\"");
    }

    [Fact]
    public async Task a_rejected_report_leaves_the_record_and_the_member_reads_the_reason()
    {
        var member = await MemberAsync("Phan Văn Chối");
        var reportId = await member.ReportAsync(app, RecordField.FullName, "Phan Văn Chổi");
        var staff = await app.SignInAsync("staff");

        var response = await staff.PostFormAsync(Page, Page + "?handler=Reject", Decision(member, reportId, "Giấy khai sinh ghi Chối"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var report = (await member.ReportsAsync(app)).ShouldHaveSingleItem();
        report.State.ShouldBe(ReportState.Rejected);
        report.Reason.ShouldBe("Giấy khai sinh ghi Chối");
        (await StreamAsync(member.Id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_reported_cell_is_accepted_by_pointing_to_the_transfer_and_changes_nothing()
    {
        var member = await MemberAsync("Phan Văn Chuyển");
        var reportId = await member.ReportAsync(app, RecordField.Cell, "Chi bộ Khu dân cư số 5");
        var staff = await app.SignInAsync("staff");

        (await staff.GetTextAsync(Page)).ShouldContain("data-testid=\"report-procedure\"");
        var response = await staff.PostFormAsync(Page, Page + "?handler=Accept", Decision(member, reportId, "Sẽ làm thủ tục chuyển"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var report = (await member.ReportsAsync(app)).ShouldHaveSingleItem();
        report.State.ShouldBe(ReportState.Accepted);
        report.Procedure.ShouldBe("Transfer");
        (await StreamAsync(member.Id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_report_accepted_from_two_browsers_at_once_corrects_once_and_the_other_is_told()
    {
        var member = await MemberAsync("Phan Văn Hai Lần");
        var reportId = await member.ReportAsync(app, RecordField.Phone, "0987000802");
        var staff = await app.SignInAsync("staff");
        var other = await app.SignInAsync("staff");

        var (first, second) = await AtTheSameMoment.PostAsync(
            new AtTheSameMoment.Post(staff, Page, Page + "?handler=Accept", Decision(member, reportId, "Đã đối chiếu")),
            new AtTheSameMoment.Post(other, Page, Page + "?handler=Accept", Decision(member, reportId, "Đã đối chiếu")));

        new[] { first.StatusCode, second.StatusCode }.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity], ignoreOrder: true);
        (await StreamAsync(member.Id)).Count(e => e.Data is ProfileCorrected).ShouldBe(1);
        (await StreamAsync(RecordReview.StreamIdFor(member.Id))).Count(e => e.Data is DifferenceAccepted).ShouldBe(1);
    }

    [Fact]
    public async Task staff_of_another_district_neither_see_nor_decide_the_report()
    {
        var member = await MemberAsync("Phan Văn Ngoài");
        var reportId = await member.ReportAsync(app, RecordField.Phone, "0987000803");
        var elsewhere = await app.SignInAsync("staff2");

        (await elsewhere.GetTextAsync(Page)).ShouldNotContain($"data-report=\"{reportId}\"");
        var response = await elsewhere.PostFormAsync(Page, Page + "?handler=Accept", Decision(member, reportId, "Đã đối chiếu"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Access.Denied\"");
        (await member.ReportsAsync(app)).ShouldHaveSingleItem().State.ShouldBe(ReportState.Open);
    }
}
