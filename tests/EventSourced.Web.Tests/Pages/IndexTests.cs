using System.Text.RegularExpressions;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Audit;
using EventSourced.Domain.Content;
using EventSourced.Domain.Members;
using EventSourced.Domain.Notifications;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using NodaTime;

namespace EventSourced.Web.Tests.Pages;

/// <summary>
/// The home page of each role over one small known history, on a clock fixed at 1 March 2025 (the next
/// badge award date is 19 May 2025): which cards it shows, their counts and the ids of their items,
/// each within the user's scope.
/// </summary>
public sealed partial class IndexTests(IndexTests.Fixture app) : IClassFixture<IndexTests.Fixture>
{
    private static readonly OrganisationCreated BaDinhCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh));
    private static readonly OrganisationCreated BaDinhOtherCell = DemoUnits.ChildrenOf(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh).OrganisationId).Last(u => u.Kind == OrganisationKind.Cell);
    private static readonly OrganisationCreated HoanKiemCell = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem));

    /// <summary>The history, written straight to the store (no scheduled work runs on it, so the counts stay put).</summary>
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-03-01T02:00:00Z";

        // Probation over on 1 March 2025: two in Ba Đình, one in Hoàn Kiếm; one in Ba Đình still on probation.
        public Guid DueInBaDinh { get; } = Guid.NewGuid();
        public Guid DueLaterInBaDinh { get; } = Guid.NewGuid();
        public Guid DueInHoanKiem { get; } = Guid.NewGuid();
        public Guid StillProbationary { get; } = Guid.NewGuid();

        // Badges on 19 May 2025: 31 years (due 30), 29 years 8 months (30 only early), 31 years with the
        // 30-year badge already (next is 40: not due), and 35 years in Hoàn Kiếm.
        public Guid BadgeDue { get; } = Guid.NewGuid();
        public Guid BadgeEarly { get; } = Guid.NewGuid();
        public Guid BadgeAwarded { get; } = Guid.NewGuid();
        public Guid BadgeInHoanKiem { get; } = Guid.NewGuid();

        // Transfers in transit: Ba Đình to Hoàn Kiếm, overdue; within Ba Đình, not yet due.
        public Guid OverdueTransfer { get; } = Guid.NewGuid();
        public Guid RecentTransfer { get; } = Guid.NewGuid();

        public Guid NotificationBaDinh { get; } = Guid.NewGuid();
        public Guid NotificationBaDinhRead { get; } = Guid.NewGuid();
        public Guid NotificationHoanKiem { get; } = Guid.NewGuid();

        // The desk: submitted in the city and in Hoàn Kiếm, approved, and the editor's draft.
        public Guid SubmittedCity { get; } = Guid.NewGuid();
        public Guid SubmittedHoanKiem { get; } = Guid.NewGuid();
        public Guid Approved { get; } = Guid.NewGuid();
        public Guid Draft { get; } = Guid.NewGuid();

        public Guid ExportBaDinh { get; } = Guid.NewGuid();
        public Guid ExportHoanKiem { get; } = Guid.NewGuid();

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await using var session = Store.LightweightSession();
            var users = (await session.Query<UserAccount>().ToListAsync()).ToDictionary(u => u.Username);

            Admit(session, DueInBaDinh, "Bùi Quang Huy", BaDinhCell, new LocalDate(2024, 1, 10), new LocalDate(2024, 1, 15));
            Admit(session, DueLaterInBaDinh, "Đỗ Thị Mai", BaDinhCell, new LocalDate(2024, 2, 15), new LocalDate(2024, 2, 20));
            Admit(session, DueInHoanKiem, "Vũ Văn Nam", HoanKiemCell, new LocalDate(2023, 11, 25), new LocalDate(2023, 12, 1));
            Admit(session, StillProbationary, "Ngô Thị Hằng", BaDinhCell, new LocalDate(2024, 6, 1), new LocalDate(2024, 6, 5));

            Admit(session, BadgeDue, "Lý Văn Thắng", BaDinhCell, new LocalDate(1994, 1, 10), new LocalDate(1994, 1, 15), official: true);
            Admit(session, BadgeEarly, "Hà Thị Xuân", BaDinhCell, new LocalDate(1995, 9, 1), new LocalDate(1995, 9, 5), official: true);
            Admit(session, BadgeAwarded, "Tạ Văn Long", BaDinhCell, new LocalDate(1994, 1, 10), new LocalDate(1994, 1, 15), official: true,
                new PartyBadgeAwarded(30, false, new Decision("5-QĐ/TU", new LocalDate(2024, 2, 1)), new LocalDate(2024, 2, 3)));
            Admit(session, BadgeInHoanKiem, "Lưu Văn Tâm", HoanKiemCell, new LocalDate(1990, 1, 10), new LocalDate(1990, 1, 15), official: true);

            session.Events.StartStream<Transfer>(OverdueTransfer, new TransferIssued(OverdueTransfer, StillProbationary, TransferKind.WithinCity, BaDinhCell.OrganisationId, HoanKiemCell.OrganisationId, "1-GGT/QU", new LocalDate(2025, 1, 2), "Chuyển nơi cư trú", new LocalDate(2025, 2, 14)));
            session.Events.StartStream<Transfer>(RecentTransfer, new TransferIssued(RecentTransfer, BadgeDue, TransferKind.WithinCity, BaDinhCell.OrganisationId, BaDinhOtherCell.OrganisationId, "2-GGT/QU", new LocalDate(2025, 2, 25), "Chuyển nơi cư trú", new LocalDate(2025, 4, 8)));

            var now = Instant.FromUtc(2025, 2, 28, 1, 0);
            session.Store(Notification(NotificationBaDinh, BaDinhCell, now));
            session.Store(Notification(NotificationHoanKiem, HoanKiemCell, now));
            var read = Notification(NotificationBaDinhRead, BaDinhCell, now.Plus(Duration.FromMinutes(1)));
            read.ReadBy.Add(users["staff"].Id);
            session.Store(read);

            var city = DemoUnits.City;
            session.Events.StartStream<EditorialBoard>(
                EditorialBoard.StreamIdFor(city),
                new EditorialBoardFormed(city, "Đảng bộ Thành phố Hà Nội"),
                new BoardMemberAssigned(users["editor"].Id, users["editor"].DisplayName, BoardRole.Author | BoardRole.Publisher),
                new BoardMemberAssigned(users["approver"].Id, users["approver"].DisplayName, BoardRole.Approver));
            var otherAuthor = new ContentActor(Guid.NewGuid(), "Tác giả khác", BoardRole.Author, null, city, "Ban Biên tập");
            var editor = new ContentActor(users["editor"].Id, "editor", BoardRole.Author, null, city, "Ban Biên tập");
            var approver = new ContentActor(users["approver"].Id, "approver", BoardRole.Approver, null, city, "Ban Biên tập");
            var at = Instant.FromUtc(2025, 2, 20, 1, 0);
            Post(session, SubmittedCity, city, otherAuthor, at, new PostSubmitted(1, 1, otherAuthor, null, at));
            Post(session, Approved, city, otherAuthor, at.Plus(Duration.FromHours(1)), new PostSubmitted(1, 1, otherAuthor, null, at.Plus(Duration.FromHours(1))), new PostApproved(1, 1, approver, null, at.Plus(Duration.FromHours(2))));
            Post(session, SubmittedHoanKiem, DemoUnits.HoanKiem.OrganisationId, otherAuthor, at.Plus(Duration.FromHours(3)), new PostSubmitted(1, 1, otherAuthor, null, at.Plus(Duration.FromHours(3))));
            Post(session, Draft, city, editor, at.Plus(Duration.FromHours(4)));

            session.Events.StartStream(ExportBaDinh, new PersonalDataExported(ExportBaDinh, users["staff"].Id, "staff", "staff", "OrganisationStaff", [DemoUnits.BaDinh.OrganisationId], "members", "status=All", "csv", 12, now));
            session.Events.StartStream(ExportHoanKiem, new PersonalDataExported(ExportHoanKiem, users["staff2"].Id, "staff2", "staff2", "OrganisationStaff", [DemoUnits.HoanKiem.OrganisationId], "members", "status=All", "xlsx", 7, now.Plus(Duration.FromMinutes(5))));
            await session.SaveChangesAsync();
        }

        private static void Admit(IDocumentSession session, Guid id, string name, OrganisationCreated cell, LocalDate decided, LocalDate ceremony, bool official = false, params object[] more)
        {
            var admitted = new MemberAdmitted(id, new MemberProfile(name, Sex.Male, new LocalDate(1970, 5, 5)), cell.OrganisationId, new Decision("1-QĐ/ĐU", decided), ceremony);
            object[] events = official
                ? [admitted, new MemberRecognisedOfficial(new Decision("2-QĐ/ĐU", ceremony.PlusYears(1)), ceremony.PlusYears(1)), .. more]
                : [admitted, .. more];
            session.Events.StartStream<Member>(id, events);
        }

        private static StaffNotification Notification(Guid id, OrganisationCreated cell, Instant at) => new()
        {
            Id = id,
            MessageKey = "Notification.TransferOverdue",
            Arguments = ["9-GGT/QU", "2025-02-14"],
            UnitIds = [cell.OrganisationId],
            Link = "/transfers",
            CreatedAt = at,
            BusinessDate = new LocalDate(2025, 2, 28),
        };

        private static void Post(IDocumentSession session, Guid id, Guid unit, ContentActor author, Instant at, params object[] more) =>
            session.Events.StartStream<Post>(id, [new PostDrafted(id, unit, "Đơn vị", new PostContent { Kind = PostKind.News, Title = "Tin " + id.ToString("N")[..6], Body = "Nội dung" }, author, at), .. more]);
    }

    [Fact]
    public async Task a_district_staff_member_sees_the_member_work_of_their_district_only()
    {
        var home = Cards(await (await app.SignInAsync("staff")).GetTextAsync("/"));

        home.Keys.ShouldBe(["recognition", "badges", "transfers", "notifications", "recordreports"]);
        home["recognition"].Count.ShouldBe(2);
        home["recognition"].Ids.ShouldBe([app.DueInBaDinh, app.DueLaterInBaDinh]);
        home["recognition"].Link.ShouldBe($"/members/worklists?unit={DemoUnits.BaDinh.Code}#recognition");
        home["badges"].Count.ShouldBe(2);
        home["badges"].Ids.ShouldBe([app.BadgeDue, app.BadgeEarly]);
        home["transfers"].Count.ShouldBe(2);
        home["transfers"].Figures["overdue"].ShouldBe(1);
        home["transfers"].Ids.ShouldBe([app.OverdueTransfer]);
        home["transfers"].Link.ShouldBe($"/transfers?view=Overdue&unit={DemoUnits.BaDinh.Code}");
        home["notifications"].Count.ShouldBe(1);
        home["notifications"].Ids.ShouldBe([app.NotificationBaDinh]);
    }

    [Fact]
    public async Task the_staff_of_another_district_sees_its_own_figures()
    {
        var home = Cards(await (await app.SignInAsync("staff2")).GetTextAsync("/"));

        home.Keys.ShouldBe(["recognition", "badges", "transfers", "notifications", "recordreports"]);
        home["recognition"].Ids.ShouldBe([app.DueInHoanKiem]);
        home["badges"].Ids.ShouldBe([app.BadgeInHoanKiem]);
        // The overdue transfer is to Hoàn Kiếm: both ends' staff wait for it.
        home["transfers"].Count.ShouldBe(1);
        home["transfers"].Ids.ShouldBe([app.OverdueTransfer]);
        home["notifications"].Ids.ShouldBe([app.NotificationHoanKiem]);
    }

    [Fact]
    public async Task the_worklist_a_staff_card_links_to_counts_the_same_members()
    {
        var staff = await app.SignInAsync("staff");
        var home = Cards(await staff.GetTextAsync("/"));

        var worklist = await staff.GetTextAsync(home["recognition"].Link.Split('#')[0]);

        RowLinks().Matches(Section(worklist, "recognition-due")).Select(m => Guid.Parse(m.Groups["id"].Value)).ShouldBe(home["recognition"].Ids);
        RowLinks().Matches(Section(worklist, "badge-candidates")).Select(m => Guid.Parse(m.Groups["id"].Value)).Order().ShouldBe(home["badges"].Ids.Order());
    }

    [Fact]
    public async Task an_editor_sees_the_desk_with_what_they_may_publish_and_their_drafts()
    {
        var home = Cards(await (await app.SignInAsync("editor")).GetTextAsync("/"));

        home.Keys.ShouldBe(["desk"]);
        home["desk"].Count.ShouldBe(1);
        home["desk"].Ids.ShouldBe([app.Approved]);
        home["desk"].Figures["to-review"].ShouldBe(0);
        home["desk"].Figures["to-publish"].ShouldBe(1);
        home["desk"].Figures["my-drafts"].ShouldBe(1);
        home["desk"].Figures.ContainsKey("submitted-in-scope").ShouldBeFalse();
        home["desk"].Link.ShouldBe("/content");
    }

    [Fact]
    public async Task an_approver_sees_the_desk_with_the_posts_waiting_for_their_review_the_longest_waiting_first()
    {
        var home = Cards(await (await app.SignInAsync("approver")).GetTextAsync("/"));

        home.Keys.ShouldBe(["desk"]);
        home["desk"].Count.ShouldBe(2);
        home["desk"].Ids.ShouldBe([app.SubmittedCity, app.SubmittedHoanKiem]);
        home["desk"].Figures["to-review"].ShouldBe(2);
        home["desk"].Figures["to-publish"].ShouldBe(0);
    }

    [Fact]
    public async Task an_auditor_sees_the_audit_views_and_no_work_to_record()
    {
        var home = Cards(await (await app.SignInAsync("auditor")).GetTextAsync("/"));

        home.Keys.ShouldBe(["audit", "chain", "corrections", "opendifferences"]);
        home["audit"].Count.ShouldBe(2);
        home["audit"].Ids.ShouldBe([app.ExportHoanKiem, app.ExportBaDinh]);
        home["audit"].Link.ShouldBe("/audit/exports");
    }

    [Fact]
    public async Task the_administrator_sees_every_card_with_the_city_figures()
    {
        var home = Cards(await (await app.SignInAsync("admin")).GetTextAsync("/"));

        home.Keys.ShouldBe(["recognition", "badges", "transfers", "notifications", "recordreports", "desk", "audit", "chain", "corrections", "opendifferences"]);
        home["recognition"].Count.ShouldBe(3);
        home["recognition"].Ids.ShouldBe([app.DueInHoanKiem, app.DueInBaDinh, app.DueLaterInBaDinh]);
        home["recognition"].Link.ShouldBe("/members/worklists#recognition");
        home["badges"].Count.ShouldBe(3);
        home["badges"].Ids.ShouldBe([app.BadgeInHoanKiem, app.BadgeDue, app.BadgeEarly]);
        home["transfers"].Count.ShouldBe(2);
        home["transfers"].Figures["overdue"].ShouldBe(1);
        home["notifications"].Count.ShouldBe(3);
        home["desk"].Count.ShouldBe(3);
        home["desk"].Ids.ShouldBe([app.SubmittedCity, app.Approved, app.SubmittedHoanKiem]);
        home["desk"].Figures["submitted-in-scope"].ShouldBe(2);
        home["desk"].Figures["approved-in-scope"].ShouldBe(1);
        home["audit"].Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_clerk_who_may_also_read_the_whole_city_counts_only_the_notifications_of_their_own_units_as_work()
    {
        // Ba Đình staff who also audit the city: Hoàn Kiếm's notice is theirs to read, not to act on.
        await using (var session = app.Store.LightweightSession())
        {
            var id = Guid.NewGuid();
            session.Events.StartStream<UserAccount>(
                id,
                new UserRegistered(id, "staff-auditor", "Ba Đình, kiểm tra", (await session.Query<UserAccount>().FirstAsync(u => u.Username == "staff")).PasswordHash),
                new RoleAssigned(Role.OrganisationStaff, DemoUnits.BaDinh.OrganisationId),
                new RoleAssigned(Role.Auditor, DemoUnits.City));
            await session.SaveChangesAsync();
        }

        var home = Cards(await (await app.SignInAsync("staff-auditor")).GetTextAsync("/"));

        // Both Ba Đình notices are unread by this user; the Hoàn Kiếm one is not their work.
        home["notifications"].Count.ShouldBe(2);
        home["notifications"].Ids.ShouldBe([app.NotificationBaDinh, app.NotificationBaDinhRead]);
    }

    [Fact]
    public async Task a_card_with_nothing_waiting_says_so()
    {
        // A staff member of a district where nothing is recorded.
        await using (var session = app.Store.LightweightSession())
        {
            var id = Guid.NewGuid();
            session.Events.StartStream<UserAccount>(id, new UserRegistered(id, "staff-long-bien", "Long Biên", (await session.Query<UserAccount>().FirstAsync(u => u.Username == "staff")).PasswordHash), new RoleAssigned(Role.OrganisationStaff, DemoUnits.District("Long Biên").OrganisationId));
            await session.SaveChangesAsync();
        }

        var page = await (await app.SignInAsync("staff-long-bien")).GetTextAsync("/");
        var home = Cards(page);

        home.Keys.ShouldBe(["recognition", "badges", "transfers", "notifications", "recordreports"]);
        home.Values.ShouldAllBe(card => card.Count == 0 && card.Ids.Count == 0 && card.Empty);
    }

    private sealed record Card(int Count, IReadOnlyList<Guid> Ids, IReadOnlyDictionary<string, int> Figures, string Link, bool Empty);

    /// <summary>The cards in page order, by their test id without "card-".</summary>
    private static Dictionary<string, Card> Cards(string html) =>
        CardPattern().Matches(html).ToDictionary(
            m => m.Groups["card"].Value,
            m =>
            {
                var body = m.Groups["body"].Value;
                return new Card(
                    int.Parse(m.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    [.. ItemPattern().Matches(body).Select(i => Guid.Parse(i.Groups["id"].Value))],
                    FigurePattern().Matches(body).ToDictionary(f => f.Groups["id"].Value, f => int.Parse(f.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)),
                    System.Net.WebUtility.HtmlDecode(LinkPattern().Match(body).Groups["href"].Value),
                    body.Contains("data-testid=\"card-empty\"", StringComparison.Ordinal));
            });

    private static string Section(string html, string testId)
    {
        var start = html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(-1, $"no {testId} on the page");
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("<article [^>]*data-testid=\"card-(?<card>[a-z]+)\" data-count=\"(?<count>\\d+)\"[^>]*>(?<body>.*?)</article>", RegexOptions.Singleline)]
    private static partial Regex CardPattern();

    [GeneratedRegex("<li data-id=\"(?<id>[0-9a-f-]{36})\">")]
    private static partial Regex ItemPattern();

    [GeneratedRegex("data-testid=\"(?<id>[a-z-]+)\">(?<n>\\d+)</strong>")]
    private static partial Regex FigurePattern();

    [GeneratedRegex("href=\"(?<href>[^\"]+)\" data-testid=\"card-link\"")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<a href=\"/members/(?<id>[0-9a-f-]{36})/(probation|badge)\">")]
    private static partial Regex RowLinks();
}
