using EventSourced.Domain.Common;
using Marten;

namespace EventSourced.Domain.Content;

/// <summary>Take a user off the board of <paramref name="UnitId"/>; <see cref="Reason"/> is required and recorded.</summary>
public sealed record RemoveBoardMember(Guid UnitId, int ExpectedVersion, Guid UserId)
{
    public required Guid ActorId { get; init; }

    public required string? Reason { get; init; }
}

public static class RemoveBoardMemberHandler
{
    public static BoardMemberRemoved Decide(RemoveBoardMember command, EditorialBoard? board)
    {
        ContentRules.Reason(command.Reason);
        if (board is null)
        {
            throw new RuleViolation("Content.BoardNotFound");
        }

        return board.Find(command.UserId) is null
            ? throw new RuleViolation("Content.NotABoardMember")
            : new BoardMemberRemoved(command.UserId);
    }

    public static async Task Handle(RemoveBoardMember command, IDocumentSession session, CancellationToken ct)
    {
        var stream = await ContentRules.FetchBoardAsync(session, command.UnitId, command.ExpectedVersion, ct);
        stream.AppendOne(Decide(command, stream.Aggregate));
        ContentRules.RecordReason(session, command.Reason);
    }
}
