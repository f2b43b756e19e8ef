namespace EventSourced.Web.Pages.Organisations;

/// <summary>A field naming another unit by its code, with suggestions as the user types.</summary>
public sealed record UnitPickerModel(string Field, string Label, string? Value);
