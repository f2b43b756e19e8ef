using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>
/// Put a user on the board of <paramref name="UnitId"/> with exactly <paramref name="Roles"/> (the
/// roles they held there before are replaced). <paramref name="ExpectedVersion"/> is the board's
/// version the user saw, 0 when the unit had no board yet. <see cref="ActorId"/> is who seats them and
/// <see cref="Reason"/> why: both are required, a seat is a power over what members read.
/// </summary>
public sealed record AssignBoardMember(Guid UnitId, int ExpectedVersion, Guid UserId, BoardRole Roles, string? Title = null)
{
    public required Guid ActorId { get; init; }

    public required string? Reason { get; init; }
}

public static class AssignBoardMemberHandler
{
    // board: null when the unit has no board yet; it is formed by this decision.
    // tree: the organisation tree today.
    public static IReadOnlyList<object> Decide(AssignBoardMember command, EditorialBoard? board, UserAccount user, OrganisationTree tree)
    {
        ContentRules.Reason(command.Reason);
        // Whoever may change a unit would otherwise hold its approvals too: seats are given by someone else.
        if (command.UserId == command.ActorId)
        {
            throw new RuleViolation("Content.CannotSeatSelf");
        }

        // An auditor's account is read-only everywhere; a seat would let it approve and publish.
        if (Access.IsReadOnly(user.Roles))
        {
            throw new RuleViolation("Content.SeatForReadOnlyAccount");
        }

        if (command.Roles == BoardRole.None)
        {
            // Holding no role is leaving the board: one event for it, not an empty assignment.
            throw new RuleViolation("Content.BoardRolesRequired");
        }

        var title = Input.Optional(command.Title, TextLimits.Name, "Content.MemberTitle");
        if (board?.Find(command.UserId) is { } current && current.Roles == command.Roles && current.Title == title)
        {
            throw new RuleViolation("Content.BoardMemberUnchanged");
        }

        var assigned = new BoardMemberAssigned(user.Id, user.DisplayName, command.Roles, title);
        return board is null ? [ContentRules.FormBoard(command.UnitId, tree), assigned] : [assigned];
    }

    public static async Task Handle(AssignBoardMember command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var user = await session.LoadAsync<UserAccount>(command.UserId, ct) ?? throw new RuleViolation("Content.UserNotFound");
        var stream = await ContentRules.FetchBoardAsync(session, command.UnitId, command.ExpectedVersion, ct);
        var tree = await OrganisationRules.LoadTreeAsync(session, VietnamTime.Today(clock), ct);
        stream.AppendMany(Decide(command, stream.Aggregate, user, tree));
        ContentRules.RecordReason(session, command.Reason);
    }
}
