using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages;

/// <summary>
/// A text over its limit is refused through the screens, naming the limit, and nothing is stored;
/// member and transfer reasons used to be cut at 1,000 characters and stored as if written so. The
/// forms carry the same limit as <c>maxlength</c>, so the browser stops the user first.
/// </summary>
public sealed partial class TextLimitTests(TextLimitTests.Fixture app) : IClassFixture<TextLimitTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-03-03T02:00:00Z";
    }

    private static readonly LocalDate Today = new(2025, 3, 3);
    private static readonly OrganisationCreated HoanKiemCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));
    private static readonly string OverLimit = new('a', TextLimits.Reason + 1);
    private static int _serial;

    [Fact]
    public async Task a_reason_over_the_limit_on_a_member_procedure_is_refused_with_the_limit_and_nothing_is_stored()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Nguyễn Văn Dài");

        var response = await ExemptAsync(staff, member, OverLimit);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        FormError(await response.Content.ReadAsStringAsync()).ShouldBe(TooLong("Member.ReasonTooLong"));
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(member))!.Version.ShouldBe(1);
    }

    [Fact]
    public async Task a_reason_at_the_limit_on_a_member_procedure_is_stored_whole()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Trần Văn Đủ");
        var reason = new string('b', TextLimits.Reason);

        var response = await ExemptAsync(staff, member, reason);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        var stored = await session.Events.FetchStreamAsync(member);
        stored[^1].Data.ShouldBeOfType<MemberExempted>().Reason.ShouldBe(reason);
        AuditEntry.From(stored[^1]).Reason.ShouldBe(reason);
    }

    [Fact]
    public async Task a_reason_over_the_limit_on_a_transfer_letter_is_refused_and_no_transfer_is_opened()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Lê Văn Chuyển Dài");
        var transferId = Guid.CreateVersion7();
        var fields = TransferForm.Fields(transferId, new() { ["ToCellCode"] = HoanKiemCell.Code }, Today);
        fields["Reason"] = OverLimit;

        var response = await TransferForm.PostAsync(staff, member, "Official", fields);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        FormError(await response.Content.ReadAsStringAsync()).ShouldBe(TooLong("Transfer.ReasonTooLong"));
        await using var session = app.Store.QuerySession();
        (await session.LoadAsync<Transfer>(transferId)).ShouldBeNull();
        (await session.Events.FetchStreamStateAsync(transferId)).ShouldBeNull();
        (await session.Events.FetchStreamStateAsync(member))!.Version.ShouldBe(1);
    }

    [Fact]
    public async Task a_refusal_reason_over_the_limit_on_the_transfer_page_is_refused_and_the_transfer_stays_in_transit()
    {
        var staff = await app.SignInAsync("staff");
        var staff2 = await app.SignInAsync("staff2");
        var member = await AdmitAsync(staff, "Phạm Thị Từ Chối Dài");
        var transfer = await TransferForm.IssueOfficialAsync(staff, member, HoanKiemCell.Code, Today);

        var response = await staff2.PostFormAsync($"/transfers/{transfer}", $"/transfers/{transfer}?handler=Refuse", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["On"] = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Reason"] = OverLimit,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        FormError(await response.Content.ReadAsStringAsync()).ShouldBe(TooLong("Transfer.ReasonTooLong"));
        await using var session = app.Store.QuerySession();
        (await session.LoadAsync<Transfer>(transfer))!.Status.ShouldBe(TransferStatus.InTransit);
        (await session.Events.FetchStreamStateAsync(transfer))!.Version.ShouldBe(1);
    }

    [Fact]
    public async Task an_organisation_change_keeps_its_whole_reason_in_the_audit_record_and_refuses_a_longer_one()
    {
        var unit = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);
        var staff = await app.SignInAsync("staff");
        var reason = new string('c', TextLimits.Reason);

        var tooLong = await RenameAsync(staff, unit, "Đảng bộ phường Trúc Bạch (dài)", OverLimit);
        var whole = await RenameAsync(staff, unit, "Đảng bộ phường Trúc Bạch (đủ)", reason);

        tooLong.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        FormError(await tooLong.Content.ReadAsStringAsync()).ShouldBe(TooLong("Audit.ReasonTooLong"));
        whole.StatusCode.ShouldBe(HttpStatusCode.Redirect, await whole.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        var stored = await session.Events.FetchStreamAsync(unit.OrganisationId);
        stored.Count.ShouldBe(2);
        // The audit headers used to keep the first 500 characters of the reason.
        AuditEntry.From(stored[^1]).Reason.ShouldBe(reason);
    }

    [Fact]
    public async Task the_reason_fields_carry_the_rules_limit_as_maxlength()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Hoàng Văn Giới Hạn");

        foreach (var form in new[] { "exemption", "transfer", "correct", "discipline" })
        {
            var html = await staff.GetTextAsync($"/members/{member}/{form}");
            var limits = ReasonMaxLength().Matches(html).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
            limits.ShouldNotBeEmpty($"{form} has no reason field with a maxlength");
            limits.ShouldAllBe(l => l == TextLimits.Reason, form);
        }
    }

    private string TooLong(string code) => Texts.Vi(code, TextLimits.Reason);

    private static string FormError(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "data-testid=\"form-error\">([^<]*)").Groups[1].Value).Trim();

    private static Task<Guid> AdmitAsync(WebSession staff, string name) =>
        AdmissionForm.AdmitAsync(staff, name, string.Create(CultureInfo.InvariantCulture, $"001090{Interlocked.Increment(ref _serial) + 700000:D6}"));

    private static Task<HttpResponseMessage> ExemptAsync(WebSession staff, Guid member, string reason) =>
        staff.PostFormAsync($"/members/{member}/exemption", $"/members/{member}/exemption?handler=Exempt", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["DecisionNumber"] = "3-NQ/CB",
            ["DecisionDate"] = "2025-02-20",
            ["EffectiveDate"] = "2025-02-20",
            ["Reason"] = reason,
        });

    private static Task<HttpResponseMessage> RenameAsync(WebSession staff, OrganisationCreated unit, string name, string reason) =>
        staff.PostFormAsync($"/organisations/{unit.OrganisationId}/rename", $"/organisations/{unit.OrganisationId}/rename", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["Code"] = unit.Code,
            ["Name"] = name,
            ["EffectiveDate"] = "2024-05-19",
            ["DecisionReference"] = "123-QĐ/QU, 19/05/2024",
            ["Reason"] = reason,
        });

    [GeneratedRegex("<textarea[^>]*name=\"Reason\"[^>]*maxlength=\"(\\d+)\"")]
    private static partial Regex ReasonMaxLength();
}
