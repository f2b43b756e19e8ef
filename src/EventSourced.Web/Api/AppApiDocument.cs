using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using NodaTime;

namespace EventSourced.Web.Api;

/// <summary>
/// The OpenAPI document (/openapi/v1.json) describes the app's API only: the back office's pages
/// and staff endpoints are not a contract with anyone outside. Each endpoint describes itself where
/// it is mapped; what is set here concerns the document as a whole.
/// </summary>
public static class AppApiDocument
{
    public const string Tag = "Handbook app · Ứng dụng Sổ tay";

    public static void Describe(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/app/", StringComparison.OrdinalIgnoreCase) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Sổ tay đảng viên — API cho ứng dụng",
                Version = "v1",
                Description = "The members' handbook app: sign in with a member credential (POST /api/app/token), then call the other endpoints with Authorization: Bearer <accessToken>. See docs/mobile-api.md.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[MemberAppAuthentication.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = $"The access token from POST /api/app/token (valid {Minutes(MemberAppAuthentication.Lifetime)}).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var needsToken = context.Description.ActionDescriptor.EndpointMetadata
                .OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>()
                .Any(a => a.AuthenticationSchemes?.Contains(MemberAppAuthentication.SchemeName, StringComparison.Ordinal) == true);
            if (needsToken)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(MemberAppAuthentication.SchemeName, context.Document)] = [] });
            }

            return Task.CompletedTask;
        });
        DescribeNodaTime(options);
    }

    /// <summary>
    /// NodaTime values are written by their own JSON converters, which the schema generator cannot
    /// see through: say what they look like on the wire (every document of the application).
    /// </summary>
    public static void DescribeNodaTime(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type == typeof(LocalDate) || type == typeof(Instant))
            {
                // Nullability is the referencing property's business (oneOf null and the reference).
                schema.Type = JsonSchemaType.String;
                schema.Format = type == typeof(LocalDate) ? "date" : "date-time";
                schema.Properties?.Clear();
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>"15 minutes", for the descriptions: stated from the value that is enforced.</summary>
    public static string Minutes(TimeSpan span) => Count(span.TotalMinutes, "minute");

    /// <summary>"30 days", for the descriptions: stated from the value that is enforced.</summary>
    public static string Days(Duration span) => Count(span.TotalDays, "day");

    private static string Count(double value, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {unit}{(value == 1 ? string.Empty : "s")}");
}
