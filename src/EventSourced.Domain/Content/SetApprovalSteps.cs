using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>
/// How many approvals the unit's posts need. Posts already submitted keep the number they were
/// submitted with: changing the rule mid-review would approve or block them behind the reviewers' backs.
/// </summary>
public sealed record SetApprovalSteps(Guid UnitId, int ExpectedVersion, int Steps)
{
    public required Guid ActorId { get; init; }

    public required string? Reason { get; init; }
}

public static class SetApprovalStepsHandler
{
    public static IReadOnlyList<object> Decide(SetApprovalSteps command, EditorialBoard? board, OrganisationTree tree)
    {
        ContentRules.Reason(command.Reason);
        if (command.Steps is < EditorialBoard.MinApprovalSteps or > EditorialBoard.MaxApprovalSteps)
        {
            throw new RuleViolation("Content.ApprovalStepsOutOfRange", EditorialBoard.MinApprovalSteps, EditorialBoard.MaxApprovalSteps);
        }

        if ((board?.ApprovalSteps ?? EditorialBoard.MinApprovalSteps) == command.Steps)
        {
            throw new RuleViolation("Content.ApprovalStepsUnchanged", command.Steps);
        }

        var set = new ApprovalStepsSet(command.Steps);
        return board is null ? [ContentRules.FormBoard(command.UnitId, tree), set] : [set];
    }

    public static async Task Handle(SetApprovalSteps command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await ContentRules.FetchBoardAsync(session, command.UnitId, command.ExpectedVersion, ct);
        var tree = await OrganisationRules.LoadTreeAsync(session, VietnamTime.Today(clock), ct);
        stream.AppendMany(Decide(command, stream.Aggregate, tree));
        ContentRules.RecordReason(session, command.Reason);
    }
}
