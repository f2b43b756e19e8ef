using EventSourced.Domain.Common;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace EventSourced.Web.Pages.Transfers;

/// <summary>
/// One transfer: its facts, its timeline, and the actions the user may take on it: receive, refuse
/// (receiving side), cancel (sending side), record a follow-up when overdue (either side), and extend
/// or end early a temporary transfer.
/// </summary>
public sealed class DetailsModel(PageServices services) : TransferChangePage(services)
{
    /// <summary>The date of the action: receipt, cancellation, refusal, follow-up or early end.</summary>
    [BindProperty]
    public LocalDate? On { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public LocalDate? NewUntil { get; set; }

    public IReadOnlyList<AuditEntry> Timeline { get; private set; } = [];

    public bool InTransit => Transfer.Status == TransferStatus.InTransit;

    public bool IsOverdue => InTransit && (Transfer.Overdue || TransferRules.IsOverdue(Transfer, Today));

    public bool CanReceive => InTransit && (ReceivingSide(Transfer) == TransferSide.Sender ? CanActForSender : CanActForReceiver);

    public bool CanRefuse => InTransit && Transfer.Kind == TransferKind.WithinCity && CanActForReceiver;

    public bool CanCancel => InTransit && Transfer.Kind == TransferKind.WithinCity && CanActForSender;

    public bool CanFollowUp => IsOverdue && (CanActForSender || CanActForReceiver);

    public bool CanChangeTemporary => Transfer.Kind == TransferKind.Temporary && Transfer.Status == TransferStatus.Active && (CanActForSender || CanActForReceiver);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? await ShowAsync(ct);

    public Task<IActionResult> OnPostReceiveAsync(CancellationToken ct) =>
        SendAsync(() => new ReceiveTransfer(Id, ExpectedVersion, On ?? Today), ReceivingSide, ct);

    public Task<IActionResult> OnPostRefuseAsync(CancellationToken ct) =>
        SendAsync(() => new RefuseTransfer(Id, ExpectedVersion, On ?? Today, Reason ?? string.Empty), TransferSide.Receiver, ct, Reason);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct) =>
        SendAsync(() => new CancelTransfer(Id, ExpectedVersion, On ?? Today, Reason), TransferSide.Sender, ct, Reason);

    public Task<IActionResult> OnPostFollowUpAsync(CancellationToken ct) =>
        SendAsync(() => new RecordOverdueFollowUp(Id, ExpectedVersion, On ?? Today, Note ?? string.Empty), TransferSide.Either, ct);

    public Task<IActionResult> OnPostExtendAsync(CancellationToken ct) =>
        SendAsync(() => new ExtendTemporaryTransfer(Id, ExpectedVersion, NewUntil ?? throw new RuleViolation("Date.Required")), TransferSide.Either, ct, Reason);

    public Task<IActionResult> OnPostEndEarlyAsync(CancellationToken ct) =>
        SendAsync(() => new EndTemporaryTransferEarly(Id, ExpectedVersion, On ?? Today), TransferSide.Either, ct, Reason);

    /// <summary>
    /// Within the city the receiving cell records receipt; out of the city there is no receiving cell
    /// in the register, so the sender records the other side's confirmation. A function of the
    /// transfer, because the side can only be known once the transfer is loaded.
    /// </summary>
    private static TransferSide ReceivingSide(Transfer transfer) =>
        transfer.Kind == TransferKind.OutOfCity ? TransferSide.Sender : TransferSide.Receiver;

    /// <summary>The timeline is read when the page is shown, so a refused form shows the transfer as it is now.</summary>
    protected override async Task ShowingAsync(CancellationToken ct) =>
        Timeline = (await Services.Session.Events.FetchStreamAsync(Id, token: ct))
            .Select(AuditEntry.From)
            .OrderByDescending(e => e.Version)
            .ToList();
}
