namespace EventSourced.Web.Infrastructure.Rolls;

/// <summary>
/// The rows with a value a reader has given, the header among them, as the XLSX reader counts them: the
/// row past <c>maxRows</c> + 1 is refused with the same reason in every format.
/// </summary>
internal sealed class RollRowLimit(int maxRows)
{
    public int Filled { get; private set; }

    /// <summary>A row without a value (a cell of only spaces is none, as the roll's reader sees it): not counted, not given.</summary>
    public static bool IsEmpty(IEnumerable<object?> cells) => cells.All(c => c is null || (c is string text && string.IsNullOrWhiteSpace(text)));

    /// <summary>Counts a row with a value; refuses the one past the limit.</summary>
    public void Count()
    {
        if (++Filled > maxRows + 1)
        {
            throw new XlsxRefusedException("Import.TooManyRows", maxRows);
        }
    }
}
