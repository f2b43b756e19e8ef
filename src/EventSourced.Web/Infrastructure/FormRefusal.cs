using System.Text.Encodings.Web;
using EventSourced.Domain.Common;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Infrastructure;

/// <summary>Why a form was not recorded, in the order a page checks: its input, the user's right, the rules, the record's version.</summary>
public enum RefusalKind
{
    /// <summary>The form's own input is wrong (a date that is not a date, a code that names no unit); nothing was sent.</summary>
    Invalid,

    /// <summary>The user may not do this on the units the command touches; nothing was sent.</summary>
    Denied,

    /// <summary>A business rule refused the command.</summary>
    Rule,

    /// <summary>Someone changed the record after the form was opened.</summary>
    Stale,

    /// <summary>This same form was already recorded (sent twice, or two clicks at once).</summary>
    AlreadyRecorded,
}

/// <summary>
/// One reason a form was refused: the rule's code (a resource key, rendered as <c>data-rule</c> so tests
/// assert codes, not wording), its sentence in the user's language, and the form field it is about
/// when that is known.
/// </summary>
public sealed record FormError(string Code, string Message, string? Field = null);

/// <summary>
/// Why a form was not recorded, with every error found. Every form page shows it the same way
/// (<see cref="FormPage.RefuseAsync"/>, <c>Shared/_FormErrors.cshtml</c>): 422, all errors in the summary
/// and each beside its field, the user's input kept in the form. Nothing was written.
/// </summary>
public sealed record Refusal(RefusalKind Kind, IReadOnlyList<FormError> Errors)
{
    /// <summary>The record moved on under the form: the page shows it as it is now, with its current version.</summary>
    public bool Stale => Kind is RefusalKind.Stale or RefusalKind.AlreadyRecorded;

    public static Refusal Of(RefusalKind kind, string code, string message, string? field = null) => new(kind, [new FormError(code, message, field)]);
}

/// <summary>
/// The one refusal path of the form pages: what their input got wrong, the refusals a command comes back
/// with, and how either is shown. Page models call these instead of catching exceptions themselves, so
/// an invalid, refused, stale or repeated form answers the same everywhere.
/// </summary>
public static class FormPage
{
    /// <summary>Where the page's refusal waits for <c>Shared/_FormErrors.cshtml</c> and <see cref="FieldErrors"/>.</summary>
    public const string RefusalKey = "FormRefusal";

    /// <summary>The code shown for a value the form could not read and the binder gave no rule for (a number that is not one).</summary>
    public const string ValueInvalid = "Form.ValueInvalid";

    /// <summary>
    /// Every error the binding of the form found, each on its field. Binders in this app record a
    /// resource key (<c>Date.Invalid</c>); MVC's own messages (English, about a value it could not
    /// convert) become <see cref="ValueInvalid"/>.
    /// </summary>
    public static List<FormError> InputErrors(this PageModel page, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<FormError>();
        foreach (var (field, entry) in page.ModelState)
        {
            foreach (var error in entry.Errors)
            {
                var known = !string.IsNullOrEmpty(error.ErrorMessage) && !text[error.ErrorMessage].ResourceNotFound;
                var code = known ? error.ErrorMessage : ValueInvalid;
                errors.Add(new FormError(code, text[code], FieldName(field)));
            }
        }

        return [.. errors.DistinctBy(e => (e.Code, e.Field))];
    }

    /// <summary>An error the page found in its own input before sending anything (a unit code that names no unit).</summary>
    public static FormError Error(this IStringLocalizer text, string code, string? field, params object[] arguments) =>
        new(code, text[code, arguments], field);

    /// <summary>The page's own check of its input failed (one error): nothing is sent.</summary>
    public static Refusal Invalid(this IStringLocalizer text, string code, string? field, params object[] arguments) =>
        new(RefusalKind.Invalid, [text.Error(code, field, arguments)]);

    /// <summary>
    /// Shows <paramref name="refusal"/> on the page and answers 422. A stale or repeated form first
    /// reloads the record (<paramref name="reload"/>) so the form carries the fresh version; the user's
    /// entries stay in the fields either way. A refusal the double-submit probe
    /// (<paramref name="recordedMeanwhile"/>) explains — this same form was recorded by an earlier
    /// post — says "already recorded" instead of the rule or conflict the late post ran into.
    /// </summary>
    public static async Task<IActionResult> RefuseAsync(this PageModel page, Refusal refusal, IStringLocalizer text, Func<Task>? reload = null, Func<Task<bool>>? recordedMeanwhile = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(text);
        if (refusal.Kind is RefusalKind.Rule or RefusalKind.Stale or RefusalKind.AlreadyRecorded && recordedMeanwhile is not null && await recordedMeanwhile())
        {
            refusal = AlreadyRecorded(text);
        }

        if (refusal.Stale && reload is not null)
        {
            // A field bound through model state would otherwise show the posted version, and the next send would be stale again.
            page.ModelState.Remove("ExpectedVersion");
            await reload();
        }

        return page.Refuse(refusal);
    }

    /// <summary>Shows <paramref name="refusal"/> on the page as it stands and answers 422.</summary>
    public static PageResult Refuse(this PageModel page, Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(page);
        Show(page, refusal);
        page.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return page.Page();
    }

    /// <summary>Puts a message on the page without changing the status (a notice when the form is first shown).</summary>
    public static void Show(this PageModel page, Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.ViewData[RefusalKey] = refusal;
    }

    /// <summary>What every repeated submission says, whichever form it was.</summary>
    public static Refusal AlreadyRecorded(IStringLocalizer text) =>
        Refusal.Of(RefusalKind.AlreadyRecorded, "Form.AlreadyRecorded", text["Form.AlreadyRecorded"]);

    /// <summary>The refusal shown on the page, if any.</summary>
    public static Refusal? RefusalOf(ViewDataDictionary viewData) => viewData?[RefusalKey] as Refusal;

    /// <summary>
    /// The errors about one field, rendered beside it (the summary above the form lists them too). On a
    /// page with several forms posting the same field name, <paramref name="handler"/> names the form's
    /// handler, so the message appears only beside the form that was sent.
    /// </summary>
    public static IHtmlContent FieldErrors(this IHtmlHelper html, string field, string? handler = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (RefusalOf(html.ViewData) is not { } refusal
            || (handler is not null && !string.Equals(html.ViewContext.HttpContext.Request.Query["handler"], handler, StringComparison.OrdinalIgnoreCase)))
        {
            return HtmlString.Empty;
        }

        var content = new HtmlContentBuilder();
        foreach (var error in refusal.Errors.Where(e => string.Equals(e.Field, field, StringComparison.Ordinal)))
        {
            content.AppendHtml($"<small class=\"field-error\" data-rule=\"{HtmlEncoder.Default.Encode(error.Code)}\" data-field=\"{HtmlEncoder.Default.Encode(field)}\">");
            content.Append(error.Message);
            content.AppendHtml("</small>");
        }

        return content;
    }

    /// <summary>
    /// The form field a rule is about, when the code says so: values the register holds once, and the
    /// admission rules' fields. A refusal about another register entry (<see cref="RuleViolation.About"/>)
    /// is one found by the citizen ID.
    /// </summary>
    public static string? FieldOf(RuleViolation violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        return violation.Code switch
        {
            "Register.CitizenIdTaken" or "Member.CitizenIdPlaceholder" => "CitizenId",
            "Register.CardNumberTaken" or "Member.CardNumberInvalid" or "Member.CardNumberRequired" => "CardNumber",
            "Member.NameRequired" => "FullName",
            "Member.SexInvalid" => "Sex",
            "Member.DateOfBirthInvalid" or "Member.TooYoung" => "DateOfBirth",
            "Member.PhoneInvalid" => "Phone",
            "Member.DecisionNumberRequired" or "Member.DecisionNumberTooLong" => "DecisionNumber",
            "Member.CeremonyBeforeDecision" => "CeremonyDate",
            "Reconciliation.NameRequired" or "Reconciliation.NameTooLong" => "Name",
            "Reconciliation.ReferenceDateInFuture" or "Reconciliation.FoundedAfterReferenceDate" or "Reconciliation.UnitClosedByReferenceDate" => "ReferenceDate",
            "Reconciliation.DeadlineNotAfterReferenceDate" => "Deadline",
            "Reconciliation.DecisionReferenceRequired" or "Reconciliation.DecisionReferenceTooLong" => "DecisionReference",
            "Reconciliation.UnitNotActive" or "Reconciliation.UnitNotCommittee" => "UnitCode",
            _ when violation.About is not null => "CitizenId",
            _ => null,
        };
    }

    /// <summary>"Profile.FullName" and "FullName" are the same field on the page: forms post plain names.</summary>
    private static string? FieldName(string key) =>
        key.Length == 0 ? null : key[(key.LastIndexOf('.') + 1)..];
}
