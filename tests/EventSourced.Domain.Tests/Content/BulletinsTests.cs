using EventSourced.Domain.Content;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Content;

public class BulletinsTests
{
    private static readonly LocalDate April = new(2025, 4, 1);

    [Fact]
    public void a_bulletin_is_due_by_the_20th_of_the_month_before_the_meeting()
    {
        Bulletins.DueBy(April).ShouldBe(new LocalDate(2025, 3, 20));
        Bulletins.DueBy(new LocalDate(2025, 4, 28)).ShouldBe(new LocalDate(2025, 3, 20));
        Bulletins.DueBy(new LocalDate(2025, 1, 1)).ShouldBe(new LocalDate(2024, 12, 20));
    }

    [Fact]
    public void cells_without_a_submitted_bulletin_are_late_after_the_due_date()
    {
        var content = new ContentBuilder();
        var submittedCell = content.Units.Cell;
        var draftCell = content.Units.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", content.Units.Ward);
        var otherMonthCell = content.Units.Add(OrganisationKind.Cell, "BD.PX.03", "Chi bộ khu dân cư số 3", content.Units.Ward);
        var silentCell = content.Units.Add(OrganisationKind.Cell, "BD.PX.04", "Chi bộ khu dân cư số 4", content.Units.Ward);
        var tree = content.Tree;
        var cells = new[] { submittedCell, draftCell, otherMonthCell, silentCell }.Select(c => tree.Find(c.Id)!).ToList();
        var bulletins = new[]
        {
            content.Submitted(content.Bulletin(cellId: submittedCell.Id)),
            content.Draft(content.Bulletin(cellId: draftCell.Id)),
            content.Published(content.Bulletin(month: new LocalDate(2025, 3, 1), meeting: new LocalDate(2025, 3, 5), cellId: otherMonthCell.Id)),
        };

        Bulletins.LateBulletins(cells, bulletins, April, new LocalDate(2025, 3, 20)).ShouldBeEmpty();
        Bulletins.LateBulletins(cells, bulletins, April, new LocalDate(2025, 3, 21)).Select(c => c.Id)
            .ShouldBe([draftCell.Id, otherMonthCell.Id, silentCell.Id]);
    }

    [Fact]
    public void late_cells_come_in_code_order_whatever_order_they_are_given_in()
    {
        var content = new ContentBuilder();
        var fourth = content.Units.Add(OrganisationKind.Cell, "BD.PX.04", "Chi bộ khu dân cư số 4", content.Units.Ward);
        var second = content.Units.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", content.Units.Ward);
        var tree = content.Tree;
        var given = new[] { fourth, content.Units.Cell, second }.Select(c => tree.Find(c.Id)!).ToList();

        Bulletins.LateBulletins(given, [], April, new LocalDate(2025, 3, 21)).Select(c => c.Code).ShouldBe(["BD.PX.01", "BD.PX.02", "BD.PX.04"]);
        Bulletins.LateBulletins(tree.CellsByCode(content.Units.Ward.Id), [], April, new LocalDate(2025, 3, 21)).Select(c => c.Code).ShouldBe(["BD.PX.01", "BD.PX.02", "BD.PX.04"]);
    }

    [Fact]
    public void a_published_bulletin_counts_and_a_withdrawn_or_rejected_one_does_not()
    {
        var content = new ContentBuilder();
        var cell = content.Tree.Find(content.Units.Cell.Id)!;
        var published = content.Published(content.Bulletin());
        var withdrawn = content.Published(content.Bulletin());
        withdrawn.Record(new PostWithdrawn(1, published.Live!.By, "Sai ngày", ContentBuilder.Now));

        Bulletins.CountsAsPosted(published).ShouldBeTrue();
        Bulletins.CountsAsPosted(withdrawn).ShouldBeFalse();
        Bulletins.LateBulletins([cell], [withdrawn], April, new LocalDate(2025, 4, 1)).ShouldHaveSingleItem();
        Bulletins.LateBulletins([cell], [withdrawn, published], April, new LocalDate(2025, 4, 1)).ShouldBeEmpty();
    }

    [Fact]
    public void submitting_a_bulletin_records_whether_it_was_on_time()
    {
        // Decisions are taken on 3 March 2025: April's bulletin is due by 20 March, March's was due by 20 February.
        var content = new ContentBuilder();
        var april = content.Draft(content.Bulletin());
        var march = content.Draft(content.Bulletin(month: new LocalDate(2025, 3, 1), meeting: new LocalDate(2025, 3, 10)));
        var news = content.Draft();

        SubmitPostHandler.Decide(new SubmitPost(april.Id, april.Version, 1, ContentBuilder.Author.Id), april, content.Scope(april), ContentBuilder.Now).BulletinOnTime.ShouldBe(true);
        SubmitPostHandler.Decide(new SubmitPost(march.Id, march.Version, 1, ContentBuilder.Author.Id), march, content.Scope(march), ContentBuilder.Now).BulletinOnTime.ShouldBe(false);
        SubmitPostHandler.Decide(new SubmitPost(news.Id, news.Version, 1, ContentBuilder.Author.Id), news, content.Scope(news), ContentBuilder.Now).BulletinOnTime.ShouldBeNull();
    }

    [Fact]
    public void a_bulletin_submitted_after_the_20th_stays_late_once_published()
    {
        var content = new ContentBuilder();
        var cell = content.Tree.Find(content.Units.Cell.Id)!;
        var march = new LocalDate(2025, 3, 1);
        var late = content.Published(content.Bulletin(month: march, meeting: new LocalDate(2025, 3, 10)));
        var onTime = content.Published(content.Bulletin());

        late.BulletinSubmission.ShouldBe(new BulletinSubmission(march, ContentBuilder.Today, OnTime: false));
        onTime.BulletinSubmission!.OnTime.ShouldBeTrue();
        Bulletins.LateBulletins([cell], [late], march, new LocalDate(2025, 3, 4)).ShouldHaveSingleItem().Id.ShouldBe(cell.Id);
        Bulletins.PostedLate([late], march).ShouldBe(new Dictionary<Guid, LocalDate> { [cell.Id] = ContentBuilder.Today });
        Bulletins.LateBulletins([cell], [onTime], new LocalDate(2025, 4, 1), new LocalDate(2025, 4, 1)).ShouldBeEmpty();
    }

    [Fact]
    public void a_bulletin_sent_back_and_resubmitted_keeps_the_date_of_its_first_submission()
    {
        var content = new ContentBuilder();
        var post = content.Submitted(content.Bulletin());
        post.Record(new PostChangesRequested(1, post.Latest.By, "Bổ sung tài liệu", ContentBuilder.Now));
        var later = Instant.FromUtc(2025, 3, 25, 2, 0);

        post.Record(SubmitPostHandler.Decide(new SubmitPost(post.Id, post.Version, 1, ContentBuilder.Author.Id), post, content.Scope(post), later));

        post.BulletinSubmission.ShouldBe(new BulletinSubmission(new LocalDate(2025, 4, 1), ContentBuilder.Today, OnTime: true));
    }
}
