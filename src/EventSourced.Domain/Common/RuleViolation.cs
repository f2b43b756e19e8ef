namespace EventSourced.Domain.Common;

/// <summary>
/// A command refused by a business rule. <see cref="Code"/> names the rule (a key in the web
/// project's resource files, so the message reaches the user in their language) and
/// <see cref="Arguments"/> fills its placeholders. Nothing has been written when this is thrown.
/// </summary>
public sealed class RuleViolation : Exception
{
    public RuleViolation(string code, params object[] arguments)
        : base(code + (arguments.Length > 0 ? ": " + string.Join(", ", arguments) : string.Empty))
    {
        Code = code;
        Arguments = arguments;
    }

    public RuleViolation() : this("Rule.Unknown") { }

    public RuleViolation(string message, Exception innerException) : base(message, innerException)
    {
        Code = "Rule.Unknown";
        Arguments = [];
    }

    public string Code { get; } = "Rule.Unknown";

    public IReadOnlyList<object> Arguments { get; } = [];

    /// <summary>
    /// The other register entry the refusal is about (a person already in the register), kept out of
    /// <see cref="Arguments"/> and the exception's message: whether the user may be told who it is and
    /// where depends on their scope, which only the web knows.
    /// </summary>
    public RegisterEntry? About { get; init; }
}

/// <summary>A member a refusal points at, to be named only to users who may see their cell.</summary>
public sealed record RegisterEntry(Guid MemberId, Guid CellId, string Name);
