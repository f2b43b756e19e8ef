using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Domain.Reconciliation;

/// <summary>
/// One person as a list gives them, the unit's roll or the register: its row number (1 = first data
/// row) and what matching compares. Both sides have the same shape so that either can be any file.
/// </summary>
public sealed record RollPerson(
    int Row,
    string FullName,
    RollDate? DateOfBirth,
    Sex? Sex,
    string? CitizenId,
    string? CardNumber,
    IReadOnlyList<string> OldCardNumbers,
    string? Cell,
    LocalDate? AdmissionDate);
