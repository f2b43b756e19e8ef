using EventSourced.Domain.Common;

namespace EventSourced.Domain.Content;

/// <summary>
/// What a member of an editorial board may do with the content of the board's unit and the units
/// below it. Flags, because one person often holds several roles on a small board.
/// </summary>
[Flags]
public enum BoardRole
{
    None = 0,
    Author = 1,
    Approver = 2,
    Publisher = 4,
}

/// <summary>
/// The editorial board of <paramref name="UnitId"/> was set up, with one approval step until
/// <see cref="ApprovalStepsSet"/> says otherwise. Recorded together with the board's first change,
/// so that the board's stream always begins with the unit it belongs to.
/// </summary>
public sealed record EditorialBoardFormed(Guid UnitId, string UnitName);

/// <summary>
/// A user was put on the board with <paramref name="Roles"/>, replacing any roles they held there.
/// <paramref name="Title"/> is their position as shown in attributions ("Phó Trưởng ban"), if any.
/// </summary>
public sealed record BoardMemberAssigned(Guid UserId, string UserName, BoardRole Roles, string? Title = null);

/// <summary>A user left the board; decisions they already took stay recorded on the posts.</summary>
public sealed record BoardMemberRemoved(Guid UserId);

/// <summary>Posts of the unit submitted from now on need this many approvals (1 to 3) before publication.</summary>
public sealed record ApprovalStepsSet(int Steps);

/// <summary>One person on a board.</summary>
public sealed record BoardMember(Guid UserId, string UserName, BoardRole Roles, string? Title)
{
    public bool Holds(BoardRole role) => (Roles & role) == role;
}

/// <summary>
/// The editorial board ("Ban Biên tập tin bài") of one organisation unit: who writes, approves and
/// publishes its content, and how many approvals a post needs. Its stream id is derived from the
/// unit's id (<see cref="StreamIdFor"/>), because the unit's own id is the organisation's stream.
/// </summary>
public sealed class EditorialBoard
{
    public const int MinApprovalSteps = 1;

    public const int MaxApprovalSteps = 3;

    public Guid Id { get; set; }

    public int Version { get; set; }

    public Guid UnitId { get; set; }

    /// <summary>The unit's name when the board was formed; decisions cite the name of the day from the tree.</summary>
    public string UnitName { get; set; } = string.Empty;

    public int ApprovalSteps { get; set; } = MinApprovalSteps;

    public List<BoardMember> Members { get; set; } = [];

    /// <summary>
    /// The id of the unit's board stream: name-based on the unit's id, so a board is found without a
    /// lookup and never collides with the organisation's stream.
    /// </summary>
    public static Guid StreamIdFor(Guid unitId) =>
        Streams.DerivedId("editorial-board", unitId);

    public static EditorialBoard Create(EditorialBoardFormed e) => new()
    {
        Id = StreamIdFor(e.UnitId),
        Version = 1,
        UnitId = e.UnitId,
        UnitName = e.UnitName,
    };

    public BoardMember? Find(Guid userId) => Members.Find(m => m.UserId == userId);

    public void Apply(BoardMemberAssigned e)
    {
        var member = new BoardMember(e.UserId, e.UserName, e.Roles, e.Title);
        var index = Members.FindIndex(m => m.UserId == e.UserId);
        if (index >= 0)
        {
            Members[index] = member;
        }
        else
        {
            Members.Add(member);
        }
    }

    public void Apply(BoardMemberRemoved e) => Members.RemoveAll(m => m.UserId == e.UserId);

    public void Apply(ApprovalStepsSet e) => ApprovalSteps = e.Steps;
}
