using EventSourced.Domain.Common;
using JasperFx.Events;
using Marten;

namespace EventSourced.Domain.Accounts;

/// <summary>
/// Who could act as an account besides its owner: whoever opened it or set its password (they knew the
/// password), and in turn whoever could act as them. Two-person rules (a rescission proposed and confirmed, a
/// post written and approved or published) count two accounts as two people only when neither could act as the
/// other; otherwise an administrator opens a second account, or resets a colleague's password, and confirms their
/// own proposal. Read from the accounts' streams (the actor each event was recorded with), so accounts opened
/// before this rule are judged by their whole history, with nothing to rebuild.
/// </summary>
public static class AccountControl
{
    /// <summary>Bounds the walk up a chain of openers; real chains are a few accounts long.</summary>
    private const int MaxAccountsRead = 200;

    /// <summary>The accounts that set this account's password: its opener and anyone who reset it (not its owner changing it).</summary>
    public static IEnumerable<Guid> PasswordSetters(Guid accountId, IEnumerable<IEvent> events) =>
        events
            .Where(e => e.Data is UserRegistered or PasswordChanged)
            .Select(ActorOf)
            .Where(id => id is { } actor && actor != accountId)
            .Select(id => id!.Value)
            .Distinct();

    /// <summary>The account an event was recorded by, from its header; null for the command line and the seed.</summary>
    public static Guid? ActorOf(IEvent e) =>
        e.Headers is { } headers
        && headers.TryGetValue(AuditHeaders.UserId, out var actor)
        && Guid.TryParse(Convert.ToString(actor, System.Globalization.CultureInfo.InvariantCulture), out var id)
            ? id
            : null;

    /// <summary>Every account that could act as <paramref name="accountId"/>: its password setters, theirs, and so on.</summary>
    public static async Task<IReadOnlySet<Guid>> ControllersAsync(IQuerySession session, Guid accountId, CancellationToken ct)
    {
        var found = new HashSet<Guid>();
        var next = new Queue<Guid>([accountId]);
        var read = 0;
        while (next.TryDequeue(out var id) && read++ < MaxAccountsRead)
        {
            foreach (var setter in PasswordSetters(id, await session.Events.FetchStreamAsync(id, token: ct)))
            {
                if (setter != accountId && found.Add(setter))
                {
                    next.Enqueue(setter);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Those of <paramref name="others"/> tied to <paramref name="actorId"/>: the actor could act as them, or they
    /// as the actor. The actor itself is not in the answer; the rules name that case on their own.
    /// </summary>
    public static async Task<IReadOnlySet<Guid>> TiedAsync(IQuerySession session, Guid actorId, IEnumerable<Guid> others, CancellationToken ct)
    {
        var tied = new HashSet<Guid>();
        var candidates = others.Where(o => o != actorId).Distinct().ToList();
        if (candidates.Count == 0)
        {
            return tied;
        }

        var actorControllers = await ControllersAsync(session, actorId, ct);
        foreach (var other in candidates)
        {
            if (actorControllers.Contains(other) || (await ControllersAsync(session, other, ct)).Contains(actorId))
            {
                tied.Add(other);
            }
        }

        return tied;
    }

    /// <summary>Refuses a second pair of eyes that may be the first one's: the accounts are tied (see <see cref="AccountControl"/>).</summary>
    public static void MustNotBeTied(IEnumerable<Guid> others, IReadOnlySet<Guid>? tiedToActor)
    {
        if (tiedToActor is { Count: > 0 } && others.Any(tiedToActor.Contains))
        {
            throw new RuleViolation("Access.AccountsTied");
        }
    }
}
