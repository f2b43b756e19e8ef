using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members;

/// <summary>Admit a former member again: only after 36 months out, once in a lifetime, with a new probation.</summary>
public sealed record ReadmitMember(Guid MemberId, int ExpectedVersion, Guid CellId, Decision Decision, LocalDate CeremonyDate);

public static class ReadmitMemberHandler
{
    public static MemberReadmitted Decide(ReadmitMember command, Member member, OrganisationTree tree, LocalDate today)
    {
        if (member.Status == MembershipStatus.Deceased)
        {
            throw new RuleViolation("Member.Deceased");
        }

        if (member.IsMember)
        {
            throw new RuleViolation("Member.AlreadyMember") { About = member.AsRegisterEntry() };
        }

        if (member.Status == MembershipStatus.TransferredOut)
        {
            throw new RuleViolation("Member.TransferredOutNotReadmitted");
        }

        // Never a member (the admission was recorded in error): nothing to readmit, and no end to wait 36 months from.
        if (member.Status == MembershipStatus.AdmissionRescinded)
        {
            throw new RuleViolation("Member.AdmissionRescindedNotReadmitted");
        }

        if (member.Readmitted)
        {
            throw new RuleViolation("Member.ReadmittedOnce");
        }

        var decision = MemberRules.Valid(command.Decision, today);
        var allowedFrom = member.EndedOn!.Value + MemberRules.ReadmissionWait;
        if (decision.Date < allowedFrom)
        {
            throw new RuleViolation("Member.ReadmissionTooSoon", allowedFrom);
        }

        var cell = tree.Find(command.CellId) ?? throw new RuleViolation("Member.CellNotFound");
        if (!cell.IsActive || cell.Kind is not (OrganisationKind.Cell or OrganisationKind.GrassrootsCell))
        {
            throw new RuleViolation("Member.NotAnActiveCell", cell.Name);
        }

        if (command.CeremonyDate < decision.Date)
        {
            throw new RuleViolation("Member.CeremonyBeforeDecision");
        }

        MemberRules.NotInFuture(command.CeremonyDate, today);
        return new MemberReadmitted(command.CellId, decision, command.CeremonyDate);
    }

    public static async Task Handle(ReadmitMember command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await MemberRules.FetchAtVersionAsync(session, command.MemberId, command.ExpectedVersion, ct);
        // The decision looks up the cell and nothing else in the tree.
        var tree = await OrganisationRules.LoadUnitsAsync(session, command.CeremonyDate, [command.CellId], ct);
        stream.AppendOne(Decide(command, stream.Aggregate!, tree, VietnamTime.Today(clock)));
    }
}
