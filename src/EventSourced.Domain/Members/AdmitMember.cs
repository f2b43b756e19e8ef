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

    // existing: a register entry with the same citizen ID, if any (one person is admitted once; a former member is readmitted;
    // a record whose admission was rescinded does not count).
    public static MemberAdmitted Decide(AdmitMember command, OrganisationTree tree, Member? existing, LocalDate today)
    {
        var profile = CleanProfile(command.Profile, today);
        // A record whose admission was rescinded as recorded in error was never a member: the person is admitted anew.
        if (existing is { Status: not MembershipStatus.AdmissionRescinded })
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
        var today = VietnamTime.Today(clock);
        var citizenId = MemberProfileFields.Clean(MemberProfileFields.CitizenId, command.Profile.CitizenId);
        var key = RegisterKeys.CitizenId(citizenId);
        // Everything the decision reads, in one round trip (decision 0033): each read on its own cost a
        // connection from the pool and a round trip, more than PostgreSQL's time for the read itself.
        var batch = session.CreateBatchQuery();
        var sameId = batch.Load<Member>(command.MemberId);
        var sameCitizen = citizenId is null ? null : batch.Query<Member>().Where(m => m.Profile.CitizenId == citizenId && m.Status != MembershipStatus.AdmissionRescinded).FirstOrDefault();
        // The decision looks up the cell and nothing else in the tree.
        var cell = batch.LoadMany<Organisation>().ById(command.CellId);
        var held = key is null ? null : batch.Load<RegisterKey>(key);
        await batch.Execute(ct);
        if (await sameId is not null)
        {
            throw new RuleViolation("Member.AlreadyMember", command.Profile.FullName);
        }

        var admitted = Decide(command, OrganisationTree.AsOf(command.CeremonyDate, await cell), sameCitizen is null ? null : await sameCitizen, today);
        // The admitted profile's citizen ID is cleaned as above: its key is the one read.
        RegisterKeys.Claim(session, command.MemberId, key, held is null ? null : await held);
        session.Events.StartStream<Member>(command.MemberId, admitted);
    }
}
