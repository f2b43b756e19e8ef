using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Tests.Members;
using EventSourced.Domain.Tests.Organisations;
using EventSourced.Domain.Transfers;
using NodaTime;

namespace EventSourced.Domain.Tests.Transfers;

/// <summary>
/// Transfers for the decision tests. Unless a test chooses otherwise: the tree of
/// <see cref="TreeBuilder"/> with a second cell <see cref="Cells.Target"/> in the same ward; the
/// default member of <see cref="MemberBuilder"/>, official, in <see cref="TreeBuilder.Cell"/>; a letter
/// dated Monday 3 March 2025 (due 30 working days later, on Tuesday 15 April 2025: the Hùng Kings'
/// day, 7 April, is a day off), and today <see cref="Today"/>.
/// </summary>
internal static class TransferBuilder
{
    public static readonly LocalDate LetterDate = new(2025, 3, 3);

    public static readonly LocalDate DueBy = new(2025, 4, 15);

    public static readonly LocalDate Today = new(2025, 3, 20);

    public const string Letter = "125-GGT/ĐU";

    public sealed record Cells(TreeBuilder Tree, Organisation Home, Organisation Target)
    {
        public OrganisationTree On(LocalDate date) => Tree.On(date);
    }

    public static Cells Tree()
    {
        var tree = new TreeBuilder();
        var target = tree.Add(OrganisationKind.Cell, "BD.PX.02", "Chi bộ khu dân cư số 2", tree.Ward);
        return new Cells(tree, tree.Cell, target);
    }

    public static Member MemberOf(Organisation cell) => MemberBuilder.Official(cellId: cell.Id);

    /// <summary>An official transfer within the city, issued on <paramref name="on"/> and in transit.</summary>
    public static Transfer InTransit(Member member, Guid toCellId, LocalDate? on = null)
    {
        var issued = on ?? LetterDate;
        return Transfer.Create(new TransferIssued(
            Guid.NewGuid(), member.Id, TransferKind.WithinCity, member.CellId, toCellId, Letter, issued, "Chuyển công tác", TransferRules.DueBy(issued)));
    }

    /// <summary>A transfer out of the city, issued on <paramref name="on"/>; the member is recorded as left.</summary>
    public static Transfer OutOfCity(Member member, LocalDate? on = null)
    {
        var issued = on ?? LetterDate;
        var transfer = Transfer.Create(new TransferIssued(
            Guid.NewGuid(), member.Id, TransferKind.OutOfCity, member.CellId, null, Letter, issued, "Chuyển nơi cư trú", TransferRules.DueBy(issued), "Đảng bộ phường Hải Châu", "Đà Nẵng"));
        member.Record(new MemberTransferredOut(transfer.Id, "Đảng bộ phường Hải Châu", "Đà Nẵng", issued));
        return transfer;
    }

    /// <summary>A temporary transfer to <paramref name="hostCellId"/>, active and recorded on the member.</summary>
    public static Transfer Temporary(Member member, Guid hostCellId, LocalDate from, LocalDate until, bool training = false)
    {
        var transfer = Transfer.Create(new TemporaryTransferIssued(
            Guid.NewGuid(), member.Id, member.CellId, hostCellId, Letter, from, "Học tập", from, until, training));
        member.Record(new MemberHostedTemporarily(transfer.Id, hostCellId, from, until));
        return transfer;
    }

    /// <summary>Applies member events as Marten would, the transfer events here and the rest through <see cref="MemberBuilder.With"/>.</summary>
    public static Member Record(this Member member, params object[] events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case MemberTransferred x: member.Apply(x); break;
                case MemberTransferredOut x: member.Apply(x); break;
                case MemberHostedTemporarily x: member.Apply(x); break;
                case MemberTemporaryHostingEnded x: member.Apply(x); break;
                default: member.With(e); continue;
            }

            member.Version++;
        }

        return member;
    }

    public static Transfer Record(this Transfer transfer, params object[] events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case TransferReceived x: transfer.Apply(x); break;
                case TransferCancelled x: transfer.Apply(x); break;
                case TransferRefused x: transfer.Apply(x); break;
                case TransferBecameOverdue x: transfer.Apply(x); break;
                case TransferOverdueFollowUpRecorded x: transfer.Apply(x); break;
                case TemporaryTransferExtended x: transfer.Apply(x); break;
                case TemporaryTransferEnded x: transfer.Apply(x); break;
                case TemporaryTransferEndRescinded x: transfer.Apply(x); break;
                default: throw new ArgumentException($"No Apply for {e.GetType().Name} on a transfer.", nameof(events));
            }

            transfer.Version++;
        }

        return transfer;
    }

    /// <summary>
    /// Applies a multi-stream decision to the member and the transfers it names. An event that starts
    /// a transfer is skipped: the test creates that transfer from it with <c>Transfer.Create</c>.
    /// </summary>
    public static void Record(this IReadOnlyList<StreamEvent> events, Member member, params Transfer[] transfers)
    {
        foreach (var (streamId, e) in events)
        {
            if (e is TransferIssued or TemporaryTransferIssued or TransferArrivedFromOutside)
            {
                continue;
            }

            if (streamId == member.Id)
            {
                member.Record(e);
            }
            else if (transfers.SingleOrDefault(t => t.Id == streamId) is { } transfer)
            {
                transfer.Record(e);
            }
        }
    }

    /// <summary>The one event of type <typeparamref name="T"/> in a decision, with the stream it goes to.</summary>
    public static (Guid StreamId, T Event) Single<T>(this IReadOnlyList<StreamEvent> events) =>
        events.Where(e => e.Event is T).Select(e => (e.StreamId, (T)e.Event)).Single();
}
