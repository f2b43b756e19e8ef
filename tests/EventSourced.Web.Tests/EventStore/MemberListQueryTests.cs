using EventSourced.Domain.Members;
using EventSourced.Domain.Members.MemberList;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Marten;
using NodaTime;

namespace EventSourced.Web.Tests.EventStore;

/// <summary>
/// The member list's SQL filters that restate a domain rule (badge due, probation over) agree with the
/// rule itself over varied histories: one and several membership periods, badges already awarded,
/// ended memberships, a 29 February admission, and the early allowance of 12 and 24 months.
/// </summary>
public sealed class MemberListQueryTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly Guid Cell = AdmissionForm.Cell.OrganisationId;

    private static readonly LocalDate[] AwardDates = [new(2024, 11, 7), new(2025, 5, 19), new(2025, 9, 2), new(2026, 2, 3)];

    [Fact]
    public async Task the_badge_filter_finds_exactly_the_members_the_badge_rule_finds_due_on_each_award_date()
    {
        await SeedAsync(seed: 17, count: 120);
        await using var session = app.Store.QuerySession();
        var everyone = await session.Query<Member>().ToListAsync();

        foreach (var awardDate in AwardDates)
        {
            var (found, total) = await new MemberListQuery(null, MemberStatusFilter.All, PageSize: 500, BadgeDueOn: awardDate).RunAsync(session, CancellationToken.None);

            var expected = BadgeCandidates.For(everyone, awardDate).Select(c => c.Member.Id).Order().ToList();
            expected.ShouldNotBeEmpty();
            found.Select(m => m.Id).Order().ToList().ShouldBe(expected, $"badge candidates on {awardDate}");
            total.ShouldBe(expected.Count);
        }
    }

    [Fact]
    public async Task the_probation_filter_finds_exactly_the_probationary_members_whose_twelve_months_are_over()
    {
        await SeedAsync(seed: 5, count: 60);
        await using var session = app.Store.QuerySession();
        var everyone = await session.Query<Member>().ToListAsync();

        foreach (var today in new LocalDate[] { new(2025, 2, 28), new(2025, 3, 1), new(2024, 2, 29) })
        {
            var (found, _) = await new MemberListQuery(null, MemberStatusFilter.Probationary, PageSize: 500, ProbationEndedBy: today, Order: MemberListOrder.Ceremony).RunAsync(session, CancellationToken.None);

            var expected = everyone.Where(m => m.Status == MembershipStatus.Probationary && MemberRules.ProbationEnds(m) <= today).Select(m => m.Id).Order().ToList();
            found.Select(m => m.Id).Order().ToList().ShouldBe(expected, $"due for recognition on {today}");
            found.Select(m => m.CeremonyDate).ShouldBeInOrder();
        }
    }

    [Fact]
    public async Task a_gathered_list_cut_into_pages_gives_the_whole_list_in_the_vietnamese_name_order()
    {
        await SeedAsync(seed: 23, count: 80);
        await using var session = app.Store.QuerySession();
        var awardDate = new LocalDate(2025, 9, 2);

        var (whole, total) = await new MemberListQuery(null, MemberStatusFilter.All, PageSize: 500, BadgeDueOn: awardDate).RunAsync(session, CancellationToken.None);
        var paged = new List<Guid>();
        for (var page = 1; page <= (total + 6) / 7; page++)
        {
            var (members, pageTotal) = await new MemberListQuery(null, MemberStatusFilter.All, Page: page, PageSize: 7, BadgeDueOn: awardDate).RunAsync(session, CancellationToken.None);
            pageTotal.ShouldBe(total);
            paged.AddRange(members.Select(m => m.Id));
        }

        total.ShouldBeGreaterThan(7);
        paged.ShouldBe(whole.Select(m => m.Id).ToList());
        var byName = await session.QueryAsync<Guid>(
            $"select id from {session.DocumentStore.Options.Schema.For<Member>(qualified: true)} where id = any(?) order by sort_name collate {MemberListQuery.Collation}, id",
            CancellationToken.None,
            paged.ToArray());
        paged.ShouldBe(byName.ToList());
    }

    [Fact]
    public async Task the_worklist_columns_hold_the_dates_the_snapshot_stores_under_their_old_names_and_follow_a_new_event()
    {
        await SeedAsync(seed: 31, count: 40);
        await using (var session = app.Store.QuerySession())
        {
            (await DisagreeingColumnsAsync(session)).ShouldBe(0);
        }

        Guid badged;
        await using (var session = app.Store.QuerySession())
        {
            var candidate = (await session.Query<Member>().ToListAsync()).First(m => m.NextBadge is not null && m.NextBadgeReachedOn is not null);
            badged = candidate.Id;
        }

        await using (var write = app.Store.LightweightSession())
        {
            var member = await write.LoadAsync<Member>(badged);
            write.Events.Append(badged, new PartyBadgeAwarded(member!.NextBadge!.Value, false, new Decision("9-QĐ/TU", member.NextBadgeReachedOn!.Value), member.NextBadgeReachedOn.Value));
            await write.SaveChangesAsync();
        }

        await using (var session = app.Store.QuerySession())
        {
            var after = await session.LoadAsync<Member>(badged);
            var columns = await session.QueryAsync<int>(
                $"select coalesce(next_badge, 0) from {session.DocumentStore.Options.Schema.For<Member>(qualified: true)} where id = ?",
                CancellationToken.None,
                badged);
            columns.Single().ShouldBe(after!.NextBadge ?? 0);
            (await DisagreeingColumnsAsync(session)).ShouldBe(0);
        }
    }

    [Fact]
    public async Task a_list_is_reused_while_the_register_stands_still_and_counted_again_once_a_member_is_written()
    {
        await SeedAsync(seed: 41, count: 30);
        var cache = app.Host.Services.GetRequiredService<MemberListCache>();
        var today = new LocalDate(2025, 9, 2);
        MemberListQuery[] queries =
        [
            new(null),
            new([Cell], PageSize: 7, Page: 2),
            new(null, MemberStatusFilter.Probationary, PageSize: 200, ProbationEndedBy: today, Order: MemberListOrder.Ceremony),
            new(null, PageSize: 200, BadgeDueOn: today),
        ];
        await using var session = app.Store.QuerySession();
        var first = new List<(IReadOnlyList<Member> Members, int Total)>();
        foreach (var query in queries)
        {
            first.Add(await cache.RunAsync(session, query, CancellationToken.None));
        }

        // Looking at a roll is recorded as an event: the store moves, no member's record does.
        var events = await app.EventCountAsync();
        var auditor = await app.SignInAsync("auditor");
        (await auditor.GetAsync($"/audit/roll?unit={AdmissionForm.Cell.Code}&on=2025-03-15")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await app.EventCountAsync()).ShouldBeGreaterThan(events);

        for (var i = 0; i < queries.Length; i++)
        {
            var reused = await cache.RunAsync(session, queries[i], CancellationToken.None);
            reused.Members.ShouldBeSameAs(first[i].Members, $"query {i}");
        }

        var admitted = Guid.NewGuid();
        await using (var write = app.Store.LightweightSession())
        {
            write.Events.StartStream<Member>(admitted, new MemberAdmitted(admitted, new MemberProfile("Người mới", Sex.Male, new LocalDate(1990, 1, 1)), Cell, new Decision("7-QĐ/ĐU", today), today));
            await write.SaveChangesAsync();
        }

        for (var i = 0; i < queries.Length; i++)
        {
            var recounted = await cache.RunAsync(session, queries[i], CancellationToken.None);
            var now = await queries[i].RunAsync(session, CancellationToken.None);
            recounted.Members.ShouldNotBeSameAs(first[i].Members, $"query {i}");
            recounted.Total.ShouldBe(now.Total, $"query {i}");
            recounted.Members.Select(m => m.Id).ShouldBe(now.Members.Select(m => m.Id), $"query {i}");
        }

        (await cache.RunAsync(session, queries[0], CancellationToken.None)).Total.ShouldBe(first[0].Total + 1);
    }

    [Fact]
    public async Task any_statement_on_the_member_snapshots_moves_the_register_version_even_one_changing_no_row()
    {
        await using var session = app.Store.QuerySession();
        var before = await MemberListCache.VersionAsync(session, CancellationToken.None);

        await using (var write = app.Store.LightweightSession())
        {
            write.QueueSqlCommand($"update {session.DocumentStore.Options.Schema.For<Member>(qualified: true)} set cell_id = cell_id where false");
            await write.SaveChangesAsync();
        }

        (await MemberListCache.VersionAsync(session, CancellationToken.None)).ShouldBeGreaterThan(before);
    }

    [Fact]
    public async Task a_search_counts_and_cuts_its_page_from_the_same_matches_as_the_whole_list()
    {
        await SeedAsync(seed: 47, count: 40);
        await using var session = app.Store.QuerySession();

        var (whole, total) = await new MemberListQuery(null, MemberStatusFilter.All, Search: "nguoi thu", PageSize: 500).RunAsync(session, CancellationToken.None);
        var paged = new List<Guid>();
        for (var page = 1; page <= (total + 6) / 7; page++)
        {
            var (members, pageTotal) = await new MemberListQuery(null, MemberStatusFilter.All, Search: "nguoi thu", Page: page, PageSize: 7).RunAsync(session, CancellationToken.None);
            pageTotal.ShouldBe(total);
            paged.AddRange(members.Select(m => m.Id));
        }

        var (past, pastTotal) = await new MemberListQuery(null, MemberStatusFilter.All, Search: "nguoi thu", Page: 99, PageSize: 7).RunAsync(session, CancellationToken.None);
        var byName = await session.QueryAsync<Guid>(
            $"select id from {session.DocumentStore.Options.Schema.For<Member>(qualified: true)} where lower(search_text) like '%nguoi thu%' order by sort_name collate {MemberListQuery.Collation}, id",
            CancellationToken.None);

        total.ShouldBeGreaterThanOrEqualTo(40);
        total.ShouldBe(byName.Count);
        paged.ShouldBe(byName.ToList());
        whole.Select(m => m.Id).ShouldBe(byName.ToList());
        (past.Count, pastTotal).ShouldBe((0, total));
        var (none, noneTotal) = await new MemberListQuery(null, MemberStatusFilter.All, Search: "khong ai ten nay").RunAsync(session, CancellationToken.None);
        (none.Count, noneTotal).ShouldBe((0, 0));
    }

    /// <summary>
    /// Members whose worklist columns disagree with the JSON the snapshot has always stored under
    /// "ceremonyDate", "nextBadgeReachedOn" and "nextBadge" (the names an older database's rows and
    /// Marten's back-fill of a new column read).
    /// </summary>
    private static async Task<int> DisagreeingColumnsAsync(IQuerySession session)
    {
        var rows = await session.QueryAsync<int>(
            $"""
            select count(*)::int from {session.DocumentStore.Options.Schema.For<Member>(qualified: true)}
            where data -> 'ceremonyDate' is null or ceremony_date is distinct from (data ->> 'ceremonyDate')::date
               or next_badge_reached_on is distinct from (data ->> 'nextBadgeReachedOn')::date
               or next_badge is distinct from (data ->> 'nextBadge')::int
            """,
            CancellationToken.None);
        return rows.Single();
    }

    /// <summary>Members with generated histories, written straight to the store.</summary>
    private async Task SeedAsync(int seed, int count)
    {
        var random = new Random(seed);
        await using var session = app.Store.LightweightSession();
        for (var i = 0; i < count; i++)
        {
            // Admitted between 1955 and 2024; the first of each ten on 29 February of a leap year.
            var decided = i % 10 == 0
                ? new LocalDate(1956 + (4 * random.Next(0, 17)), 2, 29)
                : new LocalDate(1955, 1, 1).PlusDays(random.Next(0, 70 * 365));
            var ceremony = decided.PlusDays(random.Next(0, 20));
            var id = Guid.NewGuid();
            var events = new List<object>
            {
                new MemberAdmitted(id, new MemberProfile($"Người thứ {i}", Sex.Female, new LocalDate(1935, 1, 1)), Cell, new Decision("1-QĐ/ĐU", decided), ceremony),
            };
            if (random.Next(0, 5) > 0)
            {
                events.Add(new MemberRecognisedOfficial(new Decision("2-QĐ/ĐU", ceremony.PlusYears(1)), ceremony.PlusYears(1)));
                // Badges already awarded: none, or the first one to three of them.
                events.AddRange(PartyBadges.Years.Take(random.Next(0, 4)).Select(y => (object)new PartyBadgeAwarded(y, false, new Decision("3-QĐ/TU", decided.PlusYears(y)), decided.PlusYears(y))));
                switch (random.Next(0, 6))
                {
                    case 0:
                        // Out for some years, then admitted again: two periods, party age in days.
                        var removed = decided.PlusYears(random.Next(2, 15));
                        var back = removed.PlusYears(3).PlusDays(random.Next(1, 400));
                        events.Add(new MemberRemovedFromRolls(RemovalGround.Other, new Decision("4-QĐ/ĐU", removed), null, removed));
                        events.Add(new MemberReadmitted(Cell, new Decision("5-QĐ/ĐU", back), back));
                        events.Add(new MemberRecognisedOfficial(new Decision("6-QĐ/ĐU", back.PlusYears(1)), back.PlusYears(1)));
                        break;
                    case 1:
                        events.Add(new MemberDied(decided.PlusYears(random.Next(5, 40))));
                        break;
                }
            }

            session.Events.StartStream<Member>(id, [.. events]);
        }

        await session.SaveChangesAsync();
    }
}
