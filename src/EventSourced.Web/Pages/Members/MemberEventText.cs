using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Pages.Members;

/// <summary>What a member event says, as one sentence of the member's timeline.</summary>
public static class MemberEventText
{
    public static string Describe(IStringLocalizer text, object data, Func<Guid?, string> unitName) => data switch
    {
        MemberAdmitted e => text["MemberEvent.Admitted", unitName(e.CellId), e.Decision.ToString(), Messages.DisplayDate(e.CeremonyDate)],
        ProfileCorrected e => text["MemberEvent.Corrected", text[$"Member.{e.Field}"].Value, e.OldValue ?? "—", e.NewValue ?? "—", e.Reason],
        MemberRecognisedOfficial e => text["MemberEvent.Official", Messages.DisplayDate(e.EffectiveDate), e.Decision.ToString()],
        MemberExempted e => text["MemberEvent.Exempted", e.Reason],
        MemberExemptionEnded => text["MemberEvent.ExemptionEnded"],
        DisciplineImposed e => text["MemberEvent.Discipline", text.Name(e.Kind), e.Reason],
        DisciplineAnnulled e => text["MemberEvent.DisciplineAnnulled", e.Reason],
        MemberRemovedFromRolls e => text["MemberEvent.Removed", text.Name(e.Ground), e.Reason ?? string.Empty],
        MemberLeftVoluntarily => text["MemberEvent.Left"],
        MemberDied => text["MemberEvent.Died"],
        PartyCardIssued e => text["MemberEvent.CardIssued", e.CardNumber],
        PartyCardReplaced e => text["MemberEvent.CardReplaced", e.PreviousCardNumber, e.CardNumber, text.Name(e.Reason)],
        PartyBadgeAwarded e => text[e.Early ? "MemberEvent.BadgeEarly" : "MemberEvent.Badge", e.Years],
        PartyBadgesReceivedBefore e => text["MemberEvent.BadgesReceivedBefore", string.Join(", ", e.Years)],
        MemberReadmitted e => text["MemberEvent.Readmitted", unitName(e.CellId), e.Decision.ToString()],
        MemberAppAccessGranted => text["MemberEvent.AppAccessGranted"],
        MemberAppAccessRevoked => text["MemberEvent.AppAccessRevoked"],
        MemberTransferred e => text["MemberEvent.Transferred", unitName(e.FromCellId), unitName(e.ToCellId)],
        MemberTransferLetterIssued e => text["MemberEvent.TransferLetterIssued", unitName(e.ToCellId)],
        MemberTransferredOut e => text["MemberEvent.TransferredOut", e.OrganisationName, e.Province],
        MemberReturnedToCity e => text["MemberEvent.ReturnedToCity", unitName(e.CellId), e.FromOrganisation, e.FromProvince],
        MemberTransferredIn e => text["MemberEvent.TransferredIn", unitName(e.CellId), e.FromOrganisation, e.FromProvince],
        MemberHostedTemporarily e => text["MemberEvent.Hosted", unitName(e.HostCellId), Messages.DisplayDate(e.From), Messages.DisplayDate(e.Until)],
        MemberTemporaryHostingEnded => text["MemberEvent.HostingEnded"],
        MemberCellChanged e => text["MemberEvent.CellChanged", unitName(e.FromCellId), unitName(e.ToCellId), text.Name(e.Cause)],
        MemberEntryRescissionProposed e => text["MemberEvent.RescissionProposed", e.EntryVersion, e.ProposedByName],
        MemberRescissionWithdrawn e => text["MemberEvent.RescissionWithdrawn", e.ByName],
        MemberEntryRescinded e => text["MemberEvent.Rescinded", e.EntryVersion, e.ProposedByName ?? e.RecordedByName, e.RecordedByName, e.Reason],
        MemberDateCorrected e => text["MemberEvent.DateCorrected", e.EntryVersion, text.Name(e.Date), Messages.DisplayDate(e.OldDate), Messages.DisplayDate(e.NewDate), e.Reason],
        _ => data.GetType().Name,
    };

    /// <summary>The decision an event cites, when it has one.</summary>
    public static Decision? DecisionOf(object data) => data switch
    {
        MemberAdmitted e => e.Decision,
        MemberTransferredIn e => e.Admission,
        MemberRecognisedOfficial e => e.Decision,
        MemberExempted e => e.Decision,
        MemberExemptionEnded e => e.Decision,
        DisciplineImposed e => e.Decision,
        DisciplineAnnulled e => e.Decision,
        MemberRemovedFromRolls e => e.Decision,
        MemberLeftVoluntarily e => e.Decision,
        PartyBadgeAwarded e => e.Decision,
        MemberReadmitted e => e.Decision,
        MemberEntryRescissionProposed e => e.Decision,
        MemberEntryRescinded e => e.Decision,
        _ => null,
    };
}
