using Marten;
using Wolverine;

namespace EventSourced.Domain.Common;

/// <summary>
/// Wolverine middleware on every handler: copies who acted, in which role and organisation, why and
/// on whose decision from the envelope's headers onto the Marten session, so that every event the
/// handler appends stores them. Wolverine itself only relays the user name for its HTTP endpoints;
/// pages and API endpoints here send commands through the bus with these headers instead.
/// </summary>
public static class AuditMetadataMiddleware
{
    public static void Before(Envelope envelope, IDocumentSession session)
    {
        // The second line of the read-only rule (the first is the web's CommandSender): a command sent
        // in an auditor's role appends nothing, whoever put it on the bus.
        if (envelope.Headers.TryGetValue(AuditHeaders.Role, out var role)
            && Enum.TryParse<Accounts.Role>(role, out var acting)
            && !Accounts.Access.MayRecord(acting))
        {
            throw new RuleViolation("Access.ReadOnlyRole");
        }

        foreach (var key in AuditHeaders.All)
        {
            if (envelope.Headers.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value))
            {
                session.SetHeader(key, value);
            }
        }

        if (envelope.Headers.TryGetValue(AuditHeaders.UserName, out var userName) && !string.IsNullOrEmpty(userName))
        {
            session.LastModifiedBy = userName;
        }
    }
}
