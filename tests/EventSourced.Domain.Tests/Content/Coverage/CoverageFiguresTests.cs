using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using EventSourced.Domain.Content.Coverage;
using EventSourced.Domain.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Content.Coverage;

/// <summary>
/// A small history counted by hand: city → district → ward (cells 01 and 02) and another ward (cell
/// 03), the coverage of March 2025 seen on 10 April.
/// </summary>
public class CoverageFiguresTests
{
    private static readonly CoveragePeriod March = new(new LocalDate(2025, 3, 1), new LocalDate(2025, 3, 31));
    private static readonly LocalDate Today = new(2025, 4, 10);

    private readonly ContentBuilder _content = new();
    private readonly Organisation _cell2;
    private readonly Organisation _cell3;
    private readonly List<Post> _posts = [];

    public CoverageFiguresTests()
    {
        var units = _content.Units;
        _cell2 = units.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", units.Ward);
        _cell3 = units.Add(OrganisationKind.Cell, "BD.TB.01", "Chi bộ Trúc Bạch 1", _content.OtherWard);

        Publish(units.City, News(), On(3, 5));
        Publish(units.District, Document() with { Repost = Source() }, On(3, 10));
        Publish(units.Ward, News() with { Repost = Source() }, On(3, 12));
        Publish(units.Ward, News(), On(3, 20));
        Publish(units.Ward, News(), On(2, 15));
        Publish(_content.OtherWard, News(), On(2, 1));
        Publish(_content.OtherWard, News(), On(4, 2));
        // March's bulletins were due on 20 February: cell 01 on time, cell 02 late, cell 03 never.
        Publish(units.Cell, _content.Bulletin(new LocalDate(2025, 3, 1), new LocalDate(2025, 3, 6)), On(2, 19), submitted: On(2, 18));
        Publish(_cell2, _content.Bulletin(new LocalDate(2025, 3, 1), new LocalDate(2025, 3, 7), _cell2.Id), On(2, 26), submitted: On(2, 25));
        // April's bulletin, published in March: a post of March, not a bulletin March asked for.
        Publish(units.Cell, _content.Bulletin(new LocalDate(2025, 4, 1), new LocalDate(2025, 4, 5)), On(3, 16), submitted: On(3, 15));
    }

    private IReadOnlyList<UnitCoverage> Figures() =>
        CoverageFigures.Compute(_content.Units.On(March.To), _posts, March, Today);

    private UnitCoverage Of(IReadOnlyList<UnitCoverage> figures, Organisation unit) => figures.Single(f => f.UnitId == unit.Id);

    [Fact]
    public void each_unit_counts_its_own_boards_posts_of_the_period_by_kind_and_originals_apart_from_reposts()
    {
        var figures = Figures();

        Of(figures, _content.Units.City).Own.ShouldBe(new PostCounts(News: 1, Documents: 0, Bulletins: 0, Originals: 1, Reposts: 0));
        Of(figures, _content.Units.District).Own.ShouldBe(new PostCounts(0, 1, 0, 0, 1));
        Of(figures, _content.Units.Ward).Own.ShouldBe(new PostCounts(2, 0, 0, 1, 1));
        Of(figures, _content.Units.Cell).Own.ShouldBe(new PostCounts(0, 0, 1, 1, 0));
        Of(figures, _cell2).Own.ShouldBe(PostCounts.None);
        Of(figures, _content.OtherWard).Own.ShouldBe(PostCounts.None);
    }

    [Fact]
    public void a_parents_total_is_its_own_posts_plus_its_childrens_totals()
    {
        var figures = Figures();

        Of(figures, _content.Units.Ward).Total.ShouldBe(new PostCounts(2, 0, 1, 2, 1));
        Of(figures, _content.Units.District).Total.ShouldBe(new PostCounts(2, 1, 1, 2, 2));
        Of(figures, _content.Units.City).Total.ShouldBe(new PostCounts(3, 1, 1, 3, 2));
        foreach (var unit in figures)
        {
            var children = figures.Where(f => f.ParentId == unit.UnitId).ToList();
            unit.Total.ShouldBe(children.Aggregate(unit.Own, (sum, c) => sum.Plus(c.Total)));
            unit.CellMonths.ShouldBe(children.Sum(c => c.CellMonths) + (CoverageFigures.IsCell(unit.Kind) ? 1 : 0));
        }
    }

    [Fact]
    public void posts_from_above_are_the_news_and_documents_of_every_unit_above()
    {
        var figures = Figures();

        Of(figures, _content.Units.City).FromAbove.ShouldBe(0);
        Of(figures, _content.Units.District).FromAbove.ShouldBe(1);
        Of(figures, _content.Units.Ward).FromAbove.ShouldBe(2);
        Of(figures, _content.Units.Cell).FromAbove.ShouldBe(4);
        Of(figures, _cell2).FromAbove.ShouldBe(4);
        Of(figures, _cell3).FromAbove.ShouldBe(2);
    }

    [Fact]
    public void the_share_of_cells_with_their_bulletin_on_time_follows_the_bulletin_rules_and_sums_up()
    {
        var figures = Figures();

        Of(figures, _content.Units.Cell).BulletinsOnTime.ShouldBe(1m);
        Of(figures, _cell2).BulletinsOnTime.ShouldBe(0m);
        Of(figures, _content.Units.Ward).BulletinsOnTime.ShouldBe(0.5m);
        Of(figures, _content.Units.City).CellMonths.ShouldBe(3);
        Of(figures, _content.Units.City).CellMonthsOnTime.ShouldBe(1);
    }

    [Fact]
    public void a_month_whose_bulletins_are_not_yet_due_asks_nothing_of_the_cells()
    {
        var april = CoveragePeriod.MonthOf(new LocalDate(2025, 4, 1));

        var figures = CoverageFigures.Compute(_content.Units.On(april.To), _posts, april, new LocalDate(2025, 3, 20));

        figures.ShouldAllBe(f => f.CellMonths == 0 && f.BulletinsOnTime == null);
    }

    [Fact]
    public void days_since_the_last_post_count_to_the_periods_end_and_a_unit_with_no_post_is_listed()
    {
        var figures = Figures();

        Of(figures, _content.Units.Ward).DaysSinceLastPost.ShouldBe(11);
        Of(figures, _content.Units.Cell).DaysSinceLastPost.ShouldBe(15);
        Of(figures, _content.OtherWard).LastPostOn.ShouldBe(new LocalDate(2025, 2, 1));
        Of(figures, _content.OtherWard).DaysSinceLastPost.ShouldBe(58);
        Of(figures, _cell3).DaysSinceLastPost.ShouldBeNull();
        CoverageFigures.Silent(figures, _content.Units.City.Id, _content.Units.On(March.To)).Select(f => f.UnitId).ShouldBe([_content.OtherWard.Id]);
    }

    [Fact]
    public void a_post_withdrawn_later_still_counts_in_the_period_it_went_out()
    {
        var post = _posts.Single(p => p.UnitId == _content.Units.City.Id);
        post.Apply(new PostWithdrawn(1, Actor(_content.Units.City), "Hết hiệu lực", Instant.FromUtc(2025, 3, 25, 3, 0)));

        Of(Figures(), _content.Units.City).Own.News.ShouldBe(1);
    }

    private static Instant On(int month, int day) => new LocalDate(2025, month, day).At(new LocalTime(9, 0)).InZoneStrictly(VietnamTime.Zone).ToInstant();

    private static RepostSource Source() => new("https://hanoi.dcs.vn/tin/1", "Báo điện tử Đảng bộ Hà Nội", new LocalDate(2025, 3, 1));

    private static PostContent News() => ContentBuilder.News();

    private static PostContent Document() => ContentBuilder.Document();

    private static ContentActor Actor(Organisation unit) => new(Guid.NewGuid(), "Người đăng", BoardRole.Publisher, null, unit.Id, unit.Name);

    private void Publish(Organisation unit, PostContent content, Instant at, Instant? submitted = null)
    {
        var by = Actor(unit);
        var post = Post.Create(new PostDrafted(Guid.NewGuid(), unit.Id, unit.Name, content, by, (submitted ?? at) - Duration.FromHours(1)));
        post.Apply(new PostSubmitted(1, 1, by, null, submitted ?? at - Duration.FromMinutes(30)));
        post.Apply(new PostApproved(1, 1, by, null, at - Duration.FromMinutes(10)));
        post.Apply(new PostPublished(1, by, null, at));
        _posts.Add(post);
    }
}
