using System.Globalization;
using EventSourced.Domain.Installs.Rollout;

namespace EventSourced.Web.Infrastructure;

/// <summary>A bar of a chart: its label, value, and the box it is drawn in.</summary>
public sealed record ChartBar(string Label, decimal Value, double X, double Y, double Width, double Height);

/// <summary>
/// Geometry for the server-drawn SVG charts (the rollout dashboard, the statistics), kept out of the markup so the page only
/// places shapes. Every chart is drawn from the same numbers as the table beside it.
/// </summary>
public static class RolloutCharts
{
    // Vietnamese letters as they are, as on every other page; only markup characters are escaped.
    private static readonly System.Text.Encodings.Web.HtmlEncoder Encoder = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public const double Width = 640;
    public const double Height = 240;
    public const double Left = 56;
    public const double Right = 16;
    public const double Top = 16;
    public const double Bottom = 28;

    /// <summary>
    /// An SVG text element, written out here because Razor reserves the &lt;text&gt; tag for itself.
    /// The content is HTML-encoded like any other output.
    /// </summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent Label(double x, double y, string content, string anchor = "start") =>
        new Microsoft.AspNetCore.Html.HtmlString(
            $"<text x=\"{F(x)}\" y=\"{F(y)}\" class=\"axis\" text-anchor=\"{anchor}\">{Encoder.Encode(content)}</text>");

    public static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The largest value the y axis must show, rounded up to a tidy number.</summary>
    public static int AxisMax(IEnumerable<int> values)
    {
        var max = Math.Max(1, values.DefaultIfEmpty(0).Max());
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(s => s * magnitude).First(s => s * 4 >= max);
        return (int)Math.Ceiling(step * 4);
    }

    /// <summary>The polyline of installed members over time, scaled into the plot area.</summary>
    public static string Line(IReadOnlyList<InstallsOnDay> series, int axisMax)
    {
        if (series.Count == 0)
        {
            return string.Empty;
        }

        var plotWidth = Width - Left - Right;
        var step = series.Count > 1 ? plotWidth / (series.Count - 1) : 0;
        return string.Join(' ', series.Select((p, i) => $"{F(Left + (i * step))},{F(Y(p.Installed, axisMax))}"));
    }

    /// <summary>The y coordinate of a value on an axis from 0 to <paramref name="axisMax"/>.</summary>
    public static double Y(double value, double axisMax) =>
        Top + ((Height - Top - Bottom) * (1 - (Math.Min(value, axisMax) / axisMax)));

    /// <summary>Horizontal bars for ratios from 0 to 1, one row each.</summary>
    public static IReadOnlyList<ChartBar> RatioBars(IEnumerable<(string Label, decimal Ratio)> rows, double rowHeight = 18)
    {
        var plotWidth = Width - 200 - Right;
        return [.. rows.Select((r, i) => new ChartBar(r.Label, r.Ratio, 200, Top + (i * rowHeight), plotWidth * (double)Math.Clamp(r.Ratio, 0m, 1m), rowHeight - 4))];
    }

    /// <summary>Vertical bars for counts.</summary>
    public static IReadOnlyList<ChartBar> CountBars(IEnumerable<(string Label, int Count)> columns)
    {
        var list = columns.ToList();
        var axisMax = Math.Max(1, list.Select(c => c.Count).DefaultIfEmpty(0).Max());
        var slot = (Width - Left - Right) / Math.Max(1, list.Count);
        return [.. list.Select((c, i) =>
        {
            var y = Y(c.Count, axisMax);
            return new ChartBar(c.Label, c.Count, Left + (i * slot) + (slot * 0.2), y, slot * 0.6, Height - Bottom - y);
        })];
    }
}
