using EventSourced.Domain.Accounts;
using EventSourced.Domain.Reconciliation;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Web.Pages.Reconciliation;

/// <summary>
/// One reconciliation: its progress while the roll is matched in the background, then its items by
/// category with what differs and why each pair was made, their resolution, and the finish.
/// </summary>
public sealed class ResultsModel(PageServices services, PersonalDataExports exports) : UnitReconciliationPage(services)
{
    public const int PageSize = 50;

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "category")]
    public ItemCategory? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public int ExpectedVersion { get; set; }

    [BindProperty]
    public int ItemNumber { get; set; }

    [BindProperty]
    public string Resolution { get; set; } = string.Empty;

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The differing fields to take from the roll (<see cref="CorrectRegisterFromRoll"/>).</summary>
    [BindProperty]
    public List<string> Fields { get; set; } = [];

    public Domain.Reconciliation.Reconciliation Reconciliation { get; private set; } = null!;

    public IReadOnlyList<ReconciliationItem> Items { get; private set; } = [];

    public int Total { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        await LoadItemsAsync(ct);
        return Page();
    }

    /// <summary>Polled while matching: the same fragment until the status moves, then the whole page again.</summary>
    public async Task<IActionResult> OnGetProgressAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        if (Reconciliation.Status == ReconciliationStatus.Matching)
        {
            return Partial("_Progress", this);
        }

        Response.Headers["HX-Refresh"] = "true";
        return new NoContentResult();
    }

    public Task<IActionResult> OnPostResolveAsync(CancellationToken ct) =>
        SendResolutionAsync(() => new ResolveReconciliationItem(Id, ExpectedVersion, ItemNumber, Resolution, Reason ?? string.Empty), ct);

    /// <summary>
    /// The chosen fields taken from the roll into the member's profile, and the item resolved, at once. The
    /// member may have moved out of the unit since the reference date (the register as of that date still
    /// holds them): changing their record needs the right over the cell they are in now, as any correction does.
    /// </summary>
    public async Task<IActionResult> OnPostCorrectAsync(CancellationToken ct)
    {
        var item = await Services.Session.LoadAsync<ReconciliationItem>(ReconciliationItem.IdOf(Id, ItemNumber), ct);
        var member = item?.MemberId is { } memberId ? await Services.Session.LoadAsync<Domain.Members.Member>(memberId, ct) : null;
        return await SendResolutionAsync(() => new CorrectRegisterFromRoll(Id, ExpectedVersion, ItemNumber, Fields, Reason ?? string.Empty), ct, member?.CellId);
    }

    private async Task<IActionResult> SendResolutionAsync(Func<object> command, CancellationToken ct, Guid? memberCell = null)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var refusal = await Services.Sender.TrySendAsync(
            command,
            Permission.ChangeMembers,
            _ => memberCell is { } cell && cell != Unit.Id ? [Unit.Id, cell] : [Unit.Id],
            new AuditNote(Reason, null),
            Id,
            ct);
        if (refusal is null)
        {
            return Redirect(Link(Category, PageNumber));
        }

        await LoadAsync(ct);
        // Two browsers resolving one item: the second append conflicts on the version both saw (or, for
        // a correction, finds the member already corrected by the first); what its user needs to know
        // is that the item is resolved, not that "something changed".
        if (refusal.Kind is not RefusalKind.Denied && Reconciliation.Resolved.Contains(ItemNumber) && !Reconciliation.Revising)
        {
            refusal = Refusal.Of(RefusalKind.Rule, "Reconciliation.AlreadyResolved", Services.Text["Reconciliation.AlreadyResolved"]);
        }

        ModelState.Remove(nameof(ExpectedVersion));
        ExpectedVersion = Reconciliation.Version;
        await LoadItemsAsync(ct);
        return this.Refuse(refusal);
    }

    public async Task<IActionResult> OnPostFinishAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var refusal = await Services.Sender.TrySendAsync(() => new FinishReconciliation(Id, ExpectedVersion), Permission.ChangeMembers, _ => [Unit.Id], AuditNote.None, Id, ct);
        if (refusal is null)
        {
            return Redirect($"{UnitPath}/{Id}");
        }

        await LoadAsync(ct);
        ModelState.Remove(nameof(ExpectedVersion));
        ExpectedVersion = Reconciliation.Version;
        await LoadItemsAsync(ct);
        return this.Refuse(refusal);
    }

    /// <summary>A finished reconciliation opened again, with why; of two reopenings at once the second is told it is open already.</summary>
    public async Task<IActionResult> OnPostReopenAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var refusal = await Services.Sender.TrySendAsync(() => new ReopenReconciliation(Id, ExpectedVersion, Reason ?? string.Empty), Permission.ChangeMembers, _ => [Unit.Id], new AuditNote(Reason, null), Id, ct);
        if (refusal is null)
        {
            return Redirect(Link(Category, PageNumber));
        }

        await LoadAsync(ct);
        if (refusal.Stale && Reconciliation.Status != ReconciliationStatus.Finished)
        {
            refusal = Refusal.Of(RefusalKind.Rule, "Reconciliation.NotFinished", Services.Text["Reconciliation.NotFinished"]);
        }

        ModelState.Remove(nameof(ExpectedVersion));
        ExpectedVersion = Reconciliation.Version;
        await LoadItemsAsync(ct);
        return this.Refuse(refusal);
    }

    /// <summary>
    /// A reconciliation that cannot stand (a wrong file, the wrong date) abandoned with why: it leaves the round's
    /// progress and the open work, and stays as a record. Of two abandonments at once the second is told it is done.
    /// </summary>
    public async Task<IActionResult> OnPostAbandonAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var refusal = await Services.Sender.TrySendAsync(() => new AbandonReconciliation(Id, ExpectedVersion, Reason ?? string.Empty), Permission.ChangeMembers, _ => [Unit.Id], new AuditNote(Reason, null), Id, ct);
        if (refusal is null)
        {
            return Redirect($"{UnitPath}/{Id}");
        }

        await LoadAsync(ct);
        if (refusal.Stale && Reconciliation.Status == ReconciliationStatus.Abandoned)
        {
            refusal = Refusal.Of(RefusalKind.Rule, "Reconciliation.AlreadyAbandoned", Services.Text["Reconciliation.AlreadyAbandoned"]);
        }

        ModelState.Remove(nameof(ExpectedVersion));
        ExpectedVersion = Reconciliation.Version;
        AbandonRefused = Reconciliation.Status != ReconciliationStatus.Abandoned;
        await LoadItemsAsync(ct);
        return this.Refuse(refusal);
    }

    /// <summary>True when an abandonment was refused and can be tried again: its form stays open with why.</summary>
    public bool AbandonRefused { get; private set; }

    /// <summary>Every item of the reconciliation, in the page's order, as a spreadsheet.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        var items = await Services.Session.Query<ReconciliationItem>()
            .Where(i => i.ReconciliationId == Id)
            .OrderBy(i => i.Number)
            .ToListAsync(ct);
        var elsewhere = await ElsewhereTextsAsync(items, ct);
        string[] headers =
        [
            Services.Text["Reconciliation.Item"], Services.Text["Reconciliation.Category"], Services.Text["Reconciliation.RollRow"],
            Services.Text["Reconciliation.OnRoll"], Services.Text["Reconciliation.InRegister"], Services.Text["Reconciliation.Differences"],
            Services.Text["Reconciliation.Score"], Services.Text["Reconciliation.Levels"], Services.Text["Reconciliation.Explanation"],
            Services.Text["Reconciliation.Resolution"],
        ];
        var rows = items.Select(i => (IReadOnlyList<object?>)
        [
            i.Number, Services.Text.Name(i.Category), i.Roll?.Row, i.Roll?.FullName, i.Register?.FullName,
            string.Join("; ", i.Differences.Select(DifferenceText)), Math.Round(i.Score, 2), LevelsText(i),
            i.Explanation == AbsenceExplanation.None ? (elsewhere.TryGetValue(i.Number, out var where) ? where.Text : null) : Services.Text.Name(i.Explanation),
            Reconciliation.Resolved.Contains(i.Number) ? Services.Text["Reconciliation.Resolved"].Value : null,
        ]);
        // Names, dates of birth, citizen IDs and cards of the roll and the register: recorded before the file leaves.
        var file = await TableExport.FileAsync("xlsx", headers, rows.ToList(), $"doi-chieu-{Unit.Code}-{Reconciliation.ReferenceDate:yyyy-MM-dd}", ct);
        await exports.RecordAsync("reconciliation-items", [Unit.Id], $"reconciliation={Id}", "xlsx", items.Count, ct);
        return file;
    }

    public int CountOf(ItemCategory category) => category switch
    {
        ItemCategory.Matched => Reconciliation.Counts.Matched,
        ItemCategory.MatchedWithDifferences => Reconciliation.Counts.MatchedWithDifferences,
        ItemCategory.OnRollOnly => Reconciliation.Counts.OnRollOnly,
        ItemCategory.InRegisterOnly => Reconciliation.Counts.InRegisterOnly,
        ItemCategory.ToReview => Reconciliation.Counts.ToReview,
        _ => Reconciliation.Counts.SameMemberTwice,
    };

    /// <summary>Every item: the roll's rows and the register's members left unpaired.</summary>
    public int AllCount => Enum.GetValues<ItemCategory>().Sum(CountOf);

    public string Link(ItemCategory? category, int page = 1) =>
        $"{UnitPath}/{Id}" + QueryString.Create(new Dictionary<string, string?>
        {
            ["category"] = category?.ToString(),
            ["page"] = page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        }.Where(v => v.Value is not null));

    /// <summary>A form's action: the handler on the current tab and page, so the answer shows the same items.</summary>
    public string HandlerLink(string handler) =>
        $"{UnitPath}/{Id}" + QueryString.Create(new Dictionary<string, string?>
        {
            ["handler"] = handler,
            ["category"] = Category?.ToString(),
            ["page"] = PageNumber > 1 ? PageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        }.Where(v => v.Value is not null));

    public string DifferenceText(FieldDifference difference) =>
        $"{Services.Text["ReconciliationField." + difference.Field]}: {difference.Register ?? "—"} → {difference.Roll ?? "—"}";

    /// <summary>The comparison levels that made a pair, in words ("Họ tên: trùng khớp").</summary>
    public string LevelsText(ReconciliationItem item) =>
        string.Join("; ", item.Levels.Select(l => $"{Word("MatchField." + l.Field, l.Field)}: {Word("MatchLevel." + l.Level, l.Level)}"));

    private string Word(string key, string fallback) =>
        Services.Text[key] is { ResourceNotFound: false } text ? text.Value : fallback;

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await FindUnitAsync(ct) is { } refused)
        {
            return refused;
        }

        if (await Services.Session.LoadAsync<Domain.Reconciliation.Reconciliation>(Id, ct) is not { } reconciliation || reconciliation.UnitId != Unit.Id)
        {
            return NotFound();
        }

        Reconciliation = reconciliation;
        // A post keeps the version its page showed: taking the current one here would let a stale
        // page resolve or correct over a change it never saw.
        if (ExpectedVersion == 0)
        {
            ExpectedVersion = reconciliation.Version;
        }

        return null;
    }

    private async Task LoadItemsAsync(CancellationToken ct)
    {
        // A page number from the query is anything: its offset must stay an int.
        PageNumber = Math.Clamp(PageNumber, 1, int.MaxValue / PageSize);
        var query = Services.Session.Query<ReconciliationItem>().Where(i => i.ReconciliationId == Id);
        if (Category is { } category)
        {
            query = query.Where(i => i.Category == category);
        }

        Total = await query.CountAsync(ct);
        Items = await query.OrderBy(i => i.Number).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        Elsewhere = await ElsewhereTextsAsync(Items, ct);
        var members = Items.Select(i => i.MemberId).OfType<Guid>().Distinct().Select(Domain.Members.RecordReviews.RecordReview.StreamIdFor).ToArray();
        Confirmations = (await Services.Session.LoadManyAsync<Domain.Members.RecordReviews.RecordReview>(ct, members))
            .Where(r => r.LastConfirmation is not null)
            .ToDictionary(r => r.MemberId, r => r.LastConfirmation!.ConfirmedAt);
    }

    /// <summary>For the rows on the roll only that the register records elsewhere, by item number: where, in words, and whether the viewer may see that unit.</summary>
    public IReadOnlyDictionary<int, (string Text, bool InScope)> Elsewhere { get; private set; } = new Dictionary<int, (string, bool)>();

    /// <summary>
    /// Where the register records each item's person (<see cref="RecordedElsewhere"/>), said so that a unit the viewer
    /// may not see the members of is never named, nor its member's status or dates: only that the person is recorded
    /// outside the viewer's scope. A guest hosted here is this unit's to know of, so the end of their stay is said.
    /// </summary>
    private async Task<Dictionary<int, (string Text, bool InScope)>> ElsewhereTextsAsync(IEnumerable<ReconciliationItem> items, CancellationToken ct)
    {
        var texts = new Dictionary<int, (string, bool)>();
        var visible = new Dictionary<Guid, string?>();
        var tree = await Services.User.TreeAsync(ct);
        foreach (var item in items)
        {
            if (item.Elsewhere is not { } where)
            {
                continue;
            }

            if (!visible.TryGetValue(where.CellId, out var unit))
            {
                unit = visible[where.CellId] = await Services.User.CanSeeMembersAsync(where.CellId, ct) ? tree.Find(where.CellId)?.Name : null;
            }

            var on = where.On is { } date ? LocalDateModelBinder.Format(date) : "—";
            string text = (where.Kind, unit) switch
            {
                (ElsewhereKind.HostedHere, null) => Services.Text["RecordedElsewhere.HostedHereFromOutside", on],
                (_, null) => Services.Text["RecordedElsewhere.OutsideScope"],
                (ElsewhereKind.HostedHere, _) => Services.Text["RecordedElsewhere.HostedHere", unit, on],
                (ElsewhereKind.Ended, _) => Services.Text["RecordedElsewhere.Ended", Services.Text.Name(where.Status), on, unit],
                _ => where.On is null ? Services.Text["RecordedElsewhere.InCellUndated", unit] : Services.Text["RecordedElsewhere.InCell", unit, on],
            };
            texts[item.Number] = ($"{text} ({Services.Text["RecordedElsewhere.FoundBy", Services.Text["ReconciliationField." + where.Key]]})", unit is not null);
        }

        return texts;
    }

    /// <summary>
    /// When the member last confirmed their record in the app, for the items on the page: evidence the
    /// register is right where the roll differs (issue 18).
    /// </summary>
    public IReadOnlyDictionary<Guid, NodaTime.Instant> Confirmations { get; private set; } = new Dictionary<Guid, NodaTime.Instant>();
}
