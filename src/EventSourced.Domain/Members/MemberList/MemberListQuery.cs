using System.Globalization;
using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Members.MemberList;

/// <summary>Which members the list shows: by status group.</summary>
public enum MemberStatusFilter
{
    /// <summary>Probationary and official members (the default).</summary>
    Current,
    Probationary,
    Official,
    Exempt,
    Ended,
    All,
}

/// <summary>The list's order: by name (the default), or the longest waiting first for a worklist's most urgent rows.</summary>
public enum MemberListOrder
{
    Name,

    /// <summary>Earliest ceremony first: the probation that ended longest ago.</summary>
    Ceremony,

    /// <summary>Earliest admission first: the longest party age.</summary>
    Admission,
}

/// <summary>
/// The member list: filtered to a set of cells (the user's scope, or a unit's subtree), by status,
/// admission year, badge due, or a search on name (with or without diacritics), citizen ID or card
/// number; sorted the Vietnamese way (given name, then family and middle names, ICU "vi" collation);
/// paged. Runs as one SQL statement on the member snapshots.
/// </summary>
public sealed record MemberListQuery(
    IReadOnlyCollection<Guid>? CellIds,
    MemberStatusFilter Status = MemberStatusFilter.Current,
    int? AdmissionYear = null,
    string? Search = null,
    int Page = 1,
    int PageSize = 50,
    LocalDate? AdmittedOnOrBefore = null,
    bool CitizenIdSuspect = false,
    LocalDate? ProbationEndedBy = null,
    LocalDate? BadgeDueOn = null,
    MemberListOrder Order = MemberListOrder.Name)
{
    public const string CollationName = "vi-VN-x-icu";

    public const string Collation = "\"" + CollationName + "\"";

    /// <summary>The first badge whose early allowance is the longer one (70 years: 24 months instead of 12).</summary>
    private static readonly int LongAllowanceFrom = PartyBadges.Years.First(y => PartyBadges.EarlyAllowance(y) != PartyBadges.EarlyAllowance(PartyBadges.Years[0]));

    /// <summary>
    /// A search counts its matches up to this many and no further: past it the list says "more than"
    /// and asks for a narrower search. Counting every "nguyen" in the city reads 200,000 rows for a
    /// figure nobody needs exactly.
    /// </summary>
    public const int SearchCountCap = 1000;

    /// <summary>A search by name, citizen ID or card number (not reused between pages: too many different ones).</summary>
    public bool Searching => !string.IsNullOrWhiteSpace(Search);

    /// <summary>
    /// What identifies this query's answer for a given state of the register: its filters as SQL with
    /// their values (the cells sorted, a set in any order being the same set), the order and the page.
    /// </summary>
    public string Key()
    {
        var (where, parameters) = Where();
        var text = new System.Text.StringBuilder(where);
        foreach (var parameter in parameters)
        {
            text.Append('\u001f');
            text.AppendJoin(',', parameter is Guid[] ids ? ids.Order().Select(id => id.ToString("N")) : [Convert.ToString(parameter, CultureInfo.InvariantCulture) ?? string.Empty]);
        }

        text.Append(CultureInfo.InvariantCulture, $"\u001f{Order}:{Math.Clamp(PageSize, 1, 500)}:{Page}");
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The page and the total; a search's total stops at <see cref="SearchCountCap"/> + 1, meaning "more than the cap".</summary>
    public async Task<(IReadOnlyList<Member> Members, int Total)> RunAsync(IQuerySession session, CancellationToken ct)
    {
        var (where, parameters) = Where();
        var table = Table(session);
        var size = Math.Clamp(PageSize, 1, 500);
        var offset = Paging.Offset(Page, size);
        if (!Searching && (CitizenIdSuspect || BadgeDueOn is not null || ProbationEndedBy is not null))
        {
            // The worklists: a few thousand members in the city, which the planner, unable to estimate
            // their predicates, looks for by walking the name index (5.7 s), or a district's by walking the
            // city's probationers in ceremony order and reading each (200 ms under load). Gathered first
            // from their covering index, they are counted and cut in the same pass, and only the page's
            // rows read whole.
            var rows = await session.QueryAsync<WorklistRow>(
                $"{Gathered(table, where)} select jsonb_build_object('member', (select d.data from {table} as d where d.id = page.id), 'total', (select count(*) from hits)) from {PageOf(size, offset)}",
                ct,
                parameters.ToArray());
            return rows.Count > 0 || offset == 0 ? ([.. rows.Select(r => r.Member)], rows.Count > 0 ? rows[0].Total : 0) : ([], await CountAsync(session, ct));
        }

        if (Searching)
        {
            // A narrow search's matches are gathered first through the trigram index, counted and sorted in
            // the same statement: left to itself the planner walks the whole name index looking for them
            // (seconds when the searched given name sorts late). Past the cap the gathered rows are only some
            // of the matches: a broad search finds a page's worth early in name order instead.
            var found = await session.QueryAsync<WorklistRow>(
                $"{Gathered(table, where, SearchCountCap + 1)} select jsonb_build_object('member', (select d.data from {table} as d where d.id = page.id), 'total', (select count(*) from hits)) from {PageOf(size, offset)}",
                ct,
                parameters.ToArray());
            var matches = found.Count > 0 ? found[0].Total : offset == 0 ? 0 : await CappedCountAsync(session, table, where, parameters, ct);
            return matches <= SearchCountCap
                ? ([.. found.Select(r => r.Member)], matches)
                : (await session.QueryAsync<Member>($"select d.data from {table} as d {where} order by {OrderBy()} limit {size} offset {offset}", ct, parameters.ToArray()), matches);
        }

        var countRows = await session.QueryAsync<int>($"select count(*)::int from {table} as d {where}", ct, parameters.ToArray());
        var total = countRows.Count > 0 ? countRows[0] : 0;
        var members = await session.QueryAsync<Member>($"select d.data from {table} as d {where} order by {OrderBy()} limit {size} offset {offset}", ct, parameters.ToArray());
        return (members, total);
    }

    private static async Task<int> CappedCountAsync(IQuerySession session, string table, string where, List<object> parameters, CancellationToken ct)
    {
        var rows = await session.QueryAsync<int>($"select count(*)::int from (select 1 from {table} as d {where} limit {SearchCountCap + 1}) as hits", ct, parameters.ToArray());
        return rows.Count > 0 ? rows[0] : 0;
    }

    /// <summary>
    /// The matches' ids and sort keys, read from the worklists' covering indexes alone where they apply.
    /// The page is cut from the hits alone and sorted there: joined back to the table instead, the planner
    /// (guessing half the city for a predicate it cannot estimate) hashed all 500,000 members to find 5,000
    /// (4.9 s). Only the page is sorted in full: the Vietnamese collation costs microseconds a comparison,
    /// and numbering all 24,000 badge candidates in name order took 100 ms where keeping the first 200 takes a third.
    /// </summary>
    private string Gathered(string table, string where, int? limit = null) =>
        $"with hits as materialized (select d.id, d.sort_name{(OrderKey() is { } key ? $", {key} as order_key" : string.Empty)} from {table} as d {where}{(limit is { } most ? $" limit {most}" : string.Empty)})";

    private string PageOf(int size, int offset)
    {
        var order = OrderKey() is null ? $"sort_name collate {Collation}, id" : $"order_key, sort_name collate {Collation}, id";
        return $"(select id, row_number() over (order by {order}) as position from (select * from hits order by {order} limit {size} offset {offset}) as cut) as page order by page.position";
    }

    /// <summary>A worklist's row with the count of the whole list, read in one statement.</summary>
    private sealed record WorklistRow(Member Member, int Total);

    /// <summary>How many members match, without reading any of them.</summary>
    public async Task<int> CountAsync(IQuerySession session, CancellationToken ct)
    {
        var (where, parameters) = Where();
        var rows = await session.QueryAsync<int>($"select count(*)::int from {Table(session)} as d {where}", ct, parameters.ToArray());
        return rows.Count > 0 ? rows[0] : 0;
    }

    /// <summary>Every matching member, in list order, for exports.</summary>
    public async Task<IReadOnlyList<Member>> AllAsync(IQuerySession session, CancellationToken ct)
    {
        var (where, parameters) = Where();
        return await session.QueryAsync<Member>(
            $"select d.data from {Table(session)} as d {where} order by {OrderBy()}",
            ct,
            parameters.ToArray());
    }

    /// <summary>What the list is ordered by before the name, if anything.</summary>
    private string? OrderKey() => Order switch
    {
        MemberListOrder.Ceremony => "d.ceremony_date",
        MemberListOrder.Admission => "d.data -> 'admission' ->> 'date'",
        _ => null,
    };

    private string OrderBy() => OrderKey() is { } key ? $"{key}, d.sort_name collate {Collation}, d.id" : $"d.sort_name collate {Collation}, d.id";

    /// <summary>
    /// The latest ceremony whose 12 months of probation are over on <paramref name="today"/>. Month
    /// arithmetic truncates (29 February plus 12 months is 28 February), so stepping back 12 months
    /// from today can miss a day: step forward while the next ceremony's probation is also over.
    /// </summary>
    public static LocalDate LatestCeremonyWithProbationOver(LocalDate today)
    {
        var ceremony = today - MemberRules.Probation;
        while (ceremony.PlusDays(1) + MemberRules.Probation <= today)
        {
            ceremony = ceremony.PlusDays(1);
        }

        return ceremony;
    }

    /// <summary>
    /// The same checks as CitizenId.Check, in SQL so the worklist scales to the whole city: not 12
    /// digits, or the century/sex digit or the two year digits disagree with the profile. Also the
    /// predicate of a partial index (EventStoreConfiguration), so written without a table alias and
    /// kept word for word: PostgreSQL uses the index only when the query says exactly this.
    /// </summary>
    public const string CitizenIdSuspectSql = """
        coalesce(data -> 'profile' ->> 'citizenId', '') <> '' and case
          when data -> 'profile' ->> 'citizenId' !~ '^[0-9]{12}$' then true
          else substring(data -> 'profile' ->> 'citizenId' from 4 for 1)::integer
                 <> (substring(data -> 'profile' ->> 'dateOfBirth' from 1 for 2)::integer - 19) * 2
                    + case when data -> 'profile' ->> 'sex' = 'Female' then 1 else 0 end
               or substring(data -> 'profile' ->> 'citizenId' from 5 for 2) <> substring(data -> 'profile' ->> 'dateOfBirth' from 3 for 2)
        end
        """;

    private static string Table(IQuerySession session) => session.DocumentStore.Options.Schema.For<Member>(qualified: true);

    private (string Where, List<object> Parameters) Where()
    {
        var clauses = new List<string>();
        var parameters = new List<object>();
        if (CellIds is not null)
        {
            clauses.Add("d.cell_id = any(?)");
            parameters.Add(CellIds.ToArray());
        }

        clauses.Add(Status switch
        {
            MemberStatusFilter.Current => "d.status in ('Probationary', 'Official')",
            MemberStatusFilter.Probationary => "d.status = 'Probationary'",
            MemberStatusFilter.Official => "d.status = 'Official'",
            MemberStatusFilter.Exempt => "d.status in ('Probationary', 'Official') and (d.data ->> 'exempt')::boolean",
            MemberStatusFilter.Ended => "d.status not in ('Probationary', 'Official')",
            _ => "true",
        });

        if (AdmissionYear is { } year)
        {
            clauses.Add("substring(d.data -> 'admission' ->> 'date' from 1 for 4) = ?");
            parameters.Add(year.ToString("D4", CultureInfo.InvariantCulture));
        }

        if (AdmittedOnOrBefore is { } admitted)
        {
            clauses.Add("d.data -> 'admission' ->> 'date' <= ?");
            parameters.Add(NodaTime.Text.LocalDatePattern.Iso.Format(admitted));
        }

        if (CitizenIdSuspect)
        {
            clauses.Add(CitizenIdSuspectSql);
        }

        if (ProbationEndedBy is { } ended)
        {
            // The same rule as MemberRules.ProbationEnds, turned round so the comparison is on the stored date
            // (the duplicated column, whose partial index counts the list without reading a snapshot).
            clauses.Add("d.status = 'Probationary' and d.ceremony_date <= ?::date");
            parameters.Add(NodaTime.Text.LocalDatePattern.Iso.Format(LatestCeremonyWithProbationOver(ended)));
        }

        if (BadgeDueOn is { } awardDate)
        {
            // PartyBadges.Due, early included (the worklist shows early candidates too), on the next
            // badge and the day it is reached that the snapshot stores: reached by the award date plus
            // the badge's early allowance. On the duplicated columns, which the badge indexes carry with
            // the cell and the name, so the list is gathered and sorted without reading a snapshot.
            var longAllowance = NodaTime.Text.LocalDatePattern.Iso.Format(awardDate + PartyBadges.EarlyAllowance(LongAllowanceFrom));
            clauses.Add($"d.status in ('Probationary', 'Official') and d.next_badge_reached_on <= ?::date and d.next_badge_reached_on <= case when d.next_badge >= {LongAllowanceFrom} then ?::date else ?::date end");
            parameters.Add(longAllowance);
            parameters.Add(longAllowance);
            parameters.Add(NodaTime.Text.LocalDatePattern.Iso.Format(awardDate + PartyBadges.EarlyAllowance(PartyBadges.Years[0])));
        }

        var search = Search?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            // SearchText holds the folded name and the ID and card numbers, so one LIKE covers all three.
            var folded = search.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)) ? search.ToLowerInvariant() : VietnameseText.Fold(search);
            clauses.Add("lower(d.search_text) like ?");
            parameters.Add("%" + folded.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%");
        }

        return ("where " + string.Join(" and ", clauses), parameters);
    }
}

/// <summary>Badge candidates: members due their next badge on an award date (early ones shown apart).</summary>
public static class BadgeCandidates
{
    public static IReadOnlyList<(Member Member, int Years, bool Early)> For(IEnumerable<Member> members, LocalDate awardDate) =>
        members
            .Select(m => (Member: m, Due: PartyBadges.Due(m, awardDate), Early: PartyBadges.Due(m, awardDate, early: true)))
            .Where(x => x.Due is not null || x.Early is not null)
            .Select(x => (x.Member, x.Due ?? x.Early!.Value, x.Due is null))
            .ToList();
}
