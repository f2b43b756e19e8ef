namespace EventSourced.Domain.Common;

/// <summary>
/// Where the province that holds a register key in the national register stands with it, read from that
/// province's own store: the national row is a reservation, the province's register key is the record.
/// </summary>
public enum HolderStanding
{
    /// <summary>The province's register key is there, and its owner has not left the province.</summary>
    Held,

    /// <summary>The province holds the key for a member it has transferred out: the person may be received elsewhere.</summary>
    Left,

    /// <summary>The province holds no such key: a reservation whose write has not committed (yet, or ever).</summary>
    NotHeld,
}

/// <summary>Who holds a register key in the national register, and whether the reservation is older than any write could take.</summary>
public sealed record NationalHolder(string Province, Guid MemberId, bool PastInFlight);

/// <summary>What a province claiming a register key does about the national register's holder.</summary>
public enum NationalClaim
{
    /// <summary>The claiming province already holds it: its own register keys decide (same person readmitted, a retry, or a refusal there).</summary>
    OwnProvince,

    /// <summary>The reservation moves to the claiming province: the holder has transferred the member out, or never committed.</summary>
    TakeOver,

    /// <summary>Another province holds it, or is writing it now: refused as a taken value, with the rule of its kind.</summary>
    Refuse,
}

/// <summary>
/// The national register across provinces (decision 0034): a person is a party member once in the whole
/// country, and a party card number is Party-wide, while each province's register keys (decision 0008) only
/// see that province. The national register holds the province's register keys of the kinds that are
/// national, as they are ("citizen-id:…", "card:…", current and old card numbers alike); unit codes stay
/// the province's own.
/// </summary>
public static class NationalRegisterKeys
{
    /// <summary>The kinds of register key that must be unique in the whole country.</summary>
    public static readonly IReadOnlyList<string> Kinds = [RegisterKeys.CitizenIdKind, RegisterKeys.CardKind];

    /// <summary>The province's register key when its kind is national; null for a unit code (or any other kind).</summary>
    public static string? National(string? registerKey) =>
        registerKey is not null && Kinds.Any(kind => registerKey.StartsWith(kind, StringComparison.Ordinal)) ? registerKey : null;

    /// <summary>
    /// The national keys a member's record names: the citizen ID and every card number, current or old. What a
    /// province claims again for a member coming back to it, who keeps the keys it already holds there.
    /// </summary>
    public static IReadOnlyList<string> Of(Members.Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new[] { RegisterKeys.CitizenId(member.Profile.CitizenId), RegisterKeys.Card(member.CardNumber) }
            .Concat(member.PreviousCardNumbers.Select(RegisterKeys.Card))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// <paramref name="province"/> wants a register key that <paramref name="holder"/> has reserved. A reservation
    /// young enough to belong to a write still in progress is respected even though the holder's province
    /// shows nothing yet: two provinces recording one value at the same moment, the first reservation wins.
    /// The same for every kind: a card number follows its member as the citizen ID does.
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

    /// <summary>
    /// The refusal of a value held by another province: the same rule as one held in this province
    /// (<c>Register.CitizenIdTaken</c>, <c>Register.CardNumberTaken</c>), naming neither the person nor the province.
    /// </summary>
    public static RuleViolation Taken(string registerKey) => RegisterKeys.Taken(registerKey);

    /// <summary>The national register could not be reached: nothing was written in the province either.</summary>
    public static RuleViolation Unavailable() => new("Register.NationalUnavailable");
}
