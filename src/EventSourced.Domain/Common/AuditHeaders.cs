namespace EventSourced.Domain.Common;

/// <summary>
/// Names of the headers every stored event carries about who acted and on what authority.
/// They travel on the Wolverine envelope from the page or endpoint that sent the command and are
/// copied onto the Marten session by <c>AuditMetadataMiddleware</c>, so each appended event stores them.
/// </summary>
public static class AuditHeaders
{
    public const string UserId = "actor-id";
    public const string UserName = "actor-username";
    public const string DisplayName = "actor-name";
    public const string Role = "actor-role";
    public const string OrganisationId = "actor-organisation-id";
    public const string OrganisationName = "actor-organisation";
    public const string Reason = "reason";
    public const string DecisionReference = "decision";

    /// <summary>The reconciliation (and its item, "id:item") a change to the register was made from.</summary>
    public const string Reconciliation = "reconciliation";

    public static readonly IReadOnlyList<string> All =
        [UserId, UserName, DisplayName, Role, OrganisationId, OrganisationName, Reason, DecisionReference, Reconciliation];
}
