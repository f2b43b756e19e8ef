using System.Text;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Offline sites (decision 0023). At the centre: the key every site's key is derived from
/// (<c>Sites:CentreKey</c>), the centre's name written into packages and after how many days without
/// a batch a site is listed as late. At a site (<c>Site:Mode=Offline</c>): the grassroots organisation
/// it serves (<c>Site:Unit</c>, its code) and the site key staff above it were given (<c>Site:Key</c>, hex).
/// </summary>
public sealed record SiteSettings(bool Offline, string? UnitCode, byte[]? SiteKey, byte[]? CentreKey, string CentreName, int StaleAfterDays)
{
    /// <summary>Development and tests sign with a known key; production must configure its own.</summary>
    public const string DevelopmentCentreKey = "development-centre-key-not-for-production";

    public static SiteSettings FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var centreKey = configuration["Sites:CentreKey"];
        if (string.IsNullOrEmpty(centreKey) && !environment.IsProduction())
        {
            centreKey = DevelopmentCentreKey;
        }

        var siteKey = configuration["Site:Key"];
        return new SiteSettings(
            string.Equals(configuration["Site:Mode"], "Offline", StringComparison.OrdinalIgnoreCase),
            configuration["Site:Unit"],
            string.IsNullOrEmpty(siteKey) ? null : Convert.FromHexString(siteKey),
            string.IsNullOrEmpty(centreKey) ? null : Encoding.UTF8.GetBytes(centreKey),
            configuration["Sites:CentreName"] ?? "Thành ủy Hà Nội",
            configuration.GetValue("Sites:StaleAfterDays", 14));
    }

    public byte[] RequireCentreKey() => CentreKey ?? throw new Domain.Common.RuleViolation("Site.NoCentreKey");

    public byte[] RequireSiteKey() => SiteKey ?? throw new Domain.Common.RuleViolation("Site.NoSiteKey");
}
