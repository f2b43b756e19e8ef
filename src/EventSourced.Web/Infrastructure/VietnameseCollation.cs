using System.Globalization;

namespace EventSourced.Web.Infrastructure;

/// <summary>Sorts names the Vietnamese way (ICU's vi collation: a, ă, â, b, c, d, đ, e, ê, ...).</summary>
public static class VietnameseCollation
{
    public static readonly StringComparer Comparer = StringComparer.Create(new CultureInfo("vi-VN"), CompareOptions.IgnoreCase);
}
