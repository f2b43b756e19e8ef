using EventSourced.Domain.Common;
using EventSourced.Domain.Members.RecordReviews;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Tests.Organisations;
using NodaTime;

namespace EventSourced.Domain.Tests.Members.RecordReviews;

public class ConfirmationCoverageTests
{
    private static readonly LocalDate Day = new(2025, 8, 15);

    private static Instant At(LocalDate date, int hour) => date.At(new LocalTime(hour, 0)).InZoneStrictly(VietnamTime.Zone).ToInstant();

    private static RecordReview Review(params object[] events)
    {
        var review = RecordReview.For(Guid.NewGuid());
        foreach (var e in events)
        {
            switch (e)
            {
                case RecordConfirmed c: review.Apply(c); break;
                case DifferenceReported r: review.Apply(r); break;
                case DifferenceAccepted a: review.Apply(a); break;
            }
        }

        return review;
    }

    private static RecordConfirmed Confirmed(Instant at) => new(Guid.NewGuid(), Guid.NewGuid(), 2, [], at);

    private static DifferenceReported Reported(Guid id, Instant at) => new(id, Guid.NewGuid(), RecordField.Phone, null, "0987000111", null, at);

    [Fact]
    public void a_member_counts_as_confirmed_from_the_day_of_the_confirmation_in_hanoi_time()
    {
        var review = Review(Confirmed(At(Day, 23)));

        ConfirmationCoverage.Count(review, installed: true, Day.PlusDays(-1), VietnamTime.Zone).ShouldBe(ConfirmationCounts.None);
        ConfirmationCoverage.Count(review, installed: true, Day, VietnamTime.Zone).ShouldBe(new ConfirmationCounts(1, 0, 0, 1));
        ConfirmationCoverage.Count(review, installed: false, Day, VietnamTime.Zone).ShouldBe(new ConfirmationCounts(1, 0, 0, 0));
    }

    [Fact]
    public void a_report_is_open_on_the_days_between_its_arrival_and_its_acceptance()
    {
        var id = Guid.NewGuid();
        var review = Review(Reported(id, At(Day, 9)), new DifferenceAccepted(id, RecordField.Phone, 3, null, At(Day.PlusDays(2), 9)));

        ConfirmationCoverage.Count(review, false, Day, VietnamTime.Zone).ShouldBe(new ConfirmationCounts(0, 1, 1, 0));
        ConfirmationCoverage.Count(review, false, Day.PlusDays(2), VietnamTime.Zone).ShouldBe(new ConfirmationCounts(0, 1, 0, 0));
    }

    [Fact]
    public void a_parent_counts_the_sum_of_its_cells()
    {
        var builder = new TreeBuilder();
        var second = builder.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", builder.Ward);

        var coverage = ConfirmationCoverage.Compute(
            builder.On(Day),
            [
                new MemberReviewInput(builder.Cell.Id, Review(Confirmed(At(Day, 8))), true),
                new MemberReviewInput(second.Id, Review(Confirmed(At(Day, 8)), Reported(Guid.NewGuid(), At(Day, 9))), false),
            ],
            Day,
            VietnamTime.Zone);

        coverage[builder.Cell.Id].ShouldBe(new ConfirmationCounts(1, 0, 0, 1));
        coverage[builder.City.Id].ShouldBe(new ConfirmationCounts(2, 1, 1, 1));
    }

    [Fact]
    public void counting_below_a_unit_gives_it_and_its_units_the_counts_of_the_whole_tree()
    {
        var builder = new TreeBuilder();
        var second = builder.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", builder.Ward);
        MemberReviewInput[] members =
        [
            new(builder.Cell.Id, Review(Confirmed(At(Day, 8))), true),
            new(second.Id, Review(Confirmed(At(Day, 8)), Reported(Guid.NewGuid(), At(Day, 9))), false),
        ];

        var whole = ConfirmationCoverage.Compute(builder.On(Day), members, Day, VietnamTime.Zone);
        var below = ConfirmationCoverage.Compute(builder.On(Day), members, Day, VietnamTime.Zone, top: builder.Ward.Id);

        below.Keys.ShouldNotContain(builder.City.Id);
        foreach (var unit in new[] { builder.Ward.Id, builder.Cell.Id, second.Id })
        {
            below[unit].ShouldBe(whole[unit]);
        }
    }

    [Fact]
    public void with_no_review_every_unit_counts_nothing()
    {
        var builder = new TreeBuilder();

        var coverage = ConfirmationCoverage.Compute(builder.On(Day), [], Day, VietnamTime.Zone);

        (coverage.GetValueOrDefault(builder.City.Id) ?? ConfirmationCounts.None).ShouldBe(ConfirmationCounts.None);
    }
}
