namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Response headers every page gets: a content security policy with no inline script or style
/// (htmx and the page scripts are files under wwwroot), no framing, no MIME sniffing, no referrer
/// leaks, and HSTS outside Development.
/// </summary>
public static class SecurityHeaders
{
    public static HeaderPolicyCollection Policy(bool development)
    {
        var policy = new HeaderPolicyCollection()
            .AddFrameOptionsDeny()
            .AddContentTypeOptionsNoSniff()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .RemoveServerHeader()
            .AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                csp.AddScriptSrc().Self();
                csp.AddStyleSrc().Self();
                csp.AddImgSrc().Self().Data();
                csp.AddConnectSrc().Self();
                csp.AddFontSrc().Self();
                csp.AddObjectSrc().None();
                csp.AddFormAction().Self();
                csp.AddFrameAncestors().None();
                csp.AddBaseUri().Self();
            });
        if (!development)
        {
            policy.AddStrictTransportSecurityMaxAge();
        }

        return policy;
    }
}
