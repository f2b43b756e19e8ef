using EventSourced.Domain.Organisations;
using EventSourced.Web.Audit;
using EventSourced.Web.Tests.Infrastructure;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace EventSourced.Web.Tests.Audit;

/// <summary>
/// What the screens read, held to the events the chain protects (decision 0051): each table an auditor's screen
/// reads, changed behind the application's back, is named with the event or member concerned, while the chain
/// itself still verifies intact. Each tampering test repairs what it did before the next.
/// </summary>
public sealed class ReadModelCheckTests(ReadModelCheckTests.Fixture app) : IClassFixture<ReadModelCheckTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        private static readonly OrganisationCreated Other = DemoUnits.ChildrenOf(DemoUnits.GrassrootsUnder(DemoUnits.BaDinh).OrganisationId)
            .Where(u => u.Kind == OrganisationKind.Cell).Skip(1).First();

        public Guid Exempted { get; private set; }

        public Guid Moved { get; private set; }

        public Guid Died { get; private set; }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var (staff, exempted) = await MemberForm.OfficialMemberAsync(this, new LocalDate(2019, 1, 10));
            Exempted = exempted;
            await MemberForm.RecordAsync(this, staff, Exempted, "exemption", "Exempt", new() { ["DecisionNumber"] = "3-NQ/CB", ["DecisionDate"] = "2022-03-01", ["EffectiveDate"] = "2022-03-01", ["Reason"] = "Ốm dài ngày" });
            await MemberForm.RecordAsync(this, staff, Exempted, "exemption", "End", new() { ["DecisionNumber"] = "4-NQ/CB", ["DecisionDate"] = "2023-03-01", ["EffectiveDate"] = "2023-03-01" });

            (_, Moved) = await MemberForm.OfficialMemberAsync(this, new LocalDate(2018, 5, 1));
            var transfer = await TransferForm.IssueOfficialAsync(staff, Moved, Other.Code, new LocalDate(2024, 3, 1), (await MemberForm.MemberAsync(this, Moved)).Version);
            var overdue = await TransferPage.MarkedOverdueAsync(this, transfer);
            (await TransferPage.ReceiveAsync(staff, transfer, overdue.Version, new LocalDate(2024, 3, 20))).StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);

            Died = await AdmissionForm.AdmitAsync(staff, "Vũ Thị Kiểm Tra", new LocalDate(2024, 6, 1));
            await MemberForm.RecordAsync(this, staff, Died, "end", "Death", new() { ["DateOfDeath"] = "2024-09-15" });
            await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task untouched_read_models_agree_with_the_events()
    {
        var result = await CheckAsync();

        result.Found.ShouldBeEmpty();
        result.Members.ShouldBeGreaterThanOrEqualTo(3);
        result.LogRows.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task a_log_row_naming_another_recorder_or_decision_is_named_by_its_sequence()
    {
        var sequence = await DirectSql.NumberAsync(app.ConnectionString, "select min(seq_id) from audit_log where member_id = $1", app.Died);
        await DirectSql.TamperAsync(app.ConnectionString, $"create table saved_log as select * from audit_log where seq_id = {sequence}; update audit_log set actor_name = 'Người Khác', decision = '99-QĐ/GIẢ' where seq_id = {sequence}");
        try
        {
            var result = await CheckAsync();

            result.First.ShouldBe(new ReadModelDifference(ReadModelDifferenceKind.LogRowAltered, sequence, app.Died));
            result.Differences.ShouldBe(1);
        }
        finally
        {
            await DirectSql.TamperAsync(app.ConnectionString, $"delete from audit_log where seq_id = {sequence}; insert into audit_log select * from saved_log; drop table saved_log");
        }

        (await CheckAsync()).Agrees.ShouldBeTrue();
    }

    [Fact]
    public async Task a_log_row_deleted_or_made_up_is_named_by_its_sequence()
    {
        var sequence = await DirectSql.NumberAsync(app.ConnectionString, "select max(seq_id) from audit_log where member_id = $1", app.Died);
        await DirectSql.TamperAsync(app.ConnectionString, $"create table saved_log as select * from audit_log where seq_id = {sequence}; delete from audit_log where seq_id = {sequence}; insert into audit_log select seq_id + 1000000, recorded_at, effective_date, event_type, stream_id, member_id, unit_ids, actor, actor_name, actor_role, actor_body, correlation_id, decision, reason from saved_log");
        try
        {
            var result = await CheckAsync();

            result.Found.ShouldBe([
                new ReadModelDifference(ReadModelDifferenceKind.LogRowMissing, sequence, app.Died),
                new ReadModelDifference(ReadModelDifferenceKind.LogRowExtra, sequence + 1_000_000, null)]);
        }
        finally
        {
            await DirectSql.TamperAsync(app.ConnectionString, $"delete from audit_log where seq_id = {sequence + 1_000_000}; insert into audit_log select * from saved_log; drop table saved_log");
        }

        (await CheckAsync()).Agrees.ShouldBeTrue();
    }

    [Fact]
    public async Task a_member_taken_off_the_rolls_of_past_dates_is_named()
    {
        // The rolls as of a date read these rows: without them the member is on no roll of any date.
        await DirectSql.TamperAsync(app.ConnectionString, $"create table saved_roll as select * from member_roll_periods where member_id = '{app.Moved}'; delete from member_roll_periods where member_id = '{app.Moved}'");
        try
        {
            var result = await CheckAsync();

            result.Found.ShouldBe([new ReadModelDifference(ReadModelDifferenceKind.RollPeriods, null, app.Moved)]);
        }
        finally
        {
            await DirectSql.TamperAsync(app.ConnectionString, "insert into member_roll_periods select * from saved_roll; drop table saved_roll");
        }

        (await CheckAsync()).Agrees.ShouldBeTrue();
    }

    [Fact]
    public async Task a_roll_period_moved_to_other_dates_is_named()
    {
        await DirectSql.TamperAsync(app.ConnectionString, $"update member_roll_periods set from_day = from_day + 30 where member_id = '{app.Exempted}' and status = 'Exempt'");
        try
        {
            (await CheckAsync()).Found.ShouldBe([new ReadModelDifference(ReadModelDifferenceKind.RollPeriods, null, app.Exempted)]);
        }
        finally
        {
            await DirectSql.TamperAsync(app.ConnectionString, $"update member_roll_periods set from_day = from_day - 30 where member_id = '{app.Exempted}' and status = 'Exempt'");
        }

        (await CheckAsync()).Agrees.ShouldBeTrue();
    }

    [Fact]
    public async Task a_members_stored_record_changed_is_named()
    {
        // The member's page and the member list read this record: the death no longer shows.
        var original = await DirectSql.TextAsync(app.ConnectionString, "select data::text from mt_doc_member where id = $1", app.Died);
        await DirectSql.TamperAsync(app.ConnectionString, $"update mt_doc_member set data = jsonb_set(data, '{{status}}', '\"Probationary\"') where id = '{app.Died}'");
        try
        {
            (await CheckAsync()).Found.ShouldBe([new ReadModelDifference(ReadModelDifferenceKind.MemberRecord, null, app.Died)]);
        }
        finally
        {
            await DirectSql.TamperAsync(app.ConnectionString, $"update mt_doc_member set data = '{original.Replace("'", "''", StringComparison.Ordinal)}'::jsonb where id = '{app.Died}'");
        }

        (await CheckAsync()).Agrees.ShouldBeTrue();
    }

    [Fact]
    public async Task a_streams_version_moved_off_its_last_event_is_named()
    {
        await DirectSql.TamperAsync(app.ConnectionString, $"update mt_streams set version = version - 1 where id = '{app.Moved}'");
        try
        {
            (await CheckAsync()).Found.ShouldBe([new ReadModelDifference(ReadModelDifferenceKind.StreamVersion, null, app.Moved)]);
        }
        finally
        {
            await DirectSql.TamperAsync(app.ConnectionString, $"update mt_streams set version = version + 1 where id = '{app.Moved}'");
        }
    }

    [Fact]
    public async Task the_chain_screen_and_the_command_line_name_a_log_line_that_differs_from_its_event()
    {
        var sequence = await DirectSql.NumberAsync(app.ConnectionString, "select min(seq_id) from audit_log where member_id = $1", app.Moved);
        await DirectSql.TamperAsync(app.ConnectionString, $"create table saved_log as select * from audit_log where seq_id = {sequence}; update audit_log set actor = 'someone-else' where seq_id = {sequence}");
        try
        {
            var auditor = await app.SignInAsync("auditor");
            await auditor.PostFormAsync("/audit/chain", "/audit/chain?handler=Verify", new Dictionary<string, string>());
            await app.Host.Services.GetRequiredService<ChainVerificationRunner>().WaitAsync();
            var page = await auditor.GetTextAsync("/audit/chain");
            var command = await AppCommand.RunAsync(["verify-chain"], new Dictionary<string, string> { ["ConnectionStrings__Marten"] = app.ConnectionString, ["ASPNETCORE_ENVIRONMENT"] = "Production" });

            page.ShouldContain($"data-testid=\"read-models-differ\" data-kind=\"LogRowAltered\" data-sequence=\"{sequence}\"");
            command.ExitCode.ShouldBe(1, command.Output);
            command.Output.ShouldContain($"READ MODELS DIFFER from the events at sequence {sequence}: LogRowAltered");
        }
        finally
        {
            await DirectSql.TamperAsync(app.ConnectionString, $"delete from audit_log where seq_id = {sequence}; insert into audit_log select * from saved_log; drop table saved_log");
        }
    }

    private Task<ReadModelCheck> CheckAsync() => VerifyReadModels.RunAsync(app.Store, app.Store.Storage.Database, null, null, default);
}
