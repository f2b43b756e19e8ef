using System.Net;
using EventSourced.Domain.Calendar;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Calendar;

/// <summary>
/// The days off page (<c>/calendar</c>): a year's holidays declared as an event, the open deadlines
/// counted again after it, and a working-day deadline refused for a year the calendar does not cover.
/// Its own application, so the declared year touches no other test. The clock is 3 March 2025.
/// </summary>
public sealed class IndexTests(IndexTests.Fixture app) : IClassFixture<IndexTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-03-03T02:00:00Z";
    }

    private static readonly LocalDate LetterDate = new(2025, 2, 20);

    [Fact]
    public async Task declaring_a_years_days_off_is_an_event_and_moves_the_deadline_of_an_open_transfer()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmissionForm.AdmitAsync(staff, "Kiều Văn Lịch", new LocalDate(2024, 1, 15));
        var transferId = await TransferForm.IssueOfficialAsync(staff, member, DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem)).Code, LetterDate);
        var before = (await TransferPage.TransferAsync(app, transferId)).DueBy;
        var swapped = new Holiday(new LocalDate(2025, 3, 10), "Nghỉ bù", "Nghỉ bù");

        var response = await (await app.SignInAsync("admin")).PostFormAsync("/calendar", "/calendar", new Dictionary<string, string>
        {
            ["Year"] = "2025", ["ExpectedVersion"] = "0", ["Holidays"] = "2025-03-10 Nghỉ bù\n", ["WorkingWeekendDays"] = "", ["Source"] = "Thông báo thử nghiệm",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(HolidayYear.StreamIdFor(2025)))[0].Data.ShouldBeOfType<HolidaysDeclared>().Holidays.ShouldBe([swapped]);
        var expected = WorkingCalendar.Vietnam.WithYear(2025, [swapped], []).AddWorkingDays(LetterDate, TransferRules.PresentWithinWorkingDays);
        expected.ShouldNotBe(before!.Value);
        (await TransferPage.TransferAsync(app, transferId)).DueBy.ShouldBe(expected);
        var moved = (await session.Events.FetchStreamAsync(transferId))[^1].Data.ShouldBeOfType<TransferDueDateRecomputed>();
        moved.PreviousDueBy.ShouldBe(before.Value);
        (await staff.GetTextAsync("/calendar")).ShouldContain("data-testid=\"declared-2025\"");
    }

    [Fact]
    public async Task a_transfer_letter_whose_deadline_runs_through_a_year_without_days_off_is_refused()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmissionForm.AdmitAsync(staff, "Kiều Thị Hạn", new LocalDate(2020, 1, 15));

        var response = await TransferForm.PostAsync(staff, member, "Official", TransferForm.Fields(Guid.CreateVersion7(), new() { ["ToCellCode"] = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem)).Code }, new LocalDate(2022, 6, 1)));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Calendar.YearNotCovered\"");
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(member))!.Version.ShouldBe(1);
    }

    [Fact]
    public async Task a_year_declared_from_two_forms_at_the_same_moment_is_recorded_once()
    {
        var first = await app.SignInAsync("admin");
        var second = await app.SignInAsync("admin");
        Dictionary<string, string> Form(string source) => new()
        {
            ["Year"] = "2031", ["ExpectedVersion"] = "0", ["Holidays"] = "2031-01-01 Tết Dương lịch", ["WorkingWeekendDays"] = "", ["Source"] = source,
        };

        var (a, b) = await AtTheSameMoment.PostAsync(
            new(first, "/calendar", "/calendar", Form("Thông báo A")),
            new(second, "/calendar", "/calendar", Form("Thông báo B")));

        new[] { a.StatusCode, b.StatusCode }.Order().ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity]);
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(HolidayYear.StreamIdFor(2031))).ShouldHaveSingleItem();
    }
}
