using System.Globalization;
using System.Net;
using EventSourced.Domain.Common;
using EventSourced.Web.Infrastructure;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// The application's own text for a resource key, read from <c>Resources/SharedResource*.resx</c>,
/// so a test says which message it expects and a reworded message changes in one place.
/// </summary>
public static class Texts
{
    private static readonly IStringLocalizer Localizer = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }),
        NullLoggerFactory.Instance).Create(typeof(SharedResource));

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>
    /// The Vietnamese text (the default language) for <paramref name="key"/>, its arguments formatted
    /// as the application formats a refusal's: dates as dd/MM/yyyy, enum values by their own keys.
    /// </summary>
    public static string Vi(string key, params object[] arguments) => In(Vietnamese, key, arguments);

    /// <summary>The Vietnamese text for <paramref name="key"/>, or null when the resource files have no such key.</summary>
    public static string? ViOrNull(string key) =>
        InCulture(Vietnamese, () => Localizer[key] is { ResourceNotFound: false } text ? text.Value : null);

    /// <summary>The English text for <paramref name="key"/>, for the pages shown in English.</summary>
    public static string En(string key, params object[] arguments) => In(English, key, arguments);

    /// <summary>
    /// The page shows <paramref name="text"/>: compared after HTML decoding, since the page encodes
    /// quotes and ampersands that the resource holds plainly.
    /// </summary>
    public static void ShouldShow(this string html, string text) => WebUtility.HtmlDecode(html).ShouldContain(text, Case.Sensitive);

    private static string In(CultureInfo culture, string key, object[] arguments) => InCulture(culture, () =>
    {
        if (Localizer[key].ResourceNotFound)
        {
            throw new KeyNotFoundException($"No resource \"{key}\" in SharedResource.resx.");
        }

        // Arguments go through the very code that formats a refusal's for the page.
        return arguments.Length == 0 ? Localizer[key] : Localizer.Describe(new RuleViolation(key, arguments));
    });

    /// <summary>The localizer reads the thread's UI culture, as the application's request localization sets it.</summary>
    private static T InCulture<T>(CultureInfo culture, Func<T> read)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = culture;
        try
        {
            return read();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }
}
