using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Api;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Organisations;

/// <summary>Renaming through the page and through the API both store the event with full audit metadata.</summary>
public sealed class RenameOrganisationTests(RenameOrganisationTests.Fixture app) : IClassFixture<RenameOrganisationTests.Fixture>
{
    public sealed class Fixture : AppFixture;

    [Fact]
    public async Task renaming_from_the_page_records_who_acted_in_which_role_and_on_whose_decision()
    {
        var unit = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);
        var staff = await app.SignInAsync("staff");

        var response = await staff.PostFormAsync($"/organisations/{unit.OrganisationId}/rename", $"/organisations/{unit.OrganisationId}/rename", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = "1",
            ["Code"] = unit.Code,
            ["Name"] = "Đảng bộ phường Trúc Bạch mới",
            ["EffectiveDate"] = "2024-05-19",
            ["DecisionReference"] = "123-QĐ/QU, 19/05/2024",
            ["Reason"] = "Sắp xếp lại",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var session = app.Store.QuerySession();
        var stored = (await session.Events.FetchStreamAsync(unit.OrganisationId))[^1];
        var renamed = stored.Data.ShouldBeOfType<OrganisationRenamed>();
        renamed.Name.ShouldBe("Đảng bộ phường Trúc Bạch mới");
        renamed.PreviousName.ShouldBe(unit.Name);
        renamed.EffectiveDate.ShouldBe(new NodaTime.LocalDate(2024, 5, 19));
        var entry = AuditEntry.From(stored);
        entry.RecordedBy.UserName.ShouldBe("staff");
        // Marten's own user_name column is filled from the session, as Wolverine's HTTP endpoints would.
        var column = await session.QueryAsync<string>("select user_name from mt_events where stream_id = ? order by version desc limit 1", unit.OrganisationId);
        column.Single().ShouldBe("staff");
        entry.RecordedBy.DisplayName.ShouldNotBeNullOrEmpty();
        entry.RecordedBy.Role.ShouldBe("OrganisationStaff");
        entry.RecordedBy.OrganisationId.ShouldBe(DemoUnits.BaDinh.OrganisationId.ToString());
        entry.RecordedBy.OrganisationName.ShouldBe(DemoUnits.BaDinh.Name);
        entry.DecisionReference.ShouldBe("123-QĐ/QU, 19/05/2024");
        entry.Reason.ShouldBe("Sắp xếp lại");
        stored.CorrelationId.ShouldNotBeNullOrEmpty();
        stored.CausationId.ShouldNotBeNull().ShouldContain("/rename");
    }

    [Fact]
    public async Task renaming_through_the_api_records_the_same_metadata()
    {
        var unit = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));
        var staff = await app.SignInAsync("staff");

        var response = await staff.PostJsonAsync($"/api/organisations/{unit.OrganisationId}/rename", new RenameOrganisationRequest(1, unit.Code, "Chi bộ Tổ dân phố số 99")
        {
            EffectiveDate = new NodaTime.LocalDate(2024, 9, 2),
            DecisionReference = "45-QĐ/ĐU, 02/09/2024",
            Reason = "Đổi tên theo địa bàn",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        var stored = (await session.Events.FetchStreamAsync(unit.OrganisationId))[^1];
        stored.Data.ShouldBeOfType<OrganisationRenamed>().Name.ShouldBe("Chi bộ Tổ dân phố số 99");
        var entry = AuditEntry.From(stored);
        entry.RecordedBy.UserName.ShouldBe("staff");
        entry.RecordedBy.Role.ShouldBe("OrganisationStaff");
        entry.RecordedBy.OrganisationName.ShouldBe(DemoUnits.BaDinh.Name);
        entry.DecisionReference.ShouldBe("45-QĐ/ĐU, 02/09/2024");
        entry.Reason.ShouldBe("Đổi tên theo địa bàn");
        stored.CorrelationId.ShouldNotBeNullOrEmpty();
        stored.CausationId.ShouldNotBeNull().ShouldContain("/api/organisations");
    }

    [Fact]
    public async Task a_stale_form_is_refused_with_who_changed_the_unit_and_nothing_is_overwritten()
    {
        var unit = DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId)[^1];
        var staff = await app.SignInAsync("staff");
        var admin = await app.SignInAsync("admin");
        var url = $"/organisations/{unit.OrganisationId}/rename";

        (await admin.PostFormAsync(url, url, Fields(unit.Code, "Tên do quản trị đổi", "1"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stale = await staff.PostFormAsync(url, url, Fields(unit.Code, "Tên do cán bộ đổi", "1"));

        stale.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        await using var session = app.Store.QuerySession();
        var renamed = AuditEntry.From((await session.Events.FetchStreamAsync(unit.OrganisationId))[^1]);
        (await stale.Content.ReadAsStringAsync()).ShouldShow(Texts.Vi("Stale.ChangedBy", renamed.RecordedBy.DisplayName!, Messages.DisplayTime(renamed.RecordedAt)));
        (await session.LoadAsync<Organisation>(unit.OrganisationId))!.Name.ShouldBe("Tên do quản trị đổi");
    }

    [Fact]
    public async Task an_empty_name_is_refused_and_nothing_is_stored()
    {
        var (url, unit) = BadInput();

        (await BadInputPostAsync(url, Fields(unit.Code, "   ", "1"))).ShouldShow(Texts.Vi("Organisation.NameRequired"));
        await NothingStoredAsync(unit);
    }

    [Fact]
    public async Task a_date_that_does_not_exist_is_refused_and_nothing_is_stored()
    {
        var (url, unit) = BadInput();

        (await BadInputPostAsync(url, new Dictionary<string, string>(Fields(unit.Code, "Tên mới", "1")) { ["EffectiveDate"] = "31/02/2024" })).ShouldShow(Texts.Vi("Date.Invalid"));
        await NothingStoredAsync(unit);
    }

    [Fact]
    public async Task a_code_another_unit_holds_is_refused_naming_that_unit_and_nothing_is_stored()
    {
        var (url, unit) = BadInput();
        var holder = DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId)[2];
        await using var session = app.Store.QuerySession();
        // Named as it is now: another test of the class may have renamed it.
        var holderName = (await session.LoadAsync<Organisation>(holder.OrganisationId))!.Name;

        (await BadInputPostAsync(url, Fields(holder.Code, "Tên mới", "1"))).ShouldShow(Texts.Vi("Organisation.CodeTaken", holder.Code, holderName));
        await NothingStoredAsync(unit);
    }

    [Fact]
    public async Task a_date_before_the_unit_was_founded_is_refused_and_nothing_is_stored()
    {
        var (url, unit) = BadInput();

        (await BadInputPostAsync(url, new Dictionary<string, string>(Fields(unit.Code, "Tên mới", "1")) { ["EffectiveDate"] = "1900-01-01" }))
            .ShouldShow(Texts.Vi("Organisation.DateBeforeFounding", unit.EffectiveDate));
        await NothingStoredAsync(unit);
    }

    /// <summary>The rename form of a Ba Đình unit the bad-input tests share: none of them may change it.</summary>
    private static (string Url, OrganisationCreated Unit) BadInput()
    {
        var unit = DemoUnits.ChildrenOf(DemoUnits.BaDinh.OrganisationId)[1];
        return ($"/organisations/{unit.OrganisationId}/rename", unit);
    }

    private async Task<string> BadInputPostAsync(string url, Dictionary<string, string> fields) =>
        await (await (await app.SignInAsync("staff")).PostFormAsync(url, url, fields)).Content.ReadAsStringAsync();

    private async Task NothingStoredAsync(OrganisationCreated unit)
    {
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(unit.OrganisationId))!.Version.ShouldBe(1);
    }

    private static Dictionary<string, string> Fields(string code, string name, string version) => new()
    {
        ["ExpectedVersion"] = version,
        ["Code"] = code,
        ["Name"] = name,
        ["EffectiveDate"] = "2024-06-01",
    };
}
