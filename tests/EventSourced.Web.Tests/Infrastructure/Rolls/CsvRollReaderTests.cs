using EventSourced.Web.Infrastructure.Rolls;
using static EventSourced.Web.Tests.Infrastructure.Rolls.RollSamples;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>CSV as spreadsheets write it: separators, Excel's "sep=" line, quoting, blank lines.</summary>
public sealed class CsvRollReaderTests
{
    [Theory]
    [InlineData(";")]
    [InlineData("\t")]
    public void semicolons_and_tabs_separate_as_well_as_commas(string separator)
    {
        var row = SingleRow(RollReader.Read(Utf8($"{Header.Replace(",", separator, StringComparison.Ordinal)}\n{Hung.Replace(",", separator, StringComparison.Ordinal)}\n")));

        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[C.AdmissionDate].ShouldBe("02/03/2015");
    }
    [Fact]
    public void an_excel_separator_line_names_the_separator_and_is_not_a_row()
    {
        var row = SingleRow(RollReader.Read(Utf8($"sep=;\r\n{Header.Replace(",", ";", StringComparison.Ordinal)}\r\n{Hung.Replace(",", ";", StringComparison.Ordinal)}\r\n")));

        row.RowNumber.ShouldBe(2);
        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
    }
    [Fact]
    public void quoted_fields_hold_separators_doubled_quotes_and_line_breaks()
    {
        var text = $"{Header},Nơi sinh,Quê quán\r\n"
            + $"{Hung},\"Phúc Xá, Ba Đình, Hà Nội\",\"Làng \"\"Đông\"\"\r\nxã Tây\"\r\n"
            + "Trần Thị Mai,Nữ,01/02/1990,001190000002,BD.PX.01,13-QĐ/ĐU,02/03/2015,,\r\n";

        var file = RollReader.Read(Utf8(text));

        file.Errors.ShouldBeEmpty();
        file.Rows.Count.ShouldBe(2);
        file.Rows[0].Cells[C.PlaceOfBirth].ShouldBe("Phúc Xá, Ba Đình, Hà Nội");
        file.Rows[0].Cells[C.HomeTown].ShouldBe("Làng \"Đông\"\r\nxã Tây");
        // Rows are numbered as a spreadsheet numbers them: the quoted line break does not start a row.
        file.Rows[1].RowNumber.ShouldBe(3);
        file.Rows[1].Cells[C.FullName].ShouldBe("Trần Thị Mai");
        file.Rows[1].Cells[C.PlaceOfBirth].ShouldBeNull();
    }
    [Fact]
    public void an_unclosed_quote_is_a_file_error_on_the_row_where_it_opened()
    {
        var file = RollReader.Read(Utf8($"{Header}\n{Hung}\n\"Trần Thị Mai,Nữ\n"));

        file.RowsCanBeChecked.ShouldBeFalse();
        file.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Code.ShouldBe("Import.UnclosedQuote"),
            e => e.RowNumber.ShouldBe(3));
    }
    [Fact]
    public void a_value_past_a_sheets_last_column_is_refused_on_its_row_and_trailing_empty_fields_are_nothing()
    {
        var trailing = RollReader.Read(Utf8($"{Header}\n{Hung}{new string(',', 5_000)}\n"));
        trailing.Errors.ShouldBeEmpty();
        SingleRow(trailing).Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");

        // A line of a million separators (a crafted file, or a sheet saved with its empty columns).
        var wide = RollReader.Read(Utf8($"{Header}\n{Hung}\n{Hung}{new string(',', 1_000_000)}x\n"));

        wide.Rows.ShouldBeEmpty();
        var error = wide.Errors.ShouldHaveSingleItem();
        (error.RowNumber, error.Code, error.Arguments.ShouldHaveSingleItem()).ShouldBe((3, CsvRollReader.TooManyColumns, (object)XlsxLimits.Default.MaxColumns));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void a_field_longer_than_a_spreadsheets_cell_is_refused_on_its_row_and_column(bool quoted)
    {
        var name = new string('A', XlsxLimits.Default.MaxCellChars + 1);
        var file = RollReader.Read(Utf8($"{Header}\n{Hung}\n{Hung.Replace("Nguyễn Văn Hùng", quoted ? $"\"{name}\"" : name, StringComparison.Ordinal)}\n"));

        file.Rows.ShouldBeEmpty();
        var error = file.Errors.ShouldHaveSingleItem();
        (error.RowNumber, error.Column, error.Code).ShouldBe((3, C.FullName, CsvRollReader.CellTooLong));
        // Excel's own limit itself is read.
        RollReader.Read(Utf8($"{Header}\n{Hung.Replace("Nguyễn Văn Hùng", name[1..], StringComparison.Ordinal)}\n")).Errors.ShouldBeEmpty();
    }

    [Fact]
    public void empty_rows_are_skipped_and_later_rows_keep_their_numbers()
    {
        var file = RollReader.Read(Utf8($"{Header}\n\n{Hung}\n,,,,,,\n   \n"));

        SingleRow(file).RowNumber.ShouldBe(3);
    }

    [Fact]
    public void a_stray_quote_in_a_field_is_refused_on_its_row_and_column_instead_of_swallowing_the_rows_after_it()
    {
        var file = RollReader.Read(Utf8($"{Header}\n{Hung}\n{Hung.Replace("Nam,", "Nam\",", StringComparison.Ordinal)}\n{Hung}\n"));

        file.Rows.ShouldBeEmpty();
        var error = file.Errors.ShouldHaveSingleItem();
        (error.RowNumber, error.Column, error.Code).ShouldBe((3, C.Sex, CsvRollReader.UnclosedQuote));
    }

    [Fact]
    public void the_separator_is_the_one_the_header_line_uses_even_when_values_hold_commas()
    {
        var header = Header.Replace(",", ";", StringComparison.Ordinal) + ";Nơi sinh";
        var row = SingleRow(RollReader.Read(Utf8($"{header}\n{Hung.Replace(",", ";", StringComparison.Ordinal)};Phúc Xá, Ba Đình\n")));

        row.Cells[C.PlaceOfBirth].ShouldBe("Phúc Xá, Ba Đình");
        CsvRollReader.Separator("a\tb\tc,d\n").Separator.ShouldBe('\t');
    }
}
