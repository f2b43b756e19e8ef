using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;
using static EventSourced.Web.Tests.Infrastructure.AtTheSameMoment;

namespace EventSourced.Web.Tests.Scaling;

/// <summary>
/// A person is a party member once in the whole country (decision 0034): with provinces on two clusters, the
/// national register of citizen IDs in the main database refuses in one province a citizen ID another holds,
/// moves it with a member who leaves one province for the other, and gives back what a failed write reserved.
/// </summary>
public sealed class NationalCitizenIdsTests(TwoProvincesTests.Fixture app) : IClassFixture<TwoProvincesTests.Fixture>
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
        var schema = app.Store.Options.DatabaseSchemaName;
        // Hải Phòng's database refuses this one register key at commit: the reservation is made by then.
        await DirectSql.ExecuteAsync(app.Databases[HaiPhong], $"""
            create or replace function {schema}.test_refuse_key() returns trigger language plpgsql as $$
            begin
                if new.id = '{RegisterKeys.CitizenId(form["CitizenId"])}' then raise exception 'refused for the test'; end if;
                return new;
            end $$;
            create trigger test_refuse_key before insert on {schema}.mt_doc_registerkey for each row execute function {schema}.test_refuse_key();
            """);
        HttpStatusCode? failed;
        try
        {
            failed = (await haiphong.PostFormAsync("/members/admit", "/members/admit", form)).StatusCode;
        }
        catch (Exception e) when (e is not ShouldAssertException)
        {
            failed = null;
        }
        finally
        {
            await DirectSql.ExecuteAsync(app.Databases[HaiPhong], $"drop trigger test_refuse_key on {schema}.mt_doc_registerkey; drop function {schema}.test_refuse_key();");
        }

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

    /// <summary>"province member" of the citizen ID in the national register, empty when it holds none.</summary>
    private Task<string> HolderAsync(string citizenId) =>
        DirectSql.TextAsync(app.MainDatabase, $"select province || ' ' || member_id from {NationalRegister.Table} where citizen_id = $1", NationalCitizenIds.Key(citizenId)!);

    private Task ReserveByHandAsync(string citizenId, string province, TimeSpan age) =>
        DirectSql.ExecuteAsync(app.MainDatabase, $"insert into {NationalRegister.Table} (citizen_id, province, member_id, reserved_at) values ($1, $2, $3, now() - $4)", NationalCitizenIds.Key(citizenId)!, province, Guid.NewGuid(), age);
}
