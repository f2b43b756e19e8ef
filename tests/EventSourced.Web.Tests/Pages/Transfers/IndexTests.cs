using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Pages.Transfers;

/// <summary>
/// The transfer lists (<c>/transfers?view=...</c>): outgoing for the sender, incoming and in transit for
/// the receiver, overdue, hosted and away; narrowed to a unit in scope.
/// </summary>
[Collection(TransfersIn2025.Collection)]
public sealed class IndexTests(TransfersIn2025 app)
{
    private static readonly LocalDate Today = TransfersIn2025.Today;
    private static readonly OrganisationCreated BaDinhCell = AdmissionForm.Cell;
    private static readonly OrganisationCreated HoanKiemCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));

    [Fact]
    public async Task an_issued_transfer_is_outgoing_for_the_sender()
    {
        var transfer = await IssuedAsync("Nguyễn Văn Đi Ra");
        var staff = await app.SignInAsync("staff");

        var row = await RowAsync(staff, "Outgoing", transfer);

        row.ShouldContain("NGUYỄN VĂN ĐI RA");
    }

    [Fact]
    public async Task an_issued_transfer_is_incoming_and_in_transit_for_the_receiver()
    {
        var transfer = await IssuedAsync("Nguyễn Văn Đi Vào");
        var staff2 = await app.SignInAsync("staff2");

        (await RowAsync(staff2, "Incoming", transfer)).ShouldContain("NGUYỄN VĂN ĐI VÀO");
        (await RowAsync(staff2, "InTransit", transfer)).ShouldContain("NGUYỄN VĂN ĐI VÀO");
    }

    [Fact]
    public async Task an_issued_transfer_is_neither_outgoing_for_the_receiver_nor_incoming_for_the_sender()
    {
        var transfer = await IssuedAsync("Nguyễn Văn Một Chiều");

        (await RowAsync(await app.SignInAsync("staff2"), "Outgoing", transfer)).ShouldBeEmpty();
        (await RowAsync(await app.SignInAsync("staff"), "Incoming", transfer)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_received_transfer_is_listed_as_received_on_both_sides_and_is_no_longer_in_transit()
    {
        var transfer = await IssuedAsync("Nguyễn Văn Đã Đến");
        var staff = await app.SignInAsync("staff");
        var staff2 = await app.SignInAsync("staff2");
        await TransferPage.ReceiveAsync(staff2, transfer, expectedVersion: 1, Today);

        var received = Texts.Vi("TransferStatus.Received");
        (await RowAsync(staff, "Outgoing", transfer)).ShouldContain(received);
        (await RowAsync(staff2, "Incoming", transfer)).ShouldContain(received);
        (await RowAsync(staff2, "InTransit", transfer)).ShouldBeEmpty();
    }

    [Fact]
    public async Task the_list_narrows_to_a_unit_in_scope()
    {
        var transfer = await IssuedAsync("Ngô Thị Lọc");
        var staff2 = await app.SignInAsync("staff2");

        var inCell = await staff2.GetTextAsync($"/transfers?view=Incoming&unit={HoanKiemCell.Code}");

        inCell.ElementText("data-transfer-id", transfer.ToString()).ShouldContain("NGÔ THỊ LỌC");
    }

    [Fact]
    public async Task narrowing_the_list_to_a_unit_outside_ones_scope_is_refused_and_lists_nothing()
    {
        var transfer = await IssuedAsync("Ngô Thị Chặn");
        var staff2 = await app.SignInAsync("staff2");

        var otherDistrict = await staff2.GetTextAsync($"/transfers?view=Incoming&unit={BaDinhCell.Code}");

        otherDistrict.TestIdText("unit-error").ShouldBe(Texts.Vi("Access.Denied"));
        otherDistrict.ElementText("data-transfer-id", transfer.ToString()).ShouldBeEmpty();
    }

    [Fact]
    public async Task an_htmx_request_gets_the_rows_fragment_alone()
    {
        var transfer = await IssuedAsync("Ngô Thị Mảnh");
        var staff2 = await app.SignInAsync("staff2");

        var fragment = await staff2.GetAsync($"/transfers?view=Incoming&unit={HoanKiemCell.Code}", htmx: true, target: "transfer-rows");

        var html = await fragment.Content.ReadAsStringAsync();
        html.ShouldStartWith("<div id=\"transfer-rows\">");
        html.ElementText("data-transfer-id", transfer.ToString()).ShouldContain("NGÔ THỊ MẢNH");
    }

    [Fact]
    public async Task a_transfer_past_its_due_date_is_listed_as_overdue_for_both_sides()
    {
        // 30 working days from 2 January 2025, with the Tết holidays off, end before 3 March.
        var transfer = await IssuedAsync("Lý Văn Quá Hạn", letterDate: new LocalDate(2025, 1, 2));

        var forReceiver = (await (await app.SignInAsync("staff2")).GetTextAsync("/transfers?view=Overdue")).ElementHtml("data-transfer-id", transfer.ToString());
        var forSender = (await (await app.SignInAsync("staff")).GetTextAsync("/transfers?view=Overdue")).ElementHtml("data-transfer-id", transfer.ToString());

        forReceiver.HasTestId("overdue").ShouldBeTrue();
        forSender.HasTestId("overdue").ShouldBeTrue();
    }

    [Fact]
    public async Task a_transfer_out_of_the_city_is_outgoing_with_its_province()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmissionForm.AdmitAsync(staff, "Hoàng Văn Đi Xa", new LocalDate(2024, 6, 1));
        var transferId = Guid.NewGuid();
        await TransferForm.PostAsync(staff, member, "Out", TransferForm.Fields(transferId, new() { ["OrganisationName"] = "Đảng bộ phường Hạc Thành", ["Province"] = "Thanh Hóa" }, Today));

        var row = await RowAsync(staff, "Outgoing", transferId);

        row.ShouldContain("HOÀNG VĂN ĐI XA");
        row.ShouldContain("Thanh Hóa");
    }

    [Fact]
    public async Task a_temporary_transfer_is_hosted_for_the_host_and_away_for_the_home_unit()
    {
        var staff = await app.SignInAsync("staff");
        var staff2 = await app.SignInAsync("staff2");
        var member = await AdmissionForm.AdmitAsync(staff, "Bùi Thị Tạm Thời", new LocalDate(2024, 6, 1));
        var transferId = Guid.NewGuid();
        await TransferForm.PostAsync(staff, member, "Temporary", TransferForm.Fields(transferId, new() { ["HostCellCode"] = HoanKiemCell.Code, ["From"] = "2025-03-03", ["Until"] = "2025-09-03" }, Today));

        (await RowAsync(staff2, "Hosted", transferId)).ShouldContain("BÙI THỊ TẠM THỜI");
        (await RowAsync(staff, "Away", transferId)).ShouldContain("BÙI THỊ TẠM THỜI");
        (await RowAsync(staff, "Hosted", transferId)).ShouldBeEmpty();
        (await RowAsync(staff2, "Away", transferId)).ShouldBeEmpty();
    }

    /// <summary>The transfer's row in the list <paramref name="view"/> as <paramref name="session"/> sees it; empty when it is not listed.</summary>
    private static async Task<string> RowAsync(WebSession session, string view, Guid transfer) =>
        (await session.GetTextAsync($"/transfers?view={view}")).ElementText("data-transfer-id", transfer.ToString());

    private async Task<Guid> IssuedAsync(string name, LocalDate? letterDate = null)
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmissionForm.AdmitAsync(staff, name, new LocalDate(2024, 6, 1));
        return await TransferForm.IssueOfficialAsync(staff, member, HoanKiemCell.Code, letterDate ?? Today);
    }
}
