namespace EventSourced.Domain.Common;

/// <summary>
/// Where the province that holds a citizen ID in the national register stands with it, read from that
/// province's own store: the national row is a reservation, the province's register key is the record.
/// </summary>
public enum HolderStanding
{
    /// <summary>The province's register key for the citizen ID is there, and its owner has not left the province.</summary>
    Held,

    /// <summary>The province holds the key for a member it has transferred out: the person may be received elsewhere.</summary>
    Left,

    /// <summary>The province holds no key for it: a reservation whose write has not committed (yet, or ever).</summary>
    NotHeld,
}

/// <summary>Who holds a citizen ID in the national register, and whether the reservation is older than any write could take.</summary>
public sealed record NationalHolder(string Province, Guid MemberId, bool PastInFlight);

/// <summary>What a province claiming a citizen ID does about the national register's holder.</summary>
public enum NationalClaim
{
    /// <summary>The claiming province already holds it: its own register keys decide (same person readmitted, a retry, or a refusal there).</summary>
    OwnProvince,

    /// <summary>The reservation moves to the claiming province: the holder has transferred the member out, or never committed.</summary>
    TakeOver,

    /// <summary>Another province holds it, or is writing it now: refused as a taken citizen ID.</summary>
    Refuse,
}

/// <summary>
/// The national register of citizen IDs across provinces (decision 0034): a person is a party member once in
/// the whole country, while each province's register keys (decision 0008) only see that province.
/// </summary>
public static class NationalCitizenIds
{
    /// <summary>The national key of a citizen ID: its digits, as the province's register key normalises it; null for none or a placeholder.</summary>
    public static string? Key(string? citizenId) =>
        RegisterKeys.CitizenId(citizenId) is { } key ? key[RegisterKeys.CitizenIdKind.Length..] : null;

    /// <summary>The national key of a province's register key, null when that key is not a citizen ID.</summary>
    public static string? KeyOfRegisterKey(string registerKey) =>
        registerKey.StartsWith(RegisterKeys.CitizenIdKind, StringComparison.Ordinal) ? registerKey[RegisterKeys.CitizenIdKind.Length..] : null;

    /// <summary>
    /// <paramref name="province"/> wants a citizen ID that <paramref name="holder"/> has reserved. A reservation
    /// young enough to belong to a write still in progress is respected even though the holder's province
    /// shows nothing yet: two provinces admitting one person at the same moment, the first reservation wins.
    /// </summary>
    public static NationalClaim Decide(string province, NationalHolder holder, HolderStanding standing)
    {
        ArgumentNullException.ThrowIfNull(holder);
        if (string.Equals(holder.Province, province, StringComparison.Ordinal))
        {
            return NationalClaim.OwnProvince;
        }

        return standing switch
        {
            HolderStanding.Held => NationalClaim.Refuse,
            HolderStanding.Left => NationalClaim.TakeOver,
            _ => holder.PastInFlight ? NationalClaim.TakeOver : NationalClaim.Refuse,
        };
    }

    /// <summary>The refusal of a citizen ID held by another province: the same rule as one held in this province.</summary>
    public static RuleViolation Taken() => new("Register.CitizenIdTaken");

    /// <summary>The national register could not be reached: nothing was written in the province either.</summary>
    public static RuleViolation Unavailable() => new("Register.NationalUnavailable");
}
