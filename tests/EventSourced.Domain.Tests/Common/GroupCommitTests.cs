using EventSourced.Domain.Common;

namespace EventSourced.Domain.Tests.Common;

public sealed class GroupCommitTests
{
    /// <summary>
    /// A writer of strings whose first transaction waits for <see cref="Release"/>, so the items sent
    /// meanwhile are known to wait together. An item "poison" fails its whole transaction; an item
    /// "refused" is refused on its own. Items are "key:name"; the result is the item in capitals.
    /// </summary>
    private sealed class Writer
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Writer(int writers = 1) =>
            Commit = new GroupCommit<string, string>(WriteGroupAsync, item => item.Split(':')[0], maxGroup: 10, writers: writers);

        public GroupCommit<string, string> Commit { get; }

        public List<IReadOnlyList<string>> Groups { get; } = [];

        public List<string> WrittenAlone { get; } = [];

        public Task FirstStarted => _firstStarted.Task;

        public void Release() => _gate.TrySetResult();

        public Task<string> SendAsync(string item) => Commit.WriteAsync(item, () => AloneAsync(item), CancellationToken.None);

        private Task<string> AloneAsync(string item)
        {
            lock (WrittenAlone)
            {
                WrittenAlone.Add(item);
            }

            return item.EndsWith("poison", StringComparison.Ordinal) ? throw new InvalidOperationException("poison") : Task.FromResult(item.ToUpperInvariant() + " alone");
        }

        private async Task<IReadOnlyList<GroupResult<string>>> WriteGroupAsync(IReadOnlyList<string> items, CancellationToken ct)
        {
            lock (Groups)
            {
                Groups.Add(items);
            }

            _firstStarted.TrySetResult();
            await _gate.Task;
            if (items.Any(i => i.EndsWith("poison", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException("the transaction failed");
            }

            return [.. items.Select(i => i.EndsWith("refused", StringComparison.Ordinal)
                ? GroupResult.Refused<string>(new RuleViolation("Test.Refused"))
                : GroupResult.Of(i.ToUpperInvariant()))];
        }
    }

    [Fact]
    public async Task items_sent_while_a_group_is_written_are_written_together_in_the_next_one()
    {
        var writer = new Writer();
        var first = writer.SendAsync("1:a");
        await writer.FirstStarted;
        var waiting = new[] { writer.SendAsync("2:b"), writer.SendAsync("3:c"), writer.SendAsync("4:d") };

        writer.Release();

        (await first).ShouldBe("1:A");
        (await Task.WhenAll(waiting)).ShouldBe(["2:B", "3:C", "4:D"]);
        writer.Groups.ShouldBe([["1:a"], ["2:b", "3:c", "4:d"]]);
        writer.Commit.Counts.ShouldBe((2L, 4L, 0L));
    }

    [Fact]
    public async Task when_a_group_transaction_fails_each_item_is_written_alone_and_only_the_bad_one_fails()
    {
        var writer = new Writer();
        var first = writer.SendAsync("1:a");
        await writer.FirstStarted;
        var good = writer.SendAsync("2:b");
        var bad = writer.SendAsync("3:poison");
        var alsoGood = writer.SendAsync("4:d");

        writer.Release();

        (await first).ShouldBe("1:A");
        (await good).ShouldBe("2:B alone");
        (await alsoGood).ShouldBe("4:D alone");
        (await Should.ThrowAsync<InvalidOperationException>(bad)).Message.ShouldBe("poison");
        writer.WrittenAlone.ShouldBe(["2:b", "3:poison", "4:d"], ignoreOrder: true);
        writer.Commit.Counts.FellBack.ShouldBe(3);
    }

    [Fact]
    public async Task an_item_refused_in_a_group_is_refused_to_its_sender_only()
    {
        var writer = new Writer();
        var first = writer.SendAsync("1:a");
        await writer.FirstStarted;
        var refused = writer.SendAsync("2:refused");
        var good = writer.SendAsync("3:c");

        writer.Release();

        await first;
        (await Should.ThrowAsync<RuleViolation>(refused)).Code.ShouldBe("Test.Refused");
        (await good).ShouldBe("3:C");
        writer.WrittenAlone.ShouldBeEmpty();
    }

    [Fact]
    public async Task two_items_of_one_key_are_never_written_in_one_group_or_at_the_same_time()
    {
        var writer = new Writer(writers: 2);
        var first = writer.SendAsync("1:a");
        await writer.FirstStarted;
        var sameKey = writer.SendAsync("1:again");
        var other = writer.SendAsync("2:b");
        var sameAsOther = writer.SendAsync("2:b-again");

        writer.Release();

        await Task.WhenAll(first, sameKey, other, sameAsOther);
        foreach (var group in writer.Groups)
        {
            group.Select(i => i.Split(':')[0]).ShouldBeUnique();
        }

        writer.Groups.SelectMany(g => g).ShouldBe(["1:a", "2:b", "1:again", "2:b-again"], ignoreOrder: true);
        writer.Groups.FindIndex(g => g.Contains("1:again")).ShouldBeGreaterThan(writer.Groups.FindIndex(g => g.Contains("1:a")));
    }
}
