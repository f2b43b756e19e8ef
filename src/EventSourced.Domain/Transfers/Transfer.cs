using NodaTime;

namespace EventSourced.Domain.Transfers;

/// <summary>Which ends of a transfer are in the register, or whether it is a temporary one.</summary>
public enum TransferKind
{
    WithinCity,
    OutOfCity,
    IntoCity,
    Temporary,
}

/// <summary>
/// Where a transfer stands. Official transfers go from <see cref="InTransit"/> to one of the next
/// three; temporary ones are <see cref="Active"/> until <see cref="Ended"/>.
/// </summary>
public enum TransferStatus
{
    InTransit,
    Received,
    Cancelled,
    Refused,
    Active,
    Ended,

    /// <summary>A letter out of the city never confirmed, closed when the member came back to the city.</summary>
    ClosedOnReturn,
}

/// <summary>
/// An official transfer letter issued by the sending cell, within the city (<paramref name="ToCellId"/>
/// set) or out of it (<paramref name="OutsideOrganisation"/> and <paramref name="OutsideProvince"/>
/// set). The member must present it by <paramref name="DueBy"/>, a number of working days after the
/// letter's date.
/// </summary>
public sealed record TransferIssued(
    Guid TransferId,
    Guid MemberId,
    TransferKind Kind,
    Guid FromCellId,
    Guid? ToCellId,
    string LetterNumber,
    LocalDate IssuedOn,
    string Reason,
    LocalDate DueBy,
    string? OutsideOrganisation = null,
    string? OutsideProvince = null)
{
    public LocalDate EffectiveDate => IssuedOn;
}

/// <summary>
/// The receiving side recorded that the member presented the letter: for a transfer within the city
/// the member changes cell on this date; out of the city it is the other organisation's confirmation.
/// </summary>
public sealed record TransferReceived(LocalDate ReceivedOn)
{
    public LocalDate EffectiveDate => ReceivedOn;
}

/// <summary>
/// The receipt was recorded in error and rescinded on the member's record (entry
/// <paramref name="MemberEntryVersion"/>): the transfer is in transit again, to be received on the
/// right date or cancelled.
/// </summary>
public sealed record TransferReceiptRescinded(int MemberEntryVersion, string Reason, LocalDate EffectiveDate);

/// <summary>
/// A member arrived from another province with an introduction letter dated
/// <paramref name="IssuedOn"/> and presented it on <paramref name="ReceivedOn"/>: the transfer is
/// received as soon as it is recorded.
/// </summary>
public sealed record TransferArrivedFromOutside(
    Guid TransferId,
    Guid MemberId,
    Guid ToCellId,
    string LetterNumber,
    LocalDate IssuedOn,
    string FromOrganisation,
    string FromProvince,
    LocalDate DueBy,
    LocalDate ReceivedOn)
{
    public LocalDate EffectiveDate => ReceivedOn;
}

/// <summary>The sender withdrew the letter before the member presented it; the member never left.</summary>
public sealed record TransferCancelled(LocalDate On, string? Reason)
{
    public LocalDate EffectiveDate => On;
}

/// <summary>The receiving cell refused the member; the member stays with the sender.</summary>
public sealed record TransferRefused(LocalDate On, string Reason)
{
    public LocalDate EffectiveDate => On;
}

/// <summary>
/// The member this letter out of the city was issued for came back to the city (received from outside by
/// transfer <paramref name="ReturnTransferId"/> on <paramref name="On"/>) before the other organisation's
/// confirmation was recorded: the letter is no longer awaited, so it is neither in transit nor overdue. Not a
/// receipt (nobody recorded when or where the letter was presented) nor a cancellation (the member did leave).
/// </summary>
public sealed record TransferClosedOnReturn(Guid ReturnTransferId, LocalDate On)
{
    public LocalDate EffectiveDate => On;
}

/// <summary>
/// The due date counted again in working days after the holidays of <paramref name="Year"/> were
/// declared or changed; the overdue check is scheduled anew for it.
/// </summary>
public sealed record TransferDueDateRecomputed(LocalDate DueBy, LocalDate PreviousDueBy, int Year);

/// <summary>
/// The due date passed without receipt. <paramref name="On"/> is the first day past the due date,
/// whenever the scheduled check ran.
/// </summary>
public sealed record TransferBecameOverdue(LocalDate On)
{
    public LocalDate EffectiveDate => On;
}

/// <summary>What either side did about an overdue transfer ("late arrivals are reported and handled").</summary>
public sealed record TransferOverdueFollowUpRecorded(LocalDate On, string Note)
{
    public LocalDate EffectiveDate => On;
}

/// <summary>
/// A temporary transfer: the member is hosted by <paramref name="HostCellId"/> from
/// <paramref name="From"/> until <paramref name="Until"/> (the day the member is back), while the
/// home cell keeps them on its roll and in its count.
/// </summary>
public sealed record TemporaryTransferIssued(
    Guid TransferId,
    Guid MemberId,
    Guid HomeCellId,
    Guid HostCellId,
    string LetterNumber,
    LocalDate IssuedOn,
    string Reason,
    LocalDate From,
    LocalDate Until,
    bool Training)
{
    public LocalDate EffectiveDate => From;
}

/// <summary>A temporary transfer extended to a later end, decided on <paramref name="EffectiveDate"/>.</summary>
public sealed record TemporaryTransferExtended(LocalDate Until, LocalDate PreviousUntil, LocalDate EffectiveDate);

/// <summary>A temporary transfer ended, on its end date or <paramref name="Early"/>.</summary>
public sealed record TemporaryTransferEnded(LocalDate On, bool Early)
{
    public LocalDate EffectiveDate => On;
}

/// <summary>
/// The end of a temporary stay was recorded only because of a member's entry (a departure from the city,
/// a receipt into the host cell) that was then rescinded as recorded in error, along with the stay's end
/// on the member's record (entry <paramref name="MemberEntryVersion"/>): the stay is active again, as it
/// was before that entry.
/// </summary>
public sealed record TemporaryTransferEndRescinded(int MemberEntryVersion, string Reason, LocalDate EffectiveDate);

/// <summary>One follow-up of an overdue transfer.</summary>
public sealed record TransferFollowUp(LocalDate On, string Note);

/// <summary>
/// A transfer of a member's party activity ("chuyển sinh hoạt đảng"): the aggregate of its own
/// stream, which references the member. The member's stream gets its own events where the cell
/// changes, so <c>Member.CellOn</c> and the member's timeline stay right without reading transfers.
/// <para>
/// Who counts a member in transit (decision 0005): during an official transfer within the city the
/// <b>sending</b> cell counts the member until the receiving cell records receipt. The member's
/// <c>CellId</c> stays the sending cell until <c>MemberTransferred</c>, dated on the receipt date. The
/// sender holds the record and is accountable until the receiver confirms; counts never double or
/// drop a member; a refusal or cancellation needs no correction of counts. Out of the city the member
/// leaves the register's count on the letter's date; into the city they count from the receipt.
/// On a temporary transfer the home cell keeps counting; the host only lists the member.
/// </para>
/// </summary>
public sealed class Transfer
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public Guid MemberId { get; set; }

    public TransferKind Kind { get; set; }

    /// <summary>The sending (or home) cell; null for a member arriving from outside the city.</summary>
    public Guid? FromCellId { get; set; }

    /// <summary>The receiving (or host) cell; null for a transfer out of the city.</summary>
    public Guid? ToCellId { get; set; }

    /// <summary>The organisation outside the city at the other end, for transfers out of or into the city.</summary>
    public string? OutsideOrganisation { get; set; }

    public string? OutsideProvince { get; set; }

    public string LetterNumber { get; set; } = string.Empty;

    /// <summary>The letter's date, which is the effective date of the issue.</summary>
    public LocalDate IssuedOn { get; set; }

    public string Reason { get; set; } = string.Empty;

    /// <summary>The last day to present the letter; official transfers only.</summary>
    public LocalDate? DueBy { get; set; }

    public TransferStatus Status { get; set; }

    public LocalDate? ReceivedOn { get; set; }

    /// <summary>The day it was cancelled, refused or ended.</summary>
    public LocalDate? ClosedOn { get; set; }

    public string? ClosingReason { get; set; }

    /// <summary>Marked by the scheduled check; stays set after a late receipt, as history.</summary>
    public bool Overdue { get; set; }

    public LocalDate? OverdueSince { get; set; }

    public List<TransferFollowUp> FollowUps { get; set; } = [];

    public LocalDate? TemporaryFrom { get; set; }

    public LocalDate? TemporaryUntil { get; set; }

    public bool Training { get; set; }

    /// <summary>Presented after the due date (whether or not the scheduled check had marked it).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool ReceivedLate => ReceivedOn is { } received && DueBy is { } due && received > due;

    public static Transfer Create(TransferIssued e) => new()
    {
        Id = e.TransferId,
        Version = 1,
        MemberId = e.MemberId,
        Kind = e.Kind,
        FromCellId = e.FromCellId,
        ToCellId = e.ToCellId,
        OutsideOrganisation = e.OutsideOrganisation,
        OutsideProvince = e.OutsideProvince,
        LetterNumber = e.LetterNumber,
        IssuedOn = e.IssuedOn,
        Reason = e.Reason,
        DueBy = e.DueBy,
        Status = TransferStatus.InTransit,
    };

    public static Transfer Create(TransferArrivedFromOutside e) => new()
    {
        Id = e.TransferId,
        Version = 1,
        MemberId = e.MemberId,
        Kind = TransferKind.IntoCity,
        ToCellId = e.ToCellId,
        OutsideOrganisation = e.FromOrganisation,
        OutsideProvince = e.FromProvince,
        LetterNumber = e.LetterNumber,
        IssuedOn = e.IssuedOn,
        DueBy = e.DueBy,
        Status = TransferStatus.Received,
        ReceivedOn = e.ReceivedOn,
    };

    public static Transfer Create(TemporaryTransferIssued e) => new()
    {
        Id = e.TransferId,
        Version = 1,
        MemberId = e.MemberId,
        Kind = TransferKind.Temporary,
        FromCellId = e.HomeCellId,
        ToCellId = e.HostCellId,
        LetterNumber = e.LetterNumber,
        IssuedOn = e.IssuedOn,
        Reason = e.Reason,
        Status = TransferStatus.Active,
        TemporaryFrom = e.From,
        TemporaryUntil = e.Until,
        Training = e.Training,
    };

    public void Apply(TransferReceived e)
    {
        Status = TransferStatus.Received;
        ReceivedOn = e.ReceivedOn;
    }

    public void Apply(TransferReceiptRescinded e)
    {
        Status = TransferStatus.InTransit;
        ReceivedOn = null;
    }

    public void Apply(TransferCancelled e)
    {
        Status = TransferStatus.Cancelled;
        ClosedOn = e.On;
        ClosingReason = e.Reason;
    }

    public void Apply(TransferRefused e)
    {
        Status = TransferStatus.Refused;
        ClosedOn = e.On;
        ClosingReason = e.Reason;
    }

    public void Apply(TransferClosedOnReturn e)
    {
        Status = TransferStatus.ClosedOnReturn;
        ClosedOn = e.On;
    }

    public void Apply(TransferDueDateRecomputed e) => DueBy = e.DueBy;

    public void Apply(TransferBecameOverdue e)
    {
        Overdue = true;
        OverdueSince = e.On;
    }

    public void Apply(TransferOverdueFollowUpRecorded e) => FollowUps.Add(new TransferFollowUp(e.On, e.Note));

    public void Apply(TemporaryTransferExtended e) => TemporaryUntil = e.Until;

    public void Apply(TemporaryTransferEnded e)
    {
        Status = TransferStatus.Ended;
        ClosedOn = e.On;
    }

    public void Apply(TemporaryTransferEndRescinded e)
    {
        Status = TransferStatus.Active;
        ClosedOn = null;
    }
}
