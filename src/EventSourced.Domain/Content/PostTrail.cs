using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>What happened in one step of a post's life, for the approval trail.</summary>
public enum TrailStep
{
    Drafted,
    Revised,
    Submitted,
    Approved,
    ChangesRequested,
    Rejected,
    PublicationScheduled,
    PublicationCancelled,
    Published,
    WithdrawalScheduled,
    WithdrawalCancelled,
    Withdrawn,
    Archived,
}

/// <summary>
/// One line of the approval trail: when, what, who (with their role, position and the body whose board
/// they acted from), the revision the decision saw, the approval step, the comment or reason, and for
/// scheduled steps the time set.
/// </summary>
public sealed record TrailEntry(Instant At, TrailStep Step, ContentActor By, int? Revision, int? ApprovalStep, string? Note, Instant? Scheduled = null);

/// <summary>The approval trail of a post, read from its events in order: nothing in it is computed after the fact.</summary>
public static class PostTrail
{
    public static IReadOnlyList<TrailEntry> From(IEnumerable<object> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var trail = new List<TrailEntry>();
        foreach (var e in events)
        {
            TrailEntry? entry = e switch
            {
                PostDrafted d => new(d.At, TrailStep.Drafted, d.By, 1, null, null),
                PostRevised r => new(r.At, TrailStep.Revised, r.By, r.Revision, null, null),
                PostSubmitted s => new(s.At, TrailStep.Submitted, s.By, s.Revision, null, s.Comment),
                PostApproved a => new(a.At, TrailStep.Approved, a.By, a.Revision, a.Step, a.Comment),
                PostChangesRequested c => new(c.At, TrailStep.ChangesRequested, c.By, c.Revision, null, c.Reason),
                PostRejected j => new(j.At, TrailStep.Rejected, j.By, j.Revision, null, j.Reason),
                PublicationScheduled p => new(p.At, TrailStep.PublicationScheduled, p.By, p.Revision, null, p.Comment, p.PublishAt),
                ScheduledPublicationCancelled x => new(x.At, TrailStep.PublicationCancelled, x.By, null, null, null),
                PostPublished p => new(p.At, TrailStep.Published, p.By, p.Revision, null, p.Comment, p.ScheduledFor),
                WithdrawalScheduled w => new(w.At, TrailStep.WithdrawalScheduled, w.By, w.Revision, null, w.Reason, w.WithdrawAt),
                ScheduledWithdrawalCancelled x => new(x.At, TrailStep.WithdrawalCancelled, x.By, null, null, null),
                PostWithdrawn w => new(w.At, TrailStep.Withdrawn, w.By, w.Revision, null, w.Reason, w.ScheduledFor),
                PostArchived a => new(a.At, TrailStep.Archived, a.By, a.Revision, null, a.Comment),
                _ => null,
            };
            if (entry is not null)
            {
                trail.Add(entry);
            }
        }

        return trail;
    }
}
