using EventSourced.Domain.Accounts;
using EventSourced.Domain.Calendar;
using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using EventSourced.Domain.Members;
using EventSourced.Domain.Members.MemberList;
using EventSourced.Domain.Members.RecordReviews;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers.TransferList;
using EventSourced.Web.Infrastructure;
using Marten;
using NodaTime;

namespace EventSourced.Web.Pages;

/// <summary>
/// One of the few most urgent items a card shows: its text, where it leads, and a detail from a
/// resource key. Without a text the detail is the link's text (a notification's message).
/// </summary>
public sealed record HomeItem(Guid Id, string Href, string Text, string? DetailKey = null, object[]? DetailArgs = null);

/// <summary>A further figure on a card (e.g. how many of the transfers are overdue), with its resource key and test id.</summary>
public sealed record HomeFigure(string Key, int Count, string TestId);

/// <summary>A card as the home page shows it: the count (<c>Over</c>: it stopped counting there, there are more), the most urgent items, further figures and the full list's address.</summary>
public sealed record HomeCardView(HomeCard Card, string TitleKey, object[] TitleArgs, int Count, IReadOnlyList<HomeItem> Items, IReadOnlyList<HomeFigure> Figures, string Link, bool Over = false);

/// <summary>
/// The home page's cards for the signed-in user (<see cref="HomeCards"/> decides which), each counted
/// over the user's scope by the same queries as the list it links to: counts in the database, and
/// only the few rows shown read whole, so an administrator's city-wide home stays cheap.
/// </summary>
public static class HomeCardsQuery
{
    /// <summary>Items shown per card; the card's link opens the full list.</summary>
    public const int Shown = 3;

    /// <summary>How far back the auditor's card of corrections and back-dated entries looks.</summary>
    public const int CorrectionsDays = 90;

    public static async Task<IReadOnlyList<HomeCardView>> LoadAsync(CurrentUser user, IQuerySession session, IClock clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var me = user.Id ?? Guid.Empty;
        var assignments = await user.AssignmentsAsync(ct);
        var tree = await user.TreeAsync(ct);
        var today = VietnamTime.Today(clock);

        // The desk is read only for users who may have one; its board check decides the card as well.
        var desk = assignments.Any(a => Access.Grants(a.Role, Permission.ChangeContent))
            ? await ContentDesk.LoadAsync(session, tree, me, kind: null, within: null, ct)
            : null;
        var cards = HomeCards.For(assignments, desk?.OnAnyBoard == true);

        // Member work is counted where the user may record it; the lists it links to show the same
        // unit when there is one to name.
        var cells = await user.CellsInScopeAsync(null, Permission.ChangeMembers, ct);
        var unit = UnitFilter(assignments, Permission.ChangeMembers, tree);

        var views = new List<HomeCardView>();
        foreach (var card in cards)
        {
            views.Add(card switch
            {
                HomeCard.Recognition => await RecognitionAsync(session, cells, today, unit, ct),
                HomeCard.Badges => await BadgesAsync(session, cells, today, unit, ct),
                HomeCard.Transfers => await TransfersAsync(session, cells, today, unit, ct),
                HomeCard.Notifications => await NotificationsAsync(user, session, ct),
                HomeCard.Desk => Desk(desk!, assignments, tree),
                HomeCard.Chain => await ChainAsync(session, ct),
                HomeCard.Corrections => await CorrectionsAsync(session, assignments, tree, clock, ct),
                HomeCard.OpenDifferences => await OpenDifferencesAsync(session, assignments, tree, ct),
                HomeCard.RecordReports => await RecordReportsAsync(session, cells, ct),
                _ => await AuditAsync(session, assignments, tree, ct),
            });
        }

        return views;
    }

    private static async Task<HomeCardView> RecognitionAsync(IQuerySession session, IReadOnlyCollection<Guid>? cells, LocalDate today, string unit, CancellationToken ct)
    {
        var (members, total) = await new MemberListQuery(cells, MemberStatusFilter.Probationary, PageSize: Shown, ProbationEndedBy: today, Order: MemberListOrder.Ceremony).RunAsync(session, ct);
        var calendar = await WorkingCalendars.LoadAsync(session, ct);
        var items = members
            .Select(m => RecognitionDue.For(m, today, calendar))
            .Select(r => new HomeItem(r.Member.Id, $"/members/{r.Member.Id}/probation", r.Member.DisplayName, "Home.DecideBy", [Messages.DisplayDate(r.DecideBy)]))
            .ToList();
        return new HomeCardView(HomeCard.Recognition, "Worklists.Recognition", [], total, items, [], $"/members/worklists{unit}#recognition");
    }

    private static async Task<HomeCardView> BadgesAsync(IQuerySession session, IReadOnlyCollection<Guid>? cells, LocalDate today, string unit, CancellationToken ct)
    {
        var awardDate = PartyBadges.NextAwardDate(today);
        var (members, total) = await new MemberListQuery(cells, PageSize: Shown, BadgeDueOn: awardDate, Order: MemberListOrder.Admission).RunAsync(session, ct);
        var items = BadgeCandidates.For(members, awardDate)
            .Select(b => new HomeItem(b.Member.Id, $"/members/{b.Member.Id}/badge", b.Member.DisplayName, "Member.BadgeYears", [b.Years]))
            .ToList();
        return new HomeCardView(HomeCard.Badges, "Worklists.Badges", [Messages.DisplayDate(awardDate)], total, items, [], $"/members/worklists{unit}#badges");
    }

    private static async Task<HomeCardView> TransfersAsync(IQuerySession session, IReadOnlyCollection<Guid>? cells, LocalDate today, string unit, CancellationToken ct)
    {
        var (_, inTransit) = await new TransferListQuery(cells, TransferView.InTransit, today, PageSize: 1).RunAsync(session, ct);
        var (overdue, overdueTotal) = await new TransferListQuery(cells, TransferView.Overdue, today, PageSize: Shown).RunAsync(session, ct);
        var members = overdue.Count == 0
            ? new Dictionary<Guid, Member>()
            : (await session.LoadManyAsync<Member>(ct, overdue.Select(t => t.MemberId).Distinct().ToArray())).ToDictionary(m => m.Id);
        var items = overdue
            .Select(t => new HomeItem(t.Id, $"/transfers/{t.Id}", members.GetValueOrDefault(t.MemberId)?.DisplayName ?? t.LetterNumber, "Home.DueBy", [Messages.DisplayDate(t.DueBy)]))
            .ToList();
        var view = overdueTotal > 0 ? TransferView.Overdue : TransferView.InTransit;
        return new HomeCardView(
            HomeCard.Transfers,
            "Home.TransfersWaiting",
            [],
            inTransit,
            items,
            [new HomeFigure("Home.Overdue", overdueTotal, "overdue")],
            $"/transfers?view={view}{unit.Replace('?', '&')}");
    }

    private static async Task<HomeCardView> NotificationsAsync(CurrentUser user, IQuerySession session, CancellationToken ct)
    {
        // Work, like the other cards: a role that only reads elsewhere adds no notices to act on.
        var unread = await StaffNotifications.CountForUserAsync(user, session, unreadOnly: true, ct, Permission.ChangeMembers);
        var oldest = unread == 0 ? [] : await StaffNotifications.ForUserAsync(user, session, unreadOnly: true, page: 1, Shown, oldestFirst: true, ct, Permission.ChangeMembers);
        var items = oldest.Select(n => new HomeItem(n.Id, n.Link, string.Empty, n.MessageKey, Messages.NotificationArguments(n))).ToList();
        return new HomeCardView(HomeCard.Notifications, "Home.UnreadNotifications", [], unread, items, [], "/notifications");
    }

    private static HomeCardView Desk(ContentDesk desk, IReadOnlyList<RoleAssignment> assignments, OrganisationTree tree)
    {
        // What waits for the user's own review or publication; an administrator also answers for
        // every post waiting in their scope, board seat or not.
        var adminRoots = Access.ScopeRoots(assignments.Where(a => a.Role == Role.Administrator), tree);
        var overseen = desk.Pending.Where(p => adminRoots.Any(r => p.UnitId == r || tree.IsWithin(p.UnitId, r))).ToList();
        var waiting = desk.ToReview.Concat(desk.ToPublish).Concat(overseen).DistinctBy(p => p.Id).OrderBy(p => p.UpdatedAt).ToList();
        var items = waiting.Take(Shown).Select(p => new HomeItem(p.Id, $"/content/{p.Id}", p.Title, $"PostStatus.{p.Status}")).ToList();
        var figures = new List<HomeFigure>
        {
            new("Content.ToReview", desk.ToReview.Count, "to-review"),
            new("Content.ToPublish", desk.ToPublish.Count, "to-publish"),
            new("Content.MyDrafts", desk.MyDrafts.Count, "my-drafts"),
        };
        if (adminRoots.Count > 0)
        {
            figures.Add(new("Home.SubmittedInScope", overseen.Count(p => p.Status == PostStatus.Submitted), "submitted-in-scope"));
            figures.Add(new("Home.ApprovedInScope", overseen.Count(p => p.Status == PostStatus.Approved), "approved-in-scope"));
        }

        return new HomeCardView(HomeCard.Desk, "Content.Desk", [], waiting.Count, items, figures, "/content");
    }

    private static async Task<HomeCardView> AuditAsync(IQuerySession session, IReadOnlyList<RoleAssignment> assignments, OrganisationTree tree, CancellationToken ct)
    {
        var roots = Access.ScopeRoots(assignments.Where(a => Access.Grants(a.Role, Permission.ReadAudit)), tree);
        var (exports, total) = await PersonalDataExports.ReadAsync(session, roots, tree, 1, Shown, ct);
        var items = exports
            .Select(x => new HomeItem(x.ExportId, "/audit/exports", $"{x.DisplayName} · {x.Dataset} · {x.Format}", "Home.ExportedAt", [Messages.DisplayTime(x.At), x.Rows]))
            .ToList();
        return new HomeCardView(HomeCard.Audit, "Home.Exports", [], total, items, [], "/audit/exports");
    }

    private static async Task<HomeCardView> ChainAsync(IQuerySession session, CancellationToken ct)
    {
        var store = session.DocumentStore;
        var schema = Domain.Audit.EventChainStorage.SchemaOf(store);
        // The session's database: the request's province when there are several.
        await using var connection = await Domain.Audit.EventChainStorage.OpenAsync(session.Database, ct);
        var head = await Domain.Audit.EventChainStorage.HeadAsync(connection, schema, ct);
        var checkpoints = await Domain.Audit.EventChainStorage.CheckpointsAsync(connection, schema, 1, ct);
        await using var latest = new Npgsql.NpgsqlCommand($"select coalesce(max(seq_id), 0) from {schema}.mt_events", connection);
        var unlinked = Math.Max(0, (long)(await latest.ExecuteScalarAsync(ct) ?? 0L) - (head?.Sequence ?? 0));
        var items = checkpoints
            .Select(c => new HomeItem(Guid.Empty, "/audit/chain", $"#{c.Sequence}", "Home.CheckpointAt", [Messages.DisplayTime(Instant.FromDateTimeOffset(c.TakenAt))]))
            .ToList();
        return new HomeCardView(HomeCard.Chain, "Home.Chain", [], (int)Math.Min(int.MaxValue, head?.Sequence ?? 0), items, [new HomeFigure("Home.ChainUnlinked", (int)Math.Min(int.MaxValue, unlinked), "chain-unlinked")], "/audit/chain");
    }

    private static async Task<HomeCardView> CorrectionsAsync(IQuerySession session, IReadOnlyList<RoleAssignment> assignments, OrganisationTree tree, IClock clock, CancellationToken ct)
    {
        var roots = Access.ScopeRoots(assignments.Where(a => Access.Grants(a.Role, Permission.ReadAudit)), tree);
        IReadOnlyList<Guid>? units = roots.Any(r => tree.Find(r)?.ParentId is null) ? null : [.. roots.SelectMany(r => tree.Subtree(r, includeClosed: true)).Select(n => n.Id)];
        var (rows, total) = await Domain.Audit.AuditLogQuery.CorrectionsAsync(session, units, clock.GetCurrentInstant() - Duration.FromDays(CorrectionsDays), Shown, ct);
        var items = rows
            .Select(r => new HomeItem(r.MemberId ?? Guid.Empty, r.MemberId is { } m ? $"/audit/log?member={m}" : "/audit/log", $"{r.EventType} · {r.ActorName ?? r.Actor}", "Home.CorrectionDates", [Messages.DisplayDate(r.EffectiveDate), Messages.DisplayTime(r.RecordedAt)]))
            .ToList();
        var over = total > Domain.Audit.AuditLogQuery.CorrectionsCountCap;
        return new HomeCardView(HomeCard.Corrections, "Home.Corrections", [CorrectionsDays], over ? Domain.Audit.AuditLogQuery.CorrectionsCountCap : total, items, [], "/audit/log", over);
    }

    private static async Task<HomeCardView> RecordReportsAsync(IQuerySession session, IReadOnlyCollection<Guid>? cells, CancellationToken ct)
    {
        var open = await OpenRecordReports.LoadAsync(session, cells, ct);
        var items = open.Take(Shown)
            .Select(o => new HomeItem(o.Report.ReportId, "/members/record-reports", o.Member.DisplayName, $"RecordField.{o.Report.Field}"))
            .ToList();
        return new HomeCardView(HomeCard.RecordReports, "RecordReports.Link", [], open.Count, items, [], "/members/record-reports");
    }

    private static async Task<HomeCardView> OpenDifferencesAsync(IQuerySession session, IReadOnlyList<RoleAssignment> assignments, OrganisationTree tree, CancellationToken ct)
    {
        var roots = Access.ScopeRoots(assignments.Where(a => Access.Grants(a.Role, Permission.ReadAudit)), tree);
        // Reconciliations under way number in the thousands at most: read them and keep those in scope.
        var open = (await session.Query<Domain.Reconciliation.Reconciliation>()
                .Where(r => r.Status != Domain.Reconciliation.ReconciliationStatus.Finished)
                .ToListAsync(ct))
            .Where(r => r.OpenItems > 0 && roots.Any(root => tree.IsWithin(r.UnitId, root)))
            .OrderByDescending(r => r.OpenItems)
            .ToList();
        var items = open.Take(Shown)
            .Select(r => new HomeItem(r.Id, $"/reconciliation/units/{Uri.EscapeDataString(tree.Find(r.UnitId)?.Code ?? string.Empty)}/{r.Id}", tree.Find(r.UnitId)?.Name ?? "?", "Home.OpenDifferenceItems", [r.OpenItems, Messages.DisplayDate(r.ReferenceDate)]))
            .ToList();
        return new HomeCardView(HomeCard.OpenDifferences, "Home.OpenDifferences", [], open.Sum(r => r.OpenItems), items, [new HomeFigure("Home.OpenReconciliations", open.Count, "open-reconciliations")], "/reconciliation");
    }

    /// <summary>"?unit=CODE" when the user's roles granting the permission cover one unit below the city, else nothing.</summary>
    private static string UnitFilter(IReadOnlyList<RoleAssignment> assignments, Permission permission, OrganisationTree tree)
    {
        var roots = Access.ScopeRoots(assignments.Where(a => Access.Grants(a.Role, permission)), tree);
        return roots.Count == 1 && tree.Find(roots[0]) is { ParentId: not null } node
            ? "?unit=" + Uri.EscapeDataString(node.Code)
            : string.Empty;
    }
}
