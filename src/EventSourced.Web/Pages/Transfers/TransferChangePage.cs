using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Pages.Transfers;

/// <summary>Which end of a transfer may take an action: the sending (home) cell, the receiving (host) cell, or either.</summary>
public enum TransferSide
{
    Sender,
    Receiver,
    Either,
}

/// <summary>
/// What every action on a transfer shares: the transfer, the version the user saw (so a stale form
/// or a second click fails with who changed it and when), which end the user may act for, and
/// refusals shown on the page. Each action names its side and builds its own command.
/// </summary>
public abstract class TransferChangePage(PageServices services) : PageModel
{
    protected PageServices Services { get; } = services;

    protected IStringLocalizer Text => Services.Text;

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public int ExpectedVersion { get; set; }

    public Transfer Transfer { get; private set; } = new();

    public Member? Member { get; private set; }

    public OrganisationTree Tree { get; private set; } = null!;

    public LocalDate Today { get; private set; }

    /// <summary>The user may change members of the sending (or home) cell.</summary>
    public bool CanActForSender { get; private set; }

    /// <summary>The user may change members of the receiving (or host) cell.</summary>
    public bool CanActForReceiver { get; private set; }

    /// <summary>Loads the transfer; null when it may be shown, otherwise the result to return instead.</summary>
    protected async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await Services.Session.LoadAsync<Transfer>(Id, ct) is not { } transfer)
        {
            return NotFound();
        }

        var ends = new[] { transfer.FromCellId, transfer.ToCellId }.OfType<Guid>().ToList();
        var visible = false;
        foreach (var cell in ends)
        {
            visible |= await Services.User.CanSeeMembersAsync(cell, ct);
        }

        if (!visible)
        {
            return Forbid();
        }

        Transfer = transfer;
        Member = await Services.Session.LoadAsync<Member>(transfer.MemberId, ct);
        Tree = await Services.Directory.TreeAsync(ct: ct);
        Today = VietnamTime.Today(Services.Clock);
        CanActForSender = transfer.FromCellId is { } from && await Services.User.CanAsync(Permission.ChangeMembers, from, ct);
        CanActForReceiver = transfer.ToCellId is { } to && await Services.User.CanAsync(Permission.ChangeMembers, to, ct);
        if (ExpectedVersion == 0)
        {
            ExpectedVersion = transfer.Version;
        }

        return null;
    }

    /// <summary>
    /// Sends the action's command, acting for the end of the transfer that <paramref name="side"/>
    /// names; back to the transfer's page on success, otherwise the page with the reason (422).
    /// A user who may act for neither end is refused before anything is sent.
    /// </summary>
    protected Task<IActionResult> SendAsync(Func<object> command, TransferSide side, CancellationToken ct, string? reason = null) =>
        SendAsync(command, _ => side, ct, reason);

    /// <summary>As above, for an action whose side depends on the transfer (read only after it is loaded).</summary>
    protected async Task<IActionResult> SendAsync(Func<object> command, Func<Transfer, TransferSide> sideOf, CancellationToken ct, string? reason = null)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        var actingFor = sideOf(Transfer) switch
        {
            TransferSide.Sender => CanActForSender ? Transfer.FromCellId : null,
            TransferSide.Receiver => CanActForReceiver ? Transfer.ToCellId : null,
            _ => CanActForReceiver ? Transfer.ToCellId : CanActForSender ? Transfer.FromCellId : null,
        };
        if (actingFor is not { } cell)
        {
            return Forbid();
        }

        var invalid = this.InputErrors(Text);
        if (invalid.Count > 0)
        {
            await ShowingAsync(ct);
            return await this.RefuseAsync(new Refusal(RefusalKind.Invalid, invalid), Text);
        }

        var note = new AuditNote(reason, $"{Transfer.LetterNumber} ({Messages.DisplayDate(Transfer.IssuedOn)})");
        var refusal = await Services.Sender.TrySendAsync(command, Permission.ChangeMembers, _ => [cell], note, Id, ct);
        if (refusal is null)
        {
            TempData["Flash"] = Text["Organisation.Saved"].Value;
            return Redirect($"/transfers/{Id}");
        }

        // The handler may have read the member after a simultaneous receipt moved them and refused
        // with "already in that cell": when the transfer moved on meanwhile, that is the real reason.
        if (refusal.Kind is RefusalKind.Rule && await ChangedSinceAsync(ct))
        {
            refusal = await Services.Sender.StaleAsync(Id, ct);
        }

        var result = await this.RefuseAsync(refusal, Text, reload: async () =>
        {
            ExpectedVersion = 0;
            await LoadAsync(ct);
        });
        await ShowingAsync(ct);
        return result;
    }

    /// <summary>Whether the transfer's stream has moved past the version the user's form was based on.</summary>
    private async Task<bool> ChangedSinceAsync(CancellationToken ct) =>
        (await Services.Session.Events.FetchStreamStateAsync(Id, ct))?.Version is { } version && version != ExpectedVersion;

    /// <summary>Renders the page after anything it needs beyond the transfer is read.</summary>
    protected async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        await ShowingAsync(ct);
        return Page();
    }

    /// <summary>What a page reads before it is shown, on the first view and after a refusal.</summary>
    protected virtual Task ShowingAsync(CancellationToken ct) => Task.CompletedTask;

    public string CellName(Guid? cellId) => TransferEventText.CellLabel(Tree, cellId);

    /// <summary>The far end of a transfer: a cell of the city, or the organisation outside it.</summary>
    public string FromName => Transfer.FromCellId is null ? Outside : CellName(Transfer.FromCellId);

    public string ToName => Transfer.ToCellId is null ? Outside : CellName(Transfer.ToCellId);

    private string Outside => string.Join(", ", new[] { Transfer.OutsideOrganisation, Transfer.OutsideProvince }.Where(s => !string.IsNullOrEmpty(s)));
}
