using EventSourced.Web.Infrastructure.Rolls;
using static EventSourced.Web.Tests.Infrastructure.Rolls.RollSamples;
using C = EventSourced.Domain.Members.ImportColumns;

namespace EventSourced.Web.Tests.Infrastructure.Rolls;

/// <summary>Cells as people type and paste them: stray and non-breaking spaces, numbers that lost their leading zeros.</summary>
public sealed class RollValuesTests
{
    [Theory]
    [InlineData("  Nguyễn   Văn\tHùng  ", "Nguyễn Văn Hùng")]
    [InlineData("Nguyễn\u00A0Văn\u202FHùng\u00A0", "Nguyễn Văn Hùng")]
    [InlineData("\u200BNguyễn Văn Hùng\uFEFF", "Nguyễn Văn Hùng")]
    [InlineData("Làng Đông\r\nxã Tây", "Làng Đông\r\nxã Tây")]
    [InlineData(" \u00A0\t ", null)]
    [InlineData("", null)]
    public void cells_are_trimmed_with_their_inner_whitespace_collapsed(string typed, string? read)
    {
        RollValues.Clean(typed).ShouldBe(read);
    }

    [Fact]
    public void stray_whitespace_in_a_csv_is_gone_from_every_cell()
    {
        var row = SingleRow(RollReader.Read(Utf8($"{Header}\n  Nguyễn\u00A0 Văn  Hùng ,  Nam ,15/06/1985 , 001085012345 ,BD.PX.01,12-QĐ/ĐU,02/03/2015\n")));

        row.Cells[C.FullName].ShouldBe("Nguyễn Văn Hùng");
        row.Cells[C.Sex].ShouldBe("Nam");
        row.Cells[C.CitizenId].ShouldBe("001085012345");
    }

    [Theory]
    [InlineData("79085012345", "079085012345")]
    [InlineData("1085012345", "001085012345")]
    [InlineData("001085012345", "001085012345")]
    [InlineData("012345678", "012345678")]
    [InlineData("123456789", "123456789")]
    public void a_citizen_id_that_lost_its_leading_zeros_gets_them_back_and_an_old_9_digit_id_is_kept(string written, string read)
    {
        var row = SingleRow(RollReader.Read(Utf8($"{Header}\n{Hung.Replace("001085012345", written, StringComparison.Ordinal)}\n")));

        row.Cells[C.CitizenId].ShouldBe(read);
    }

    [Fact]
    public void a_citizen_id_or_phone_stored_as_a_spreadsheet_number_is_written_with_its_zeros()
    {
        RollValues.Text(C.CitizenId, 79085012345d).ShouldBe("079085012345");
        RollValues.Text(C.CitizenId, 123456789d).ShouldBe("123456789");
        RollValues.Text(C.Phone, 912345678d).ShouldBe("0912345678");
        RollValues.Text(C.FullName, 12d).ShouldBe("12");
    }
}
