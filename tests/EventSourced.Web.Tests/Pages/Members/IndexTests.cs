using System.Net;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>The member list (<c>/members</c>): search without diacritics, order by given name, and who may see whom.</summary>
[Collection(MembersIn2025.Collection)]
public sealed class IndexTests(MembersIn2025 app)
{
    private static readonly LocalDate Today = new(2025, 3, 1);

    /// <summary>A cell other than the one most tests admit into, so the list of it stays short.</summary>
    private static readonly OrganisationCreated ListedCell = DemoUnits.ChildrenOf(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh).OrganisationId).Last(u => u.Kind == OrganisationKind.Cell);

    [Fact]
    public async Task the_list_finds_a_name_searched_without_diacritics()
    {
        var staff = await app.SignInAsync("staff");
        await AdmissionForm.AdmitAsync(staff, "Nguyễn Văn Ánh", ceremony: Today.PlusMonths(-1), cellCode: ListedCell.Code);

        var search = await staff.GetTextAsync("/members?q=" + Uri.EscapeDataString("nguyen van anh"));

        search.TestIdText("members").ShouldContain("NGUYỄN VĂN ÁNH");
    }

    [Fact]
    public async Task the_list_sorts_by_given_name()
    {
        var staff = await app.SignInAsync("staff");
        await AdmissionForm.AdmitAsync(staff, "Nguyễn Văn Ấu", ceremony: Today.PlusMonths(-1), cellCode: ListedCell.Code);
        await AdmissionForm.AdmitAsync(staff, "Trần Thị An", ceremony: Today.PlusMonths(-1), cellCode: ListedCell.Code);

        var inCell = (await staff.GetTextAsync("/members?unit=" + ListedCell.Code)).TestIdText("members");

        inCell.IndexOf("TRẦN THỊ AN", StringComparison.Ordinal).ShouldBeLessThan(inCell.IndexOf("NGUYỄN VĂN ẤU", StringComparison.Ordinal));
    }

    [Fact]
    public async Task staff_of_another_unit_do_not_find_a_member_by_name()
    {
        var staff = await app.SignInAsync("staff");
        var other = await app.SignInAsync("staff2");
        await AdmissionForm.AdmitAsync(staff, "Đỗ Thị Lựu", ceremony: Today.PlusMonths(-1));

        var list = await other.GetTextAsync("/members?q=" + Uri.EscapeDataString("do thi luu"));

        list.ShouldNotContain("ĐỖ THỊ LỰU");
    }

    [Fact]
    public async Task narrowing_the_list_to_a_unit_outside_ones_scope_is_refused()
    {
        var other = await app.SignInAsync("staff2");

        var filtered = await other.GetTextAsync("/members?unit=" + DemoUnits.BaDinh.Code);

        filtered.TestIdText("unit-error").ShouldBe(Texts.Vi("Access.Denied"));
    }

    [Fact]
    public async Task editors_and_approvers_get_neither_the_member_list_nor_its_export_nor_a_member_page()
    {
        var staff = await app.SignInAsync("staff");
        var id = await AdmissionForm.AdmitAsync(staff, "Tạ Văn Mười", ceremony: Today.PlusMonths(-1));
        var before = await ExportTests.RecordsAsync(app);

        foreach (var username in new[] { "editor", "approver" })
        {
            var session = await app.SignInAsync(username);
            foreach (var url in new[] { "/members/export?format=csv&status=All", "/members", $"/members/{id}", "/members/worklists", "/transfers" })
            {
                var response = await session.GetAsync(url);
                response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{username} {url}");
                response.Headers.Location!.ToString().ShouldContain("/forbidden", customMessage: $"{username} {url}");
            }

            (await session.GetTextAsync("/")).ShouldNotContain("href=\"/members\"");
        }

        (await ExportTests.RecordsAsync(app)).Count.ShouldBe(before.Count);
    }
}
