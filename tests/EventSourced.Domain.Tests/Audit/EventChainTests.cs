using EventSourced.Domain.Audit;

namespace EventSourced.Domain.Tests.Audit;

/// <summary>The hash chain's links and the walk that verifies them, without a database.</summary>
public sealed class EventChainTests
{
    private static readonly StoredEvent First = new(
        1, Guid.Parse("0193a1b0-0000-7000-8000-000000000001"), Guid.Parse("0193a1b0-0000-7000-8000-0000000000aa"), 1,
        "member_admitted", """{"name": "Nguyễn Văn Hùng"}""", null, 1_733_000_000_000_000, "*DEFAULT*",
        "EventSourced.Domain.Members.MemberAdmitted", "corr", null, """{"reason": "x"}""", "staff");

    [Fact]
    public void the_same_event_after_the_same_link_always_gives_the_same_link()
    {
        EventChain.Link(EventChain.Genesis.Span, First).ShouldBe(EventChain.Link(EventChain.Genesis.Span, First with { }));
        EventChain.Link(EventChain.Genesis.Span, First).Length.ShouldBe(EventChain.HashLength);
    }

    public static TheoryData<string> Changes => new()
    {
        "Sequence", "Id", "StreamId", "Version", "Type", "Data", "BinaryData", "Timestamp", "TenantId", "DotNetType",
        "CorrelationId", "CausationId", "Headers", "UserName",
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void changing_any_stored_column_changes_the_link(string column)
    {
        var changed = column switch
        {
            "Sequence" => First with { Sequence = 2 },
            "Id" => First with { Id = Guid.Empty },
            "StreamId" => First with { StreamId = null },
            "Version" => First with { Version = 2 },
            "Type" => First with { Type = "member_died" },
            "Data" => First with { Data = """{"name": "Nguyễn Văn Hung"}""" },
            "BinaryData" => First with { BinaryData = [] },
            "Timestamp" => First with { TimestampMicroseconds = First.TimestampMicroseconds + 1 },
            "TenantId" => First with { TenantId = null },
            "DotNetType" => First with { DotNetType = "x" },
            "CorrelationId" => First with { CorrelationId = "" },
            "CausationId" => First with { CausationId = "" },
            "Headers" => First with { Headers = null },
            _ => First with { UserName = "auditor" },
        };

        EventChain.Link(EventChain.Genesis.Span, changed).ShouldNotBe(EventChain.Link(EventChain.Genesis.Span, First));
    }

    [Fact]
    public void text_moved_from_one_column_to_the_next_changes_the_link()
    {
        var a = First with { CorrelationId = "ab", CausationId = "c" };
        var b = First with { CorrelationId = "a", CausationId = "bc" };

        EventChain.Link(EventChain.Genesis.Span, a).ShouldNotBe(EventChain.Link(EventChain.Genesis.Span, b));
    }

    [Fact]
    public void the_same_event_after_another_link_gives_another_link()
    {
        var other = new byte[EventChain.HashLength];
        other[0] = 1;

        EventChain.Link(other, First).ShouldNotBe(EventChain.Link(EventChain.Genesis.Span, First));
    }

    [Fact]
    public async Task an_untouched_log_walks_intact()
    {
        var (events, links) = Log(5);

        var result = await Walk(events, links);

        result.FirstBreak.ShouldBeNull();
        result.Checked.ShouldBe(5);
        result.LastSequence.ShouldBe(5);
    }

    [Fact]
    public async Task an_altered_event_breaks_its_own_link_only()
    {
        var (events, links) = Log(5);
        events[2] = events[2] with { Data = """{"forged": true}""" };

        var result = await Walk(events, links);

        result.FirstBreak.ShouldBe(new ChainBreak(3, ChainBreakKind.Altered, events[2].Type, events[2].StreamId, events[2].Version));
        result.Breaks.ShouldBe(1);
    }

    [Fact]
    public async Task a_deleted_event_is_reported_as_missing_at_its_sequence_number()
    {
        var (events, links) = Log(5);
        events.RemoveAt(1);

        var result = await Walk(events, links);

        result.FirstBreak!.Sequence.ShouldBe(2);
        result.FirstBreak.Kind.ShouldBe(ChainBreakKind.Missing);
        result.Breaks.ShouldBe(1);
    }

    [Fact]
    public async Task an_event_inserted_below_the_head_is_reported_as_not_in_the_chain()
    {
        var (events, links) = Log(5);
        events.Insert(2, First with { Sequence = 2, Id = Guid.NewGuid() });
        events.RemoveAt(1);
        links.RemoveAt(1);

        var result = await Walk(events, links);

        result.FirstBreak!.Sequence.ShouldBe(2);
        result.FirstBreak.Kind.ShouldBe(ChainBreakKind.NotInChain);
    }

    [Fact]
    public async Task a_walk_from_a_checkpoint_starts_from_its_link()
    {
        var (events, links) = Log(5);

        var result = await Walk(events.Skip(2).ToList(), links.Skip(2).ToList(), links[1].Hash);

        result.FirstBreak.ShouldBeNull();
        result.Checked.ShouldBe(3);
    }

    private static (List<StoredEvent> Events, List<(long Sequence, byte[] Hash)> Links) Log(int count)
    {
        var events = new List<StoredEvent>();
        var links = new List<(long, byte[])>();
        var previous = EventChain.Genesis.ToArray();
        for (var i = 1; i <= count; i++)
        {
            var e = First with { Sequence = i, Version = i, Data = $$"""{"n": {{i}}}""" };
            previous = EventChain.Link(previous, e);
            events.Add(e);
            links.Add((i, previous));
        }

        return (events, links);
    }

    private static Task<ChainWalkResult> Walk(List<StoredEvent> events, List<(long Sequence, byte[] Hash)> links, byte[]? start = null) =>
        ChainWalk.RunAsync(events.ToAsyncEnumerable(), links.ToAsyncEnumerable(), start ?? EventChain.Genesis, null, CancellationToken.None);
}
