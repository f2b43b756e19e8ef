using EventSourced.Domain.Calendar;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Members.MemberList;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace EventSourced.Web.Pages.Members;

/// <summary>
/// The staff's daily worklists for their scope: probationary members due for recognition (with the
/// 30 working days the cell has to decide), badge candidates for the next award date (early awards
/// for grave illness apart), and records whose citizen ID disagrees with the profile.
/// </summary>
public sealed class WorklistsModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IClock clock, MemberListCache lists) : PageModel
{
    /// <summary>Working days the cell has, after the 12 months, to consider recognition.</summary>
    public const int RecognitionWorkingDays = RecognitionDue.WorkingDays;

    /// <summary>
    /// Rows shown per list. At city scope the lists run to tens of thousands (a 14 MB page): the
    /// page says how many there are and offers narrowing by unit instead.
    /// </summary>
    public const int ShownPerList = 200;

    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "unit")]
    public string? UnitCode { get; set; }

    public OrganisationNode? Unit { get; private set; }

    public LocalDate Today { get; private set; }

    public LocalDate NextAwardDate { get; private set; }

    /// <summary>The first <see cref="ShownPerList"/> due for recognition, the most urgent first.</summary>
    public IReadOnlyList<RecognitionDue> Recognition { get; private set; } = [];

    public int RecognitionTotal { get; private set; }

    /// <summary>The first <see cref="ShownPerList"/> badge candidates, by name.</summary>
    public IReadOnlyList<(Member Member, int Years, bool Early)> Badges { get; private set; } = [];

    public int BadgesTotal { get; private set; }

    /// <summary>The first <see cref="ShownPerList"/> records whose citizen ID disagrees with the profile, by name.</summary>
    public IReadOnlyList<Member> CitizenIdWarnings { get; private set; } = [];

    public int CitizenIdWarningsTotal { get; private set; }

    public bool CalendarCovers { get; private set; }

    public OrganisationTree Tree { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = VietnamTime.Today(clock);
        NextAwardDate = PartyBadges.NextAwardDate(Today);
        Tree = await directory.TreeAsync(ct: ct);
        Unit = string.IsNullOrWhiteSpace(UnitCode) ? null : Tree.FindActiveByCode(UnitCode);
        var cells = await user.CellsInScopeAsync(Unit is not null && await user.CanSeeMembersAsync(Unit.Id, ct) ? Unit.Id : null, ct);
        var calendar = await WorkingCalendars.LoadAsync(session, ct);
        CalendarCovers = calendar.Covers(Today.Year);

        // Counted and paged in the database (the same queries as the home page's cards), so the city's
        // worklists read only the rows they show; reused while no member's record changes.
        var recognition = await lists.RunAsync(session, new MemberListQuery(cells, MemberStatusFilter.Probationary, PageSize: ShownPerList, ProbationEndedBy: Today, Order: MemberListOrder.Ceremony), ct);
        RecognitionTotal = recognition.Total;
        Recognition = [.. recognition.Members.Select(m => RecognitionDue.For(m, Today, calendar))];

        var badges = await lists.RunAsync(session, new MemberListQuery(cells, PageSize: ShownPerList, BadgeDueOn: NextAwardDate), ct);
        BadgesTotal = badges.Total;
        Badges = BadgeCandidates.For(badges.Members, NextAwardDate);

        var warnings = await lists.RunAsync(session, new MemberListQuery(cells, MemberStatusFilter.All, PageSize: ShownPerList, CitizenIdSuspect: true), ct);
        CitizenIdWarningsTotal = warnings.Total;
        CitizenIdWarnings = warnings.Members;
    }

    public string CellName(Guid id) => Tree.Find(id)?.Name ?? "—";
}
