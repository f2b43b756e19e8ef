using System.Text.Json.Serialization;
using EventSourced.Domain.Common;
using NodaTime;

namespace EventSourced.Domain.Members;

public enum Sex
{
    Male,
    Female,
}

/// <summary>
/// Where a member stands. All but the first two end membership in the register; exemption is a
/// separate flag on top of the first two. <see cref="TransferredOut"/> is still a party member, but
/// now on another province's register.
/// </summary>
public enum MembershipStatus
{
    Probationary,
    Official,
    RemovedFromRolls,
    Expelled,
    LeftVoluntarily,
    Deceased,
    TransferredOut,

    /// <summary>The admission was rescinded as recorded in error: the person was never a member.</summary>
    AdmissionRescinded,
}

/// <summary>Kinds of discipline ("kỷ luật"); the last two only for official members.</summary>
public enum DisciplineKind
{
    Reprimand,
    Warning,
    DismissalFromPosts,
    Expulsion,
}

/// <summary>Grounds for removal from the rolls ("xóa tên"), which is not a discipline.</summary>
public enum RemovalGround
{
    NotRecognisedAfterProbation,
    AbandonedActivityOrUnpaidDues,
    ReturnedOrDestroyedCard,
    NoProgressAfterEducation,
    FailedStandardsTwoYears,
    Other,
}

/// <summary>Why a party card was replaced.</summary>
public enum CardReplacementReason
{
    CardExchange,
    Lost,
    Damaged,
}

/// <summary>Why a member changed cell other than by transfer.</summary>
public enum CellChangeCause
{
    CellMerged,
    CellDissolved,
}

/// <summary>The decision that authorised a step: its number (e.g. "123-QĐ/ĐU") and its date.</summary>
public sealed record Decision(string Number, LocalDate Date)
{
    public override string ToString() => $"{Number}, {Date.ToString("dd'/'MM'/'yyyy", System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>The member's CV data ("lý lịch"). Names are stored as typed (NFC) and shown in capitals.</summary>
public sealed record MemberProfile(
    string FullName,
    Sex Sex,
    LocalDate DateOfBirth,
    string? BirthName = null,
    string? Aliases = null,
    string? PlaceOfBirth = null,
    string? HomeTown = null,
    string? Ethnicity = null,
    string? Religion = null,
    string? CitizenId = null,
    string? Phone = null);

/// <summary>Admitted into <paramref name="CellId"/>: probationary from the ceremony, party age from the decision.</summary>
public sealed record MemberAdmitted(Guid MemberId, MemberProfile Profile, Guid CellId, Decision Decision, LocalDate CeremonyDate) : IMemberEvent
{
    public LocalDate EffectiveDate => CeremonyDate;
}

/// <summary>One profile field corrected, with the value it replaced and why.</summary>
public sealed record ProfileCorrected(string Field, string? OldValue, string? NewValue, string Reason, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>Recognised as official; effective at the end of the 12 months even when decided later.</summary>
public sealed record MemberRecognisedOfficial(Decision Decision, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>Exempted from work and activities ("miễn công tác và sinh hoạt đảng").</summary>
public sealed record MemberExempted(Decision Decision, string Reason, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>Back from exemption.</summary>
public sealed record MemberExemptionEnded(Decision Decision, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>A discipline imposed; expulsion also ends membership.</summary>
public sealed record DisciplineImposed(Guid DisciplineId, DisciplineKind Kind, Decision Decision, string Reason, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>A discipline found wrong and annulled; nothing is deleted.</summary>
public sealed record DisciplineAnnulled(Guid DisciplineId, Decision Decision, string Reason, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>Removed from the rolls on a ground (including a probationary member not recognised).</summary>
public sealed record MemberRemovedFromRolls(RemovalGround Ground, Decision Decision, string? Reason, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>Left the Party at their own request.</summary>
public sealed record MemberLeftVoluntarily(Decision Decision, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>Died on <paramref name="EffectiveDate"/>.</summary>
public sealed record MemberDied(LocalDate EffectiveDate) : IMemberEvent;

/// <summary>A party card issued.</summary>
public sealed record PartyCardIssued(string CardNumber, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>A party card replaced (the 2025 exchange, a loss); the old number stays in history.</summary>
public sealed record PartyCardReplaced(string CardNumber, string PreviousCardNumber, CardReplacementReason Reason, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>A party badge for <paramref name="Years"/> years of party age, on an award date; early for grave illness.</summary>
public sealed record PartyBadgeAwarded(int Years, bool Early, Decision Decision, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>
/// Badges the member had received before the register recorded them (an imported roll, the member's
/// file): their award dates are not known, only that they count as received from <paramref name="EffectiveDate"/>.
/// </summary>
public sealed record PartyBadgesReceivedBefore(IReadOnlyList<int> Years, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>A former member admitted again (once in a lifetime, 36 months out at least), probationary anew.</summary>
public sealed record MemberReadmitted(Guid CellId, Decision Decision, LocalDate CeremonyDate) : IMemberEvent
{
    public LocalDate EffectiveDate => CeremonyDate;
}

/// <summary>Moved to another cell because the cell was merged or dissolved.</summary>
public sealed record MemberCellChanged(Guid FromCellId, Guid ToCellId, CellChangeCause Cause, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>
/// Moved to another cell of the city by an official transfer, on the day the receiving cell recorded
/// that the member presented the letter (until then the sending cell counts the member).
/// </summary>
public sealed record MemberTransferred(Guid TransferId, Guid FromCellId, Guid ToCellId, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>
/// The cell issued an official transfer letter to another cell of the city. The member stays in the
/// cell until receipt (<see cref="MemberTransferred"/>); the event is on the member's stream so that
/// the letter is recorded at the member's version the decision read: two letters issued at once for
/// one member cannot both be recorded (decision 0008).
/// </summary>
public sealed record MemberTransferLetterIssued(Guid TransferId, Guid ToCellId, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>Transferred out of the city on the letter's date: the member leaves this register's count.</summary>
public sealed record MemberTransferredOut(Guid TransferId, string OrganisationName, string Province, LocalDate EffectiveDate) : IMemberEvent;

/// <summary>
/// Joined the register by a transfer from outside the city, into <paramref name="CellId"/> on
/// <paramref name="EffectiveDate"/>. The admission, ceremony, official date and card come from the
/// member's file, so party age and probation count from the original dates.
/// </summary>
public sealed record MemberTransferredIn(
    Guid MemberId,
    Guid TransferId,
    MemberProfile Profile,
    Guid CellId,
    Decision Admission,
    LocalDate CeremonyDate,
    LocalDate? OfficialDate,
    string? CardNumber,
    string FromOrganisation,
    string FromProvince,
    LocalDate EffectiveDate) : IMemberEvent;

/// <summary>
/// A member who had transferred out of the city came back with a letter and was received into
/// <paramref name="CellId"/> on <paramref name="EffectiveDate"/>, onto their old record. They stayed a
/// party member on another province's register meanwhile, so membership (and party age) runs on;
/// only the city's count skips the time away. The letter may bring a recognition made elsewhere
/// (<paramref name="OfficialDate"/>) or a card issued there.
/// </summary>
public sealed record MemberReturnedToCity(
    Guid TransferId,
    Guid CellId,
    string FromOrganisation,
    string FromProvince,
    LocalDate? OfficialDate,
    string? CardNumber,
    LocalDate EffectiveDate) : IMemberEvent;

/// <summary>
/// Hosted by another cell on a temporary transfer, from <paramref name="From"/> until
/// <paramref name="Until"/>; recorded again with the new end when the transfer is extended. The home
/// cell keeps counting the member.
/// </summary>
public sealed record MemberHostedTemporarily(Guid TransferId, Guid HostCellId, LocalDate From, LocalDate Until) : IMemberEvent
{
    public LocalDate EffectiveDate => From;
}

/// <summary>The temporary hosting ended, on its date or early.</summary>
public sealed record MemberTemporaryHostingEnded(Guid TransferId, LocalDate On) : IMemberEvent
{
    public LocalDate EffectiveDate => On;
}

/// <summary>
/// An event of a member's stream. Each carries the business date it takes effect; the member is
/// folded in that order (decision 0019), so the snapshot keeps every event it applied
/// (<see cref="Member.History"/>) and the type names below let the snapshot's JSON say which is which.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$kind")]
[JsonDerivedType(typeof(MemberAdmitted), "admitted")]
[JsonDerivedType(typeof(ProfileCorrected), "profileCorrected")]
[JsonDerivedType(typeof(MemberRecognisedOfficial), "recognised")]
[JsonDerivedType(typeof(MemberExempted), "exempted")]
[JsonDerivedType(typeof(MemberExemptionEnded), "exemptionEnded")]
[JsonDerivedType(typeof(DisciplineImposed), "disciplineImposed")]
[JsonDerivedType(typeof(DisciplineAnnulled), "disciplineAnnulled")]
[JsonDerivedType(typeof(MemberRemovedFromRolls), "removed")]
[JsonDerivedType(typeof(MemberLeftVoluntarily), "left")]
[JsonDerivedType(typeof(MemberDied), "died")]
[JsonDerivedType(typeof(PartyCardIssued), "cardIssued")]
[JsonDerivedType(typeof(PartyCardReplaced), "cardReplaced")]
[JsonDerivedType(typeof(PartyBadgeAwarded), "badge")]
[JsonDerivedType(typeof(MemberReadmitted), "readmitted")]
[JsonDerivedType(typeof(MemberCellChanged), "cellChanged")]
[JsonDerivedType(typeof(MemberTransferred), "transferred")]
[JsonDerivedType(typeof(MemberTransferLetterIssued), "letterIssued")]
[JsonDerivedType(typeof(MemberTransferredOut), "transferredOut")]
[JsonDerivedType(typeof(MemberTransferredIn), "transferredIn")]
[JsonDerivedType(typeof(MemberHostedTemporarily), "hosted")]
[JsonDerivedType(typeof(MemberTemporaryHostingEnded), "hostingEnded")]
[JsonDerivedType(typeof(MemberAppAccessGranted), "appAccessGranted")]
[JsonDerivedType(typeof(MemberAppAccessRevoked), "appAccessRevoked")]
[JsonDerivedType(typeof(MemberEntryRescissionProposed), "rescissionProposed")]
[JsonDerivedType(typeof(MemberRescissionWithdrawn), "rescissionWithdrawn")]
[JsonDerivedType(typeof(MemberEntryRescinded), "rescinded")]
[JsonDerivedType(typeof(MemberDateCorrected), "dateCorrected")]
[JsonDerivedType(typeof(PartyBadgesReceivedBefore), "badgesReceivedBefore")]
[JsonDerivedType(typeof(MemberReturnedToCity), "returnedToCity")]
public interface IMemberEvent
{
    LocalDate EffectiveDate { get; }
}

/// <summary>One event of the member's stream as the snapshot keeps it: its stream version and the event.</summary>
public sealed record MemberEntry(int Version, IMemberEvent Event);

/// <summary>A discipline as it stands on the member's record.</summary>
public sealed record DisciplineRecord(Guid Id, DisciplineKind Kind, Decision Decision, LocalDate EffectiveDate, bool Annulled);

/// <summary>A stretch of membership, from an admission (or readmission) decision until it ended.</summary>
public sealed record MembershipPeriod(LocalDate From, LocalDate? To);

/// <summary>A stretch of time in one cell, for rosters as of any date.</summary>
public sealed record CellPeriod(Guid CellId, LocalDate From, LocalDate? To);

/// <summary>
/// A party member: the aggregate of the member's stream, kept as an inline snapshot for the lists
/// and worklists. Every procedure is an event on this stream, so the timeline is the stream itself.
/// </summary>
public sealed class Member
{
    public Guid Id { get; set; }

    public int Version { get; set; }

    public MemberProfile Profile { get; set; } = new(string.Empty, Sex.Male, default);

    public Guid CellId { get; set; }

    /// <summary>The transfer of the last letter issued for the member, open or not (its stream says which).</summary>
    public Guid? LatestTransferLetterId { get; set; }

    public MembershipStatus Status { get; set; }

    /// <summary>The status an annulled expulsion gives back.</summary>
    public MembershipStatus StatusBeforeEnd { get; set; }

    public bool Exempt { get; set; }

    public LocalDate? ExemptSince { get; set; }

    /// <summary>Every stretch of exemption, so "exempt on a date" (the rollout's eligibility) can be answered for any past date.</summary>
    public List<MembershipPeriod> ExemptPeriods { get; set; } = [];

    /// <summary>The first admission decision: party age counts from it.</summary>
    public Decision Admission { get; set; } = new(string.Empty, default);

    /// <summary>The ceremony that started the current probation (the readmission's, after one).</summary>
    [JsonIgnore]
    public LocalDate CeremonyDate { get; set; }

    /// <summary>
    /// <see cref="CeremonyDate"/> as stored, under the same JSON name and in the same form: a
    /// <see cref="DateOnly"/> so Marten can also keep it in a real <c>date</c> column (Npgsql writes no
    /// NodaTime types here), which the recognition worklist counts from its index alone.
    /// </summary>
    [JsonPropertyName("ceremonyDate")]
    public DateOnly CeremonyDay
    {
        get => CeremonyDate.ToDateOnly();
        set => CeremonyDate = LocalDate.FromDateOnly(value);
    }

    public LocalDate? OfficialDate { get; set; }

    /// <summary>
    /// The official date of each earlier membership period, in the order of <see cref="Periods"/> (null: it ended in
    /// probation); the current period's is <see cref="OfficialDate"/>. A readmission starts probation again, and a
    /// roll as of a day in an earlier period shows the standing the member had on that day.
    /// </summary>
    public List<LocalDate?> EarlierOfficialDates { get; set; } = [];

    public LocalDate? EndedOn { get; set; }

    public bool Readmitted { get; set; }

    public string? CardNumber { get; set; }

    public List<string> PreviousCardNumbers { get; set; } = [];

    public List<DisciplineRecord> Disciplines { get; set; } = [];

    public List<int> Badges { get; set; } = [];

    public List<MembershipPeriod> Periods { get; set; } = [];

    public List<AppAccessRecord> AppAccess { get; set; } = [];

    public List<CellPeriod> Cells { get; set; } = [];

    /// <summary>The cell hosting the member on a temporary transfer, if any. It lists the member but never counts them.</summary>
    public Guid? HostCellId { get; set; }

    public LocalDate? HostedUntil { get; set; }

    /// <summary>Folded name, citizen id and card numbers: what the list's search box matches.</summary>
    public string SearchText { get; set; } = string.Empty;

    /// <summary>Given name first, then family and middle names: sorted with Vietnamese collation, as staff expect.</summary>
    public string SortName { get; set; } = string.Empty;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsMember => Status is MembershipStatus.Probationary or MembershipStatus.Official;

    /// <summary>The name in use, in capitals as on the citizen ID.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string DisplayName => Profile.FullName.ToUpper(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"));

    /// <summary>This entry as a refusal may point at it: named only to users who may see its cell.</summary>
    public RegisterEntry AsRegisterEntry() => new(Id, CellId, DisplayName);

    /// <summary>
    /// Every event of the member's stream in recording order, its version the stream's. The state
    /// above is their fold in business-date order (<see cref="Refold"/>), so a decision recorded late
    /// lands where it belongs: a removal decided on 20 June and recorded in August ends the cell
    /// period open on 20 June, not one that a 1 July merge opened (decision 0019).
    /// </summary>
    public List<MemberEntry> History { get; set; } = [];

    /// <summary>The latest business date folded so far: an event dated on or after it is folded on top, an earlier one refolds.</summary>
    public LocalDate FoldedThrough { get; set; } = LocalDate.MinIsoValue;

    /// <summary>Rescissions proposed and waiting for a second person.</summary>
    public List<RescissionProposal> PendingRescissions { get; set; } = [];

    /// <summary>The versions of the entries rescinded as recorded in error: the fold leaves them out.</summary>
    public List<int> RescindedEntries { get; set; } = [];

    /// <summary>
    /// Entries the last fold could not apply (a step only a member takes, dated after membership
    /// ended), each with the entry that ended membership before it. Not stored: decisions ask it of a
    /// replay (<see cref="MemberHistory"/>).
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<SkippedEntry> Skipped => skipped;

    private readonly List<SkippedEntry> skipped = [];

    private MemberEntry? lastEnd;

    public static Member Create(MemberAdmitted e) => new Member { Version = 1 }.Recorded(e);

    /// <summary>A member arriving from another province keeps the dates of their file; the city's cells count them from arrival.</summary>
    public static Member Create(MemberTransferredIn e) => new Member { Version = 1 }.Recorded(e);

    public void Apply(ProfileCorrected e) => Record(e);

    public void Apply(MemberRecognisedOfficial e) => Record(e);

    public void Apply(MemberExempted e) => Record(e);

    public void Apply(MemberExemptionEnded e) => Record(e);

    public void Apply(DisciplineImposed e) => Record(e);

    public void Apply(DisciplineAnnulled e) => Record(e);

    public void Apply(MemberRemovedFromRolls e) => Record(e);

    public void Apply(MemberLeftVoluntarily e) => Record(e);

    public void Apply(MemberDied e) => Record(e);

    public void Apply(PartyCardIssued e) => Record(e);

    public void Apply(PartyCardReplaced e) => Record(e);

    public void Apply(PartyBadgeAwarded e) => Record(e);

    public void Apply(PartyBadgesReceivedBefore e) => Record(e);

    public void Apply(MemberReturnedToCity e) => Record(e);

    public void Apply(MemberReadmitted e) => Record(e);

    public void Apply(MemberAppAccessGranted e) => Record(e);

    public void Apply(MemberAppAccessRevoked e) => Record(e);

    public void Apply(MemberCellChanged e) => Record(e);

    public void Apply(MemberTransferred e) => Record(e);

    public void Apply(MemberTransferredOut e) => Record(e);

    public void Apply(MemberTransferLetterIssued e) => Record(e);

    public void Apply(MemberHostedTemporarily e) => Record(e);

    public void Apply(MemberTemporaryHostingEnded e) => Record(e);

    private static Member Seed(MemberAdmitted e) => new Member
    {
        Id = e.MemberId,
        Version = 1,
        Profile = e.Profile,
        CellId = e.CellId,
        Status = MembershipStatus.Probationary,
        Admission = e.Decision,
        CeremonyDate = e.CeremonyDate,
        Periods = [new MembershipPeriod(e.Decision.Date, null)],
        Cells = [new CellPeriod(e.CellId, e.CeremonyDate, null)],
    }.Indexed();

    private static Member Seed(MemberTransferredIn e) => new Member
    {
        Id = e.MemberId,
        Version = 1,
        Profile = e.Profile,
        CellId = e.CellId,
        Status = e.OfficialDate is null ? MembershipStatus.Probationary : MembershipStatus.Official,
        Admission = e.Admission,
        CeremonyDate = e.CeremonyDate,
        OfficialDate = e.OfficialDate,
        CardNumber = e.CardNumber,
        Periods = [new MembershipPeriod(e.Admission.Date, null)],
        Cells = [new CellPeriod(e.CellId, e.EffectiveDate, null)],
    }.Indexed();

    private void When(ProfileCorrected e)
    {
        Profile = MemberProfileFields.With(Profile, e.Field, e.NewValue);
        Indexed();
    }

    private void When(MemberRecognisedOfficial e)
    {
        Status = MembershipStatus.Official;
        OfficialDate = e.EffectiveDate;
    }

    private void When(MemberExempted e)
    {
        Exempt = true;
        ExemptSince = e.EffectiveDate;
        ExemptPeriods.Add(new MembershipPeriod(e.EffectiveDate, null));
    }

    private void When(MemberExemptionEnded e)
    {
        Exempt = false;
        ExemptSince = null;
        CloseExemption(e.EffectiveDate);
    }

    private void When(DisciplineImposed e)
    {
        Disciplines.Add(new DisciplineRecord(e.DisciplineId, e.Kind, e.Decision, e.EffectiveDate, false));
        if (e.Kind == DisciplineKind.Expulsion)
        {
            End(MembershipStatus.Expelled, e.EffectiveDate);
        }
    }

    private void When(DisciplineAnnulled e)
    {
        var index = Disciplines.FindIndex(d => d.Id == e.DisciplineId);
        if (index < 0)
        {
            return;
        }

        var annulled = Disciplines[index];
        Disciplines[index] = annulled with { Annulled = true };
        // Only the expulsion that ended the current period gives membership back; an older one,
        // annulled after a readmission and a second expulsion, does not undo the later one.
        if (annulled.Kind == DisciplineKind.Expulsion && Status == MembershipStatus.Expelled && annulled.EffectiveDate == EndedOn)
        {
            // An expulsion found wrong never happened: membership and the cell continue.
            Status = StatusBeforeEnd;
            EndedOn = null;
            Periods[^1] = Periods[^1] with { To = null };
            Cells[^1] = Cells[^1] with { To = null };
        }
    }

    private void When(MemberRemovedFromRolls e) => End(MembershipStatus.RemovedFromRolls, e.EffectiveDate);

    private void When(MemberLeftVoluntarily e) => End(MembershipStatus.LeftVoluntarily, e.EffectiveDate);

    private void When(MemberDied e)
    {
        if (IsMember)
        {
            End(MembershipStatus.Deceased, e.EffectiveDate);
        }
        else
        {
            Status = MembershipStatus.Deceased;
        }
    }

    private void When(PartyCardIssued e)
    {
        CardNumber = e.CardNumber;
        Indexed();
    }

    private void When(PartyCardReplaced e)
    {
        PreviousCardNumbers.Add(e.PreviousCardNumber);
        CardNumber = e.CardNumber;
        Indexed();
    }

    private void When(PartyBadgeAwarded e) => Badges.Add(e.Years);

    private void When(PartyBadgesReceivedBefore e) => Badges.AddRange(e.Years.Except(Badges));

    private void When(MemberReadmitted e)
    {
        Status = MembershipStatus.Probationary;
        Readmitted = true;
        Exempt = false;
        CloseExemption(e.CeremonyDate);
        EndedOn = null;
        EarlierOfficialDates.Add(OfficialDate);
        OfficialDate = null;
        CeremonyDate = e.CeremonyDate;
        CellId = e.CellId;
        Periods.Add(new MembershipPeriod(e.Decision.Date, null));
        Cells.Add(new CellPeriod(e.CellId, e.CeremonyDate, null));
        EndCredentialsOfAnEarlierPeriod();
    }

    /// <summary>
    /// A credential belongs to the membership period it was issued in: ending membership stops it working (only
    /// members sign in), and a member back on the register (readmitted, or returned to the city) starts
    /// without it, since the phone it was set up on may long since be someone else's. Staff issue a new one.
    /// </summary>
    private void EndCredentialsOfAnEarlierPeriod()
    {
        for (var i = 0; i < AppAccess.Count; i++)
        {
            AppAccess[i] = AppAccess[i] with { Revoked = true };
        }
    }

    private void When(MemberAppAccessGranted e) => AppAccess.Add(new AppAccessRecord(e.AccessId, e.SecretHash, e.EffectiveDate, false));

    private void When(MemberAppAccessRevoked e)
    {
        var index = AppAccess.FindIndex(a => a.Id == e.AccessId);
        if (index >= 0)
        {
            AppAccess[index] = AppAccess[index] with { Revoked = true };
        }
    }

    /// <summary>The member folded from events alone, as a fresh snapshot would be.</summary>
    public static Member Replay(IEnumerable<IMemberEvent> events)
    {
        var member = new Member();
        foreach (var e in events)
        {
            member.Record(e);
            member.Version++;
        }

        return member;
    }

    public void Apply(MemberEntryRescissionProposed e) => Record(e);

    public void Apply(MemberRescissionWithdrawn e) => Record(e);

    public void Apply(MemberEntryRescinded e) => Record(e);

    public void Apply(MemberDateCorrected e) => Record(e);

    private Member Recorded(IMemberEvent e)
    {
        Record(e);
        return this;
    }

    private void Record(IMemberEvent e)
    {
        var entry = new MemberEntry(History.Count + 1, e);
        History.Add(entry);
        if (History.Count > 1 && !MemberHistory.IsNote(e) && MemberHistory.OrderDate(e) >= FoldedThrough)
        {
            FoldFact(entry);
        }
        else
        {
            Refold();
        }
    }

    /// <summary>
    /// Folds <see cref="History"/> again from the start: notes (proposals, rescissions, date
    /// corrections) in recording order decide which facts count and with which dates; the facts then
    /// in business-date order, recording order within a day.
    /// </summary>
    private void Refold()
    {
        var rescinded = new HashSet<int>();
        var corrected = MemberHistory.CorrectedDates(History);
        var pending = new List<RescissionProposal>();
        foreach (var h in History)
        {
            switch (h.Event)
            {
                case MemberEntryRescissionProposed p:
                    pending.Add(new RescissionProposal(p.ProposalId, p.EntryVersion, p.EntryType, p.Decision, p.Reason, p.ProposedBy, p.ProposedByName, p.EffectiveDate));
                    break;
                case MemberRescissionWithdrawn w:
                    pending.RemoveAll(x => x.ProposalId == w.ProposalId);
                    break;
                case MemberEntryRescinded r:
                    rescinded.Add(r.EntryVersion);
                    pending.RemoveAll(x => x.ProposalId == r.ProposalId || x.EntryVersion == r.EntryVersion);
                    break;
            }
        }

        var facts = History
            .Where(h => !MemberHistory.IsNote(h.Event))
            .Select(h => corrected.TryGetValue(h.Version, out var c) ? h with { Event = c } : h)
            .ToList();
        var creation = facts[0];
        var fresh = creation.Event switch
        {
            MemberAdmitted a => Seed(a),
            MemberTransferredIn t => Seed(t),
            _ => new Member(),
        };
        if (rescinded.Contains(creation.Version))
        {
            // An admission recorded in error: the person stays on record, counted nowhere.
            fresh.Status = MembershipStatus.AdmissionRescinded;
            fresh.Periods = [];
            fresh.Cells = [];
        }

        fresh.FoldedThrough = MemberHistory.OrderDate(creation.Event);
        foreach (var h in facts.Skip(1).Where(h => !rescinded.Contains(h.Version)).OrderBy(h => MemberHistory.OrderDate(h.Event)).ThenBy(h => h.Version))
        {
            fresh.FoldFact(h);
        }

        foreach (var property in StateProperties)
        {
            property.SetValue(this, property.GetValue(fresh));
        }

        PendingRescissions = pending;
        RescindedEntries = [.. rescinded.Order()];
        skipped.Clear();
        skipped.AddRange(fresh.skipped);
        lastEnd = fresh.lastEnd;
    }

    private static readonly System.Reflection.PropertyInfo[] StateProperties = typeof(Member)
        .GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
        .Where(p => p.CanRead && p.CanWrite && p.Name is not (nameof(History) or nameof(Version) or nameof(PendingRescissions) or nameof(RescindedEntries)))
        .ToArray();

    private void FoldFact(MemberEntry entry)
    {
        var e = entry.Event;
        if (MemberHistory.OrderDate(e) > FoldedThrough)
        {
            FoldedThrough = MemberHistory.OrderDate(e);
        }

        if (IsMember ? e is MemberReadmitted or MemberReturnedToCity : MemberHistory.RequiresMembership(e))
        {
            skipped.Add(new SkippedEntry(entry, lastEnd));
            return;
        }

        if (!IsMember && e is MemberCellChanged)
        {
            // The cell closed after the member had left it: nobody moves.
            return;
        }

        var wasMember = IsMember;
        switch (e)
        {
            case ProfileCorrected x: When(x); break;
            case MemberRecognisedOfficial x: When(x); break;
            case MemberExempted x: When(x); break;
            case MemberExemptionEnded x: When(x); break;
            case DisciplineImposed x: When(x); break;
            case DisciplineAnnulled x: When(x); break;
            case MemberRemovedFromRolls x: When(x); break;
            case MemberLeftVoluntarily x: When(x); break;
            case MemberDied x: When(x); break;
            case PartyCardIssued x: When(x); break;
            case PartyCardReplaced x: When(x); break;
            case PartyBadgeAwarded x: When(x); break;
            case PartyBadgesReceivedBefore x: When(x); break;
            case MemberReturnedToCity x: When(x); break;
            case MemberReadmitted x: When(x); break;
            case MemberAppAccessGranted x: When(x); break;
            case MemberAppAccessRevoked x: When(x); break;
            case MemberCellChanged x: When(x); break;
            case MemberTransferred x: When(x); break;
            case MemberTransferredOut x: When(x); break;
            case MemberTransferLetterIssued x: When(x); break;
            case MemberHostedTemporarily x: When(x); break;
            case MemberTemporaryHostingEnded x: When(x); break;
            default: break;
        }

        if (wasMember && !IsMember)
        {
            lastEnd = entry;
        }
    }

    /// <summary>The credential the app may sign in with: active members only, never a revoked one.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public AppAccessRecord? ActiveAppAccess => ActiveAccess(Status, AppAccess);

    /// <summary>The rule behind <see cref="ActiveAppAccess"/>, for a caller that read only these two fields of the record.</summary>
    public static AppAccessRecord? ActiveAccess(MembershipStatus status, IReadOnlyList<AppAccessRecord> access) =>
        status is MembershipStatus.Probationary or MembershipStatus.Official ? access.LastOrDefault(a => !a.Revoked) : null;

    /// <summary>
    /// Exempt at the end of <paramref name="date"/>. Records snapshotted before exemption periods were
    /// kept have only <see cref="ExemptSince"/>, which is still right for the current exemption.
    /// </summary>
    public bool ExemptOn(LocalDate date) =>
        ExemptPeriods.Count == 0
            ? Exempt && ExemptSince is { } since && since <= date
            : ExemptPeriods.Any(p => p.From <= date && (p.To is not { } to || to > date));

    private void CloseExemption(LocalDate on)
    {
        if (ExemptPeriods.Count > 0 && ExemptPeriods[^1].To is null)
        {
            ExemptPeriods[^1] = ExemptPeriods[^1] with { To = on };
        }
    }

    private void When(MemberCellChanged e)
    {
        Cells[^1] = Cells[^1] with { To = e.EffectiveDate };
        Cells.Add(new CellPeriod(e.ToCellId, e.EffectiveDate, null));
        CellId = e.ToCellId;
    }

    private void When(MemberTransferred e)
    {
        Cells[^1] = Cells[^1] with { To = e.EffectiveDate };
        Cells.Add(new CellPeriod(e.ToCellId, e.EffectiveDate, null));
        CellId = e.ToCellId;
    }

    private void When(MemberTransferredOut e) => End(MembershipStatus.TransferredOut, e.EffectiveDate);

    private void When(MemberReturnedToCity e)
    {
        Status = e.OfficialDate is not null && StatusBeforeEnd == MembershipStatus.Probationary ? MembershipStatus.Official : StatusBeforeEnd;
        OfficialDate ??= e.OfficialDate;
        EndedOn = null;
        Periods[^1] = Periods[^1] with { To = null };
        Cells.Add(new CellPeriod(e.CellId, e.EffectiveDate, null));
        CellId = e.CellId;
        EndCredentialsOfAnEarlierPeriod();
        if (e.CardNumber is { } card && card != CardNumber)
        {
            if (CardNumber is { } previous)
            {
                PreviousCardNumbers.Add(previous);
            }

            CardNumber = card;
            Indexed();
        }
    }

    /// <summary>
    /// The snapshot must apply this event even though the transfer's own stream carries the letter:
    /// Marten hands a snapshot only the events it applies, and its version would stay behind the
    /// stream, making every procedure form on this member stale.
    /// </summary>
    private void When(MemberTransferLetterIssued e) => LatestTransferLetterId = e.TransferId;

    private void When(MemberHostedTemporarily e)
    {
        HostCellId = e.HostCellId;
        HostedUntil = e.Until;
    }

    private void When(MemberTemporaryHostingEnded e)
    {
        HostCellId = null;
        HostedUntil = null;
    }

    /// <summary>Only the member's own cell gives a vote (and the right to stand and elect); a host cell never does.</summary>
    public bool CanVoteIn(Guid cellId) => IsMember && cellId == CellId;

    /// <summary>The cell the member belonged to on a date, or null when not a member then.</summary>
    public Guid? CellOn(LocalDate date) =>
        Cells.LastOrDefault(c => c.From <= date && (c.To is null || c.To > date))?.CellId;

    /// <summary>
    /// The day party age on <paramref name="on"/> counts from, earlier periods moved in: party age that
    /// day is the whole years from it, as long as the member's current period lasts (what lets the
    /// statistics band party age in SQL).
    /// </summary>
    public LocalDate PartyAgeStart(LocalDate on) => PartyAgeCounted(on).Start;

    /// <summary>Whole years of party age on a date: time as a member, from each admission decision.</summary>
    public int PartyAgeYears(LocalDate on) =>
        PartyAgeCounted(on) is var (start, end) && end > start ? Period.Between(start, end, PeriodUnits.Years).Years : 0;

    /// <summary>
    /// Party age on a date as one calendar stretch: the last period begun by then, from a start moved
    /// back by the calendar length (years, months, days) of each earlier period, until the date or
    /// that period's end. Counting in calendar units, not 365.25-day years, makes periods totalling
    /// exactly 30 years give 30 on that day, as one period would.
    /// </summary>
    private (LocalDate Start, LocalDate End) PartyAgeCounted(LocalDate on)
    {
        var begun = Periods.Where(p => p.From < on).ToList();
        if (begun.Count == 0)
        {
            return (on, on);
        }

        var start = begun[^1].From;
        foreach (var earlier in begun.Take(begun.Count - 1))
        {
            if (earlier.To is { } to && to > earlier.From)
            {
                start = start.Minus(Period.Between(earlier.From, to, PeriodUnits.YearMonthDay));
            }
        }

        return (start, begun[^1].To is { } end && end < on ? end : on);
    }

    /// <summary>
    /// The badge a current member works towards (the first above the highest awarded, as
    /// <see cref="PartyBadges.Due"/> takes it), or null. Stored with the snapshot, with
    /// <see cref="NextBadgeReachedOn"/>, so the badge worklist is counted without folding every
    /// member's periods at city scale.
    /// </summary>
    public int? NextBadge => IsMember && PartyBadges.Years.FirstOrDefault(y => y > Badges.DefaultIfEmpty(0).Max()) is var next and > 0 ? next : null;

    /// <summary>The day <see cref="PartyAgeYears"/> reaches <see cref="NextBadge"/> while the current period lasts.</summary>
    [JsonIgnore]
    public LocalDate? NextBadgeReachedOn =>
        NextBadge is { } next && Periods.Count > 0 && Periods[^1].To is null
            ? PartyAgeCounted(LocalDate.MaxIsoValue).Start.PlusYears(next)
            : null;

    /// <summary>
    /// <see cref="NextBadgeReachedOn"/> as stored, under the same JSON name and in the same form, and
    /// duplicated into a <c>date</c> column (see <see cref="CeremonyDay"/>) for the badge worklist.
    /// </summary>
    [JsonPropertyName("nextBadgeReachedOn")]
    public DateOnly? NextBadgeDay => NextBadgeReachedOn?.ToDateOnly();

    private void End(MembershipStatus status, LocalDate on)
    {
        StatusBeforeEnd = Status;
        Status = status;
        EndedOn = on;
        Periods[^1] = Periods[^1] with { To = on };
        Cells[^1] = Cells[^1] with { To = on };
    }

    private Member Indexed()
    {
        var words = VietnameseText.Normalise(Profile.FullName).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        SortName = words.Length > 0 ? string.Join(' ', words[^1..].Concat(words[..^1])) : string.Empty;
        SearchText = string.Join(' ', new[] { VietnameseText.Fold(Profile.FullName), VietnameseText.Fold(Profile.BirthName), VietnameseText.Fold(Profile.Aliases), Profile.CitizenId, CardNumber }
            .Concat(PreviousCardNumbers)
            .Where(s => !string.IsNullOrEmpty(s)));
        return this;
    }
}
