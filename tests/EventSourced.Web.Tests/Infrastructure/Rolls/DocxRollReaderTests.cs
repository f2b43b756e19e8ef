using EventSourced.Web.Infrastructure.Rolls;
using static EventSourced.Web.Tests.Infrastructure.Rolls.RollSamples;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>
/// Rolls typed as a table in a Word document, as cells print them for their meetings: the table's rows read
/// as a sheet's, merged cells included, the title and signatures outside it not rows; a document with no
/// table, or a crafted one, refused with its reason (decision 0046).
/// </summary>
public sealed class DocxRollReaderTests
{
    [Fact]
    public void a_roll_printed_from_word_is_read_from_its_table()
    {
        var body = WordParagraph("ĐẢNG BỘ PHƯỜNG PHÚC XÁ") + WordParagraph("DANH SÁCH ĐẢNG VIÊN CHI BỘ SỐ 3")
            + WordTable(
                ["STT", "Họ và tên", "Ngày sinh", "Số CCCD"],
                ["(1)", "(2)", "(3)", "(4)"],
                ["1", "Nguyễn Văn Hùng", "15/06/1985", "001085012345"],
                ["2", "Trần Thị Lan", "01/02/1990", ""])
            + WordParagraph("Phúc Xá, ngày 30 tháng 11 năm 2026") + WordParagraph("T/M CHI BỘ");

        var file = RollReader.Read(Docx(body), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.Select(r => r.Cells[C.FullName]).ShouldBe(["Nguyễn Văn Hùng", "Trần Thị Lan"]);
        file.Rows.Select(r => r.RowNumber).ShouldBe([3, 4]);
        file.Rows[0].Cells[C.CitizenId].ShouldBe("001085012345");
        file.Skipped.Select(s => s.Kind).ShouldBe([RollSkip.ColumnNumbers]);
    }

    [Fact]
    public void merged_cells_keep_their_text_in_their_first_cell_as_in_a_sheet()
    {
        const string restart = "<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>";
        const string goesOn = "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>";
        var body = WordTable(
            [restart + WordParagraph("Họ và tên") + "</w:tc>", "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" + WordParagraph("Ngày sinh") + "</w:tc>"],
            [goesOn, "Nam", "Nữ"],
            ["Nguyễn Văn Hùng", "15/06/1985", ""],
            ["Trần Thị Lan", "", "01/02/1990"]);

        var file = RollReader.Read(Docx(body), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.Select(r => r.Cells[C.Sex]).ShouldBe(["Nam", "Nữ"]);
        file.Rows.Select(r => r.Cells[C.DateOfBirth]).ShouldBe(["15/06/1985", "01/02/1990"]);
    }

    [Fact]
    public void a_cell_reads_as_word_shows_it_without_field_codes_or_deleted_text()
    {
        var name = "<w:tc><w:p><w:r><w:t>Nguyễn</w:t></w:r><w:r><w:t xml:space=\"preserve\"> Văn </w:t></w:r>"
            + "<w:del><w:r><w:delText>Xoá </w:delText></w:r></w:del><w:r><w:t>Hùng</w:t></w:r></w:p></w:tc>";
        var home = "<w:tc><w:p><w:r><w:t>Số 5</w:t></w:r></w:p><w:p><w:r><w:t>ngõ 12</w:t></w:r><w:r><w:instrText> PAGE </w:instrText></w:r></w:p></w:tc>";
        var body = WordTable(["Họ và tên", "Ngày sinh", "Quê quán"], [name, "15/06/1985", home]);

        var row = SingleRow(RollReader.Read(Docx(body), schema: RollSchema.Reconciliation));

        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[C.HomeTown].ShouldBe("Số 5\nngõ 12");
    }

    [Fact]
    public void a_document_without_a_table_or_with_a_document_type_is_refused_with_its_reason()
    {
        RollReader.Read(Docx(WordParagraph("Danh sách: Nguyễn Văn Hùng, Trần Thị Lan"))).Errors.ShouldHaveSingleItem().Code.ShouldBe(DocxRollReader.NoTable);

        // A document type inside the part (the start of an entity expansion): refused as unreadable, as in a workbook.
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open()))
        {
            writer.Write("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body/></w:document>");
        }

        RollReader.Read(stream.ToArray()).Errors.ShouldHaveSingleItem().Code.ShouldBe(DocxRollReader.Unreadable);
    }

    [Fact]
    public void too_many_columns_or_rows_are_refused_as_in_a_sheet()
    {
        var wide = WordTable([.. Enumerable.Range(0, 101).Select(i => "x" + i)]);
        RollReader.Read(Docx(wide)).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.XlsxTooManyColumns");

        string[][] rows = [["Họ và tên", "Ngày sinh"], .. Enumerable.Range(0, 11).Select(i => (string[])["Người " + i, "01/01/1980"])];
        RollReader.Read(Docx(WordTable(rows)), schema: RollSchema.Reconciliation with { MaxRows = 10 })
            .Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.TooManyRows");
    }
}
