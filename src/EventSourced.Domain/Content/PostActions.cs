namespace EventSourced.Domain.Content;

/// <summary>
/// What a user may do with a post now, and when a board role alone is not enough, the rule that
/// stops them (a rule code the screen shows in the user's language). The screen offers exactly these
/// actions; the decisions check the same rules again when the action is sent.
/// </summary>
public sealed record PostActions(
    bool Revise,
    bool Submit,
    bool Review,
    bool Publish,
    bool CancelPublication,
    bool Withdraw,
    bool CancelWithdrawal,
    bool Archive,
    string? ReviewBlockedBy,
    string? PublishBlockedBy)
{
    public bool Any => Revise || Submit || Review || Publish || CancelPublication || Withdraw || CancelWithdrawal || Archive;

    public static PostActions For(Post post, BoardScope scope, Guid userId)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(scope);
        var closed = post.Status is PostStatus.Rejected or PostStatus.Archived;
        var author = scope.Find(userId, BoardRole.Author) is not null && scope.Unit.IsActive;
        var approver = scope.Find(userId, BoardRole.Approver) is not null;
        var publisher = scope.Find(userId, BoardRole.Publisher) is not null;
        var wrote = post.AuthorIds.Contains(userId);

        string? reviewBlocked = null;
        if (approver && post.Status == PostStatus.Submitted)
        {
            reviewBlocked = wrote ? "Content.AuthorCannotApprove"
                : post.Approvals.Any(a => a.By.UserId == userId) ? "Content.AlreadyApprovedThisRound"
                : null;
        }

        var publishBlocked = publisher && post.Status == PostStatus.Approved && wrote ? "Content.AuthorCannotPublish" : null;
        return new PostActions(
            Revise: !closed && author && post.Status != PostStatus.Submitted,
            Submit: !closed && author && post.Status is PostStatus.Draft or PostStatus.ChangesRequested or PostStatus.Withdrawn,
            Review: !closed && approver && post.Status == PostStatus.Submitted && reviewBlocked is null,
            Publish: !closed && publisher && post.Status == PostStatus.Approved && publishBlocked is null,
            CancelPublication: publisher && post.ScheduledPublication is not null,
            Withdraw: publisher && post.IsLive,
            CancelWithdrawal: publisher && post.ScheduledWithdrawal is not null,
            Archive: publisher && (post.IsLive || post.Status == PostStatus.Withdrawn),
            reviewBlocked,
            publishBlocked);
    }
}
