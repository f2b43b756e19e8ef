using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace EventSourced.Web.Pages.Members;

/// <summary>
/// Issue a transfer for a member: officially to another cell of the city, out of the city, or
/// temporarily to a host cell. The transfer's id is chosen when the form is shown, so sending the
/// form twice cannot issue two letters. Only the member's own cell is checked: the other end is
/// usually another district's, and it answers by receiving or refusing.
/// </summary>
public sealed class TransferModel(PageServices services) : MemberChangePage(services)
{
    [BindProperty]
    public Guid TransferId { get; set; }

    [BindProperty]
    public string? LetterNumber { get; set; }

    [BindProperty]
    public LocalDate? LetterDate { get; set; }

    [BindProperty]
    public string? ToCellCode { get; set; }

    [BindProperty]
    public string? OrganisationName { get; set; }

    [BindProperty]
    public string? Province { get; set; }

    [BindProperty]
    public string? HostCellCode { get; set; }

    [BindProperty]
    public LocalDate? From { get; set; }

    [BindProperty]
    public LocalDate? Until { get; set; }

    [BindProperty]
    public bool Training { get; set; }

    /// <summary>Set when opened from a reconciliation's "in the register only" item: a transfer out of the city resolves it.</summary>
    [BindProperty(SupportsGet = true)]
    public Reconciliation.FromItem FromItem { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        TransferId = Guid.CreateVersion7();
        LetterDate = Today;
        From = Today;
        Until = Today + TransferRules.TemporaryAtLeast;
        return Page();
    }

    public Task<IActionResult> OnPostOfficialAsync(CancellationToken ct) =>
        IssueAsync(tree => new IssueTransfer(TransferId, Id, ExpectedVersion, LetterNumber ?? string.Empty, LetterDate ?? Today, Reason ?? string.Empty, CellByCode(tree, ToCellCode)), ct);

    public Task<IActionResult> OnPostOutAsync(CancellationToken ct) =>
        IssueAsync(_ => new IssueTransferOut(TransferId, Id, ExpectedVersion, LetterNumber ?? string.Empty, LetterDate ?? Today, Reason ?? string.Empty, OrganisationName ?? string.Empty, Province ?? string.Empty), ct);

    public Task<IActionResult> OnPostTemporaryAsync(CancellationToken ct) =>
        IssueAsync(
            tree => new IssueTemporaryTransfer(TransferId, Id, ExpectedVersion, LetterNumber ?? string.Empty, LetterDate ?? Today, Reason ?? string.Empty, CellByCode(tree, HostCellCode), From ?? Today, Until ?? throw new RuleViolation("Date.Required"), Training),
            ct);

    /// <summary>Sends the issue; to the new transfer's page on success, otherwise the form with the reason (422).</summary>
    private async Task<IActionResult> IssueAsync(Func<OrganisationTree, object> command, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } early)
        {
            return early;
        }

        if (TransferId == Guid.Empty)
        {
            TransferId = Guid.CreateVersion7();
        }

        var invalid = this.InputErrors(Text);
        if (invalid.Count > 0)
        {
            return await RefuseAsync(new Refusal(RefusalKind.Invalid, invalid), ct);
        }

        var tree = await Services.Directory.TreeAsync(ct: ct);
        var note = new AuditNote(Reason, $"{LetterNumber} ({Messages.DisplayDate(LetterDate ?? Today)})");
        await FromItem.LoadAsync(Services.Session, ct);
        var refusal = await Services.Sender.TrySendAsync(
            () => FromItem.Wrap(command(tree)),
            Permission.ChangeMembers,
            _ => FromItem.UnitId is { } unit ? [Member.CellId, unit] : [Member.CellId],
            note,
            FromItem.Reconciliation ?? Id,
            ct);
        if (refusal is null)
        {
            TempData["Flash"] = Text["Organisation.Saved"].Value;
            return Redirect($"/transfers/{TransferId}");
        }

        if (refusal.Kind is RefusalKind.Stale && await IssuedMeanwhileAsync(ct) is { } issued)
        {
            refusal = issued;
        }

        // The same form sent twice at once (the transfer's id is chosen when it opens): the first one issued it.
        return await RefuseAsync(refusal, ct, recordedMeanwhile: async () => await Services.Session.Events.FetchStreamStateAsync(TransferId, ct) is not null);
    }

    /// <summary>
    /// Two letters sent at once: both read the same member version and the other was recorded first,
    /// so this one failed on the member's stream. Says so, and by whom, rather than "changed".
    /// </summary>
    private async Task<Refusal?> IssuedMeanwhileAsync(CancellationToken ct)
    {
        var events = await Services.Session.Events.FetchStreamAsync(Id, token: ct);
        if (events.Count == 0 || events[^1].Data is not (Domain.Members.MemberTransferLetterIssued or Domain.Members.MemberHostedTemporarily or Domain.Members.MemberTransferredOut))
        {
            return null;
        }

        var last = AuditEntry.From(events[^1]);
        return Refusal.Of(RefusalKind.Stale, "Transfer.IssuedMeanwhile", Text["Transfer.IssuedMeanwhile", last.RecordedBy.DisplayName ?? last.RecordedBy.UserName ?? "?", Messages.DisplayTime(last.RecordedAt)]);
    }

    private static Guid CellByCode(OrganisationTree tree, string? code) =>
        (string.IsNullOrWhiteSpace(code) ? null : tree.FindActiveByCode(code))?.Id
        ?? throw new RuleViolation("Organisation.CodeNotFound", code ?? string.Empty);
}
