using EventSourced.Domain.Accounts;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace EventSourced.Web.Pages.Organisations;

/// <summary>What an organisation or account event says, as one sentence for the history timeline.</summary>
public static class OrganisationEventText
{
    public static string Describe(IStringLocalizer text, object data, Func<Guid?, string> name) => data switch
    {
        OrganisationCreated e when e.SplitFromId is { } from => text["Event.CreatedBySplit", e.Name, e.Code, name(from)],
        OrganisationCreated e => text["Event.Created", e.Name, e.Code, text.Name(e.Kind), name(e.ParentId)],
        OrganisationRenamed e => text["Event.Renamed", e.PreviousName, e.PreviousCode, e.Name, e.Code],
        OrganisationMoved e when e.Cause == MoveCause.ParentMerged => text["Event.MovedByMerge", name(e.PreviousParentId), name(e.NewParentId)],
        OrganisationMoved e when e.Cause == MoveCause.Split => text["Event.MovedBySplit", name(e.PreviousParentId), name(e.NewParentId)],
        OrganisationMoved e => text["Event.Moved", name(e.PreviousParentId), name(e.NewParentId)],
        OrganisationFlagsChanged e => text["Event.FlagsChanged", Flags(text, e.PreviousFlags), Flags(text, e.Flags)],
        OrganisationMerged e => text["Event.Merged", name(e.TargetId), e.MovedChildIds.Count],
        OrganisationAbsorbed e => text["Event.Absorbed", name(e.SourceId)],
        OrganisationSplit e => text["Event.Split", name(e.NewOrganisationId), e.MovedChildIds.Count],
        OrganisationDissolved e when e.MembersTransferredToId is { } to => text["Event.DissolvedTo", name(to)],
        OrganisationDissolved => text["Event.Dissolved"],
        UserRegistered e => text["Event.UserRegistered", e.Username, e.DisplayName],
        PasswordChanged => text["Event.PasswordChanged"],
        UserDisabled e => $"{text["Event.UserDisabled"]}: {e.Reason}",
        UserEnabled e => $"{text["Event.UserEnabled"]}: {e.Reason}",
        RoleAssigned e => text["Event.RoleAssigned", text.Name(e.Role), name(e.OrganisationId)],
        RoleRemoved e => text["Event.RoleRemoved", text.Name(e.Role), name(e.OrganisationId)],
        SignInFailed => text["Event.SignInFailed"],
        UserLockedOut e => text["Event.LockedOut", Messages.DisplayTime(e.Until)],
        FailedSignInsCleared => text["Event.SignInsCleared"],
        _ => data.GetType().Name,
    };

    public static string Flags(IStringLocalizer text, OrganisationFlags flags)
    {
        var names = new List<string>();
        if (flags.Pilot)
        {
            names.Add(text["Flag.Pilot"]);
        }

        if (flags.CommuneLevel)
        {
            names.Add(text["Flag.CommuneLevel"]);
        }

        if (flags.OfflineSite)
        {
            names.Add(text["Flag.OfflineSite"]);
        }

        return names.Count == 0 ? text["Flag.None"] : string.Join(", ", names);
    }
}
