using EventSourced.Domain.Audit;
using EventSourced.Web.Tests.Infrastructure;
using Npgsql;

namespace EventSourced.Web.Tests.Pages;

/// <summary>
/// A register first filled or imported is back-dated by the million: the auditor's card of corrections
/// stops counting past <see cref="AuditLogQuery.CorrectionsCountCap"/> and says "more", still listing the newest.
/// </summary>
public sealed class HomeCorrectionsCapTests(HomeCorrectionsCapTests.Fixture app) : IClassFixture<HomeCorrectionsCapTests.Fixture>
{
    /// <summary>Sequence numbers far past any event the tests record, so the daemon never writes the same rows.</summary>
    public const long FirstSequence = 1_000_000_000_000;

    public sealed class Fixture : AppFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            // The log is a read model: back-dated transfers are written to it directly, as the daemon would.
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"""
                insert into {AuditLogProjection.TableName} (seq_id, recorded_at, effective_date, event_type, stream_id, member_id, unit_ids, actor)
                select {FirstSequence} + n, now(), date '2001-01-01', 'MemberTransferredOut', gen_random_uuid(), gen_random_uuid(), array[]::uuid[], 'seed'
                from generate_series(1, {AuditLogQuery.CorrectionsCountCap + 5}) as n
                """,
                connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task the_corrections_card_stops_counting_past_the_cap_and_lists_the_newest()
    {
        var home = await (await app.SignInAsync("auditor")).GetTextAsync("/");

        home.ShouldContain($"data-testid=\"card-corrections\" data-count=\"{AuditLogQuery.CorrectionsCountCap}\" data-capped=\"true\"");
        System.Text.RegularExpressions.Regex.Match(home, "data-testid=\"card-chain\" data-count=\"\\d+\" data-capped=\"(\\w+)\"").Groups[1].Value.ShouldBe("false");
        var card = System.Text.RegularExpressions.Regex.Match(home, "data-testid=\"card-corrections\".*?</article>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        card.ShouldContain("data-testid=\"count-over\">+</span>");
        System.Text.RegularExpressions.Regex.Count(card, "/audit/log\\?member=").ShouldBe(3);
    }
}
