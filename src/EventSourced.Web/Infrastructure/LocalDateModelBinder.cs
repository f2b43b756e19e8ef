using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using NodaTime;
using NodaTime.Text;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Binds business dates from forms and query strings: ISO (yyyy-MM-dd, what a date input sends)
/// or the Vietnamese dd/MM/yyyy that people type. Anything else is a model error in the user's terms.
/// </summary>
public sealed class LocalDateModelBinder : IModelBinder
{
    private static readonly LocalDatePattern[] Patterns =
    [
        LocalDatePattern.Iso,
        LocalDatePattern.CreateWithInvariantCulture("dd/MM/yyyy"),
        LocalDatePattern.CreateWithInvariantCulture("d/M/yyyy"),
    ];

    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
        var text = value.FirstValue?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return Task.CompletedTask;
        }

        if (TryParse(text) is { } date)
        {
            bindingContext.Result = ModelBindingResult.Success(date);
        }
        else
        {
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, "Date.Invalid");
        }

        return Task.CompletedTask;
    }

    public static LocalDate? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var pattern in Patterns)
        {
            var result = pattern.Parse(text.Trim());
            if (result.Success && InRange(result.Value))
            {
                return result.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The dates the register takes: nothing of it happened before 1900 or is planned after 2200, and
    /// beyond those a date may not survive the way to PostgreSQL (year 0 or before, 9999-12-31 plus a day).
    /// </summary>
    public static bool InRange(LocalDate date) => date.Year is >= 1900 and <= 2200;

    public static string Format(LocalDate date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Iso(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public sealed class LocalDateModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(LocalDate) || context.Metadata.ModelType == typeof(LocalDate?)
            ? new LocalDateModelBinder()
            : null;
}
