using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Pages.Transfers;

/// <summary>What a transfer event says, as one sentence of the transfer's timeline.</summary>
public static class TransferEventText
{
    public static string Describe(IStringLocalizer text, object data, Func<Guid?, string> unitName) => data switch
    {
        TransferIssued { Kind: TransferKind.OutOfCity } e => text["TransferEvent.IssuedOut", unitName(e.FromCellId), e.OutsideOrganisation ?? "—", e.OutsideProvince ?? "—", e.LetterNumber, Messages.DisplayDate(e.DueBy)],
        TransferIssued e => text["TransferEvent.Issued", unitName(e.FromCellId), unitName(e.ToCellId), e.LetterNumber, Messages.DisplayDate(e.DueBy)],
        TransferArrivedFromOutside e => text["TransferEvent.ArrivedFromOutside", unitName(e.ToCellId), e.FromOrganisation, e.FromProvince, e.LetterNumber],
        TransferReceived e => text["TransferEvent.Received", Messages.DisplayDate(e.ReceivedOn)],
        TransferReceiptRescinded e => text["TransferEvent.ReceiptRescinded", e.Reason],
        TransferCancelled e => text["TransferEvent.Cancelled", e.Reason ?? "—"],
        TransferClosedOnReturn e => text["TransferEvent.ClosedOnReturn", Messages.DisplayDate(e.On)],
        TransferRefused e => text["TransferEvent.Refused", e.Reason],
        TransferBecameOverdue e => text["TransferEvent.Overdue", Messages.DisplayDate(e.On)],
        TransferDueDateRecomputed e => text["TransferEvent.DueDateRecomputed", Messages.DisplayDate(e.DueBy), Messages.DisplayDate(e.PreviousDueBy), e.Year],
        TransferOverdueFollowUpRecorded e => text["TransferEvent.FollowUp", e.Note],
        TemporaryTransferIssued e => text[e.Training ? "TransferEvent.TemporaryTraining" : "TransferEvent.Temporary", unitName(e.HomeCellId), unitName(e.HostCellId), Messages.DisplayDate(e.From), Messages.DisplayDate(e.Until)],
        TemporaryTransferExtended e => text["TransferEvent.Extended", Messages.DisplayDate(e.PreviousUntil), Messages.DisplayDate(e.Until)],
        TemporaryTransferEnded e => text[e.Early ? "TransferEvent.EndedEarly" : "TransferEvent.Ended", Messages.DisplayDate(e.On)],
        TemporaryTransferEndRescinded e => text["TransferEvent.EndRescinded", e.Reason],
        _ => data.GetType().Name,
    };

    /// <summary>
    /// A cell with the unit above it: the two ends of a transfer are often cells of the same name
    /// ("Chi bộ Tổ dân phố số 1") in different wards.
    /// </summary>
    public static string CellLabel(OrganisationTree tree, Guid? cellId)
    {
        if (cellId is not { } id || tree.Find(id) is not { } cell)
        {
            return "—";
        }

        return tree.Ancestors(id) is [.., var parent] ? $"{cell.Name} ({parent.Name})" : cell.Name;
    }
}
