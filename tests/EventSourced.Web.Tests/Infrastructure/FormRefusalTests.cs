using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using Marten;
using NodaTime;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// Every form family refuses the same way (Infrastructure/FormRefusal.cs): an invalid or refused form
/// answers 422 with every error in the summary, each carrying its rule's code, the field-level message
/// where the field is known, the user's input kept and nothing stored; a stale form says who changed the
/// record and carries the fresh version; the same form sent twice says it was already recorded.
/// </summary>
public sealed partial class FormRefusalTests(FormRefusalTests.Fixture app) : IClassFixture<FormRefusalTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-03-03T02:00:00Z";
    }

    private static readonly LocalDate Today = new(2025, 3, 3);
    private static readonly OrganisationCreated HoanKiemCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));
    private const string NoSuchUnit = "KHONG-CO-DON-VI";
    private static int _serial;

    /// <summary>Fields the form carries out of sight (the version seen, ids chosen when it opened): their errors are in the summary only.</summary>
    private static readonly HashSet<string> Hidden = ["ExpectedVersion", "NewUserId", "NewMemberId", "TransferId", "PostId", "ClassId"];

    /// <summary>One invalid post per form family: who sends it, where, the fields, the codes (with their field) it must show, and one entry it must keep.</summary>
    private sealed record InvalidForm(WebSession Session, string FormUrl, string PostUrl, Dictionary<string, string> Fields, (string Code, string? Field)[] Errors, string Kept);

    [Theory]
    [InlineData("organisation change")]
    [InlineData("member procedure")]
    [InlineData("transfer action")]
    [InlineData("admission")]
    [InlineData("arrival")]
    [InlineData("transfer letter")]
    [InlineData("new account")]
    [InlineData("account roles")]
    [InlineData("new post")]
    [InlineData("training class")]
    [InlineData("rollout target")]
    public async Task an_invalid_form_answers_422_with_every_error_and_its_rule_code_keeps_the_input_and_stores_nothing(string family)
    {
        var form = await InvalidFormAsync(family);
        var before = await app.EventCountAsync();

        var response = await form.Session.PostFormAsync(form.FormUrl, form.PostUrl, form.Fields);

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, html);
        var shown = Summary(html);
        foreach (var (code, field) in form.Errors)
        {
            shown.ShouldContain((code, field), $"{family}: {code} on {field} in the summary");
            if (field is not null && !Hidden.Contains(field))
            {
                FieldErrors(html, field).ShouldContain(code, $"{family}: {code} beside {field}");
            }
        }

        shown.Count.ShouldBe(form.Errors.Length, string.Join(", ", shown));
        WebUtility.HtmlDecode(html).ShouldContain(form.Kept);
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_form_the_user_may_open_but_not_send_for_that_unit_answers_422_access_denied_and_stores_nothing()
    {
        var staff = await app.SignInAsync("staff");
        var form = AdmissionForm.Fields("Lê Văn Ngoài Phạm Vi", NextCitizenId());
        form["CellCode"] = HoanKiemCell.Code;
        var before = await app.EventCountAsync();

        var response = await staff.PostFormAsync("/members/admit", "/members/admit", form);

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, html);
        Summary(html).ShouldBe([("Access.Denied", null)], Shown(html));
        WebUtility.HtmlDecode(html).ShouldContain("Lê Văn Ngoài Phạm Vi");
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_stale_organisation_form_says_who_changed_the_unit_and_carries_its_fresh_version()
    {
        var staff = await app.SignInAsync("staff");
        var unit = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));
        var url = $"/organisations/{unit.OrganisationId}/rename";
        (await staff.PostFormAsync(url, url, Rename(unit, "Chi bộ đổi tên trước", "1"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var stale = await staff.PostFormAsync(url, url, Rename(unit, "Chi bộ đổi tên sau", "1"));

        await IsStaleAsync(stale, "Chi bộ đổi tên sau", freshVersion: 2);
    }

    [Fact]
    public async Task a_stale_member_procedure_form_says_who_changed_the_member_and_carries_the_fresh_version()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Lê Văn Cũ Bản");
        var url = $"/members/{member}/correct";
        (await staff.PostFormAsync(url, url, Correction("0912000001"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var stale = await staff.PostFormAsync(url, url, Correction("0912000002"));

        await IsStaleAsync(stale, "0912000002", freshVersion: 2);
    }

    [Fact]
    public async Task a_stale_transfer_form_says_who_changed_the_transfer_and_shows_it_as_it_is_now()
    {
        var staff = await app.SignInAsync("staff");
        var staff2 = await app.SignInAsync("staff2");
        var member = await AdmitAsync(staff, "Lê Văn Chậm Chân");
        var transfer = await TransferForm.IssueOfficialAsync(staff, member, HoanKiemCell.Code, Today);
        var url = $"/transfers/{transfer}";
        (await staff2.PostFormAsync(url, url + "?handler=Receive", new Dictionary<string, string> { ["ExpectedVersion"] = "1", ["On"] = "2025-03-03" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var stale = await staff2.PostFormAsync(url, url + "?handler=FollowUp", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1", ["On"] = "2025-03-03", ["Note"] = "Đã gọi điện, ghi chú giữ lại",
        });

        // The transfer was received meanwhile, so the page shows it received and offers no form to send again.
        await IsStaleAsync(stale, kept: null, freshVersion: null);
        (await stale.Content.ReadAsStringAsync()).ShouldNotContain("data-testid=\"follow-up-form\"");
    }

    [Fact]
    public async Task a_stale_account_form_says_who_changed_the_account_and_carries_the_fresh_version()
    {
        var admin = await app.SignInAsync("admin");
        var account = await AccountAsync("auditor");
        var url = $"/users/{account.Id}";
        var cell = DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem);
        var version = account.Version.ToString(CultureInfo.InvariantCulture);
        (await admin.PostFormAsync(url, url + "?handler=Assign", new Dictionary<string, string> { ["ExpectedVersion"] = version, ["Role"] = "Auditor", ["UnitCode"] = cell.Code }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var stale = await admin.PostFormAsync(url, url + "?handler=Assign", new Dictionary<string, string> { ["ExpectedVersion"] = version, ["Role"] = "Auditor", ["UnitCode"] = HoanKiemCell.Code });

        await IsStaleAsync(stale, HoanKiemCell.Code, freshVersion: account.Version + 1);
    }

    [Fact]
    public async Task an_admission_form_sent_again_says_it_was_already_recorded_and_admits_once()
    {
        var staff = await app.SignInAsync("staff");
        var form = AdmissionForm.Fields("Trần Văn Gửi Lại", NextCitizenId());

        await SentTwiceAsync(staff, "/members/admit", "/members/admit", form);

        var citizenId = form["CitizenId"];
        await using var session = app.Store.QuerySession();
        (await session.Query<Member>().CountAsync(m => m.Profile.CitizenId == citizenId)).ShouldBe(1);
    }

    [Fact]
    public async Task an_arrival_form_sent_again_says_it_was_already_recorded_and_records_once()
    {
        var staff2 = await app.SignInAsync("staff2");
        var citizenId = NextCitizenId();
        var form = ArrivalFields("Trần Thị Đến Hai Lần", citizenId);

        await SentTwiceAsync(staff2, "/transfers/arrival", "/transfers/arrival", form);

        await using var session = app.Store.QuerySession();
        (await session.Query<Member>().CountAsync(m => m.Profile.CitizenId == citizenId)).ShouldBe(1);
    }

    [Fact]
    public async Task a_transfer_letter_sent_again_says_it_was_already_recorded_and_opens_one_transfer()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmitAsync(staff, "Trần Văn Thư Hai Lần");
        var url = $"/members/{member}/transfer";
        var form = TransferForm.Fields(Guid.CreateVersion7(), new() { ["ToCellCode"] = HoanKiemCell.Code }, Today);

        await SentTwiceAsync(staff, url, url + "?handler=Official", form);

        await using var session = app.Store.QuerySession();
        (await session.Query<Transfer>().CountAsync(t => t.MemberId == member)).ShouldBe(1);
    }

    [Fact]
    public async Task a_new_account_form_sent_again_says_it_was_already_recorded_and_opens_one_account()
    {
        var admin = await app.SignInAsync("admin");
        var form = AccountFields("gui.hai.lan");

        await SentTwiceAsync(admin, "/users/new", "/users/new", form);

        await using var session = app.Store.QuerySession();
        (await session.Query<UserAccount>().CountAsync(u => u.Username == "gui.hai.lan")).ShouldBe(1);
    }

    [Fact]
    public async Task a_new_account_form_sent_twice_at_the_same_moment_opens_one_account_and_the_other_says_it_was_already_recorded()
    {
        var admin = await app.SignInAsync("admin");
        var form = AccountFields("bam.cung.luc");

        var (first, second) = await AtTheSameMoment.PostAsync(new(admin, "/users/new", "/users/new", form), new(admin, "/users/new", "/users/new", form));

        var answers = new[] { first, second };
        answers.Count(r => r.StatusCode == HttpStatusCode.Redirect).ShouldBe(1, string.Join(", ", answers.Select(r => (int)r.StatusCode)));
        var refused = answers.Single(r => r.StatusCode != HttpStatusCode.Redirect);
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        Summary(await refused.Content.ReadAsStringAsync()).ShouldBe([("Form.AlreadyRecorded", null)]);
        await using var session = app.Store.QuerySession();
        (await session.Query<UserAccount>().CountAsync(u => u.Username == "bam.cung.luc")).ShouldBe(1);
    }

    private async Task<InvalidForm> InvalidFormAsync(string family)
    {
        switch (family)
        {
            case "organisation change":
            {
                var unit = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));
                var url = $"/organisations/{unit.OrganisationId}/rename";
                var fields = Rename(unit, "Chi bộ tên giữ lại", "một");
                fields["EffectiveDate"] = "31/02/2025";
                return new(await app.SignInAsync("staff"), url, url, fields, [("Date.Invalid", "EffectiveDate"), ("Form.ValueInvalid", "ExpectedVersion")], "Chi bộ tên giữ lại");
            }

            case "member procedure":
            {
                var staff = await app.SignInAsync("staff");
                var member = await AdmitAsync(staff, "Lê Thị Sai Ngày");
                var url = $"/members/{member}/probation";
                return new(staff, url, url + "?handler=Recognise", new() { ["ExpectedVersion"] = "một", ["DecisionNumber"] = "99-QĐ/GIỮ-LẠI", ["DecisionDate"] = "30/02/2025" }, [("Date.Invalid", "DecisionDate"), ("Form.ValueInvalid", "ExpectedVersion")], "99-QĐ/GIỮ-LẠI");
            }

            case "transfer action":
            {
                var staff = await app.SignInAsync("staff");
                var member = await AdmitAsync(staff, "Lê Văn Sai Ngày Nhận");
                var transfer = await TransferForm.IssueOfficialAsync(staff, member, HoanKiemCell.Code, Today);
                var url = $"/transfers/{transfer}";
                return new(await app.SignInAsync("staff2"), url, url + "?handler=Refuse", new() { ["ExpectedVersion"] = "một", ["On"] = "không phải ngày", ["Reason"] = "Lý do giữ lại" }, [("Date.Invalid", "On"), ("Form.ValueInvalid", "ExpectedVersion")], "Lý do giữ lại");
            }

            case "admission":
            {
                var fields = AdmissionForm.Fields("Lê Văn Giữ Lại", NextCitizenId());
                fields["DateOfBirth"] = "không rõ";
                fields["CeremonyDate"] = "32/13/2024";
                fields["CellCode"] = NoSuchUnit;
                return new(await app.SignInAsync("staff"), "/members/admit", "/members/admit", fields, [("Date.Invalid", "DateOfBirth"), ("Date.Invalid", "CeremonyDate"), ("Organisation.CodeNotFound", "CellCode")], "Lê Văn Giữ Lại");
            }

            case "arrival":
            {
                var fields = ArrivalFields("Lê Thị Đến Giữ Lại", NextCitizenId());
                fields["DateOfBirth"] = "không rõ";
                fields["ReceivedOn"] = "hôm nay";
                fields["CellCode"] = NoSuchUnit;
                return new(await app.SignInAsync("staff2"), "/transfers/arrival", "/transfers/arrival", fields, [("Date.Invalid", "DateOfBirth"), ("Date.Invalid", "ReceivedOn"), ("Organisation.CodeNotFound", "CellCode")], "Lê Thị Đến Giữ Lại");
            }

            case "transfer letter":
            {
                var staff = await app.SignInAsync("staff");
                var member = await AdmitAsync(staff, "Lê Văn Thư Sai");
                var url = $"/members/{member}/transfer";
                var fields = TransferForm.Fields(Guid.CreateVersion7(), new() { ["ToCellCode"] = HoanKiemCell.Code }, Today);
                fields["ExpectedVersion"] = "một";
                fields["LetterDate"] = "không rõ";
                return new(staff, url, url + "?handler=Official", fields, [("Date.Invalid", "LetterDate"), ("Form.ValueInvalid", "ExpectedVersion")], fields["LetterNumber"]);
            }

            case "new account":
            {
                var fields = AccountFields("giu.lai");
                fields["Password"] = "ngan";
                fields["NewUserId"] = "không-phải-mã";
                return new(await app.SignInAsync("admin"), "/users/new", "/users/new", fields, [("Form.ValueInvalid", "NewUserId"), ("Account.PasswordTooShort", "Password")], "giu.lai");
            }

            case "account roles":
            {
                var account = await AccountAsync("staff2");
                var url = $"/users/{account.Id}";
                return new(await app.SignInAsync("admin"), url, url + "?handler=Assign", new() { ["ExpectedVersion"] = "1", ["Role"] = "KhongCoVaiTro", ["UnitCode"] = NoSuchUnit }, [("Form.ValueInvalid", "Role"), ("Organisation.CodeNotFound", "UnitCode")], account.DisplayName);
            }

            case "new post":
            {
                var fields = new Dictionary<string, string>
                {
                    ["PostId"] = Guid.CreateVersion7().ToString(), ["UnitCode"] = NoSuchUnit, ["Input.Kind"] = "Document",
                    ["Input.Title"] = "Tiêu đề giữ lại", ["Input.Body"] = "Nội dung", ["Input.ValidFrom"] = "không rõ",
                };
                return new(await app.SignInAsync("staff"), "/content/new", "/content/new", fields, [("Date.Invalid", "ValidFrom"), ("Installs.UnitNotFound", "UnitCode")], "Tiêu đề giữ lại");
            }

            case "training class":
            {
                var fields = new Dictionary<string, string>
                {
                    ["ClassId"] = Guid.CreateVersion7().ToString(), ["Level"] = "Grassroots", ["UnitCode"] = NoSuchUnit,
                    ["HeldOn"] = "không rõ", ["Trainer"] = "Giảng viên giữ lại", ["TraineeCount"] = "5",
                };
                return new(await app.SignInAsync("staff"), "/installs/training", "/installs/training?handler=Record", fields, [("Date.Invalid", "HeldOn"), ("Installs.UnitNotFound", "UnitCode")], "Giảng viên giữ lại");
            }

            case "rollout target":
            {
                var unit = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);
                var fields = new Dictionary<string, string>
                {
                    ["Target.ExpectedVersion"] = "0", ["Target.Percent"] = "tám mươi", ["Target.Deadline"] = "cuối năm",
                    ["Target.DecisionReference"] = "05-KH/GIỮ-LẠI", ["Target.EffectiveDate"] = "2025-01-03",
                };
                return new(await app.SignInAsync("staff"), $"/installs?unit={unit.Code}", $"/installs?handler=Target&unit={unit.Code}", fields, [("Form.ValueInvalid", "Percent"), ("Date.Invalid", "Deadline")], "05-KH/GIỮ-LẠI");
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(family), family, null);
        }
    }

    /// <summary>Sends <paramref name="fields"/> twice in a row: the first is recorded, the second says so and records nothing.</summary>
    private async Task SentTwiceAsync(WebSession session, string formUrl, string postUrl, Dictionary<string, string> fields)
    {
        var first = await session.PostFormAsync(formUrl, postUrl, fields);
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync());
        var before = await app.EventCountAsync();

        var again = await session.PostFormAsync(formUrl, postUrl, fields);

        var html = await again.Content.ReadAsStringAsync();
        again.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, html);
        Summary(html).ShouldBe([("Form.AlreadyRecorded", null)], Shown(html));
        (await app.EventCountAsync()).ShouldBe(before);
    }

    private static async Task IsStaleAsync(HttpResponseMessage stale, string? kept, int? freshVersion)
    {
        var html = await stale.Content.ReadAsStringAsync();
        stale.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, html);
        Summary(html).ShouldBe([("Stale.ChangedBy", null)], Shown(html));
        if (kept is not null)
        {
            WebUtility.HtmlDecode(html).ShouldContain(kept);
        }

        if (freshVersion is { } fresh)
        {
            ExpectedVersions().Matches(html).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().ShouldBe([fresh]);
        }
    }

    private async Task<Guid> AdmitAsync(WebSession staff, string name) => await AdmissionForm.AdmitAsync(staff, name, NextCitizenId());

    private async Task<UserAccount> AccountAsync(string username)
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<UserAccount>().SingleAsync(u => u.Username == username);
    }

    private static Dictionary<string, string> Rename(OrganisationCreated unit, string name, string expectedVersion) => new()
    {
        ["ExpectedVersion"] = expectedVersion, ["Code"] = unit.Code, ["Name"] = name, ["EffectiveDate"] = "2025-03-01", ["Reason"] = "Sắp xếp lại",
    };

    private static Dictionary<string, string> Correction(string phone) => new()
    {
        ["ExpectedVersion"] = "1", ["Field"] = "Phone", ["NewValue"] = phone, ["Reason"] = "Sai số điện thoại", ["DecisionNumber"] = "5-QĐ/ĐU", ["DecisionDate"] = "2025-03-01",
    };

    private static Dictionary<string, string> AccountFields(string username) => new()
    {
        ["NewUserId"] = Guid.CreateVersion7().ToString(), ["Username"] = username, ["DisplayName"] = "Người dùng " + username, ["Password"] = "mat-khau-du-dai-123",
    };

    private static Dictionary<string, string> ArrivalFields(string name, string citizenId) => new()
    {
        ["TransferId"] = Guid.CreateVersion7().ToString(),
        ["NewMemberId"] = Guid.CreateVersion7().ToString(),
        ["FullName"] = name,
        ["Sex"] = citizenId[3] == '1' ? "Female" : "Male",
        ["DateOfBirth"] = "1988-04-04",
        ["CitizenId"] = citizenId,
        ["CellCode"] = HoanKiemCell.Code,
        ["DecisionNumber"] = "12-QĐ/HU",
        ["DecisionDate"] = "2015-05-05",
        ["CeremonyDate"] = "2015-05-19",
        ["FromOrganisation"] = "Đảng bộ huyện Gia Lâm",
        ["FromProvince"] = "Bắc Ninh",
        ["LetterNumber"] = $"{Interlocked.Increment(ref _serial)}-GGT/TU",
        ["LetterDate"] = "2025-02-20",
        ["ReceivedOn"] = "2025-03-03",
    };

    /// <summary>A citizen ID no other test in this class uses (the 001 province, a man born in the 1900s).</summary>
    private static string NextCitizenId() => $"001088{Interlocked.Increment(ref _serial) + 500_000:D6}";

    /// <summary>The summary's errors as (rule code, field), in the order shown.</summary>
    private static List<(string Code, string? Field)> Summary(string html) =>
        [.. SummaryItem().Matches(html).Select(m => (m.Groups["code"].Value, m.Groups["field"].Success ? m.Groups["field"].Value : (string?)null))];

    private static string Shown(string html) => Regex.Match(html, "<div class=\"form-errors\".*?</div>", RegexOptions.Singleline).Value;

    /// <summary>The codes of the messages shown beside <paramref name="field"/>.</summary>
    private static List<string> FieldErrors(string html, string field) =>
        [.. FieldItem().Matches(html).Where(m => m.Groups["field"].Value == field).Select(m => m.Groups["code"].Value)];

    [GeneratedRegex("<p class=\"error\" data-rule=\"(?<code>[^\"]+)\"(?: data-field=\"(?<field>[^\"]+)\")?\\s*data-testid=\"form-error\">")]
    private static partial Regex SummaryItem();

    [GeneratedRegex("<small class=\"field-error\" data-rule=\"(?<code>[^\"]+)\" data-field=\"(?<field>[^\"]+)\">")]
    private static partial Regex FieldItem();

    [GeneratedRegex("name=\"ExpectedVersion\" value=\"(\\d+)\"")]
    private static partial Regex ExpectedVersions();
}
