using NodaTime;

namespace EventSourced.Domain.Members.RecordReviews;

/// <summary>The fields of their record a member is asked to check in the app.</summary>
public enum RecordField
{
    FullName,
    DateOfBirth,
    CitizenId,
    Cell,
    AdmissionDate,
    OfficialDate,
    CardNumber,
    Phone,
}

/// <summary>Where a reported difference stands.</summary>
public enum ReportState
{
    Open,
    Accepted,
    Rejected,
}

/// <summary>One field of the record as the register held it, in the form the app shows and compares (dates ISO, the cell by id).</summary>
public sealed record CheckedValue(RecordField Field, string? Value);

/// <summary>
/// The member confirmed their record as it stood at <paramref name="RecordVersion"/> of their stream,
/// with the values they saw. <paramref name="EventId"/> is chosen by the app, so a retry is recorded once.
/// </summary>
public sealed record RecordConfirmed(Guid EventId, Guid MemberId, int RecordVersion, IReadOnlyList<CheckedValue> Values, Instant ConfirmedAt);

/// <summary>
/// The member reported that <paramref name="Field"/> is wrong: the register held <paramref name="RegisterValue"/>,
/// the member says <paramref name="MemberValue"/>. <paramref name="ReportId"/> is chosen by the app.
/// </summary>
public sealed record DifferenceReported(Guid ReportId, Guid MemberId, RecordField Field, string? RegisterValue, string MemberValue, string? Note, Instant ReportedAt);

/// <summary>
/// Staff accepted the report. For a field a correction can change, the correction is the entry at
/// <paramref name="CorrectionVersion"/> of the member's stream, appended in the same transaction; for
/// a field only a procedure changes (the cell: a transfer; the card: a replacement), <paramref name="Procedure"/>
/// names it and the record is unchanged until staff run it.
/// </summary>
public sealed record DifferenceAccepted(Guid ReportId, RecordField Field, int? CorrectionVersion, string? Procedure, Instant AcceptedAt);

/// <summary>Staff rejected the report; the member sees <paramref name="Reason"/>.</summary>
public sealed record DifferenceRejected(Guid ReportId, RecordField Field, string Reason, Instant RejectedAt);

/// <summary>A reported difference and what became of it.</summary>
public sealed record DifferenceReport(
    Guid ReportId,
    RecordField Field,
    string? RegisterValue,
    string MemberValue,
    string? Note,
    Instant ReportedAt,
    ReportState State = ReportState.Open,
    Instant? ClosedAt = null,
    string? Reason = null,
    int? CorrectionVersion = null,
    string? Procedure = null);

/// <summary>
/// A member's review of their own record through the app: the aggregate of the stream whose id is
/// <see cref="StreamIdFor"/> the member (decision 0024). Apart from the member's stream, so the app's
/// reports never make a staff form stale and the member's fold stays about the register.
/// Every confirmation and report is kept: a member makes a handful in the life of the app.
/// </summary>
public sealed class RecordReview
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public Guid MemberId { get; set; }

    public List<RecordConfirmed> Confirmations { get; set; } = [];

    public List<DifferenceReport> Reports { get; set; } = [];

    /// <summary>Open reports now: the staff worklist reads reviews with any.</summary>
    public int OpenReports { get; set; }

    /// <summary>The id of the member's review stream: the member's id under a fixed mask, found without a lookup and never the member's own stream id.</summary>
    public static Guid StreamIdFor(Guid memberId) => Mask(memberId);

    public static Guid MemberIdFor(Guid streamId) => Mask(streamId);

    /// <summary>An empty review for a member who has not confirmed or reported anything yet.</summary>
    public static RecordReview For(Guid memberId) => new() { Id = StreamIdFor(memberId), MemberId = memberId };

    private static Guid Mask(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        ReadOnlySpan<byte> mask = "record-review:mb"u8;
        for (var i = 0; i < 16; i++)
        {
            bytes[i] ^= mask[i];
        }

        return new Guid(bytes);
    }

    /// <summary>The latest confirmation, or null.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public RecordConfirmed? LastConfirmation => Confirmations.Count > 0 ? Confirmations[^1] : null;

    public DifferenceReport? Report(Guid reportId) => Reports.Find(r => r.ReportId == reportId);

    public DifferenceReport? OpenReport(RecordField field) => Reports.Find(r => r.Field == field && r.State == ReportState.Open);

    /// <summary>Confirmed since the record last changed: the latest confirmation saw every checked value as it is now.</summary>
    public bool ConfirmedAsItStands(IReadOnlyList<CheckedValue> current) =>
        LastConfirmation is { } last && last.Values.SequenceEqual(current);

    /// <summary>The last confirmation made by the end of <paramref name="at"/>, if any.</summary>
    public RecordConfirmed? ConfirmedBy(Instant at) => Confirmations.LastOrDefault(c => c.ConfirmedAt < at);

    public void Apply(RecordConfirmed e)
    {
        MemberId = e.MemberId;
        Confirmations.Add(e);
    }

    public void Apply(DifferenceReported e)
    {
        MemberId = e.MemberId;
        Reports.Add(new DifferenceReport(e.ReportId, e.Field, e.RegisterValue, e.MemberValue, e.Note, e.ReportedAt));
        OpenReports = Reports.Count(r => r.State == ReportState.Open);
    }

    public void Apply(DifferenceAccepted e) =>
        Close(e.ReportId, r => r with { State = ReportState.Accepted, ClosedAt = e.AcceptedAt, CorrectionVersion = e.CorrectionVersion, Procedure = e.Procedure });

    public void Apply(DifferenceRejected e) =>
        Close(e.ReportId, r => r with { State = ReportState.Rejected, ClosedAt = e.RejectedAt, Reason = e.Reason });

    private void Close(Guid reportId, Func<DifferenceReport, DifferenceReport> close)
    {
        var index = Reports.FindIndex(r => r.ReportId == reportId);
        if (index >= 0)
        {
            Reports[index] = close(Reports[index]);
        }

        OpenReports = Reports.Count(r => r.State == ReportState.Open);
    }
}
