using EventSourced.Domain.Content;
using EventSourced.Domain.Content.Coverage;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Content.Coverage;

public class ExpectedDocumentsTests
{
    private static readonly LocalDate Today = new(2025, 3, 3);

    private readonly TreeBuilder _tree = new();

    private (ExpectedDocumentsListed? Listed, IReadOnlyList<ExpectedDocumentError> Errors) List(ExpectedDocumentList? list, params ExpectedDocumentInput[] rows) =>
        ExpectedDocumentsHandler.Decide(new ListExpectedDocuments(_tree.City.Id, list?.Version ?? 0, rows), list, _tree.On(Today).Find(_tree.City.Id), Today);

    [Theory]
    [InlineData("15-NQ/TU", "15-NQ/TU")]
    [InlineData("số 15 – nq/tư", "15-NQ/TU")]
    [InlineData("  15 - NQ \\ TU ", "15-NQ/TU")]
    [InlineData("05-CT/TU", "05-CT/TU")]
    public void numbers_typed_differently_normalise_to_one(string typed, string key)
    {
        DocumentNumbers.Normalise(typed).ShouldBe(key);
    }

    [Fact]
    public void rows_are_listed_with_their_kind_and_period_in_either_language()
    {
        var (listed, errors) = List(null,
            new ExpectedDocumentInput(2, "15-NQ/TU", "Nghị quyết về chuyển đổi số", "Nghị quyết", "2025"),
            new ExpectedDocumentInput(3, "05-CT/TU", "Chỉ thị về sinh hoạt chi bộ", "directive", "2020–2025"));

        errors.ShouldBeEmpty();
        listed!.Documents.ShouldBe([
            new ExpectedDocument("15-NQ/TU", "Nghị quyết về chuyển đổi số", DocumentType.Resolution, 2025, 2025),
            new ExpectedDocument("05-CT/TU", "Chỉ thị về sinh hoạt chi bộ", DocumentType.Directive, 2020, 2025)]);
    }

    [Fact]
    public void every_bad_row_is_reported_with_its_field_and_nothing_is_listed()
    {
        var (listed, errors) = List(null,
            new ExpectedDocumentInput(2, "15-NQ/TU", "Nghị quyết", "Nghị quyết", "2025"),
            new ExpectedDocumentInput(3, "", "Không số", "Thơ", "2025"),
            new ExpectedDocumentInput(4, "15 - nq/tu", "Trùng số", "Nghị quyết", "năm ngoái"));

        listed.ShouldBeNull();
        errors.Select(e => (e.RowNumber, e.Field, e.Code)).ShouldBe([
            (3, "Number", "Coverage.DocumentNumberRequired"),
            (3, "Kind", "Coverage.DocumentKindUnknown"),
            (4, "Period", "Coverage.DocumentPeriodInvalid"),
            (4, "Number", "Coverage.DocumentNumberRepeated")]);
    }

    [Fact]
    public void a_number_already_on_the_bodys_list_is_refused()
    {
        var list = new ExpectedDocumentList();
        list.Apply(List(null, new ExpectedDocumentInput(0, "15-NQ/TU", "Nghị quyết", "Nghị quyết", "2025")).Listed!);

        List(list, new ExpectedDocumentInput(0, "số 15-NQ/TU", "Lại", "Nghị quyết", "2025")).Errors.ShouldHaveSingleItem().Code.ShouldBe("Coverage.DocumentAlreadyListed");
    }

    [Fact]
    public void a_live_document_with_the_same_normalised_number_ticks_an_expected_one_off()
    {
        var list = new ExpectedDocumentList();
        list.Apply(List(null,
            new ExpectedDocumentInput(0, "15-NQ/TU", "Nghị quyết", "Nghị quyết", "2025"),
            new ExpectedDocumentInput(0, "05-CT/TU", "Chỉ thị", "Chỉ thị", "2024")).Listed!);
        var post = Guid.NewGuid();

        var status = ExpectedDocumentsCheck.Check(list, [("15 – NQ/TU", post), ("99-NQ/TU", Guid.NewGuid())]);

        status.ShouldBe([
            new ExpectedDocumentStatus(list.Documents[0], true, post),
            new ExpectedDocumentStatus(list.Documents[1], false, null)]);
        ExpectedDocumentsCheck.Check(list, [], new CoveragePeriod(new LocalDate(2025, 1, 1), new LocalDate(2025, 3, 31))).ShouldHaveSingleItem().Document.Number.ShouldBe("15-NQ/TU");
    }
}
