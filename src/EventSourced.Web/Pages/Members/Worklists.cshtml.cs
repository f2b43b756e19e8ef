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

/// <summary>A probationary member whose 12 months are over, with the 30-working-day limit for the cell's decision.</summary>
public sealed record RecognitionDue(Member Member, LocalDate ProbationEnded, LocalDate DecideBy, int WorkingDaysLeft);

/// <summary>
/// The staff's daily worklists for their scope: probationary members due for recognition (with the
/// 30 working days the cell has to decide), badge candidates for the next award date (early awards
/// for grave illness apart), and records whose citizen ID disagrees with the profile.
/// </summary>
public sealed class WorklistsModel(CurrentUser user, OrganisationDirectory directory, IQuerySession session, IClock clock) : PageModel
{
    /// <summary>Working days the cell has, after the 12 months, to consider recognition.</summary>
    public const int RecognitionWorkingDays = 30;

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

    public IReadOnlyList<RecognitionDue> Recognition { get; private set; } = [];

    public IReadOnlyList<(Member Member, int Years, bool Early)> Badges { get; private set; } = [];

    public IReadOnlyList<Member> CitizenIdWarnings { get; private set; } = [];

    public bool CalendarCovers { get; private set; }

    public OrganisationTree Tree { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = VietnamTime.Today(clock);
        NextAwardDate = PartyBadges.NextAwardDate(Today);
        Tree = await directory.TreeAsync(ct: ct);
        Unit = string.IsNullOrWhiteSpace(UnitCode) ? null : Tree.FindActiveByCode(UnitCode);
        var cells = await user.CellsInScopeAsync(Unit is not null && await user.CanSeeMembersAsync(Unit.Id, ct) ? Unit.Id : null, ct);
        var calendar = WorkingCalendar.Vietnam;
        CalendarCovers = calendar.Covers(Today.Year);

        var probationary = await new MemberListQuery(cells, MemberStatusFilter.Probationary).AllAsync(session, ct);
        Recognition = probationary
            .Select(m => (Member: m, Ended: MemberRules.ProbationEnds(m)))
            .Where(x => x.Ended <= Today)
            .Select(x =>
            {
                var decideBy = calendar.AddWorkingDays(x.Ended, RecognitionWorkingDays);
                var left = decideBy >= Today ? calendar.WorkingDaysBetween(Today, decideBy) : -calendar.WorkingDaysBetween(decideBy, Today);
                return new RecognitionDue(x.Member, x.Ended, decideBy, left);
            })
            .OrderBy(r => r.DecideBy)
            .ToList();

        // Only members with at least 28 years of party age by the award date can be due, even early.
        var senior = await new MemberListQuery(cells, AdmittedOnOrBefore: NextAwardDate.PlusYears(-28)).AllAsync(session, ct);
        Badges = BadgeCandidates.For(senior, NextAwardDate);

        CitizenIdWarnings = await new MemberListQuery(cells, MemberStatusFilter.All, CitizenIdSuspect: true).AllAsync(session, ct);
    }

    public string CellName(Guid id) => Tree.Find(id)?.Name ?? "—";
}
