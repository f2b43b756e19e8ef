using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using NodaTime;
using static EventSourced.Web.Tests.Infrastructure.AtTheSameMoment;

namespace EventSourced.Web.Tests.EventStore;

/// <summary>
/// Citizen IDs, card numbers and unit codes are held once by the store itself: every path that writes
/// one, sent several times at the same moment, records it once and refuses the others with the rule
/// (decision 0008). Clock fixed at Monday 3 March 2025.
/// </summary>
public sealed class RegisterKeysTests(RegisterKeysTests.Fixture app) : IClassFixture<RegisterKeysTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-03-03T02:00:00Z";
    }

    /// <summary>Enough posts at once that, on two cores, several commands read before any commits.</summary>
    private const int AtOnce = 4;

    private static readonly OrganisationCreated BaDinhCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));
    private static int _serial;

    [Fact]
    public async Task one_citizen_id_admitted_several_times_at_once_makes_one_member()
    {
        var staff = await app.SignInAsync("staff");
        var citizenId = NextCitizenId();

        var responses = await PostAllAsync([.. Enumerable.Range(0, AtOnce).Select(i =>
            new Post(staff, "/members/admit", "/members/admit", AdmissionForm.Fields($"Phạm Văn Đồng Thời {i}", citizenId)))]);

        await OneWinsAsync(responses, "Register.CitizenIdTaken", "Member.AlreadyMember");
        (await MembersWithCitizenIdAsync(citizenId)).ShouldBe(1);
        await KeyIsHeldOnceAsync(RegisterKeys.CitizenId(citizenId)!);
    }

    [Fact]
    public async Task one_citizen_id_arriving_from_outside_several_times_at_once_makes_one_member()
    {
        var staff = await app.SignInAsync("staff");
        var citizenId = NextCitizenId();
        var card = "AR" + citizenId[^6..];

        var responses = await PostAllAsync([.. Enumerable.Range(0, AtOnce).Select(i =>
            new Post(staff, "/transfers/arrival", "/transfers/arrival", ArrivalFields($"Hoàng Văn Đến {i}", citizenId, card)))]);

        await OneWinsAsync(responses, "Register.CitizenIdTaken", "Register.CardNumberTaken", "Transfer.AlreadyInRegister");
        (await MembersWithCitizenIdAsync(citizenId)).ShouldBe(1);
        await KeyIsHeldOnceAsync(RegisterKeys.CitizenId(citizenId)!);
        await KeyIsHeldOnceAsync(RegisterKeys.Card(card)!);
    }

    [Fact]
    public async Task two_import_files_with_one_citizen_id_uploaded_at_once_import_one_of_them()
    {
        var staff = await app.SignInAsync("staff");
        var citizenId = NextCitizenId();
        var files = Enumerable.Range(0, AtOnce)
            .Select(i => Csv($"Vũ Văn Nhập {i},Nam,01/01/1980,{citizenId},{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,,"))
            .ToArray();
        var forms = await Task.WhenAll(files.Select(_ => ImportFormAsync(staff)));

        var responses = await SendAllAsync([.. files.Select((file, i) => (Func<Task<HttpResponseMessage>>)(() =>
            staff.PostFileRawAsync("/members/import", "Upload", $"file-{i}.csv", file, forms[i])))]);

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1, await DescribeAsync(responses));
        responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity).ShouldBe(AtOnce - 1, await DescribeAsync(responses));
        (await MembersWithCitizenIdAsync(citizenId)).ShouldBe(1);
        await KeyIsHeldOnceAsync(RegisterKeys.CitizenId(citizenId)!);
    }

    [Fact]
    public async Task a_file_repeating_a_citizen_id_typed_differently_is_refused_whole()
    {
        var staff = await app.SignInAsync("staff");
        var citizenId = NextCitizenId();
        var file = Csv(
            $"Vũ Văn Một,Nam,01/01/1980,{citizenId},{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,,",
            $"Vũ Văn Hai,Nam,01/01/1980,{citizenId[..3]} {citizenId[3..]},{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,,");

        var response = await staff.PostFileRawAsync("/members/import", "Upload", "twice.csv", file, await ImportFormAsync(staff));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await MembersWithCitizenIdAsync(citizenId)).ShouldBe(0);
    }

    [Fact]
    public async Task two_members_corrected_to_one_citizen_id_at_once_only_one_gets_it_and_the_old_ids_are_freed()
    {
        var staff = await app.SignInAsync("staff");
        var members = await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(i => AdmitAsync(staff, $"Đặng Văn Sửa {i}", NextCitizenId())));
        var target = NextCitizenId();

        var responses = await PostAllAsync([.. members.Select(m => new Post(staff, $"/members/{m.Id}/correct?field=CitizenId", $"/members/{m.Id}/correct", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["Field"] = "CitizenId",
            ["NewValue"] = target,
            ["Reason"] = "Nhập sai số CCCD",
        }))]);

        await OneWinsAsync(responses, "Register.CitizenIdTaken", "Member.CitizenIdTaken");
        (await MembersWithCitizenIdAsync(target)).ShouldBe(1);
        await KeyIsHeldOnceAsync(RegisterKeys.CitizenId(target)!);
        // The winner's old number is free again: another person may be admitted with it.
        var winner = members[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.Redirect)];
        await using (var session = app.Store.QuerySession())
        {
            (await session.LoadAsync<RegisterKey>(RegisterKeys.CitizenId(winner.CitizenId)!)).ShouldBeNull();
        }

        (await AdmitAsync(staff, "Người Mới Nhận Số Cũ", winner.CitizenId)).Id.ShouldNotBe(winner.Id);
    }

    [Fact]
    public async Task one_card_number_issued_to_several_members_at_once_goes_to_one()
    {
        var staff = await app.SignInAsync("staff");
        var members = await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(i => AdmitAsync(staff, $"Lý Văn Thẻ {i}", NextCitizenId())));
        var card = "HNC" + Interlocked.Increment(ref _serial).ToString("D6", CultureInfo.InvariantCulture);

        var responses = await PostAllAsync([.. members.Select(m => new Post(staff, $"/members/{m.Id}/card", $"/members/{m.Id}/card", CardFields(card)))]);

        await OneWinsAsync(responses, "Register.CardNumberTaken", "Member.CardNumberTaken");
        await using var session = app.Store.QuerySession();
        (await session.Query<Member>().CountAsync(m => m.CardNumber == card)).ShouldBe(1);
        await KeyIsHeldOnceAsync(RegisterKeys.Card(card)!);
    }

    [Fact]
    public async Task a_replaced_card_number_stays_reserved_for_its_member()
    {
        var staff = await app.SignInAsync("staff");
        var holder = await AdmitAsync(staff, "Lý Văn Đổi Thẻ", NextCitizenId());
        var other = await AdmitAsync(staff, "Lý Văn Khác", NextCitizenId());
        var old = "HNO" + Interlocked.Increment(ref _serial).ToString("D6", CultureInfo.InvariantCulture);
        (await staff.PostFormAsync($"/members/{holder.Id}/card", $"/members/{holder.Id}/card", CardFields(old))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var replaced = await staff.PostFormAsync($"/members/{holder.Id}/card", $"/members/{holder.Id}/card", new Dictionary<string, string>(CardFields(old + "N"))
        {
            ["ExpectedVersion"] = "2",
            ["ReplacementReason"] = "CardExchange",
        });

        var reused = await staff.PostFormAsync($"/members/{other.Id}/card", $"/members/{other.Id}/card", CardFields(old));

        replaced.StatusCode.ShouldBe(HttpStatusCode.Redirect, await replaced.Content.ReadAsStringAsync());
        reused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        await using var session = app.Store.QuerySession();
        (await session.LoadAsync<RegisterKey>(RegisterKeys.Card(old)!))!.OwnerId.ShouldBe(holder.Id);
        (await session.LoadAsync<RegisterKey>(RegisterKeys.Card(old + "N")!))!.OwnerId.ShouldBe(holder.Id);
    }

    [Fact]
    public async Task one_unit_code_created_several_times_at_once_makes_one_unit()
    {
        var admin = await app.SignInAsync("admin");
        var parent = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);
        var code = NextCode();

        var responses = await PostAllAsync([.. Enumerable.Range(0, AtOnce).Select(i => new Post(
            admin, $"/organisations/{parent.OrganisationId}/new", $"/organisations/{parent.OrganisationId}/new", new Dictionary<string, string>
            {
                ["NewOrganisationId"] = Guid.NewGuid().ToString(),
                ["Code"] = code,
                ["Name"] = $"Chi bộ đồng thời {i}",
                ["Kind"] = "Cell",
                ["EffectiveDate"] = "2025-03-01",
            }))]);

        await OneWinsAsync(responses, "Register.UnitCodeTaken", "Organisation.CodeTaken");
        await UnitCodeIsHeldOnceAsync(code);
    }

    [Fact]
    public async Task one_unit_code_created_through_the_api_several_times_at_once_makes_one_unit_and_says_why()
    {
        var admin = await app.SignInAsync("admin");
        var parent = DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem);
        var code = NextCode();

        var responses = await SendAllAsync([.. Enumerable.Range(0, AtOnce).Select(i => (Func<Task<HttpResponseMessage>>)(() =>
            admin.PostJsonAsync("/api/organisations", new EventSourced.Web.Api.CreateOrganisationRequest(code, $"Chi bộ API {i}", OrganisationKind.Cell, parent.OrganisationId)
            {
                EffectiveDate = new LocalDate(2025, 3, 1),
            })))]);

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1, await DescribeAsync(responses));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var problem = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            problem.GetProperty("code").GetString().ShouldBeOneOf("Register.UnitCodeTaken", "Organisation.CodeTaken");
        }

        await UnitCodeIsHeldOnceAsync(code);
    }

    [Fact]
    public async Task a_split_and_a_rename_claiming_one_code_at_once_give_it_to_one_unit()
    {
        var admin = await app.SignInAsync("admin");
        var source = DemoUnits.GrassrootsUnder(DemoUnits.District("Đống Đa"));
        var moving = DemoUnits.ChildrenOf(source.OrganisationId)[0];
        var renamed = DemoUnits.GrassrootsUnder(DemoUnits.District("Tây Hồ"));
        var code = NextCode();

        var (split, rename) = await PostAsync(
            new Post(admin, $"/organisations/{source.OrganisationId}/split", $"/organisations/{source.OrganisationId}/split", new Dictionary<string, string>
            {
                ["ExpectedVersion"] = "1",
                ["NewOrganisationId"] = Guid.NewGuid().ToString(),
                ["NewCode"] = code,
                ["NewName"] = "Đảng bộ tách đồng thời",
                ["MovedChildIds"] = moving.OrganisationId.ToString(),
                ["EffectiveDate"] = "2025-03-01",
            }),
            new Post(admin, $"/organisations/{renamed.OrganisationId}/rename", $"/organisations/{renamed.OrganisationId}/rename", new Dictionary<string, string>
            {
                ["ExpectedVersion"] = "1",
                ["Code"] = code,
                ["Name"] = renamed.Name,
                ["EffectiveDate"] = "2025-03-01",
            }));

        await OneWinsAsync([split, rename], "Register.UnitCodeTaken", "Organisation.CodeTaken");
        await UnitCodeIsHeldOnceAsync(code);
    }

    [Fact]
    public async Task a_renamed_or_dissolved_unit_frees_its_code()
    {
        var admin = await app.SignInAsync("admin");
        var unit = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.District("Hai Bà Trưng")));
        var code = NextCode();

        var renamed = await admin.PostFormAsync($"/organisations/{unit.OrganisationId}/rename", $"/organisations/{unit.OrganisationId}/rename", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["Code"] = code,
            ["Name"] = unit.Name,
            ["EffectiveDate"] = "2025-03-01",
        });

        renamed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await renamed.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        (await session.LoadAsync<RegisterKey>(RegisterKeys.UnitCode(unit.Code)!)).ShouldBeNull();
        (await session.LoadAsync<RegisterKey>(RegisterKeys.UnitCode(code)!))!.OwnerId.ShouldBe(unit.OrganisationId);
    }

    [Fact]
    public async Task members_and_units_written_around_the_handlers_get_their_keys_from_the_backfill()
    {
        await using (var query = app.Store.QuerySession())
        {
            // The fixture loads the demo tree straight into the store, as the demo loader does.
            (await query.LoadAsync<RegisterKey>(RegisterKeys.UnitCode(DemoUnits.BaDinh.Code)!))!.OwnerId.ShouldBe(DemoUnits.BaDinh.OrganisationId);
        }

        var shared = await RegisterKeys.BackfillAsync(app.Store, CancellationToken.None);
        var citizenId = NextCitizenId();
        var id = await WriteAroundTheHandlersAsync("Ngoài Luồng", citizenId, "NL" + citizenId);

        (await RegisterKeys.BackfillAsync(app.Store, CancellationToken.None)).ShouldBe(shared);

        await using var after = app.Store.QuerySession();
        (await after.LoadAsync<RegisterKey>(RegisterKeys.CitizenId(citizenId)!))!.OwnerId.ShouldBe(id);
        (await after.LoadAsync<RegisterKey>(RegisterKeys.Card("NL" + citizenId)!))!.OwnerId.ShouldBe(id);
    }

    [Fact]
    public async Task a_card_number_and_citizen_id_stored_as_typed_get_from_the_backfill_the_keys_the_handlers_claim()
    {
        var staff = await app.SignInAsync("staff");
        var digits = NextCitizenId();
        var card = "nl " + digits[^6..] + " ab";
        var id = await WriteAroundTheHandlersAsync("Lê Văn Cũ", $"CCCD {digits[..3]}.{digits[3..]}", card);
        var other = await AdmitAsync(staff, "Lê Văn Khác", NextCitizenId());

        await RegisterKeys.BackfillAsync(app.Store, CancellationToken.None);
        var reused = await staff.PostFormAsync($"/members/{other.Id}/card", $"/members/{other.Id}/card", CardFields(card.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()));

        await using (var session = app.Store.QuerySession())
        {
            (await session.LoadAsync<RegisterKey>(RegisterKeys.Card(card)!)).ShouldNotBeNull().OwnerId.ShouldBe(id);
            (await session.LoadAsync<RegisterKey>(RegisterKeys.CitizenId(digits)!)).ShouldNotBeNull().OwnerId.ShouldBe(id);
        }

        // The card rules store "NL…AB"; the legacy "nl … ab" is the same card, held by its member.
        reused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task values_held_by_two_records_are_reported_at_every_start_not_only_the_first()
    {
        var before = await RegisterKeys.BackfillAsync(app.Store, CancellationToken.None);
        var citizenId = NextCitizenId();
        await WriteAroundTheHandlersAsync("Trần Văn Trùng Một", citizenId, null);
        await WriteAroundTheHandlersAsync("Trần Văn Trùng Hai", citizenId, null);

        (await RegisterKeys.BackfillAsync(app.Store, CancellationToken.None)).ShouldBe(before + 1);
        (await RegisterKeys.BackfillAsync(app.Store, CancellationToken.None)).ShouldBe(before + 1);
    }

    [Fact]
    public async Task a_start_after_a_full_check_does_not_scan_the_snapshots_again()
    {
        await RegisterKeys.BackfillAsync(app.Store, CancellationToken.None);
        var citizenId = NextCitizenId();
        await WriteAroundTheHandlersAsync("Trần Văn Sau Kiểm Tra", citizenId, null);

        await StartAsync();

        // Written around the handlers after the check, and the start trusted the check: no key built.
        (await KeyAsync(RegisterKeys.CitizenId(citizenId)!)).ShouldBeNull();
    }

    [Theory]
    [InlineData("no check recorded")]
    [InlineData("a check with another normalisation")]
    [InlineData("the keys emptied by an operator")]
    public async Task a_start_checks_in_full_when_the_last_check_is_not_valid(string why)
    {
        await RegisterKeys.BackfillAsync(app.Store, CancellationToken.None);
        var citizenId = NextCitizenId();
        var id = await WriteAroundTheHandlersAsync("Trần Văn Kiểm Lại", citizenId, null);
        await ExecuteAsync(why switch
        {
            "no check recorded" => "delete from public.mt_doc_registerkeyscheck",
            "a check with another normalisation" => "update public.mt_doc_registerkeyscheck set data = jsonb_set(data, '{version}', '\"0000\"')",
            _ => "delete from public.mt_doc_registerkey",
        });

        await StartAsync();

        (await KeyAsync(RegisterKeys.CitizenId(citizenId)!)).ShouldNotBeNull(why).OwnerId.ShouldBe(id);
        (await KeyAsync(RegisterKeys.UnitCode(DemoUnits.BaDinh.Code)!)).ShouldNotBeNull(why).OwnerId.ShouldBe(DemoUnits.BaDinh.OrganisationId);
        (await RegisterKeys.CurrentCheckAsync(app.Store, app.Store.Storage.Database, CancellationToken.None)).ShouldNotBeNull("the full check is recorded");
    }

    private Task StartAsync() =>
        new Web.Infrastructure.RegisterKeysBackfill(app.Store, Microsoft.Extensions.Logging.Abstractions.NullLogger<Web.Infrastructure.RegisterKeysBackfill>.Instance)
            .StartAsync(CancellationToken.None);

    private async Task<RegisterKey?> KeyAsync(string key)
    {
        await using var session = app.Store.QuerySession();
        return await session.LoadAsync<RegisterKey>(key);
    }

    private Task ExecuteAsync(string sql) => DirectSql.ExecuteAsync(app.ConnectionString, sql);

    [Fact]
    public async Task a_placeholder_citizen_id_written_before_is_nobody_s_key_and_is_refused_at_admission()
    {
        var staff = await app.SignInAsync("staff");
        var before = await RegisterKeys.BackfillAsync(app.Store, CancellationToken.None);
        await WriteAroundTheHandlersAsync("Không Rõ Số Một", "000000000000", null);
        await WriteAroundTheHandlersAsync("Không Rõ Số Hai", "000000000000", null);

        (await RegisterKeys.BackfillAsync(app.Store, CancellationToken.None)).ShouldBe(before);
        var admitted = await staff.PostFormAsync("/members/admit", "/members/admit", AdmissionForm.Fields("Không Rõ Số Ba", "000 000 000 000"));

        await using (var session = app.Store.QuerySession())
        {
            (await session.LoadAsync<RegisterKey>(RegisterKeys.CitizenIdKind + "000000000000")).ShouldBeNull();
        }

        admitted.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        WebUtility.HtmlDecode(await admitted.Content.ReadAsStringAsync()).ShouldContain(Texts.Vi("Member.CitizenIdPlaceholder"));
    }

    [Fact]
    public async Task correcting_a_citizen_id_to_the_same_digits_typed_differently_keeps_its_key()
    {
        var staff = await app.SignInAsync("staff");
        var digits = NextCitizenId();
        var id = await WriteAroundTheHandlersAsync("Đỗ Văn Tiền Tố", "CCCD" + digits, null);
        await RegisterKeys.BackfillAsync(app.Store, CancellationToken.None);

        var corrected = await staff.PostFormAsync($"/members/{id}/correct?field=CitizenId", $"/members/{id}/correct", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["Field"] = "CitizenId",
            ["NewValue"] = digits,
            ["Reason"] = "Bỏ tiền tố CCCD",
        });

        corrected.StatusCode.ShouldBe(HttpStatusCode.Redirect, await corrected.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        (await session.LoadAsync<RegisterKey>(RegisterKeys.CitizenId(digits)!)).ShouldNotBeNull("the correction released the key it kept").OwnerId.ShouldBe(id);
    }

    [Fact]
    public async Task the_same_admission_form_sent_several_times_at_once_admits_once_and_says_it_was_recorded()
    {
        var staff = await app.SignInAsync("staff");
        var citizenId = NextCitizenId();
        var form = AdmissionForm.Fields("Phạm Văn Bấm Hai Lần", citizenId);

        var responses = await PostAllAsync([.. Enumerable.Range(0, AtOnce).Select(_ => new Post(staff, "/members/admit", "/members/admit", form))]);

        await OneWinsAsync(responses, "Form.AlreadyRecorded");
        (await MembersWithCitizenIdAsync(citizenId)).ShouldBe(1);
        await KeyIsHeldOnceAsync(RegisterKeys.CitizenId(citizenId)!);
    }

    [Fact]
    public async Task the_same_arrival_form_sent_several_times_at_once_records_once_and_says_it_was_recorded()
    {
        var staff = await app.SignInAsync("staff");
        var citizenId = NextCitizenId();
        var form = ArrivalFields("Hoàng Văn Bấm Hai Lần", citizenId, "AD" + citizenId[^6..]);

        var responses = await PostAllAsync([.. Enumerable.Range(0, AtOnce).Select(_ => new Post(staff, "/transfers/arrival", "/transfers/arrival", form))]);

        await OneWinsAsync(responses, "Form.AlreadyRecorded");
        (await MembersWithCitizenIdAsync(citizenId)).ShouldBe(1);
        await KeyIsHeldOnceAsync(RegisterKeys.CitizenId(citizenId)!);
    }

    [Fact]
    public async Task the_same_import_form_sent_several_times_at_once_imports_once_and_says_it_was_imported()
    {
        var staff = await app.SignInAsync("staff");
        var citizenIds = Enumerable.Range(0, 3).Select(_ => NextCitizenId()).ToArray();
        var file = Csv([.. citizenIds.Select((c, i) => $"Vũ Văn Gửi Lại {i},Nam,01/01/1980,{c},{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,,")]);
        var form = await ImportFormAsync(staff);

        var responses = await SendAllAsync([.. Enumerable.Range(0, AtOnce).Select(_ => (Func<Task<HttpResponseMessage>>)(() =>
            staff.PostFileRawAsync("/members/import", "Upload", "twice.csv", file, form)))]);

        var described = await DescribeAsync(responses);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1, described);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, described);
            WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()).ShouldContain(Texts.Vi("Form.AlreadyRecorded"));
        }

        foreach (var citizenId in citizenIds)
        {
            (await MembersWithCitizenIdAsync(citizenId)).ShouldBe(1);
            await KeyIsHeldOnceAsync(RegisterKeys.CitizenId(citizenId)!);
        }
    }

    /// <summary>A member appended straight to the store, as the demo loader and legacy data do: no keys claimed.</summary>
    [Fact]
    public async Task two_old_records_sharing_a_citizen_id_each_sign_in_to_the_app_as_themselves()
    {
        // Written before the keys existed, two records hold one citizen ID; each was given its own
        // credential. The app's sign-in must open each member's own record, never the first match.
        var staff = await app.SignInAsync("staff");
        var citizenId = NextCitizenId();
        var first = await WriteAroundTheHandlersAsync("Trùng Số Một", citizenId, null);
        var second = await WriteAroundTheHandlersAsync("Trùng Số Hai", citizenId, null);

        foreach (var member in new[] { first, second })
        {
            var granted = await staff.PostFormAsync($"/members/{member}/app", $"/members/{member}/app?handler=Grant", new Dictionary<string, string>
            {
                ["ExpectedVersion"] = "1", ["AccessId"] = Guid.NewGuid().ToString(),
            });
            var secret = System.Text.RegularExpressions.Regex.Match(await granted.Content.ReadAsStringAsync(), "data-testid=\"secret\">([A-Z0-9-]+)<").Groups[1].Value;
            secret.ShouldNotBeEmpty();

            var token = await new WebSession(app.Host, "198.51.100." + (member == first ? "21" : "22")).PostJsonAsync("/api/app/token", new EventSourced.Web.Api.AppTokenRequest(citizenId, secret));

            token.StatusCode.ShouldBe(HttpStatusCode.OK);
            var client = app.Host.Server.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", (await token.Content.ReadFromJsonAsync<EventSourced.Web.Api.AppTokenResponse>(WebSession.Json))!.AccessToken);
            (await client.GetFromJsonAsync<EventSourced.Web.Api.AppMe>("/api/app/me", WebSession.Json))!.Id.ShouldBe(member);
        }
    }

    private async Task<Guid> WriteAroundTheHandlersAsync(string name, string? citizenId, string? card)
    {
        var id = Guid.NewGuid();
        await using var session = app.Store.LightweightSession();
        var admitted = new MemberAdmitted(id, new MemberProfile(name, Sex.Male, new LocalDate(1980, 1, 1), CitizenId: citizenId), BaDinhCell.OrganisationId, new Decision("1-QĐ", new LocalDate(2010, 1, 1)), new LocalDate(2010, 1, 1));
        session.Events.StartStream<Member>(id, card is null ? [admitted] : [admitted, new PartyCardIssued(card, new LocalDate(2011, 1, 1))]);
        await session.SaveChangesAsync();
        return id;
    }

    private sealed record Admitted(Guid Id, string CitizenId);

    private static string NextCitizenId() =>
        string.Create(CultureInfo.InvariantCulture, $"00109{Interlocked.Increment(ref _serial):D7}");

    private static string NextCode() =>
        string.Create(CultureInfo.InvariantCulture, $"KEY.{Interlocked.Increment(ref _serial)}");

    private static Dictionary<string, string> ArrivalFields(string name, string citizenId, string card) => new()
    {
        ["TransferId"] = Guid.NewGuid().ToString(),
        ["NewMemberId"] = Guid.NewGuid().ToString(),
        ["Profile.FullName"] = name,
        ["Profile.Sex"] = "Male",
        ["Profile.DateOfBirth"] = "1985-05-05",
        ["Profile.CitizenId"] = citizenId,
        ["CellCode"] = BaDinhCell.Code,
        ["DecisionNumber"] = "5-QĐ/ĐU",
        ["DecisionDate"] = "2015-01-10",
        ["CeremonyDate"] = "2015-01-20",
        ["CardNumber"] = card,
        ["FromOrganisation"] = "Đảng bộ phường Hải Châu",
        ["FromProvince"] = "Đà Nẵng",
        ["LetterNumber"] = "9-GGT/TU",
        ["LetterDate"] = "2025-02-20",
        ["ReceivedOn"] = "2025-03-03",
    };

    private static Dictionary<string, string> CardFields(string card) => new()
    {
        ["ExpectedVersion"] = "1",
        ["CardNumber"] = card,
        ["IssueDate"] = "2025-02-28",
    };

    private static async Task<Admitted> AdmitAsync(WebSession staff, string name, string citizenId) =>
        new(await AdmissionForm.AdmitAsync(staff, name, citizenId), citizenId);

    private const string ImportHeader = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã chi bộ,Số quyết định kết nạp,Ngày vào Đảng,Ngày lễ kết nạp,Ngày chính thức,Số thẻ đảng viên";

    private static byte[] Csv(params string[] rows) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(string.Join("\r\n", rows.Prepend(ImportHeader)) + "\r\n")];

    /// <summary>The import form's token and its own import id, as a browser would post them.</summary>
    private static async Task<Dictionary<string, string>> ImportFormAsync(WebSession staff)
    {
        var form = await staff.GetTextAsync("/members/import");
        return new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value),
            ["ImportId"] = System.Text.RegularExpressions.Regex.Match(form, "name=\"ImportId\"[^>]*value=\"([^\"]+)\"").Groups[1].Value,
        };
    }

    /// <summary>Exactly one redirect; every other answer a 422 saying one of <paramref name="rules"/>, never a 500.</summary>
    private static async Task OneWinsAsync(IReadOnlyList<HttpResponseMessage> responses, params string[] rules)
    {
        var described = await DescribeAsync(responses);
        responses.Count(r => r.StatusCode == HttpStatusCode.Redirect).ShouldBe(1, described);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Redirect))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, described);
            var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            // A refusal may name the member (the ".Named" text, for a clerk in scope): compare the longest
            // fixed part of each text, between its placeholders.
            rules.SelectMany(rule => new[] { Texts.Vi(rule), Texts.ViOrNull(rule + ".Named") }).OfType<string>()
                .Select(text => System.Text.RegularExpressions.Regex.Split(text, @"\{\d+\}").MaxBy(part => part.Length)!.Trim())
                .Any(part => part.Length > 0 && html.Contains(part, StringComparison.Ordinal))
                .ShouldBeTrue($"none of {string.Join(", ", rules)} in the refusal");
        }
    }

    private static async Task<string> DescribeAsync(IEnumerable<HttpResponseMessage> responses) =>
        string.Join(", ", await Task.WhenAll(responses.Select(async r => $"{(int)r.StatusCode} {(r.StatusCode == HttpStatusCode.InternalServerError ? await r.Content.ReadAsStringAsync() : string.Empty)}")));

    private async Task<int> MembersWithCitizenIdAsync(string citizenId)
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<Member>().CountAsync(m => m.Profile.CitizenId == citizenId);
    }

    private async Task KeyIsHeldOnceAsync(string key)
    {
        await using var session = app.Store.QuerySession();
        var held = (await session.LoadAsync<RegisterKey>(key)).ShouldNotBeNull($"{key} is not held");
        // Held by the record that has the value, not by one of the refused ones.
        var owner = await session.LoadAsync<Member>(held.OwnerId);
        owner.ShouldNotBeNull();
    }

    private async Task UnitCodeIsHeldOnceAsync(string code)
    {
        await using var session = app.Store.QuerySession();
        var units = await session.Query<Organisation>().Where(o => o.Code == code).ToListAsync();
        units.Count.ShouldBe(1);
        (await session.LoadAsync<RegisterKey>(RegisterKeys.UnitCode(code)!))!.OwnerId.ShouldBe(units[0].Id);
    }
}
