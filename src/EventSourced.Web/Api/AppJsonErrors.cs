using System.Globalization;
using System.Text.Json;

namespace EventSourced.Web.Api;

/// <summary>
/// What the app is told about a body it sent that System.Text.Json could not read: where (the JSON path, line and
/// byte) and what kind of fault, never the serializer's own message, which names the server's .NET types
/// ("could not be converted to System.Nullable`1[EventSourced.Domain…]").
/// </summary>
public static class AppJsonErrors
{
    public static string Describe(JsonException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var where = string.Create(CultureInfo.InvariantCulture, $"{e.Path ?? "$"} (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})");
        // A well-formed value of the wrong type has a path into the body; a syntax error stops the reader itself.
        return e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? $"the value at {where} is not of the type this field takes"
            : $"the body is not well-formed JSON at {where}";
    }
}
