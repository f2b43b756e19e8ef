using System.Runtime.ExceptionServices;

namespace EventSourced.Domain.Common;

/// <summary>What became of one item of a group: its result, or why it alone was refused.</summary>
public readonly record struct GroupResult<TResult>(TResult? Value, Exception? Refusal);

public static class GroupResult
{
    public static GroupResult<TResult> Of<TResult>(TResult value) => new(value, null);

    /// <summary>The item is refused (a rule it breaks), the rest of the group is written.</summary>
    public static GroupResult<TResult> Refused<TResult>(Exception refusal) => new(default, refusal);
}

/// <summary>
/// Group commit (decision 0031): items that arrive while earlier ones are being written are written
/// together, in one transaction, each caller awaiting its own item's result. A transaction costs the
/// database a commit (a WAL flush), its round trips and the session's set-up whatever it holds, so
/// many small writes arriving at once cost little more than one.
/// </summary>
/// <remarks>
/// No timer: a group is whatever is waiting when a writer becomes free, so a lone request is written at
/// once and concurrent ones wait at most one transaction. At most one item of a key (a stream) is in
/// a group or in flight at a time, so items of one stream are decided one after the other, each seeing
/// the one before, exactly as when written one by one. When the group's transaction fails (a version
/// taken by another node, a key collision, the database), no item of it was stored, and each caller
/// writes its item alone with <c>alone</c>, on its own request, as it would have without grouping: one
/// failing item never fails the others.
/// </remarks>
public sealed class GroupCommit<TItem, TResult>
    where TItem : notnull
{
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<GroupResult<TResult>>>> _writeGroup;
    private readonly Func<TItem, object> _key;
    private readonly int _maxGroup;
    private readonly int _writers;
    private readonly object _lock = new();
    private readonly LinkedList<Pending> _waiting = new();
    private readonly HashSet<object> _inFlight = [];
    private int _running;
    private long _groups;
    private long _items;
    private long _fellBack;

    /// <param name="writeGroup">Writes the items in one transaction and returns a result per item, in order; throws when nothing was stored.</param>
    /// <param name="key">The stream an item writes to: two items of one key are never in flight together.</param>
    /// <param name="maxGroup">The most items in one transaction.</param>
    /// <param name="writers">How many groups may be written at once (one fills while another commits).</param>
    public GroupCommit(
        Func<IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<GroupResult<TResult>>>> writeGroup,
        Func<TItem, object> key,
        int maxGroup = 64,
        int writers = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroup, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        _writeGroup = writeGroup;
        _key = key;
        _maxGroup = maxGroup;
        _writers = writers;
    }

    /// <summary>How many transactions were written as a group and how many items they held, for the benchmark's notes.</summary>
    public (long Groups, long Items, long FellBack) Counts
    {
        get
        {
            lock (_lock)
            {
                return (_groups, _items, _fellBack);
            }
        }
    }

    /// <summary>
    /// Writes the item with whatever else is waiting, or alone (<paramref name="alone"/>, in the caller's
    /// own context) when its group could not be written. A refusal of the item alone is thrown here.
    /// </summary>
    public async Task<TResult> WriteAsync(TItem item, Func<Task<TResult>> alone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alone);
        var pending = new Pending(item, _key(item));
        lock (_lock)
        {
            _waiting.AddLast(pending);
            StartWriterIfIdle();
        }

        // Once queued the item is written even if this caller goes away: its phone may be retrying, and
        // it must find the item stored, not half a group.
        var result = await pending.Done.Task.WaitAsync(ct).ConfigureAwait(false);
        if (result is null)
        {
            return await alone().ConfigureAwait(false);
        }

        if (result.Value.Refusal is { } refusal)
        {
            ExceptionDispatchInfo.Capture(refusal).Throw();
        }

        return result.Value.Value!;
    }

    private void StartWriterIfIdle()
    {
        if (_running < _writers && _waiting.Count > 0)
        {
            _running++;
            _ = Task.Run(WriteWhileWaitingAsync);
        }
    }

    private async Task WriteWhileWaitingAsync()
    {
        while (true)
        {
            List<Pending> group;
            lock (_lock)
            {
                group = TakeGroup();
                if (group.Count == 0)
                {
                    _running--;
                    return;
                }
            }

            await WriteAsync(group).ConfigureAwait(false);
            lock (_lock)
            {
                foreach (var pending in group)
                {
                    _inFlight.Remove(pending.Key);
                }

                // Items held back for a key that was in flight may now go, with another writer if one is free.
                StartWriterIfIdle();
            }
        }
    }

    /// <summary>The oldest waiting items, at most one per key and none whose key is in flight (under the lock).</summary>
    private List<Pending> TakeGroup()
    {
        var group = new List<Pending>();
        var node = _waiting.First;
        while (node is not null && group.Count < _maxGroup)
        {
            var next = node.Next;
            if (_inFlight.Add(node.Value.Key))
            {
                group.Add(node.Value);
                _waiting.Remove(node);
            }

            node = next;
        }

        return group;
    }

    private async Task WriteAsync(List<Pending> group)
    {
        IReadOnlyList<GroupResult<TResult>>? results = null;
        try
        {
            results = await _writeGroup([.. group.Select(p => p.Item)], CancellationToken.None).ConfigureAwait(false);
            if (results.Count != group.Count)
            {
                throw new InvalidOperationException($"The group writer returned {results.Count} results for {group.Count} items.");
            }
        }
        catch (Exception)
        {
            // Nothing of the group was stored: each caller writes its own item alone (null), so the
            // item that made the transaction fail fails only its own request.
            results = null;
        }

        lock (_lock)
        {
            _groups++;
            _items += group.Count;
            if (results is null)
            {
                _fellBack += group.Count;
            }
        }

        for (var i = 0; i < group.Count; i++)
        {
            group[i].Done.TrySetResult(results?[i]);
        }
    }

    private sealed class Pending(TItem item, object key)
    {
        public TItem Item { get; } = item;

        public object Key { get; } = key;

        public TaskCompletionSource<GroupResult<TResult>?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
