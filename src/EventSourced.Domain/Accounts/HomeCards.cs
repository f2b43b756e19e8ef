namespace EventSourced.Domain.Accounts;

/// <summary>A card of the home page: one kind of work waiting, counted over the user's scope.</summary>
public enum HomeCard
{
    /// <summary>Probationary members whose 12 months are over, waiting for the cell's decision.</summary>
    Recognition,

    /// <summary>Members due a party badge on the next award date.</summary>
    Badges,

    /// <summary>Official transfers in transit from or to a cell in scope, the overdue ones first.</summary>
    Transfers,

    /// <summary>Unread notifications about the units in scope.</summary>
    Notifications,

    /// <summary>Differences members reported on their own record from the app, open in scope, the oldest first.</summary>
    RecordReports,

    /// <summary>The editorial desk: drafts, posts to review and posts to publish.</summary>
    Desk,

    /// <summary>The audit views: exports of personal data.</summary>
    Audit,

    /// <summary>The hash chain over the event log: its head, events waiting to be linked, the last checkpoint.</summary>
    Chain,

    /// <summary>Corrections, rescissions and back-dated entries recorded lately in scope.</summary>
    Corrections,

    /// <summary>Reconciliations in scope with differences still open.</summary>
    OpenDifferences,
}

/// <summary>
/// Which cards a user's home page shows, decided from the roles they hold (any number of them) so the
/// page shows every card a role entitles them to and nothing else. Member work follows the right to
/// record it (<see cref="Permission.ChangeMembers"/>), not only to read it: an auditor reads the
/// register but has no recognitions to decide. The desk needs the content right and either a seat on
/// a board, where the desk's work comes from, or a role made for content (editor, approver) or for
/// the whole of it (administrator).
/// </summary>
public static class HomeCards
{
    public static IReadOnlyList<HomeCard> For(IEnumerable<RoleAssignment> assignments, bool onAnyBoard)
    {
        var roles = assignments.Select(a => a.Role).ToHashSet();
        bool Granted(Permission permission) => roles.Any(r => Access.Grants(r, permission));

        var cards = new List<HomeCard>();
        if (Granted(Permission.ChangeMembers))
        {
            cards.AddRange([HomeCard.Recognition, HomeCard.Badges, HomeCard.Transfers, HomeCard.Notifications, HomeCard.RecordReports]);
        }

        if (Granted(Permission.ChangeContent) && (onAnyBoard || roles.Any(r => r is Role.Editor or Role.Approver or Role.Administrator)))
        {
            cards.Add(HomeCard.Desk);
        }

        if (Granted(Permission.ReadAudit))
        {
            cards.AddRange([HomeCard.Audit, HomeCard.Chain, HomeCard.Corrections, HomeCard.OpenDifferences]);
        }

        return cards;
    }
}
