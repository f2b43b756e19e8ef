using System.Text;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Reconciliation;

/// <summary>The reconcile command as a process, with no database configured: it must need none.</summary>
public sealed class ReconcileCommandTests : IDisposable
{
    private const string Header = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Mã chi bộ,Số quyết định kết nạp,Ngày vào Đảng,Số thẻ đảng viên";

    private static readonly Dictionary<string, string> NoDatabase = new() { ["ConnectionStrings__Marten"] = string.Empty };

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("reconcile-test-");

    public void Dispose() => directory.Delete(recursive: true);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllText(path, string.Join("\r\n", [Header, .. lines]) + "\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        return path;
    }

    [Fact]
    public async Task two_files_give_one_row_per_roll_row_with_band_register_row_score_and_levels()
    {
        var register = Write("register.csv",
            "Nguyễn Văn Hùng,Nam,15/06/1985,001085000001,CB01,01-QĐ/ĐU,01/02/2010,",
            "Nguyễn Văn Dũng,Nam,15/06/1985,,CB01,01-QĐ/ĐU,01/02/2010,",
            "Trần Thị Thuý Hoà,Nữ,03/04/1990,,CB02,01-QĐ/ĐU,01/02/2012,",
            "Lục Minh Tuấn,Nam,01/12/1970,,CB03,01-QĐ/ĐU,01/02/2000,12345678");
        var roll = Write("roll.csv",
            "Nguyen Van Hung,Nam,15/06/1985,,CB01,,,",
            "TRẦN  THỊ THÚY HÒA,Nữ,04/03/1990,,CB02,,,",
            "Tuấn Minh Lục,Nam,1970,,CB03,,,",
            "Phạm Văn Nam,Nam,01/01/1960,,CB09,,,",
            "Hoàng Văn Sơn,Nam,02/02/1962,1085000001,CB05,,,");
        var output = Path.Combine(directory.FullName, "out.csv");

        var (exitCode, printed) = await AppCommand.RunAsync(["reconcile", "--register", register, "--roll", roll, "--out", output], NoDatabase);

        exitCode.ShouldBe(0, printed);
        var rows = File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')).ToDictionary(r => r[0]);
        rows.Count.ShouldBe(5);
        // Rows as the files number them: the header is row 1, the first person row 2.
        (rows["2"][1], rows["2"][2], rows["2"][4]).ShouldBe(("none", string.Empty, string.Empty), "row 6's citizen ID took the register's row 2");
        (rows["3"][1], rows["3"][2], rows["3"][4]).ShouldBe(("match", "4", "name=exact;dob=swapped;sex=agree;cell=agree"));
        (rows["4"][1], rows["4"][2]).ShouldBe(("match", "5"));
        rows["4"][4].ShouldContain("order=reversed");
        rows["4"][4].ShouldContain("dob=year");
        (rows["5"][1], rows["5"][2]).ShouldBe(("none", string.Empty));
        (rows["6"][1], rows["6"][2]).ShouldBe(("match", "2"));
        rows["6"][4].ShouldStartWith("id=equal");
        double.Parse(rows["3"][3], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task a_printed_roll_is_matched_on_its_members_and_what_was_left_out_is_said()
    {
        var register = Write("register.csv", "Nguyễn Văn Hùng,Nam,15/06/1985,001085000001,CB01,01-QĐ/ĐU,01/02/2010,");
        var roll = Path.Combine(directory.FullName, "printed.csv");
        File.WriteAllText(
            roll,
            "DANH SÁCH ĐẢNG VIÊN CHI BỘ CB01,,,,,,,\r\n" + Header + "\r\nNguyễn Văn Hùng,Nam,15/06/1985,,CB01,,,\r\nTổng số: 1 đảng viên,,,,,,,\r\n",
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var output = Path.Combine(directory.FullName, "out.csv");

        var (exitCode, printed) = await AppCommand.RunAsync(["reconcile", "--register", register, "--roll", roll, "--out", output], NoDatabase);

        exitCode.ShouldBe(0, printed);
        var row = File.ReadAllLines(output).Skip(1).ShouldHaveSingleItem().Split(',');
        // The member is row 3 of the printed roll (under its title and header), the register's row 2.
        (row[0], row[1], row[2]).ShouldBe(("3", "match", "2"));
        printed.ShouldContain("row 1 left out (Title): DANH SÁCH ĐẢNG VIÊN CHI BỘ CB01");
        printed.ShouldContain("row 4 left out (Footer): Tổng số: 1 đảng viên");
    }

    [Fact]
    public async Task a_workbook_with_a_sheet_per_cell_is_matched_on_every_sheet_and_where_each_sheet_is_said()
    {
        var register = Write("register.csv", "Nguyễn Văn Hùng,Nam,15/06/1985,001085000001,CB01,01-QĐ/ĐU,01/02/2010,", "Trần Thị Lan,Nữ,01/02/1990,001190000002,CB02,02-QĐ/ĐU,01/02/2015,");
        var roll = Path.Combine(directory.FullName, "sheets.xlsx");
        await using (var stream = File.Create(roll))
        {
            MiniExcelLibs.MiniExcel.SaveAs(stream, new Dictionary<string, object>
            {
                ["Chi bộ CB01"] = new[] { new Dictionary<string, object?> { ["Họ và tên"] = "Nguyễn Văn Hùng", ["Ngày sinh"] = "15/06/1985" } },
                ["Chi bộ CB02"] = new[] { new Dictionary<string, object?> { ["Họ và tên"] = "Trần Thị Lan", ["Ngày sinh"] = "01/02/1990" } },
                ["Tổng hợp"] = new[] { new Dictionary<string, object?> { ["Chi bộ"] = "CB01", ["Số đảng viên"] = 1 } },
            });
        }

        var output = Path.Combine(directory.FullName, "out.csv");

        var (exitCode, printed) = await AppCommand.RunAsync(["reconcile", "--register", register, "--roll", roll, "--out", output], NoDatabase);

        exitCode.ShouldBe(0, printed);
        File.ReadAllLines(output).Skip(1).Select(l => l.Split(',')[1]).ShouldBe(["match", "match"]);
        printed.ShouldContain("sheet \"Chi bộ CB02\": rows 3-4 (its rows 1-2)");
        printed.ShouldContain("sheet \"Tổng hợp\": not read (other column headers than the first sheet's)");
    }

    [Fact]
    public async Task a_missing_argument_is_refused_with_the_usage()
    {
        var (exitCode, printed) = await AppCommand.RunAsync(["reconcile", "--register", "a.csv"], NoDatabase);

        exitCode.ShouldBe(2);
        printed.ShouldContain("--roll");
        printed.ShouldContain("usage:");
    }

    [Fact]
    public async Task a_file_without_its_columns_is_refused_naming_the_file()
    {
        var register = Path.Combine(directory.FullName, "register.csv");
        await File.WriteAllTextAsync(register, "Tên,Tuổi\nAn,30\n");
        var roll = Write("roll.csv", "Nguyen Van Hung,Nam,15/06/1985,,CB01,,,");

        var (exitCode, printed) = await AppCommand.RunAsync(
            ["reconcile", "--register", register, "--roll", roll, "--out", Path.Combine(directory.FullName, "out.csv")], NoDatabase);

        exitCode.ShouldBe(1);
        printed.ShouldContain("register.csv");
        File.Exists(Path.Combine(directory.FullName, "out.csv")).ShouldBeFalse();
    }
}
