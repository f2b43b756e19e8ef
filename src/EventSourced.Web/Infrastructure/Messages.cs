using System.Globalization;
using EventSourced.Domain.Common;
using Marten;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Infrastructure;

/// <summary>Turns refusals and stale-form conflicts into sentences in the user's language.</summary>
public static class Messages
{
    /// <summary>
    /// The refusal without naming any other member it points at (<see cref="RuleViolation.About"/>).
    /// A refusal about another register entry says only that the person is in the register: whether
    /// they are a member now or were one before (left, removed, expelled) is itself about that person.
    /// </summary>
    public static string Describe(this IStringLocalizer text, RuleViolation violation) =>
        violation.About is not null
            ? text["Register.PersonInRegister"]
            : text[violation.Code, violation.Arguments.Select(a => Argument(text, a)).ToArray()];

    /// <summary>
    /// The refusal as this user may read it: a person already in the register is named (key
    /// "{code}.Named") only when the user may see that member's cell; anyone else learns that the
    /// person is in the register, never who or where.
    /// </summary>
    public static async Task<string> DescribeAsync(this IStringLocalizer text, RuleViolation violation, CurrentUser user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(violation);
        ArgumentNullException.ThrowIfNull(user);
        if (violation.About is { } entry && await user.CanAsync(Domain.Accounts.Permission.ViewMembers, entry.CellId, ct))
        {
            return text[violation.Code + ".Named", [entry.Name, .. violation.Arguments.Select(a => Argument(text, a))]];
        }

        return text.Describe(violation);
    }

    /// <summary>"Changed by X at T": who last wrote the stream the user's form was based on.</summary>
    public static async Task<string> StaleAsync(this IStringLocalizer text, IQuerySession session, Guid streamId, CancellationToken ct = default)
    {
        var events = await session.Events.FetchStreamAsync(streamId, token: ct);
        if (events.Count == 0)
        {
            return text["Stale.Unknown"];
        }

        var last = AuditEntry.From(events[^1]);
        return text["Stale.ChangedBy", last.RecordedBy.DisplayName ?? last.RecordedBy.UserName ?? "?", DisplayTime(last.RecordedAt)];
    }

    public static string DisplayTime(Instant instant) =>
        instant.InZone(VietnamTime.Zone).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string DisplayDate(LocalDate? date) => date is { } d ? LocalDateModelBinder.Format(d) : string.Empty;

    /// <summary>A notification's arguments as its message shows them: ISO dates as the user reads dates, the rest as stored.</summary>
    public static object[] NotificationArguments(Domain.Notifications.StaffNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return [.. notification.Arguments.Select(a => (object)(NodaTime.Text.LocalDatePattern.Iso.Parse(a) is { Success: true } d ? DisplayDate(d.Value) : a))];
    }

    /// <summary>Enum values are shown through the resource key "TypeName.Value".</summary>
    public static string Name(this IStringLocalizer text, Enum value) => text[$"{value.GetType().Name}.{value}"];

    private static object Argument(IStringLocalizer text, object argument) => argument switch
    {
        LocalDate date => LocalDateModelBinder.Format(date),
        Enum value => text.Name(value),
        // A member event named by a refusal (decision 0019), by its type.
        Type type => text[$"MemberEventName.{type.Name}"],
        _ => argument,
    };
}
