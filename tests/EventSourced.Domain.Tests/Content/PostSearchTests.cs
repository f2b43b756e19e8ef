using EventSourced.Domain.Content;

namespace EventSourced.Domain.Tests.Content;

/// <summary>How searches are folded and quoted, and the feed's cursor: pure, no database.</summary>
public class PostSearchTests
{
    [Fact]
    public void words_are_folded_without_diacritics_and_punctuation_splits_numbers()
    {
        PostSearch.Words("Nghị quyết số 05-NQ/TU của Thành ủy").ShouldBe("nghi quyet so 05 nq tu cua thanh uy");
    }

    [Fact]
    public void every_word_is_required_as_a_prefix_and_no_query_syntax_gets_through()
    {
        PostSearch.TsQuery("Nghị quyết 05").ShouldBe("nghi:* & quyet:* & 05:*");
        PostSearch.TsQuery("a:* | !b & (c)").ShouldBe("a:* & b:* & c:*");
        PostSearch.TsQuery(" !!! ").ShouldBeNull();
    }

    [Fact]
    public void a_cursor_reads_back_and_one_the_server_never_issued_is_refused()
    {
        var cursor = new FeedCursor(1_700_000_000_123, Guid.NewGuid());

        FeedCursor.Decode(cursor.Encode()).ShouldBe(cursor);
        FeedCursor.Decode("not-a-cursor").ShouldBeNull();
        FeedCursor.Decode(new string('A', 200)).ShouldBeNull();
    }
}
