using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>Admit a person into a cell: probationary from the ceremony, party age from the decision.</summary>
public sealed record AdmitMember(Guid MemberId, MemberProfile Profile, Guid CellId, Decision Decision, LocalDate CeremonyDate);

public static class AdmitMemberHandler
{
    /// <summary>The minimum age on the admission decision.</summary>
    public const int MinimumAge = 18;

    // existing: a register entry with the same citizen ID, if any (one person is admitted once; a former member is readmitted).
    public static MemberAdmitted Decide(AdmitMember command, OrganisationTree tree, Member? existing, LocalDate today)
    {
        var profile = CleanProfile(command.Profile, today);
        if (existing is not null)
        {
            throw new RuleViolation(existing.IsMember ? "Member.AlreadyMember" : "Member.FormerMemberUseReadmission") { About = existing.AsRegisterEntry() };
        }

        var cell = tree.Find(command.CellId) ?? throw new RuleViolation("Member.CellNotFound");
        if (!cell.IsActive || cell.Kind is not (OrganisationKind.Cell or OrganisationKind.GrassrootsCell))
        {
            throw new RuleViolation("Member.NotAnActiveCell", cell.Name);
        }

        var decision = MemberRules.Valid(command.Decision, today);
        if (Period.Between(profile.DateOfBirth, decision.Date, PeriodUnits.Years).Years < MinimumAge)
        {
            throw new RuleViolation("Member.TooYoung", MinimumAge);
        }

        if (command.CeremonyDate < decision.Date)
        {
            throw new RuleViolation("Member.CeremonyBeforeDecision");
        }

        MemberRules.NotInFuture(command.CeremonyDate, today);
        return new MemberAdmitted(command.MemberId, profile, command.CellId, decision, command.CeremonyDate);
    }

    /// <summary>Every field cleaned as a correction would clean it, so admission and correction agree.</summary>
    public static MemberProfile CleanProfile(MemberProfile profile, LocalDate today)
    {
        if (profile.DateOfBirth == default || profile.DateOfBirth > today || profile.DateOfBirth.Year < 1900)
        {
            throw new RuleViolation("Member.DateOfBirthInvalid");
        }

        return profile with
        {
            FullName = MemberProfileFields.Clean(MemberProfileFields.FullName, profile.FullName)!,
            BirthName = MemberProfileFields.Clean(MemberProfileFields.BirthName, profile.BirthName),
            Aliases = MemberProfileFields.Clean(MemberProfileFields.Aliases, profile.Aliases),
            PlaceOfBirth = MemberProfileFields.Clean(MemberProfileFields.PlaceOfBirth, profile.PlaceOfBirth),
            HomeTown = MemberProfileFields.Clean(MemberProfileFields.HomeTown, profile.HomeTown),
            Ethnicity = MemberProfileFields.Clean(MemberProfileFields.Ethnicity, profile.Ethnicity),
            Religion = MemberProfileFields.Clean(MemberProfileFields.Religion, profile.Religion),
            CitizenId = MemberProfileFields.Clean(MemberProfileFields.CitizenId, profile.CitizenId),
            Phone = MemberProfileFields.Clean(MemberProfileFields.Phone, profile.Phone),
        };
    }

    public static async Task Handle(AdmitMember command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (await session.LoadAsync<Member>(command.MemberId, ct) is not null)
        {
            throw new RuleViolation("Member.AlreadyMember", command.Profile.FullName);
        }

        var today = VietnamTime.Today(clock);
        var citizenId = MemberProfileFields.Clean(MemberProfileFields.CitizenId, command.Profile.CitizenId);
        var existing = citizenId is null ? null : await session.Query<Member>().FirstOrDefaultAsync(m => m.Profile.CitizenId == citizenId, ct);
        // The decision looks up the cell and nothing else in the tree.
        var tree = await OrganisationRules.LoadUnitsAsync(session, command.CeremonyDate, [command.CellId], ct);
        var admitted = Decide(command, tree, existing, today);
        await RegisterKeys.ClaimAsync(session, command.MemberId, RegisterKeys.CitizenId(admitted.Profile.CitizenId), ct);
        session.Events.StartStream<Member>(command.MemberId, admitted);
    }
}
