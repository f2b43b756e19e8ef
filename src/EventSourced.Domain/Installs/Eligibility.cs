using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Installs;

/// <summary>Mark a member not eligible for the app (no smartphone, say); the reason is required.</summary>
public sealed record MarkNotEligible(Guid MemberId, int ExpectedVersion, string Reason, LocalDate EffectiveDate);

/// <summary>Undo a <see cref="MarkNotEligible"/>: the member is expected to use the app again.</summary>
public sealed record RestoreEligibility(Guid MemberId, int ExpectedVersion, LocalDate EffectiveDate);

public static class EligibilityHandler
{
    public static MarkedNotEligible Decide(MarkNotEligible command, MemberAppUsage usage, LocalDate today)
    {
        if (usage.NotEligibleReason is not null)
        {
            throw new RuleViolation("Install.AlreadyNotEligible");
        }

        var reason = Input.Required(command.Reason, TextLimits.Reason, "Install.Reason");
        InstallRules.NotInFuture(command.EffectiveDate, today);
        // Periods must not overlap, or "eligible on a date" would depend on which one is read first.
        if (usage.NotEligiblePeriods.Count > 0 && usage.NotEligiblePeriods[^1].To is { } restored && command.EffectiveDate < restored)
        {
            throw new RuleViolation("Install.DateBeforeLastChange", restored);
        }

        return new MarkedNotEligible(reason, command.EffectiveDate);
    }

    public static EligibilityRestored Decide(RestoreEligibility command, MemberAppUsage usage, LocalDate today)
    {
        if (usage.NotEligibleReason is null)
        {
            throw new RuleViolation("Install.NotMarkedNotEligible");
        }

        InstallRules.NotInFuture(command.EffectiveDate, today);
        var since = usage.NotEligiblePeriods[^1].From;
        return command.EffectiveDate < since
            ? throw new RuleViolation("Install.RestoredBeforeMarked", since)
            : new EligibilityRestored(command.EffectiveDate);
    }

    public static async Task Handle(MarkNotEligible command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var (stream, usage) = await InstallRules.FetchAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, usage, VietnamTime.Today(clock)));
    }

    public static async Task Handle(RestoreEligibility command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var (stream, usage) = await InstallRules.FetchAsync(session, command.MemberId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, usage, VietnamTime.Today(clock)));
    }
}
