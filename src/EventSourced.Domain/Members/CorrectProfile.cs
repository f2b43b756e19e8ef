using EventSourced.Domain.Common;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>
/// Correct one profile field, saying why; the old value stays in the event. The correction takes
/// effect on <paramref name="EffectiveDate"/> (a name changed by a court decision on a past date),
/// today when none is given.
/// </summary>
public sealed record CorrectProfile(Guid MemberId, int ExpectedVersion, string Field, string? NewValue, string Reason, LocalDate? EffectiveDate = null);

public static class CorrectProfileHandler
{
    public static ProfileCorrected Decide(CorrectProfile command, Member member, LocalDate today)
    {
        if (!MemberProfileFields.All.Contains(command.Field))
        {
            throw new RuleViolation("Member.UnknownField", command.Field);
        }

        var reason = MemberRules.Reason(command.Reason);
        var value = MemberProfileFields.Clean(command.Field, command.NewValue);
        if (command.Field == MemberProfileFields.DateOfBirth && NodaTime.Text.LocalDatePattern.Iso.Parse(value!).Value is var born)
        {
            if (born > today)
            {
                throw new RuleViolation("Member.DateOfBirthInvalid");
            }

            // Admitted at 18 at least, as the admission checked: a corrected date of birth may not make the member
            // younger than that on the admission decision (a record already irregular is not made to fail for it).
            static int AgeOn(LocalDate birth, LocalDate on) => Period.Between(birth, on, PeriodUnits.Years).Years;
            var decided = member.Periods.Count > 0 ? member.Periods[0].From : member.Admission.Date;
            if (decided != default && AgeOn(born, decided) < AdmitMemberHandler.MinimumAge && AgeOn(member.Profile.DateOfBirth, decided) >= AdmitMemberHandler.MinimumAge)
            {
                throw new RuleViolation("Member.TooYoung", AdmitMemberHandler.MinimumAge);
            }
        }

        var effective = command.EffectiveDate ?? today;
        MemberRules.NotInFuture(effective, today);
        if (effective < member.Profile.DateOfBirth)
        {
            throw new RuleViolation("Member.DateBeforeBirth");
        }

        // Folded by date, a correction dated before a later one of the same field would be overwritten by it.
        var latest = member.History
            .Where(h => h.Event is ProfileCorrected c && c.Field == command.Field && !member.RescindedEntries.Contains(h.Version))
            .Select(h => (LocalDate?)h.Event.EffectiveDate)
            .Max();
        if (latest is { } later && effective < later)
        {
            throw new RuleViolation("Member.CorrectionBeforeLaterOne", later);
        }

        var old = MemberProfileFields.Read(member.Profile, command.Field);
        return old == value
            ? throw new RuleViolation("Member.NothingChanged")
            : new ProfileCorrected(command.Field, old, value, reason, effective);
    }

    public static async Task Handle(CorrectProfile command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        await CorrectAsync(command, stream, session, VietnamTime.Today(clock), ct);
    }

    /// <summary>
    /// Decides and appends one correction to a stream already fetched for writing, with the register
    /// keys it frees and claims: also how a reconciliation takes several fields from a roll at once.
    /// </summary>
    public static async Task<ProfileCorrected> CorrectAsync(CorrectProfile command, IEventStream<Member> stream, IDocumentSession session, LocalDate today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(stream);
        var correction = Decide(command, stream.Aggregate!, today);
        if (correction.Field == MemberProfileFields.CitizenId && correction.NewValue is { } id
            && await session.Query<Member>().AnyAsync(m => m.Profile.CitizenId == id && m.Id != command.MemberId, ct))
        {
            throw new RuleViolation("Member.CitizenIdTaken", id);
        }

        if (correction.Field == MemberProfileFields.CitizenId)
        {
            // The old value is freed in the same transaction: another person may be recorded with it.
            await RegisterKeys.ReplaceAsync(session, command.MemberId, RegisterKeys.CitizenId(correction.OldValue), RegisterKeys.CitizenId(correction.NewValue), ct);
        }

        stream.AppendOne(correction);
        return correction;
    }
}
