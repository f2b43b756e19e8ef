using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;
using static EventSourced.Web.Tests.Infrastructure.AtTheSameMoment;

namespace EventSourced.Web.Tests.Scaling;

/// <summary>
/// A person is a party member once in the whole country, and a party card number is Party-wide (decision 0034):
/// with provinces on two clusters, the national register in the main database refuses in one province a
/// citizen ID or card number another holds, moves it with a member who leaves one province for the other,
/// and gives back what a failed write reserved.
/// </summary>
public sealed class NationalRegisterKeysTests(TwoProvincesTests.Fixture app) : IClassFixture<TwoProvincesTests.Fixture>
{
    private const string HaNoi = TwoProvincesTests.HaNoi;
    private const string HaiPhong = TwoProvincesTests.HaiPhong;
    private static readonly Uri HaNoiSite = new("http://hanoi.example");
    private static readonly Uri HaiPhongSite = new("http://haiphong.example");
    private static readonly LocalDate Ceremony = new(2024, 6, 3);

    [Fact]
    public async Task a_citizen_id_admitted_in_one_province_is_refused_as_taken_in_the_other()
    {
        var hanoi = await app.SignInAsync("staff", site: HaNoiSite);
        var haiphong = await app.SignInAsync("staff", site: HaiPhongSite);
        var first = AdmissionForm.Fields("Nguyễn Văn Một Nơi", AdmissionForm.Cell.Code, Ceremony);
        var member = await AdmissionForm.AdmitAsync(hanoi, first);

        var refused = await haiphong.PostFormAsync("/members/admit", "/members/admit", SamePerson(first));

        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Register.CitizenIdTaken\"");
        (await HolderAsync(first["CitizenId"])).ShouldBe($"{HaNoi} {member}");
    }

    [Fact]
    public async Task one_citizen_id_admitted_in_both_provinces_at_the_same_moment_is_recorded_in_one()
    {
        var hanoi = await app.SignInAsync("staff", site: HaNoiSite);
        var haiphong = await app.SignInAsync("staff", site: HaiPhongSite);
        var form = AdmissionForm.Fields("Trần Văn Cùng Lúc", AdmissionForm.Cell.Code, Ceremony);

        var (inHaNoi, inHaiPhong) = await PostAsync(
            new Post(hanoi, "/members/admit", "/members/admit", form),
            new Post(haiphong, "/members/admit", "/members/admit", SamePerson(form)));

        new[] { inHaNoi.StatusCode, inHaiPhong.StatusCode }.Order().ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity]);
        var (winner, loser) = inHaNoi.StatusCode == HttpStatusCode.Redirect ? ((HaNoi, inHaNoi), inHaiPhong) : ((HaiPhong, inHaiPhong), inHaNoi);
        (await loser.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Register.CitizenIdTaken\"");
        (await HolderAsync(form["CitizenId"])).ShouldBe($"{winner.Item1} {winner.Item2.Headers.Location!.ToString().Split('/')[^1]}");
        var schema = app.Store.Options.DatabaseSchemaName;
        var key = RegisterKeys.CitizenId(form["CitizenId"])!;
        (await DirectSql.NumberAsync(app.Databases[HaNoi], $"select count(*) from {schema}.mt_doc_registerkey where id = $1", key)
            + await DirectSql.NumberAsync(app.Databases[HaiPhong], $"select count(*) from {schema}.mt_doc_registerkey where id = $1", key)).ShouldBe(1);
    }

    [Fact]
    public async Task an_import_with_a_citizen_id_another_province_holds_imports_nothing_and_keeps_no_reservation()
    {
        var held = AdmissionForm.Fields("Hoàng Văn Đã Có", AdmissionForm.Cell.Code, Ceremony);
        await AdmissionForm.AdmitAsync(await app.SignInAsync("staff", site: HaNoiSite), held);
        var fresh = AdmissionForm.Fields("Hoàng Văn Mới", AdmissionForm.Cell.Code, Ceremony)["CitizenId"];
        var file = Pages.Members.ImportTests.Csv(
            $"Hoàng Văn Mới,Nam,01/01/1980,{fresh},{AdmissionForm.Cell.Code},12-QĐ/ĐU,02/03/2015,,,",
            $"Hoàng Văn Đã Có,Nam,06/05/1990,{held["CitizenId"]},{AdmissionForm.Cell.Code},13-QĐ/ĐU,02/03/2015,,,");

        var response = await (await app.SignInAsync("staff", site: HaiPhongSite)).PostFileAsync("/members/import", "/members/import", "Upload", "dang-vien.csv", file);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Register.CitizenIdTaken\"");
        (await HolderAsync(fresh)).ShouldBeEmpty("the refused file kept the reservation of its other row");
    }

    [Fact]
    public async Task a_province_write_that_fails_after_the_reservation_gives_the_citizen_id_back()
    {
        var haiphong = await app.SignInAsync("staff", site: HaiPhongSite);
        var form = AdmissionForm.Fields("Lê Văn Hỏng Ghi", AdmissionForm.Cell.Code, Ceremony);
        var failed = await WhileTheProvinceRefusesAsync(HaiPhong, RegisterKeys.CitizenId(form["CitizenId"])!, () => haiphong.PostFormAsync("/members/admit", "/members/admit", form));

        failed.ShouldNotBe(HttpStatusCode.Redirect);
        (await HolderAsync(form["CitizenId"])).ShouldBeEmpty("the failed write kept its reservation");
        await AdmissionForm.AdmitAsync(await app.SignInAsync("staff", site: HaNoiSite), SamePerson(form));
    }

    [Fact]
    public async Task a_reservation_left_by_a_write_that_never_committed_lapses_and_a_young_one_is_respected()
    {
        var haiphong = await app.SignInAsync("staff", site: HaiPhongSite);
        var lapsed = AdmissionForm.Fields("Phạm Văn Bỏ Dở", AdmissionForm.Cell.Code, Ceremony);
        var inFlight = AdmissionForm.Fields("Phạm Văn Đang Ghi", AdmissionForm.Cell.Code, Ceremony);
        // As a node that died between reserving in Hà Nội and committing there would leave them.
        await ReserveByHandAsync(lapsed["CitizenId"], HaNoi, NationalRegister.InFlight + TimeSpan.FromMinutes(1));
        await ReserveByHandAsync(inFlight["CitizenId"], HaNoi, TimeSpan.Zero);

        var member = await AdmissionForm.AdmitAsync(haiphong, lapsed);
        var refused = await haiphong.PostFormAsync("/members/admit", "/members/admit", inFlight);

        (await HolderAsync(lapsed["CitizenId"])).ShouldBe($"{HaiPhong} {member}");
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Register.CitizenIdTaken\"");
    }

    [Fact]
    public async Task a_correction_of_the_citizen_id_frees_the_old_one_in_every_province_and_reserves_the_new()
    {
        var hanoi = await app.SignInAsync("staff", site: HaNoiSite);
        var haiphong = await app.SignInAsync("staff", site: HaiPhongSite);
        var before = AdmissionForm.Fields("Đỗ Văn Sửa Số", AdmissionForm.Cell.Code, Ceremony);
        var after = AdmissionForm.Fields("Đỗ Văn Sửa Số", AdmissionForm.Cell.Code, Ceremony);
        var member = await AdmissionForm.AdmitAsync(hanoi, before);

        var corrected = await hanoi.PostFormAsync($"/members/{member}/correct?field=CitizenId", $"/members/{member}/correct", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["Field"] = "CitizenId",
            ["NewValue"] = after["CitizenId"],
            ["Reason"] = "Nhập nhầm số căn cước",
        });

        corrected.StatusCode.ShouldBe(HttpStatusCode.Redirect, await corrected.Content.ReadAsStringAsync());
        (await HolderAsync(before["CitizenId"])).ShouldBeEmpty();
        (await HolderAsync(after["CitizenId"])).ShouldBe($"{HaNoi} {member}");
        await AdmissionForm.AdmitAsync(haiphong, SamePerson(before));
        var refused = await haiphong.PostFormAsync("/members/admit", "/members/admit", SamePerson(after));
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Register.CitizenIdTaken\"");
    }

    [Fact]
    public async Task a_member_is_received_from_another_province_only_once_that_province_has_transferred_them_out()
    {
        var hanoi = await app.SignInAsync("staff", site: HaNoiSite);
        var haiphong = await app.SignInAsync("staff", site: HaiPhongSite);
        var admitted = AdmissionForm.Fields("Vũ Thị Chuyển Tỉnh", AdmissionForm.Cell.Code, Ceremony);
        var member = await AdmissionForm.AdmitAsync(hanoi, admitted);

        var tooEarly = await haiphong.PostFormAsync("/transfers/arrival", "/transfers/arrival", Arrival(admitted));
        var letter = await TransferForm.PostAsync(hanoi, member, "Out", TransferForm.Fields(Guid.CreateVersion7(), new() { ["OrganisationName"] = "Đảng bộ thành phố Hải Phòng", ["Province"] = "Hải Phòng" }, new LocalDate(2025, 2, 3)));
        letter.StatusCode.ShouldBe(HttpStatusCode.Redirect, await letter.Content.ReadAsStringAsync());
        var arrival = Arrival(admitted);
        var received = await haiphong.PostFormAsync("/transfers/arrival", "/transfers/arrival", arrival);

        tooEarly.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await tooEarly.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Register.CitizenIdTaken\"");
        received.StatusCode.ShouldBe(HttpStatusCode.Redirect, await received.Content.ReadAsStringAsync());
        (await HolderAsync(admitted["CitizenId"])).ShouldBe($"{HaiPhong} {arrival["NewMemberId"]}");
    }

    [Fact]
    public async Task a_province_write_is_refused_with_nothing_written_when_the_national_register_cannot_be_reached()
    {
        var databases = await ProvinceStore.DatabasesAsync("national unreachable");
        var provinces = new Provinces([.. databases.Select(d => new Province(d.Key, d.Value, [d.Key + ".example"]))]);
        // Nothing listens on port 1: as a main database server that is down.
        var national = NationalRegister.For(provinces, "Host=127.0.0.1;Port=1;Database=main;Username=app;Timeout=2");
        using var store = ProvinceStore.Open(databases, options => options.Listeners.Add(national.Listener));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var member = Guid.NewGuid();
        var key = RegisterKeys.CitizenId("001090077777")!;

        await using (var session = store.LightweightSession(ProvinceStore.HaNoi))
        {
            await RegisterKeys.ClaimAsync(session, member, key, CancellationToken.None);
            var refused = await Should.ThrowAsync<RuleViolation>(() => session.SaveChangesAsync());
            refused.Code.ShouldBe("Register.NationalUnavailable");
        }

        await using var province = store.QuerySession(ProvinceStore.HaNoi);
        (await province.LoadAsync<RegisterKey>(key)).ShouldBeNull();
    }

    [Fact]
    public async Task a_card_number_issued_in_one_province_is_refused_as_taken_in_the_other_and_nothing_is_written_there()
    {
        var (hanoi, holder) = await AdmittedAsync(HaNoiSite, "Nguyễn Văn Thẻ Một");
        var (haiphong, other) = await AdmittedAsync(HaiPhongSite, "Nguyễn Văn Thẻ Hai");
        (await MemberForm.PostAsync(hanoi, holder, "card", null, Card("QG 000 001"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var refused = await MemberForm.PostAsync(haiphong, other, "card", null, Card("qg000001"));

        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Register.CardNumberTaken\"");
        (await CardHolderAsync("QG000001")).ShouldBe($"{HaNoi} {holder}");
        (await ProvinceKeyAsync(HaiPhong, RegisterKeys.Card("QG000001")!)).ShouldBeEmpty();
        (await DirectSql.NumberAsync(app.Databases[HaiPhong], $"select count(*) from {app.Store.Options.DatabaseSchemaName}.mt_events where stream_id = $1", other)).ShouldBe(1);
    }

    [Fact]
    public async Task one_card_number_issued_in_both_provinces_at_the_same_moment_is_recorded_in_one()
    {
        var (hanoi, inHaNoi) = await AdmittedAsync(HaNoiSite, "Trần Văn Thẻ Cùng Lúc");
        var (haiphong, inHaiPhong) = await AdmittedAsync(HaiPhongSite, "Trần Thị Thẻ Cùng Lúc");

        var (first, second) = await PostAsync(
            new Post(hanoi, $"/members/{inHaNoi}/card", $"/members/{inHaNoi}/card", Card("QG000002")),
            new Post(haiphong, $"/members/{inHaiPhong}/card", $"/members/{inHaiPhong}/card", Card("QG000002")));

        new[] { first.StatusCode, second.StatusCode }.Order().ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.UnprocessableEntity]);
        var (winner, loser) = first.StatusCode == HttpStatusCode.Redirect ? ($"{HaNoi} {inHaNoi}", second) : ($"{HaiPhong} {inHaiPhong}", first);
        (await loser.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Register.CardNumberTaken\"");
        (await CardHolderAsync("QG000002")).ShouldBe(winner);
        var key = RegisterKeys.Card("QG000002")!;
        new[] { await ProvinceKeyAsync(HaNoi, key), await ProvinceKeyAsync(HaiPhong, key) }.Count(owner => owner.Length > 0).ShouldBe(1);
    }

    [Fact]
    public async Task a_card_issue_that_fails_after_the_reservation_gives_the_card_number_back()
    {
        var (haiphong, member) = await AdmittedAsync(HaiPhongSite, "Lê Văn Thẻ Hỏng");

        var failed = await WhileTheProvinceRefusesAsync(HaiPhong, RegisterKeys.Card("QG000003")!, () => MemberForm.PostAsync(haiphong, member, "card", null, Card("QG000003")));

        failed.ShouldNotBe(HttpStatusCode.Redirect);
        (await CardHolderAsync("QG000003")).ShouldBeEmpty("the failed write kept its reservation");
        var (hanoi, other) = await AdmittedAsync(HaNoiSite, "Lê Thị Thẻ Sau");
        (await MemberForm.PostAsync(hanoi, other, "card", null, Card("QG000003"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task a_card_rescinded_as_recorded_in_error_frees_its_number_in_every_province()
    {
        var (hanoi, wrong) = await AdmittedAsync(HaNoiSite, "Đỗ Văn Nhầm Thẻ");
        var (haiphong, right) = await AdmittedAsync(HaiPhongSite, "Đỗ Văn Đúng Thẻ");
        (await MemberForm.PostAsync(hanoi, wrong, "card", null, Card("QG000004"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var rescinded = await MemberForm.PostAsync(hanoi, wrong, "rescind", null, new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "2", ["Entry"] = "2", ["ProposalId"] = Guid.NewGuid().ToString(),
            ["DecisionNumber"] = "10-QĐ/ĐU", ["DecisionDate"] = "2025-03-01", ["Reason"] = "Ghi nhầm người",
        });

        rescinded.StatusCode.ShouldBe(HttpStatusCode.Redirect, await rescinded.Content.ReadAsStringAsync());
        (await CardHolderAsync("QG000004")).ShouldBeEmpty();
        (await ProvinceKeyAsync(HaNoi, RegisterKeys.Card("QG000004")!)).ShouldBeEmpty();
        (await MemberForm.PostAsync(haiphong, right, "card", null, Card("QG000004"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CardHolderAsync("QG000004")).ShouldBe($"{HaiPhong} {right}");
    }

    [Fact]
    public async Task a_card_number_moves_with_a_member_received_from_the_province_that_transferred_them_out()
    {
        var hanoi = await app.SignInAsync("staff", site: HaNoiSite);
        var haiphong = await app.SignInAsync("staff", site: HaiPhongSite);
        var admitted = AdmissionForm.Fields("Vũ Văn Thẻ Chuyển", AdmissionForm.Cell.Code, Ceremony);
        var member = await AdmissionForm.AdmitAsync(hanoi, admitted);
        (await MemberForm.PostAsync(hanoi, member, "card", null, Card("QG000005", issued: "2025-01-15"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var letter = await TransferForm.PostAsync(hanoi, member, "Out", TransferForm.Fields(Guid.CreateVersion7(), new() { ["OrganisationName"] = "Đảng bộ thành phố Hải Phòng", ["Province"] = "Hải Phòng" }, new LocalDate(2025, 2, 3), expectedVersion: 2));
        letter.StatusCode.ShouldBe(HttpStatusCode.Redirect, await letter.Content.ReadAsStringAsync());
        var arrival = Arrival(admitted);
        arrival["CardNumber"] = "QG000005";

        var received = await haiphong.PostFormAsync("/transfers/arrival", "/transfers/arrival", arrival);

        received.StatusCode.ShouldBe(HttpStatusCode.Redirect, await received.Content.ReadAsStringAsync());
        (await CardHolderAsync("QG000005")).ShouldBe($"{HaiPhong} {arrival["NewMemberId"]}");
    }

    [Fact]
    public async Task a_national_register_of_citizen_ids_from_before_card_numbers_is_renamed_in_place_and_keeps_its_reservations()
    {
        var databases = await ProvinceStore.DatabasesAsync("national upgrade");
        var main = await TestCluster.NewDatabaseAsync("national upgrade main");
        // As the release before card numbers left it: bare digits, one reservation of Hà Nội's.
        await DirectSql.ExecuteAsync(main, $"""
            create table {NationalRegister.CitizenIdsTable} (citizen_id text primary key, province text not null, member_id uuid not null, reserved_at timestamptz not null default now());
            insert into {NationalRegister.CitizenIdsTable} (citizen_id, province, member_id) values ('001090066666', 'hanoi', gen_random_uuid());
            """);
        var provinces = new Provinces([.. databases.Select(d => new Province(d.Key, d.Value, [d.Key + ".example"]))]);
        var national = NationalRegister.For(provinces, main);
        using var store = ProvinceStore.Open(databases, options => options.Listeners.Add(national.Listener));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        await using (var session = store.LightweightSession(ProvinceStore.HaiPhong))
        {
            await RegisterKeys.ClaimAsync(session, Guid.NewGuid(), RegisterKeys.CitizenId("001090066666"), CancellationToken.None);
            (await Should.ThrowAsync<RuleViolation>(() => session.SaveChangesAsync())).Code.ShouldBe("Register.CitizenIdTaken");
        }

        (await HolderOfKeyAsync(main, "citizen-id:001090066666")).ShouldStartWith("hanoi ");
        (await DirectSql.NumberAsync(main, "select count(*) from pg_tables where tablename = $1", NationalRegister.CitizenIdsTable)).ShouldBe(0);
    }

    /// <summary>The same person's admission form again, as another province's clerk opens it: a new member id and decision.</summary>
    private static Dictionary<string, string> SamePerson(Dictionary<string, string> form)
    {
        var again = AdmissionForm.Fields(form["FullName"], AdmissionForm.Cell.Code, Ceremony);
        again["CitizenId"] = form["CitizenId"];
        return again;
    }

    private static Dictionary<string, string> Arrival(Dictionary<string, string> admitted) => new()
    {
        ["NewMemberId"] = Guid.NewGuid().ToString(), ["FromOrganisation"] = "Đảng bộ thành phố Hà Nội", ["FromProvince"] = "Hà Nội",
        ["LetterNumber"] = "31-GGT/TU", ["LetterDate"] = "2025-02-17", ["CellCode"] = AdmissionForm.Cell.Code, ["ReceivedOn"] = "2025-02-20",
        ["FullName"] = admitted["FullName"], ["Sex"] = admitted["Sex"], ["DateOfBirth"] = admitted["DateOfBirth"], ["CitizenId"] = admitted["CitizenId"],
        ["DecisionNumber"] = admitted["DecisionNumber"], ["DecisionDate"] = admitted["DecisionDate"], ["CeremonyDate"] = admitted["CeremonyDate"],
    };

    /// <summary>
    /// Posts with the province's database refusing <paramref name="key"/> at commit, after the reservation is
    /// made: the status the post got, or null when the failure came back as an exception.
    /// </summary>
    private async Task<HttpStatusCode?> WhileTheProvinceRefusesAsync(string province, string key, Func<Task<HttpResponseMessage>> post)
    {
        var schema = app.Store.Options.DatabaseSchemaName;
        await DirectSql.ExecuteAsync(app.Databases[province], $"""
            create or replace function {schema}.test_refuse_key() returns trigger language plpgsql as $$
            begin
                if new.id = '{key}' then raise exception 'refused for the test'; end if;
                return new;
            end $$;
            create trigger test_refuse_key before insert on {schema}.mt_doc_registerkey for each row execute function {schema}.test_refuse_key();
            """);
        try
        {
            return (await post()).StatusCode;
        }
        catch (Exception e) when (e is not ShouldAssertException)
        {
            return null;
        }
        finally
        {
            await DirectSql.ExecuteAsync(app.Databases[province], $"drop trigger test_refuse_key on {schema}.mt_doc_registerkey; drop function {schema}.test_refuse_key();");
        }
    }

    /// <summary>"province member" of the citizen ID in the national register, empty when it holds none.</summary>
    private Task<string> HolderAsync(string citizenId) => HolderOfKeyAsync(app.MainDatabase, RegisterKeys.CitizenId(citizenId)!);

    /// <summary>"province member" of the card number in the national register, empty when it holds none.</summary>
    private Task<string> CardHolderAsync(string cardNumber) => HolderOfKeyAsync(app.MainDatabase, RegisterKeys.Card(cardNumber)!);

    private static Task<string> HolderOfKeyAsync(string main, string key) =>
        DirectSql.TextAsync(main, $"select province || ' ' || member_id from {NationalRegister.Table} where key = $1", key);

    private Task ReserveByHandAsync(string citizenId, string province, TimeSpan age) =>
        DirectSql.ExecuteAsync(app.MainDatabase, $"insert into {NationalRegister.Table} (key, province, member_id, reserved_at) values ($1, $2, $3, now() - $4)", RegisterKeys.CitizenId(citizenId)!, province, Guid.NewGuid(), age);

    /// <summary>A new member of the province, admitted through its form: cards are issued to them.</summary>
    private async Task<(WebSession Staff, Guid Member)> AdmittedAsync(Uri site, string name)
    {
        var staff = await app.SignInAsync("staff", site: site);
        return (staff, await AdmissionForm.AdmitAsync(staff, AdmissionForm.Fields(name, AdmissionForm.Cell.Code, Ceremony)));
    }

    private static Dictionary<string, string> Card(string number, int expectedVersion = 1, string issued = "2025-02-28") => new()
    {
        ["ExpectedVersion"] = expectedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), ["CardNumber"] = number, ["IssueDate"] = issued,
    };

    /// <summary>The province's own register key for <paramref name="key"/>: its owner, empty when it holds none.</summary>
    private Task<string> ProvinceKeyAsync(string province, string key) =>
        DirectSql.TextAsync(app.Databases[province], $"select data ->> 'ownerId' from {app.Store.Options.DatabaseSchemaName}.mt_doc_registerkey where id = $1", key);
}
