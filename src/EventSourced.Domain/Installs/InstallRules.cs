using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Installs;

/// <summary>Checks the install procedures share, each failing with a named rule.</summary>
public static class InstallRules
{
    /// <summary>Device clocks drift and time zones get set wrong; a day ahead is tolerated, more is a broken clock.</summary>
    public static readonly Duration FutureTolerance = Duration.FromDays(1);

    public static void NotInFuture(LocalDate date, LocalDate today) => Input.NotInFuture(date, today, "Install.Date");

    /// <summary>
    /// Fetches the member's app usage for writing, at the version the user saw when one is given.
    /// The member must be on the register: reports for an unknown member are refused, not stored.
    /// </summary>
    public static async Task<(IEventStream<MemberAppUsage> Stream, MemberAppUsage Usage)> FetchAsync(
        IDocumentSession session, Guid memberId, int? expectedVersion, CancellationToken ct)
    {
        // A stream of its own, never the member's: app reports must not move the member record's
        // version, or every staff form on the member would fail as out of date after a sign-in.
        var streamId = MemberAppUsage.StreamIdFor(memberId);
        if (expectedVersion is { } version)
        {
            await MustBeOnRegisterAsync(session, memberId, ct);
            var checkedStream = await session.Events.FetchForWriting<MemberAppUsage>(streamId, version, ct);
            return (checkedStream, checkedStream.Aggregate ?? MemberAppUsage.For(memberId));
        }

        var stream = await session.Events.FetchForWriting<MemberAppUsage>(streamId, ct);
        if (stream.Aggregate is { } usage)
        {
            // The stream is only ever started for a member on the register, and member records are
            // never deleted: the app's reports, many a day per member, need not load the record again.
            return (stream, usage);
        }

        await MustBeOnRegisterAsync(session, memberId, ct);
        return (stream, MemberAppUsage.For(memberId));
    }

    private static async Task MustBeOnRegisterAsync(IDocumentSession session, Guid memberId, CancellationToken ct)
    {
        if (!await session.Query<Member>().AnyAsync(m => m.Id == memberId, ct))
        {
            throw new RuleViolation("Install.MemberNotFound");
        }
    }
}
