using EventSourced.Domain.Members;
using NodaTime;

namespace EventSourced.Web.Pages.Members;

/// <summary>
/// The profile fields a form asks for when a member enters the register (admission, arrival from
/// another province). Bound from the form's plain field names (FullName, Sex, ...) and shown by the
/// _ProfileFields partial; the domain cleans and checks the values.
/// </summary>
public sealed class ProfileInput
{
    public string? FullName { get; set; }

    public Sex Sex { get; set; }

    public LocalDate? DateOfBirth { get; set; }

    public string? CitizenId { get; set; }

    public string? BirthName { get; set; }

    public string? PlaceOfBirth { get; set; }

    public string? HomeTown { get; set; }

    public string? Ethnicity { get; set; } = "Kinh";

    public string? Religion { get; set; }

    public string? Phone { get; set; }

    /// <summary>Starts the form from a roll's row (a reconciliation item): what the roll gives; a year-only birth date is left to type.</summary>
    public void FromRoll(Domain.Reconciliation.RollPerson roll)
    {
        ArgumentNullException.ThrowIfNull(roll);
        FullName = roll.FullName;
        Sex = roll.Sex ?? Sex;
        DateOfBirth = roll.DateOfBirth is { Precision: DatePrecision.Day } birth ? birth.Date : null;
        CitizenId = roll.CitizenId;
    }

    public MemberProfile ToProfile() =>
        new(FullName ?? string.Empty, Sex, DateOfBirth ?? default, BirthName, null, PlaceOfBirth, HomeTown, Ethnicity, Religion, CitizenId, Phone);
}
