using JasperFx.Events;

namespace EventSourced.Domain.Audit;

/// <summary>
/// One row per export of personal data, kept inline with its event: the auditors' list and home card
/// read the newest few from here, where finding the events by type in the whole event log read every
/// one of the city's 2.6 million events (6 s).
/// </summary>
public sealed class PersonalDataExportRecord
{
    public Guid Id { get; set; }

    /// <summary>The event's position in the store: the list's order, newest first.</summary>
    public long Sequence { get; set; }

    public PersonalDataExported Export { get; set; } = null!;

    public static PersonalDataExportRecord Create(IEvent<PersonalDataExported> recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return new() { Id = recorded.Data.ExportId, Sequence = recorded.Sequence, Export = recorded.Data };
    }
}
