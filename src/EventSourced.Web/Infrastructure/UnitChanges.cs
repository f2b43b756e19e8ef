using System.Reflection;
using EventSourced.Domain.Organisations;
using Marten;
using Marten.Services;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Counts the commits of this process that changed a unit: every Marten session's commit with an event the
/// unit snapshot (<see cref="Organisation"/>, inline) applies, whichever handler, page or tool wrote it. The
/// screens' <see cref="OrganisationDirectory"/> checks the units against the database again when the count
/// moved, so a unit changed here is in the next request's tree, while a command that changed no unit (nearly
/// all of them) leaves the next request without a read of the units' version.
/// </summary>
public sealed class UnitChanges : DocumentSessionListenerBase
{
    /// <summary>The events the unit snapshot applies (its public <c>Create</c> and <c>Apply</c> methods, as Marten finds them).</summary>
    public static readonly IReadOnlySet<Type> UnitEvents = typeof(Organisation)
        .GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
        .Where(m => m.Name is "Create" or "Apply" && m.GetParameters().Length > 0)
        .Select(m => m.GetParameters()[0].ParameterType)
        .ToHashSet();

    private long _count;

    /// <summary>Commits that changed a unit since the process started.</summary>
    public long Count => Interlocked.Read(ref _count);

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.GetEvents().Any(e => UnitEvents.Contains(e.Data.GetType())))
        {
            Interlocked.Increment(ref _count);
        }

        return Task.CompletedTask;
    }
}
