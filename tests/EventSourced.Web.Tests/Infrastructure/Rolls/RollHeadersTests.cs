using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure.Rolls;
using static EventSourced.Web.Tests.Infrastructure.Rolls.RollSamples;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>Headers in Vietnamese or English, with or without diacritics, on one row or two.</summary>
public sealed class RollHeadersTests
{
    [Theory]
    [InlineData("Ho va ten,Gioi tinh,Ngay sinh,CCCD,Ma chi bo,So quyet dinh ket nap,Ngay ket nap")]
    [InlineData("HỌ VÀ TÊN,GIỚI TÍNH,NGÀY SINH,CĂN CƯỚC,MÃ CHI BỘ,SỐ QUYẾT ĐỊNH KẾT NẠP,NGÀY KẾT NẠP")]
    [InlineData("Full name,Sex,Date of birth,Citizen ID,Cell code,Admission decision number,Admission date")]
    [InlineData("FullName,Sex,DateOfBirth,CitizenId,CellCode,AdmissionDecisionNumber,AdmissionDate")]
    public void headers_are_taken_in_vietnamese_with_or_without_diacritics_or_in_english(string header)
    {
        var row = SingleRow(RollReader.Read(Utf8($"{header}\n{Hung}\n")));

        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[C.CitizenId].ShouldBe("001085012345");
        row.Cells[C.AdmissionDate].ShouldBe("02/03/2015");
    }
    [Fact]
    public void every_documented_vietnamese_header_maps_to_its_column()
    {
        foreach (var (column, header) in RollHeaders.Template)
        {
            RollHeaders.ColumnFor(header).ShouldBe(column);
        }

        RollHeaders.Template.Select(h => h.Column).ShouldBe(ImportColumns.All);
        RollHeaders.ColumnFor("Số thẻ").ShouldBe(C.CardNumber);
        RollHeaders.ColumnFor("Ngày lễ kết nạp").ShouldBe(C.CeremonyDate);
        RollHeaders.ColumnFor("Ngày chính thức").ShouldBe(C.OfficialDate);
    }

    [Theory]
    [InlineData("Chi bộ")]
    [InlineData("CHI BO")]
    [InlineData("Cell")]
    [InlineData("Mã chi bộ")]
    [InlineData("Cell code")]
    public void a_cell_header_maps_to_the_cell_column(string header)
    {
        RollHeaders.ColumnFor(header).ShouldBe(C.CellCode);
    }

    [Theory]
    [InlineData("  họ   và\u00A0TÊN ", C.FullName)]
    [InlineData("Họ và tên (ghi đầy đủ)", C.FullName)]
    [InlineData("Ngày, tháng, năm sinh", C.DateOfBirth)]
    [InlineData("Nam/Nữ", C.Sex)]
    [InlineData("Số CMND", C.CitizenId)]
    [InlineData("Dan toc", C.Ethnicity)]
    [InlineData("Phone number", C.Phone)]
    [InlineData("Ngay chinh thuc", C.OfficialDate)]
    public void headers_are_recognised_whatever_their_case_spacing_or_notes(string header, string column)
    {
        RollHeaders.ColumnFor(header).ShouldBe(column);
    }

    [Theory]
    [InlineData("Số CCCD/CMND", C.CitizenId)]
    [InlineData("SỐ CCCD/CMND:", C.CitizenId)]
    [InlineData("Số CMND/CCCD[2]", C.CitizenId)]
    [InlineData("Số chứng minh nhân dân", C.CitizenId)]
    [InlineData("Số định danh", C.CitizenId)]
    [InlineData("So dinh danh ca nhan (12 so)", C.CitizenId)]
    [InlineData("Số thẻ ĐV", C.CardNumber)]
    [InlineData("SO THE DV", C.CardNumber)]
    [InlineData("Số thẻ\nĐảng viên", C.CardNumber)]
    [InlineData("Số thẻ Đảng (mới)", C.CardNumber)]
    [InlineData("NGÀY VÀO\nĐẢNG (1)", C.AdmissionDate)]
    [InlineData("Ngày, tháng, năm vào Đảng", C.AdmissionDate)]
    [InlineData("Ngày chính thức:", C.OfficialDate)]
    [InlineData("Ngày vào Đảng chính thức", C.OfficialDate)]
    [InlineData("Số QĐ công nhận đảng viên chính thức", C.OfficialDecisionNumber)]
    [InlineData("NGÀY, THÁNG,\nNĂM SINH", C.DateOfBirth)]
    [InlineData("Năm sinh*", C.DateOfBirth)]
    [InlineData("Sinh năm", C.DateOfBirth)]
    [InlineData("Ngày sinh¹", C.DateOfBirth)]
    [InlineData("Ngày sinh (ngày/tháng/năm)", C.DateOfBirth)]
    [InlineData("Quê quán (2)", C.HomeTown)]
    [InlineData("QUE QUAN:", C.HomeTown)]
    [InlineData("Nguyên quán", C.HomeTown)]
    [InlineData("Họ và tên (theo CCCD)", C.FullName)]
    [InlineData("HỌ VÀ TÊN ĐẢNG VIÊN:", C.FullName)]
    [InlineData("Số điện thoại liên hệ", C.Phone)]
    [InlineData("Nơi sinh hoạt (chi bộ)", C.CellCode)]
    public void header_variants_clerks_write_are_recognised_by_their_words(string header, string column) =>
        RollHeaders.ColumnFor(header).ShouldBe(column);

    [Theory]
    [InlineData("Ngày cấp CCCD")]
    [InlineData("Nơi cấp CMND")]
    [InlineData("Ngày cấp thẻ Đảng")]
    [InlineData("Số thẻ BHYT")]
    [InlineData("Ngày chuyển sinh hoạt đến")]
    [InlineData("Bí thư chi bộ")]
    [InlineData("Đảng viên chính thức")]
    [InlineData("DANH SÁCH ĐẢNG VIÊN CHI BỘ KHU PHỐ 3")]
    [InlineData("Chức vụ")]
    public void words_beside_a_columns_name_that_name_something_else_keep_it_from_being_taken(string header) =>
        RollHeaders.ColumnFor(header).ShouldBeNull();

    [Theory]
    [InlineData("Chức vụ")]
    [InlineData("CHỨC VỤ ĐẢNG, CHÍNH QUYỀN")]
    [InlineData("Chức danh")]
    [InlineData("Ký tên")]
    [InlineData("STT")]
    [InlineData("Ghi chú", false)]
    [InlineData("Họ và tên", false)]
    public void a_post_or_a_signature_column_is_known_and_not_read(string header, bool ignored = true) =>
        RollHeaders.IsIgnored(header).ShouldBe(ignored);

    [Fact]
    public void an_import_with_a_post_column_is_read_without_it()
    {
        var file = RollReader.Read(Utf8($"STT,{Header},Chức vụ\n1,{Hung},Bí thư chi bộ\n"));

        SingleRow(file).Cells.Values.ShouldNotContain("Bí thư chi bộ");
    }

    [Fact]
    public void a_roll_headed_as_clerks_write_it_is_read_without_remapping()
    {
        var text = "STT,\"HỌ VÀ TÊN\n(chữ in hoa)\",\"Ngày, tháng,\nnăm sinh\",Quê quán¹,Số CCCD/CMND:,Số thẻ ĐV,Ngày vào Đảng (1),Ngày chính thức (2),Chức vụ\n"
            + "1,Nguyễn Văn Hùng,15/06/1985,Hà Nội,001085012345,HN100001,02/03/2015,02/03/2016,Bí thư\n";

        var file = RollReader.Read(Utf8(text), schema: RollSchema.Reconciliation);

        var row = SingleRow(file);
        row.Cells[C.CitizenId].ShouldBe("001085012345");
        row.Cells[C.CardNumber].ShouldBe("HN100001");
        row.Cells[C.AdmissionDate].ShouldBe("02/03/2015");
        row.Cells[C.OfficialDate].ShouldBe("02/03/2016");
        row.Cells[C.HomeTown].ShouldBe("Hà Nội");
        file.Headers.Where(h => h.Column is null).Select(h => h.Text).ShouldBe(["STT", "Chức vụ"]);
    }

    [Fact]
    public void admission_dates_merged_over_probationary_and_official_give_both_dates()
    {
        var text = "Họ và tên,Ngày sinh,Ngày vào Đảng,\n,,Dự bị,Chính thức\nNguyễn Văn Hùng,15/06/1985,02/03/2015,02/03/2016\n";

        var row = SingleRow(RollReader.Read(Utf8(text), schema: RollSchema.Reconciliation));

        row.Cells[C.AdmissionDate].ShouldBe("02/03/2015");
        row.Cells[C.OfficialDate].ShouldBe("02/03/2016");
    }

    [Fact]
    public void a_header_on_two_rows_under_merged_cells_is_read_as_one()
    {
        // "Ngày" is merged across two sub-headers; the other headers are merged down over both rows.
        var text = "Họ và tên,Giới tính,Ngày,,Số CCCD,Mã chi bộ,Số quyết định kết nạp\n"
            + ",,Sinh,Vào Đảng,,,\n"
            + "Nguyễn Văn Hùng,Nam,15/06/1985,02/03/2015,001085012345,BD.PX.01,12-QĐ/ĐU\n";

        var file = RollReader.Read(Utf8(text));

        var row = SingleRow(file);
        row.RowNumber.ShouldBe(3);
        row.Cells[C.DateOfBirth].ShouldBe("15/06/1985");
        row.Cells[C.AdmissionDate].ShouldBe("02/03/2015");
        file.Notices.ShouldBe([RollReader.HeaderOnTwoRows]);
        file.Headers.Select(h => (h.Cell, h.Column)).ShouldContain(("D2", C.AdmissionDate));
    }

    [Fact]
    public void a_spreadsheet_header_with_a_group_cell_merged_over_its_sub_headers_is_read_as_one()
    {
        static string Text(string cell, string text) => $"<c r=\"{cell}\" t=\"inlineStr\"><is><t>{text}</t></is></c>";
        var sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            + $"<row r=\"1\">{Text("A1", "Họ và tên")}{Text("B1", "Giới tính")}{Text("C1", "Ngày sinh")}{Text("D1", "Mã chi bộ")}{Text("E1", "Kết nạp Đảng")}</row>"
            + $"<row r=\"2\">{Text("E2", "Ngày")}{Text("F2", "Số quyết định")}</row>"
            + $"<row r=\"3\">{Text("A3", "Nguyễn Văn Hùng")}{Text("B3", "Nam")}<c r=\"C3\"><v>31213</v></c>{Text("D3", "BD.PX.01")}<c r=\"E3\"><v>42065</v></c>{Text("F3", "12-QĐ/ĐU")}</row>"
            + "</sheetData><mergeCells count=\"5\"><mergeCell ref=\"A1:A2\"/><mergeCell ref=\"B1:B2\"/><mergeCell ref=\"C1:C2\"/><mergeCell ref=\"D1:D2\"/><mergeCell ref=\"E1:F1\"/></mergeCells></worksheet>";

        var row = SingleRow(RollReader.Read(XlsxSheetReaderTests.Workbook.Build(w => w.Write(sheet))));

        row.RowNumber.ShouldBe(3);
        row.Cells[C.AdmissionDate].ShouldBe("42065");
        row.Cells[C.AdmissionDecisionNumber].ShouldBe("12-QĐ/ĐU");
    }

    [Theory]
    [InlineData("Họ và tên đệm,Tên,Ngày sinh\nNguyễn Văn,Hùng,15/06/1985\n")]
    [InlineData("Họ,Tên,Ngày sinh\nNguyễn  Văn ,Hùng,15/06/1985\n")]
    [InlineData("Họ và tên,,Ngày sinh\nHọ đệm,Tên,\nNguyễn Văn,Hùng,15/06/1985\n")]
    [InlineData("STT,Họ và tên,,Ngày sinh\n,Họ và tên đệm,Tên,\n1,Nguyễn Văn,Hùng,15/06/1985\n")]
    public void a_name_kept_in_two_columns_is_read_as_the_full_name(string text)
    {
        var row = SingleRow(RollReader.Read(Utf8(text), schema: RollSchema.Reconciliation));

        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[C.DateOfBirth].ShouldBe("15/06/1985");
        row.Cells.Keys.ShouldNotContain(RollHeaders.GivenName);
    }

    [Fact]
    public void a_date_of_birth_written_in_the_column_of_the_members_sex_gives_the_date_and_the_sex()
    {
        // The classic form: "Ngày sinh" merged over "Nam" and "Nữ", the date written under the member's sex.
        var text = "STT,Họ và tên,Ngày sinh,\n"
            + ",,Nam,Nữ\n"
            + "1,Nguyễn Văn Hùng,15/06/1985,\n"
            + "2,Trần Thị Lan,,02/09/1990\n"
            + "3,Lê Văn Hai,1970,1971\n";

        var file = RollReader.Read(Utf8(text), schema: RollSchema.Reconciliation);

        file.Errors.ShouldBeEmpty();
        file.Notices.ShouldBe([RollReader.HeaderOnTwoRows]);
        file.Rows.Select(r => (r.Cells[C.FullName], r.Cells[C.DateOfBirth], r.Cells.GetValueOrDefault(C.Sex))).ShouldBe(
        [
            ("Nguyễn Văn Hùng", "15/06/1985", "Nam"),
            ("Trần Thị Lan", "02/09/1990", "Nữ"),
            // Written in both: kept as written, for the row's check to refuse as not one date.
            ("Lê Văn Hai", "1970; 1971", null),
        ]);
        file.Rows.ShouldAllBe(r => !r.Cells.ContainsKey(RollHeaders.BirthIfMale) && !r.Cells.ContainsKey(RollHeaders.BirthIfFemale));
        ReconciliationFilesCheck(file).ShouldBe([(5, C.DateOfBirth, "Import.DateInvalid")]);
    }

    private static IEnumerable<(int, string, string)> ReconciliationFilesCheck(RollFile file, NodaTime.LocalDate? referenceDate = null) =>
        EventSourced.Web.Reconciliation.ReconciliationFiles.Check(file, referenceDate).Select(e => (e.RowNumber, e.Column, e.Code));

    [Fact]
    public void a_birth_date_with_a_two_digit_year_is_read_with_the_roll_s_reference_date_and_an_impossible_one_is_reported()
    {
        var file = RollReader.Read(Utf8("STT,Họ và tên,Năm sinh\n1,Nguyễn Văn Hùng,15/06/85\n2,Trần Thị Lan,62\n3,Lê Văn Hai,31/02/80\n"), schema: RollSchema.Reconciliation);
        var reference = new NodaTime.LocalDate(2026, 11, 30);

        ReconciliationFilesCheck(file, reference).ShouldBe([(4, C.DateOfBirth, "Import.DateInvalid")]);
        file.Rows.Take(2).Select(r => EventSourced.Web.Reconciliation.ReconciliationFiles.ToPerson(r.RowNumber, r, reference).DateOfBirth).ShouldBe(
            [RollDate.Day(new NodaTime.LocalDate(1985, 6, 15)), RollDate.YearOnly(1962)]);
    }

    [Fact]
    public void birth_dates_in_words_with_spaces_or_a_text_mark_are_read_and_an_impossible_one_is_reported_on_its_row()
    {
        var text = "STT,Họ và tên,\"Ngày, tháng, năm sinh\"\n1,Nguyễn Văn Hùng,ngày 15 tháng 6 năm 1985\n2,Trần Thị Lan,'02 /09/ 1990\n"
            + "3,Lê Văn Hai,tháng 6/1970\n4,Phạm Văn Tư,ngày 31 tháng 2 năm 1980\n";
        var file = RollReader.Read(Utf8(text), schema: RollSchema.Reconciliation);

        ReconciliationFilesCheck(file).ShouldBe([(5, C.DateOfBirth, "Import.DateInvalid")]);
        file.Rows.Take(3).Select(r => EventSourced.Web.Reconciliation.ReconciliationFiles.ToPerson(r.RowNumber, r).DateOfBirth).ShouldBe(
            [RollDate.Day(new NodaTime.LocalDate(1985, 6, 15)), RollDate.Day(new NodaTime.LocalDate(1990, 9, 2)), new RollDate(new NodaTime.LocalDate(1970, 6, 1), DatePrecision.Month)]);
    }

    [Fact]
    public void a_citizen_id_a_csv_saved_by_excel_wrote_in_scientific_notation_is_reported_on_its_row()
    {
        // Excel shows a 12-digit number in a General cell as 1.23457E+11 and saves the CSV so: the digits are gone.
        var file = RollReader.Read(Utf8("STT;Họ và tên;Ngày sinh;Số CCCD\n1;Nguyễn Văn Hùng;15/06/1985;1,23457E+11\n2;Trần Thị Lan;02/09/1990;079190012345\n"), schema: RollSchema.Reconciliation);

        ReconciliationFilesCheck(file).ShouldBe([(2, C.CitizenId, "Member.CitizenIdLostDigits")]);
        EventSourced.Web.Reconciliation.ReconciliationFiles.Check(file)[0].Arguments.ShouldBe(["1,23457E+11"]);
    }

    [Fact]
    public void a_name_column_headed_only_tên_holds_the_whole_name()
    {
        var row = SingleRow(RollReader.Read(Utf8("Tên,Ngày sinh\nNguyễn Văn Hùng,15/06/1985\n"), schema: RollSchema.Reconciliation));

        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
    }

    [Fact]
    public void a_family_name_without_a_given_name_lacks_the_full_name()
    {
        var file = RollReader.Read(Utf8("Họ và tên đệm,Ngày sinh\nNguyễn Văn,15/06/1985\n"), schema: RollSchema.Reconciliation);

        file.Errors.ShouldHaveSingleItem().Code.ShouldBe("Import.MissingColumns");
    }

    [Theory]
    [InlineData("STT", true)]
    [InlineData("Số TT", true)]
    [InlineData("Số thứ tự", true)]
    [InlineData("TT", true)]
    [InlineData("No.", true)]
    [InlineData("Số thẻ", false)]
    [InlineData("Họ và tên", false)]
    [InlineData("Tổ", false)]
    [InlineData("", false)]
    public void the_rows_ordinal_is_known_and_read_from(string header, bool ordinal) =>
        RollHeaders.IsOrdinal(header).ShouldBe(ordinal);

    [Fact]
    public void an_import_with_the_rows_ordinal_first_is_read_without_it()
    {
        var file = RollReader.Read(Utf8($"STT,{Header}\n1,{Hung}\n"));

        var row = SingleRow(file);
        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells.Keys.ShouldNotContain("STT");
        file.Mapping!.Columns.Keys.ShouldNotContain(0);
    }

    [Fact]
    public void a_first_data_row_is_never_taken_for_a_second_header_row()
    {
        var file = RollReader.Read(Utf8($"{Header}\n{Hung}\n"));

        SingleRow(file).RowNumber.ShouldBe(2);
        file.Notices.ShouldBeEmpty();
    }
}
