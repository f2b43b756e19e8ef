using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure.Rolls;
using EventSourced.Web.Tests.Infrastructure;
using EventSourced.Web.Tests.Infrastructure.Rolls;
using Marten;
using MiniExcelLibs;
using NodaTime;
using Member = EventSourced.Domain.Members.Member;

namespace EventSourced.Web.Tests.Pages.Members;

/// <summary>
/// Importing members through the page: a valid file becomes member streams with who imported them;
/// any error lists row, column and reason and imports nothing; the register, the user's scope and
/// the sign-in are enforced. The clock is fixed at 1 March 2025.
/// </summary>
public sealed partial class ImportTests(ImportTests.Fixture app) : IClassFixture<ImportTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-03-01T02:00:00Z";
    }

    internal const string Header = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã chi bộ,Số quyết định kết nạp,Ngày vào Đảng,Ngày lễ kết nạp,Ngày chính thức,Số thẻ đảng viên";

    private static readonly OrganisationCreated BaDinhGrassroots = DemoUnits.GrassrootsUnder(DemoUnits.BaDinh);
    private static readonly OrganisationCreated BaDinhCell = DemoUnits.CellUnder(BaDinhGrassroots);
    private static readonly OrganisationCreated HoanKiemCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));

    /// <summary>An import file of these rows under the header staff download, as a spreadsheet saves it (UTF-8 with its mark).</summary>
    internal static byte[] Csv(params string[] rows) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(string.Join("\r\n", rows.Prepend(Header)) + "\r\n")];

    private static Task<HttpResponseMessage> UploadAsync(WebSession session, byte[] bytes, string fileName = "dang-vien.csv") =>
        session.PostFileAsync("/members/import", "/members/import", "Upload", fileName, bytes);

    private async Task<int> CountAsync(string citizenId)
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<Member>().CountAsync(m => m.Profile.CitizenId == citizenId);
    }

    [Fact]
    public async Task a_valid_file_imports_each_row_as_a_member_stream_with_who_imported_it()
    {
        var staff = await app.SignInAsync("staff");
        var file = Csv(
            $"Nguyễn Văn Hùng,Nam,15/06/1985,001085100001,{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,15/03/2015,15/03/2016,HN100001",
            $"Trần Thị Mai,Nữ,1990-01-02,001190100002,{BaDinhCell.Code.ToLowerInvariant()},13-QĐ/ĐU,2024-06-01,,,",
            $"Lê Văn Nam,Male,31213,001085100003,{BaDinhCell.Code},14-QĐ/ĐU,02/03/2010,,02/04/2011,");

        var response = await UploadAsync(staff, file);

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("data-testid=\"import-done\"");
        html.ShouldContain("Đã nhập 3 đảng viên.");
        html.ShouldContain("href=\"/members\"");

        await using var session = app.Store.QuerySession();
        var hung = await session.Query<Member>().SingleAsync(m => m.Profile.CitizenId == "001085100001");
        hung.Status.ShouldBe(MembershipStatus.Official);
        hung.CellId.ShouldBe(BaDinhCell.OrganisationId);
        hung.CardNumber.ShouldBe("HN100001");
        var stream = await session.Events.FetchStreamAsync(hung.Id);
        stream.Select(e => e.Data.GetType()).ShouldBe([typeof(MemberAdmitted), typeof(MemberRecognisedOfficial), typeof(PartyCardIssued)]);
        stream[0].Data.ShouldBeOfType<MemberAdmitted>().Decision.ShouldBe(new Decision("12-QĐ/ĐU", new LocalDate(2015, 3, 2)));
        foreach (var entry in stream.Select(AuditEntry.From))
        {
            entry.RecordedBy.UserName.ShouldBe("staff");
            entry.RecordedBy.Role.ShouldBe("OrganisationStaff");
            entry.RecordedBy.OrganisationId.ShouldBe(DemoUnits.BaDinh.OrganisationId.ToString());
            entry.RecordedBy.OrganisationName.ShouldBe(DemoUnits.BaDinh.Name);
            entry.Reason.ShouldBe("Nhập từ tệp dang-vien.csv");
            entry.CorrelationId.ShouldNotBeNullOrEmpty();
        }

        var mai = await session.Query<Member>().SingleAsync(m => m.Profile.CitizenId == "001190100002");
        mai.Status.ShouldBe(MembershipStatus.Probationary);
        mai.Profile.Sex.ShouldBe(Sex.Female);
        mai.CeremonyDate.ShouldBe(new LocalDate(2024, 6, 1));
        (await session.Events.FetchStreamAsync(mai.Id)).ShouldHaveSingleItem();
        var nam = await session.Query<Member>().SingleAsync(m => m.Profile.CitizenId == "001085100003");
        nam.Profile.DateOfBirth.ShouldBe(new LocalDate(1985, 6, 15));
        nam.OfficialDate.ShouldBe(new LocalDate(2011, 4, 2));
    }

    [Fact]
    public async Task a_file_with_a_title_above_its_header_and_signatures_under_its_rows_imports_the_members_and_lists_what_was_left_out()
    {
        var staff = await app.SignInAsync("staff");
        var text = "DANH SÁCH ĐẢNG VIÊN KẾT NẠP NĂM 2015,,,,,,,,,\r\n"
            + ",,,,,,,,,\r\n"
            + Header + "\r\n"
            + $"Phan Văn Đề,Nam,15/06/1985,001085100091,{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,15/03/2015,15/03/2016,\r\n"
            + "Tổng số: 1 đảng viên,,,,,,,,,\r\n"
            + ",,,,,,,,,Người lập danh sách\r\n";

        var response = await UploadAsync(staff, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("Đã nhập 1 đảng viên.");
        html.ShouldContain("data-testid=\"roll-skipped\"");
        html.ShouldContain("data-kind=\"Title\" data-first-row=\"1\" data-last-row=\"1\"");
        html.ShouldContain("data-kind=\"Footer\" data-first-row=\"5\" data-last-row=\"6\"");
        (await CountAsync("001085100091")).ShouldBe(1);
    }

    [Fact]
    public async Task badges_already_received_are_imported_and_the_worklist_proposes_the_badge_due_after_them()
    {
        var staff = await app.SignInAsync("staff");
        // Admitted in March 1983: 42 years of party age on the next award date, 19 May 2025.
        var file = Encoding.UTF8.GetBytes(string.Join("\r\n",
            Header + ",Huy hiệu đã nhận",
            $"Hoàng Văn Cường,Nam,01/01/1955,001055500001,{BaDinhCell.Code},10-QĐ/ĐU,02/03/1983,,02/03/1984,,30",
            $"Đinh Thị Hạnh,Nữ,01/01/1955,001155500002,{BaDinhCell.Code},11-QĐ/ĐU,02/03/1983,,02/03/1984,,") + "\r\n");

        var response = await UploadAsync(staff, file);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        var cuong = await session.Query<Member>().SingleAsync(m => m.Profile.CitizenId == "001055500001");
        var hanh = await session.Query<Member>().SingleAsync(m => m.Profile.CitizenId == "001155500002");
        cuong.Badges.ShouldBe([30]);
        (await session.Events.FetchStreamAsync(cuong.Id))[^1].Data.ShouldBeOfType<PartyBadgesReceivedBefore>().Years.ShouldBe([30]);
        var worklist = await staff.GetTextAsync("/members/worklists");
        // Neither is proposed the 30-year badge: one has it, the other is past 40 years without it.
        BadgeProposed(worklist, cuong.Id).ShouldBe("40");
        BadgeProposed(worklist, hanh.Id).ShouldBe("40");
    }

    private static string BadgeProposed(string html, Guid memberId) =>
        Regex.Match(html, $"data-member=\"{memberId}\" data-badge=\"(\\d+)\"").Groups[1].Value;

    [Fact]
    public async Task a_file_with_one_bad_row_imports_nothing_and_lists_the_row_the_column_and_the_reason()
    {
        var staff = await app.SignInAsync("staff");
        var file = Csv(
            $"Phạm Văn Một,Nam,15/06/1985,001085200001,{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,,",
            $"Phạm Văn Hai,Nam,15/06/1985,001085200002,{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,,",
            $"Phạm Văn Ba,Nam,31/02/1985,001085200003,{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,,");

        var response = await UploadAsync(staff, file);

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        html.ShouldContain("Tệp có 1 lỗi. Không đảng viên nào được nhập");
        var row = ErrorRows().Matches(html).ShouldHaveSingleItem();
        row.Groups["row"].Value.ShouldBe("4");
        row.Groups["column"].Value.ShouldBe(ImportColumns.DateOfBirth);
        row.Groups["code"].Value.ShouldBe("Import.DateInvalid");
        row.Value.ShouldContain("Ngày sinh (DateOfBirth)");
        row.Value.ShouldContain("&quot;31/02/1985&quot; không phải ngày hợp lệ");
        (await CountAsync("001085200001")).ShouldBe(0);
        (await CountAsync("001085200002")).ShouldBe(0);
    }

    [Fact]
    public async Task importing_the_same_file_twice_is_refused_the_second_time_for_the_citizen_ids_in_the_register()
    {
        var staff = await app.SignInAsync("staff");
        var file = Csv($"Vũ Thị Lan,Nữ,01/01/1980,001180300001,{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,,HN300001");

        var first = await UploadAsync(staff, file);
        var second = await UploadAsync(staff, file);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = await second.Content.ReadAsStringAsync();
        html.ShouldContain("data-code=\"Import.CitizenIdInRegister\"");
        html.ShouldContain("Số CCCD 001180300001 đã có trong sổ đảng viên.");
        html.ShouldContain("data-code=\"Import.CardInRegister\"");
        (await CountAsync("001180300001")).ShouldBe(1);
    }

    [Fact]
    public async Task a_card_number_held_before_the_exchange_is_taken_too()
    {
        await using (var write = app.Store.LightweightSession())
        {
            var id = Guid.NewGuid();
            var profile = new MemberProfile("Đinh Văn Chín", Sex.Male, new LocalDate(1970, 1, 1), CitizenId: "001070900001");
            write.Events.StartStream<Member>(
                id,
                new MemberAdmitted(id, profile, BaDinhCell.OrganisationId, new Decision("1-QĐ/ĐU", new LocalDate(2000, 1, 1)), new LocalDate(2000, 1, 1)),
                new PartyCardIssued("OLD900001", new LocalDate(2001, 1, 1)),
                new PartyCardReplaced("NEW900001", "OLD900001", CardReplacementReason.CardExchange, new LocalDate(2025, 1, 2)));
            await write.SaveChangesAsync();
        }

        var staff = await app.SignInAsync("staff");
        var response = await UploadAsync(staff, Csv(
            $"Đinh Văn Mười,Nam,01/01/1980,001080900002,{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,02/03/2016,old 900001",
            $"Đinh Văn Một,Nam,01/01/1980,001080900003,{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,02/03/2016,NEW900001"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ErrorRows().Matches(await response.Content.ReadAsStringAsync())
            .Select(m => (m.Groups["row"].Value, m.Groups["code"].Value))
            .ShouldBe([("2", "Import.CardInRegister"), ("3", "Import.CardInRegister")]);
    }

    [Fact]
    public async Task the_same_form_sent_twice_imports_once()
    {
        var staff = await app.SignInAsync("staff");
        var form = await staff.GetTextAsync("/members/import");
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(form).Groups[1].Value),
            ["ImportId"] = ImportIdField().Match(form).Groups[1].Value,
        };
        var file = Csv($"Đỗ Văn Tư,Nam,01/01/1980,001080400001,{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,,");

        var first = await staff.PostFileRawAsync("/members/import", "Upload", "a.csv", file, fields);
        // The same people under other citizen IDs: only the form's import id says it is a repeat.
        var again = await staff.PostFileRawAsync("/members/import", "Upload", "a.csv", Csv($"Đỗ Văn Tư,Nam,01/01/1980,001080400002,{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,,"), fields);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await again.Content.ReadAsStringAsync()).ShouldContain("data-rule=\"Form.AlreadyRecorded\"");
        (await CountAsync("001080400002")).ShouldBe(0);
    }

    [Fact]
    public async Task staff_of_ba_dinh_importing_a_row_for_a_hoan_kiem_cell_is_refused_for_that_row()
    {
        var staff = await app.SignInAsync("staff");
        var file = Csv(
            $"Bùi Văn Năm,Nam,01/01/1980,001080500001,{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,,",
            $"Bùi Văn Sáu,Nam,01/01/1980,001080500002,{HoanKiemCell.Code},12-QĐ/ĐU,02/03/2015,,,");

        var response = await UploadAsync(staff, file);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var row = ErrorRows().Matches(await response.Content.ReadAsStringAsync()).ShouldHaveSingleItem();
        (row.Groups["row"].Value, row.Groups["column"].Value, row.Groups["code"].Value).ShouldBe(("3", ImportColumns.CellCode, "Import.CellOutOfScope"));
        row.Value.ShouldContain("nằm ngoài các đơn vị bạn được quản lý");
        (await CountAsync("001080500001")).ShouldBe(0);
    }

    [Fact]
    public async Task an_xlsx_with_a_formula_imports_nothing_and_names_the_cell()
    {
        var staff = await app.SignInAsync("staff");
        var rows = new[]
        {
            new Dictionary<string, object?>
            {
                ["Họ và tên"] = "Ngô Văn Bảy", ["Giới tính"] = "Nam", ["Ngày sinh"] = new DateTime(1980, 1, 1), ["Số CCCD"] = "001080600001",
                ["Mã chi bộ"] = BaDinhCell.Code, ["Số quyết định kết nạp"] = "12-QĐ/ĐU", ["Ngày vào Đảng"] = "=DATE(2015,3,2)",
            },
        };
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, rows);

        var response = await UploadAsync(staff, stream.ToArray(), "dang-vien.xlsx");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var row = ErrorRows().Matches(await response.Content.ReadAsStringAsync()).ShouldHaveSingleItem();
        (row.Groups["row"].Value, row.Groups["column"].Value, row.Groups["code"].Value).ShouldBe(("2", ImportColumns.AdmissionDate, "Import.Formula"));
        (await CountAsync("001080600001")).ShouldBe(0);
    }

    [Fact]
    public async Task a_workbook_with_a_sheet_per_cell_imports_every_sheet_or_nothing_its_error_numbered_on_from_the_first_sheet()
    {
        var staff = await app.SignInAsync("staff");
        static Dictionary<string, object?> Person(string name, string born, string citizenId) => new()
        {
            ["Họ và tên"] = name, ["Giới tính"] = "Nam", ["Ngày sinh"] = born, ["Số CCCD"] = citizenId,
            ["Mã chi bộ"] = BaDinhCell.Code, ["Số quyết định kết nạp"] = "12-QĐ/ĐU", ["Ngày vào Đảng"] = "02/03/2015",
        };
        static byte[] Workbook(string secondBorn)
        {
            using var stream = new MemoryStream();
            MiniExcel.SaveAs(stream, new Dictionary<string, object>
            {
                ["Chi bộ 1"] = new[] { Person("Vũ Văn Một", "01/01/1980", "001080610001") },
                ["Chi bộ 2"] = new[] { Person("Vũ Văn Hai", secondBorn, "001080610002") },
            });
            return stream.ToArray();
        }

        // A date that does not exist on the second sheet: its row 2 is row 4 of the file, and nothing is imported.
        var refused = await UploadAsync(staff, Workbook("31/02/1980"), "dang-vien.xlsx");

        var html = await refused.Content.ReadAsStringAsync();
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var row = ErrorRows().Matches(html).ShouldHaveSingleItem();
        (row.Groups["row"].Value, row.Groups["code"].Value).ShouldBe(("4", "Import.DateInvalid"));
        html.ShouldContain("data-sheet=\"Chi bộ 2\" data-read=\"true\" data-first=\"3\" data-last=\"4\"");
        (await CountAsync("001080610001")).ShouldBe(0);

        var imported = await UploadAsync(staff, Workbook("01/01/1981"), "dang-vien.xlsx");

        imported.StatusCode.ShouldBe(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        (await imported.Content.ReadAsStringAsync()).ShouldContain("Đã nhập 2 đảng viên.");
        (await CountAsync("001080610001")).ShouldBe(1);
        (await CountAsync("001080610002")).ShouldBe(1);
    }

    [Fact]
    public async Task a_small_xlsx_that_expands_to_hundreds_of_megabytes_is_refused_with_its_reason()
    {
        var staff = await app.SignInAsync("staff");
        var bomb = XlsxSheetReaderTests.Workbook.Build(w =>
        {
            w.Write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            for (var written = 0L; written < 300L * 1024 * 1024; written += 1024)
            {
                w.Write(new string(' ', 1024));
            }

            w.Write("</sheetData></worksheet>");
        });

        var response = await UploadAsync(staff, bomb, "dang-vien.xlsx");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("data-code=\"Import.XlsxTooLarge\"");
    }

    [Fact]
    public async Task a_csv_with_a_quote_never_closed_is_refused_with_its_row_and_column_and_nothing_is_imported()
    {
        var staff = await app.SignInAsync("staff");
        var file = Csv(
            $"Ngô Văn Bảy,Nam,01/01/1980,001080900001,{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,,",
            $"\"Ngô Thị Tám,Nữ,01/01/1981,001181900002,{BaDinhCell.Code},13-QĐ/ĐU,02/03/2015,,,");

        var response = await UploadAsync(staff, file);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var row = ErrorRows().Matches(await response.Content.ReadAsStringAsync()).ShouldHaveSingleItem();
        (row.Groups["row"].Value, row.Groups["column"].Value, row.Groups["code"].Value).ShouldBe(("3", ImportColumns.FullName, "Import.UnclosedQuote"));
        (await CountAsync("001080900001")).ShouldBe(0);
    }

    [Fact]
    public async Task a_file_with_unknown_columns_is_refused_before_any_row_is_checked()
    {
        var staff = await app.SignInAsync("staff");

        var response = await UploadAsync(staff, Encoding.UTF8.GetBytes("Họ và tên,Tình trạng\nA,B\n"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Không nhận ra các cột: &quot;Tình trạng&quot;");
        html.ShouldContain("Thiếu các cột bắt buộc");
    }

    [Fact]
    public async Task an_excel_97_2003_file_typed_in_a_vn3_font_is_imported_with_its_names_in_unicode_and_a_notice()
    {
        var staff = await app.SignInAsync("staff");
        // The template's header and one member, in .VnTime as an old sheet keeps them, saved as .xls.
        var header = Header.Split(',').Select(Tcvn3Encoded).ToArray();
        var bytes = RollSamples.Xls(sheet =>
        {
            RollSamples.Row(sheet, 0, header);
            RollSamples.Row(sheet, 1, "NguyÔn ThÞ H\u00ADêng", "N÷", "01/01/1980", "001180700011", BaDinhCell.Code, "12-Q§/§U", "02/03/2015");
        });

        var response = await UploadAsync(staff, bytes, "dang-vien.xls");

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("Đã nhập 1 đảng viên.");
        html.ShouldContain("data-code=\"Import.ReadAsTcvn3\"");
        await using var session = app.Store.QuerySession();
        var member = await session.Query<Member>().SingleAsync(m => m.Profile.CitizenId == "001180700011");
        member.Profile.FullName.ShouldBe("Nguyễn Thị Hường");
        member.Profile.Sex.ShouldBe(Sex.Female);
        member.Admission.Number.ShouldBe("12-QĐ/ĐU");
    }

    /// <summary>The template's headers as a VN3 font stores them (the letters they use only).</summary>
    private static string Tcvn3Encoded(string text)
    {
        var fonts = new Dictionary<char, char>
        {
            ['ọ'] = 'ä', ['à'] = 'µ', ['ê'] = 'ª', ['ớ'] = 'í', ['í'] = 'Ý', ['ố'] = 'è', ['ã'] = '·', ['ộ'] = 'é',
            ['ế'] = 'Õ', ['đ'] = '®', ['ị'] = 'Þ', ['ạ'] = '¹', ['Đ'] = '§', ['ả'] = '¶', ['ễ'] = 'Ô',
            ['ứ'] = 'ø', ['ẻ'] = 'Î', ['ẹ'] = 'Ñ', ['ậ'] = 'Ë', ['ư'] = '\u00AD', ['ơ'] = '¬', ['ấ'] = 'Ê', ['ẩ'] = 'È',
            ['ầ'] = 'Ç', ['ủ'] = 'ñ', ['ú'] = 'ó', ['á'] = '¸', ['ắ'] = '¾', ['ặ'] = 'Æ', ['ô'] = '«', ['ă'] = '¨', ['â'] = '©',
            ['ồ'] = 'å', ['ờ'] = 'ê', ['ợ'] = 'î', ['ì'] = '×', ['ò'] = 'ß', ['è'] = 'Ì', ['é'] = 'Ð', ['ó'] = 'ã', ['ù'] = 'ï',
        };
        return new string([.. text.Select(c => fonts.GetValueOrDefault(c, c))]);
    }

    [Fact]
    public async Task a_windows_1258_file_is_imported_with_its_names_in_nfc_and_a_notice()
    {
        var staff = await app.SignInAsync("staff");
        var text = Encoding.UTF8.GetString(Csv($"Nguyễn Thị Hường,Nữ,01/01/1980,001180700001,{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,,")[3..]);

        var response = await UploadAsync(staff, RollSamples.Windows1258(text));

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("data-testid=\"import-notice\"");
        html.ShouldContain("Windows-1258");
        await using var session = app.Store.QuerySession();
        var member = await session.Query<Member>().SingleAsync(m => m.Profile.CitizenId == "001180700001");
        member.Profile.FullName.ShouldBe("Nguyễn Thị Hường");
        member.Admission.Number.ShouldBe("12-QĐ/ĐU");
    }

    [Fact]
    public async Task an_anonymous_upload_is_refused()
    {
        var anonymous = new WebSession(app.Host);

        var page = await anonymous.GetAsync("/members/import");
        var post = await anonymous.PostFileRawAsync("/members/import", "Upload", "a.csv", Csv($"Hồ Văn Tám,Nam,01/01/1980,001080800001,{BaDinhCell.Code},12-QĐ/ĐU,02/03/2015,,,"));

        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/login");
        post.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized);
        (await CountAsync("001080800001")).ShouldBe(0);
    }

    [Fact]
    public async Task a_user_who_may_only_read_cannot_open_the_import()
    {
        var auditor = await app.SignInAsync("auditor");

        var page = await auditor.GetAsync("/members/import");

        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/forbidden");
    }

    [Fact]
    public async Task the_page_documents_every_column_and_the_template_it_offers_imports_as_it_is()
    {
        var staff2 = await app.SignInAsync("staff2");

        var page = await staff2.GetTextAsync("/members/import");
        var list = await staff2.GetTextAsync("/members");
        var template = await staff2.GetAsync("/members/import?handler=Template");
        var bytes = await template.Content.ReadAsByteArrayAsync();

        foreach (var (column, header) in RollHeaders.Template)
        {
            page.ShouldContain($"<code>{header}</code>");
            page.ShouldContain($"<code>{column}</code>");
            page.ShouldNotContain($"ImportColumn.{column}");
        }

        page.ShouldContain("enctype=\"multipart/form-data\"");
        page.ShouldContain("accept=\".csv,.xlsx,.xls,.ods,.docx,.odt\"");
        list.ShouldContain("href=\"/members/import\"");
        template.StatusCode.ShouldBe(HttpStatusCode.OK);
        template.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        bytes.Take(3).ShouldBe(Encoding.UTF8.GetPreamble());
        Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).ShouldStartWith("Họ và tên,Giới tính,Ngày sinh,Số CCCD,");

        var imported = await UploadAsync(staff2, bytes, "mau-nhap-dang-vien.csv");

        imported.StatusCode.ShouldBe(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        var member = await session.Query<Member>().SingleAsync(m => m.Profile.CitizenId == "001085012345");
        OrganisationTreeOf(member.CellId).ShouldBe(DemoUnits.HoanKiem.OrganisationId);
    }

    /// <summary>The directly subordinate committee above a demo cell.</summary>
    private static Guid OrganisationTreeOf(Guid cellId)
    {
        var unit = DemoUnits.Units.Single(u => u.OrganisationId == cellId);
        while (unit.Kind != OrganisationKind.DirectlySubordinateCommittee)
        {
            unit = DemoUnits.Units.Single(u => u.OrganisationId == unit.ParentId);
        }

        return unit.OrganisationId;
    }

    [GeneratedRegex("<tr data-row=\"(?<row>\\d+)\" data-column=\"(?<column>[^\"]*)\" data-code=\"(?<code>[^\"]+)\">.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex ErrorRows();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"ImportId\" value=\"([^\"]+)\"")]
    private static partial Regex ImportIdField();
}
