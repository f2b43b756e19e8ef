using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventSourced.Web.Api;

/// <summary>
/// The data centre's OpenAPI document (/openapi/exchange-v1.json): the /api/v1 endpoints only, with
/// the API key scheme. Versioned by its path: a change that breaks a caller gets /api/v2.
/// </summary>
public static class ExchangeApiDocument
{
    public const string Name = "exchange-v1";

    public static void Describe(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.OrdinalIgnoreCase) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Quản lý đảng viên — API trao đổi với Trung tâm dữ liệu",
                Version = "v1",
                Description = $"The city data centre's exchange: the organisation tree, the member register and the statistics of a key's subtree as of a date, and the changes since a cursor. Send the key in the {ApiKeyAuthentication.HeaderName} header. Every call is recorded. See docs/data-centre-api.md.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthentication.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthentication.HeaderName,
                Description = "A key created by the administrator (Users › API keys); its secret is shown once.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, document)] = [] });
            return Task.CompletedTask;
        });
        AppApiDocument.DescribeNodaTime(options);
    }
}
