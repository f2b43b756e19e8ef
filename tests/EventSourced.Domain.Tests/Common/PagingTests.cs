using EventSourced.Domain.Common;

namespace EventSourced.Domain.Tests.Common;

public sealed class PagingTests
{
    [Theory]
    [InlineData(int.MaxValue, 120, 3, true)]
    [InlineData(4, 120, 3, true)]
    [InlineData(3, 120, 3, false)]
    [InlineData(0, 120, 1, false)]
    [InlineData(int.MinValue, 120, 1, false)]
    [InlineData(2, 0, 1, true)]
    [InlineData(1, 0, 1, false)]
    public void a_page_before_the_first_is_the_first_and_one_past_the_last_is_the_last_and_says_so(int requested, int total, int shown, bool pastEnd)
    {
        var paging = Paging.Of(requested, 50, total);

        paging.Number.ShouldBe(shown);
        paging.PastEnd.ShouldBe(pastEnd);
        paging.Skip.ShouldBe((shown - 1) * 50);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    [InlineData(-1)]
    public void the_offset_read_before_the_total_is_known_never_overflows(int requested)
    {
        Paging.Offset(requested, 2_000).ShouldBeInRange(0, int.MaxValue);
    }

    [Fact]
    public void a_list_that_was_not_read_has_one_page_and_nothing_past_it()
    {
        var paging = default(Paging);

        paging.Count.ShouldBe(1);
        paging.PastEnd.ShouldBeFalse();
    }
}
