using System.Net;
using EventSourced.Domain.Accounts;
using EventSourced.Web.Demo;
using EventSourced.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Audit;

/// <summary>
/// The auditors' event log (<c>/audit/log</c>): who recorded what, where and on whose decision, within
/// the reader's scope only, with exports carrying the exporter and the search.
/// </summary>
public sealed class LogTests(LogTests.Fixture app) : IClassFixture<LogTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        public Guid BaDinhMember { get; private set; }

        public Guid HoanKiemMember { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var hasher = Host.Services.GetRequiredService<IPasswordHasher<UserAccount>>();
            var id = Guid.CreateVersion7();
            await using (var session = Store.LightweightSession())
            {
                session.Events.StartStream<UserAccount>(
                    id,
                    new UserRegistered(id, "auditor-bd", "Kiểm tra quận Ba Đình", hasher.HashPassword(new UserAccount { Id = id, Username = "auditor-bd" }, DemoSeeder.DemoPassword)),
                    new RoleAssigned(Role.Auditor, DemoUnits.BaDinh.OrganisationId));
                await session.SaveChangesAsync();
            }

            BaDinhMember = await AdmissionForm.AdmitAsync(await SignInAsync("staff"), "Đinh Thị Nhật Ký", new LocalDate(2025, 2, 1));
            var hoanKiemCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));
            HoanKiemMember = await AdmissionForm.AdmitAsync(await SignInAsync("staff2"), "Hồ Văn Ngoài Phạm Vi", new LocalDate(2025, 2, 1), hoanKiemCell.Code);
            await MemberForm.RecordAsync(this, await SignInAsync("staff2"), HoanKiemMember, "correct", null, new Dictionary<string, string>
            {
                ["Field"] = "FullName",
                ["NewValue"] = "Hồ Văn Ngoài Phạm Vi Đã Sửa",
                ["Reason"] = "Sai chính tả",
            });
            await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task the_city_auditor_finds_an_admission_with_who_recorded_it_and_the_decision()
    {
        var auditor = await app.SignInAsync("auditor");

        var page = await auditor.GetTextAsync($"/audit/log?member={app.BaDinhMember}");

        page.ShouldContain("data-type=\"MemberAdmitted\"");
        page.ShouldContain("(staff)");
        page.ShouldContain("data-testid=\"log-member\"");
        page.ShouldNotContain("Hồ Văn Ngoài Phạm Vi");
    }

    [Fact]
    public async Task a_district_auditor_reads_their_district_and_nothing_of_another()
    {
        var auditor = await app.SignInAsync("auditor-bd");

        var own = await auditor.GetTextAsync("/audit/log?type=MemberAdmitted");
        var otherUnit = await auditor.GetAsync($"/audit/log?unit={DemoUnits.HoanKiem.Code}");
        var otherMember = await auditor.GetAsync($"/audit/log?member={app.HoanKiemMember}");

        own.ShouldContain($"member={app.BaDinhMember}");
        own.ShouldNotContain(app.HoanKiemMember.ToString());
        otherUnit.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await otherUnit.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Audit.UnitNotInScope\"");
        otherMember.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await otherMember.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Audit.MemberNotInScope\"");
    }

    [Fact]
    public async Task a_district_auditor_exporting_another_district_gets_a_refusal_not_a_file()
    {
        var auditor = await app.SignInAsync("auditor-bd");

        var export = await auditor.GetAsync($"/audit/log?handler=Export&format=csv&unit={DemoUnits.HoanKiem.Code}");

        export.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        export.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
    }

    [Fact]
    public async Task the_export_carries_the_exporter_the_search_and_the_events()
    {
        var auditor = await app.SignInAsync("auditor");

        var export = await auditor.GetAsync($"/audit/log?handler=Export&format=csv&member={app.BaDinhMember}");
        var csv = await export.Content.ReadAsStringAsync();

        export.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        csv.ShouldContain("Hoàng Minh Đức (Kiểm tra) (auditor)");
        csv.ShouldContain("Đinh Thị Nhật Ký");
        csv.ShouldContain("MemberAdmitted");
    }

    [Fact]
    public async Task the_printable_page_shows_the_search_the_exporter_and_the_time()
    {
        var auditor = await app.SignInAsync("auditor");

        var page = await auditor.GetTextAsync($"/audit/log?print=true&member={app.BaDinhMember}");

        page.ShouldContain("data-testid=\"print-header\"");
        page.ShouldContain("Đinh Thị Nhật Ký");
    }

    [Fact]
    public async Task a_reversed_period_is_refused_with_its_rule()
    {
        var auditor = await app.SignInAsync("auditor");

        var response = await auditor.GetAsync("/audit/log?recordedFrom=2026-05-01&recordedTo=2026-04-01");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Audit.PeriodReversed\"");
    }

    [Fact]
    public async Task the_log_pages_backwards_by_sequence_without_repeating_a_line()
    {
        var auditor = await app.SignInAsync("auditor");

        var first = await auditor.GetTextAsync("/audit/log");
        var oldest = System.Text.RegularExpressions.Regex.Matches(first, "data-sequence=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var second = await auditor.GetTextAsync($"/audit/log?before={oldest.Min()}");
        var next = System.Text.RegularExpressions.Regex.Matches(second, "data-sequence=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        oldest.Count.ShouldBe(EventSourced.Web.Pages.Audit.LogModel.PageSize);
        next.ShouldNotBeEmpty();
        next.Max().ShouldBeLessThan(oldest.Min());
    }

    [Fact]
    public async Task staff_cannot_open_the_log()
    {
        var staff = await app.SignInAsync("staff");

        (await staff.GetAsync("/audit/log")).Headers.Location!.ToString().ShouldContain("/forbidden");
    }

    [Fact]
    public async Task the_auditors_home_shows_a_correction_in_scope_and_the_chain_not_one_outside()
    {
        var city = await (await app.SignInAsync("auditor")).GetTextAsync("/");
        var district = await (await app.SignInAsync("auditor-bd")).GetTextAsync("/");

        // The admissions, dated long before they were recorded, open the records: history entered, not a change after the fact.
        city.ShouldContain("data-testid=\"card-corrections\" data-count=\"1\"");
        city.ShouldContain($"/audit/log?member={app.HoanKiemMember}");
        city.ShouldContain("data-testid=\"card-chain\"");
        district.ShouldContain("data-testid=\"card-corrections\" data-count=\"0\"");
        district.ShouldNotContain(app.HoanKiemMember.ToString());
    }
}
