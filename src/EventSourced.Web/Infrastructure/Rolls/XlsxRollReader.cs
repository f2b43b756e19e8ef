namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// The rows of an XLSX roll's first sheet, streamed by <see cref="XlsxSheetReader"/> under its
/// limits, the row limit being the caller's. Typed cells come through as they are (numbers, dates,
/// booleans) so the cleaning can tell a citizen ID typed as a number from one typed as text.
/// </summary>
public static class XlsxRollReader
{
    /// <summary>
    /// <c>notices</c> is given <see cref="RollReader.OtherSheetsNotRead"/> when a sheet after the roll holds values
    /// too; with <paramref name="everySheet"/> every visible sheet with a value is read (decision 0048).
    /// </summary>
    public static IEnumerable<RollRawRow> Read(byte[] bytes, int maxRows, List<string>? notices = null, List<RollSheet>? everySheet = null)
    {
        var defaults = XlsxLimits.Default;
        var limits = defaults with { MaxRows = maxRows, MaxRowNumber = Math.Max(defaults.MaxRowNumber, maxRows * 2) };
        return XlsxSheetReader.Read(bytes, limits, notices is null ? null : () => notices.Add(RollReader.OtherSheetsNotRead), everySheet)
            .Select(row => new RollRawRow(row.Number, row.Cells, row.Sheet));
    }
}
