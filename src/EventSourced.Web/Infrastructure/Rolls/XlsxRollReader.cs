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
    /// With <paramref name="formulaValues"/> a formula cell gives the value Excel last computed (reconciliation's rolls),
    /// and <c>notices</c> is given <see cref="RollReader.FormulaValuesRead"/>.
    /// Rows Excel hides are read like the others (a filter or a hand hides members too), and <c>notices</c> is given
    /// <see cref="RollReader.HiddenRowsRead"/> when one holds a value (decision 0050).
    /// </summary>
    public static IEnumerable<RollRawRow> Read(byte[] bytes, int maxRows, List<string>? notices = null, List<RollSheet>? everySheet = null, bool formulaValues = false)
    {
        var defaults = XlsxLimits.Default;
        var limits = defaults with { MaxRows = maxRows, MaxRowNumber = Math.Max(defaults.MaxRowNumber, maxRows * 2), FormulaValues = formulaValues };
        var hiddenSaid = false;
        var formulasSaid = false;
        foreach (var row in XlsxSheetReader.Read(bytes, limits, notices is null ? null : () => notices.Add(RollReader.OtherSheetsNotRead), everySheet))
        {
            if (row.Hidden && !hiddenSaid && notices is not null && row.Cells.Any(c => c is not null && !(c is string text && string.IsNullOrWhiteSpace(text))))
            {
                notices.Add(RollReader.HiddenRowsRead);
                hiddenSaid = true;
            }

            if (row.FormulaValues && !formulasSaid && notices is not null)
            {
                notices.Add(RollReader.FormulaValuesRead);
                formulasSaid = true;
            }

            yield return new RollRawRow(row.Number, row.Cells, row.Sheet);
        }
    }
}
