using System.Buffers.Binary;
using EventSourced.Web.Infrastructure.Rolls;
using NPOI.HSSF.UserModel;
using NPOI.POIFS.FileSystem;
using NPOI.SS.Util;
using static EventSourced.Web.Tests.Infrastructure.Rolls.RollSamples;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>
/// Excel 97-2003 rolls (.xls), as cells still keep them: read like the same roll in XLSX, printed layout and
/// legacy font included; a damaged, crafted or wrong file is refused with a reason, whatever breaks inside
/// it (decision 0046).
/// </summary>
public sealed class XlsRollReaderTests
{
    [Fact]
    public void an_xls_roll_is_read_like_the_same_roll_in_xlsx()
    {
        var bytes = Xls(sheet =>
        {
            Row(sheet, 0, "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Mã chi bộ", "Số quyết định kết nạp", "Ngày vào Đảng");
            var row = Row(sheet, 1, "Nguyễn Văn Hùng", "Nam");
            DateCell(row, 2, new DateTime(1985, 6, 15));
            row.CreateCell(3).SetCellValue(1085012345); // a citizen ID typed as a number: its zeros are lost
            row.CreateCell(4).SetCellValue("BD.PX.01");
            row.CreateCell(5).SetCellValue("12-QĐ/ĐU");
            DateCell(row, 6, new DateTime(2015, 3, 2));
        });

        var file = RollReader.Read(bytes);

        file.Notices.ShouldBeEmpty();
        var row = SingleRow(file);
        row.RowNumber.ShouldBe(2);
        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[C.DateOfBirth].ShouldBe("1985-06-15");
        row.Cells[C.CitizenId].ShouldBe("001085012345");
        row.Cells[C.AdmissionDate].ShouldBe("2015-03-02");
    }

    [Fact]
    public void a_printed_xls_roll_in_a_vn3_font_is_read_around_its_title_and_footer_with_a_notice()
    {
        var bytes = Xls(sheet =>
        {
            Row(sheet, 0, "§¶ng bé ph\u00ADêng Phóc X¸");
            Row(sheet, 1, "DANH S¸CH §¶NG VI£N");
            sheet.AddMergedRegion(new CellRangeAddress(1, 1, 0, 3));
            Row(sheet, 3, "STT", "Hä vµ tªn", "Ngµy sinh", "Giíi tÝnh");
            Row(sheet, 4, "(1)", "(2)", "(3)", "(4)");
            Row(sheet, 5, "1", "NguyÔn V¨n Hïng", "15/06/1985", "Nam");
            Row(sheet, 6, "2", "TrÇn ThÞ Lan", "01/02/1990", "N÷");
            Row(sheet, 8, "", "Tæng sè: 2 ®¶ng viªn");
            Row(sheet, 9, "", "", "T/M CHI Bé");
        });

        var file = RollReader.Read(bytes, schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty();
        file.Notices.ShouldContain(Tcvn3.ReadAsTcvn3);
        file.Rows.Select(r => r.Cells[C.FullName]).ShouldBe(["Nguyễn Văn Hùng", "Trần Thị Lan"]);
        file.Rows.Select(r => r.Cells[C.Sex]).ShouldBe(["Nam", "Nữ"]);
        file.Skipped.Select(s => s.Kind).ShouldBe([RollSkip.Title, RollSkip.ColumnNumbers, RollSkip.Footer]);
    }

    [Fact]
    public void the_roll_is_read_from_the_first_visible_sheet_with_a_value()
    {
        var workbook = new HSSFWorkbook();
        Row((HSSFSheet)workbook.CreateSheet("DanhMuc"), 0, "Nam", "Nữ");
        workbook.SetSheetHidden(0, NPOI.SS.UserModel.SheetState.Hidden);
        workbook.CreateSheet("Sheet1");
        var roll = (HSSFSheet)workbook.CreateSheet("Chi bo 1");
        Row(roll, 0, "Họ và tên", "Ngày sinh");
        Row(roll, 1, "Nguyễn Văn Hùng", "15/06/1985");
        Row((HSSFSheet)workbook.CreateSheet("Chi bo 2"), 0, "Khác");
        workbook.SetActiveSheet(2);
        using var stream = new MemoryStream();
        workbook.Write(stream);

        var file = RollReader.Read(stream.ToArray(), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty();
        SingleRow(file).Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        // The sheet after it has other headers: left out, and said (decision 0048).
        file.Notices.ShouldContain(RollReader.SheetsPartlyRead);
        file.Sheets.Select(s => (s.Name, s.LeftOut)).ShouldBe([("Chi bo 1", null), ("Chi bo 2", RollSheet.OtherHeaders)]);
        RollReader.Read(Xls(sheet => Row(sheet, 0, "Họ và tên", "Ngày sinh")), schema: RollSchema.Reconciliation)
            .Sheets.ShouldBeEmpty();
    }

    [Fact]
    public void a_workbook_with_a_sheet_per_cell_is_read_as_one_roll_numbered_on_from_sheet_to_sheet()
    {
        var workbook = new HSSFWorkbook();
        var first = (HSSFSheet)workbook.CreateSheet("Chi bộ 1");
        Row(first, 0, "DANH SÁCH ĐẢNG VIÊN CHI BỘ 1");
        Row(first, 2, "Họ và tên", "Ngày sinh");
        Row(first, 3, "Nguyễn Văn An", "01/02/1980");
        Row(first, 4, "Trần Thị Bình", "03/04/1985");
        workbook.CreateSheet("Trống");
        var second = (HSSFSheet)workbook.CreateSheet("Chi bộ 2");
        Row(second, 0, "DANH SÁCH ĐẢNG VIÊN CHI BỘ 2");
        Row(second, 2, "Họ và tên", "Ngày sinh");
        Row(second, 3, "Lê Văn Cường", "05/06/1990");
        Row(second, 5, "Tổng số: 1");
        using var stream = new MemoryStream();
        workbook.Write(stream);

        var file = RollReader.Read(stream.ToArray(), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty(string.Join("; ", file.Errors.Select(e => e.Code)));
        file.Rows.Select(r => r.Cells[C.FullName]).ShouldBe(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]);
        file.Rows.Select(r => r.RowNumber).ShouldBe([4, 5, 9]);
        file.Notices.ShouldContain(RollReader.SheetsReadAsOne);
        file.Sheets.Select(s => (s.Name, s.Offset, s.LastNumber, s.Read)).ShouldBe([("Chi bộ 1", 0, 5, true), ("Chi bộ 2", 5, 11, true)]);
        file.Skipped.Select(s => (s.Kind, s.FirstRow, s.LastRow)).ShouldBe([(RollSkip.Title, 1, 1), (RollSkip.SheetHeader, 6, 8), (RollSkip.Footer, 11, 11)]);
    }

    [Fact]
    public void a_word_97_2003_document_or_a_workbook_with_a_password_is_refused_with_its_reason_and_a_damaged_workbook_as_unreadable()
    {
        var good = Xls(sheet => Row(sheet, 0, "Họ và tên", "Ngày sinh"));

        Code(Compound("WordDocument", "1Table")).ShouldBe(XlsRollReader.OldWord);
        Code(Compound("Book", "SummaryInformation")).ShouldBe(XlsRollReader.Unreadable);
        // A workbook with a password to open it is said to be one: the message for a damaged .xls misled staff holding an .xlsx.
        Code(Compound("EncryptionInfo", "EncryptedPackage")).ShouldBe(RollReader.PasswordProtected);
        Code(good[..(good.Length / 2)]).ShouldBe(XlsRollReader.Unreadable);
        Code(good[..600]).ShouldBe(XlsRollReader.Unreadable);
    }

    [Fact]
    public void a_sheet_declaring_millions_of_empty_rows_is_refused_before_they_are_walked()
    {
        var bytes = Xls(sheet =>
        {
            Row(sheet, 0, "Họ và tên", "Ngày sinh");
            Row(sheet, 1, "Nguyễn Văn Hùng", "15/06/1985");
        });
        // DIMENSIONS (0x0200, 14 bytes): first row, last row + 1, first column, last column + 1.
        var at = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x00, 0x02, 0x0E, 0x00]);
        at.ShouldBeGreaterThan(0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 8), int.MaxValue);

        Code(bytes).ShouldBe(XlsRollReader.Unreadable);
    }

    [Fact]
    public void too_many_rows_or_columns_are_refused_as_in_xlsx()
    {
        var rows = Xls(sheet =>
        {
            Row(sheet, 0, "Họ và tên", "Ngày sinh");
            for (var i = 1; i <= 11; i++)
            {
                Row(sheet, i, $"Người {i}", "15/06/1985");
            }
        });
        RollReader.Read(rows, schema: RollSchema.Reconciliation with { MaxRows = 10 }).Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.TooManyRows");
        RollReader.Read(rows, schema: RollSchema.Reconciliation with { MaxRows = 11 }).Rows.Count.ShouldBe(11);

        var wide = Xls(sheet => Row(sheet, 0, "Họ và tên", "Ngày sinh").CreateCell(150).SetCellValue("x"));
        Code(wide).ShouldBe("Import.XlsxTooManyColumns");
    }

    [Fact]
    public void whatever_a_damaged_file_breaks_in_the_library_is_a_refusal_never_an_exception()
    {
        var good = Xls(sheet =>
        {
            Row(sheet, 0, "Họ và tên", "Ngày sinh", "Ghi chú");
            for (var i = 1; i <= 60; i++)
            {
                Row(sheet, i, $"Nguyễn Văn {i}", "15/06/1985", "x" + (i % 7));
            }
        });
        var random = new Random(46);
        var outcomes = new Dictionary<string, int>();
        for (var attempt = 0; attempt < 400; attempt++)
        {
            var bytes = good.ToArray();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                bytes[random.Next(512, bytes.Length)] = (byte)random.Next(256);
            }

            var file = RollReader.Read(bytes, schema: RollSchema.Reconciliation);
            var outcome = file.Errors.Count == 0 ? "read" : file.Errors[0].Code;
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        outcomes.Keys.ShouldContain("read");
        outcomes.Keys.ShouldContain(XlsRollReader.Unreadable);
    }

    private static string Code(byte[] bytes) => RollReader.Read(bytes).Errors.ShouldHaveSingleItem().Code;

    /// <summary>A compound document holding only the named streams: a Word file, an encrypted XLSX.</summary>
    private static byte[] Compound(params string[] streams)
    {
        var documents = new POIFSFileSystem();
        foreach (var name in streams)
        {
            documents.CreateDocument(new MemoryStream(new byte[600]), name);
        }

        using var stream = new MemoryStream();
        documents.WriteFileSystem(stream);
        return stream.ToArray();
    }
}
