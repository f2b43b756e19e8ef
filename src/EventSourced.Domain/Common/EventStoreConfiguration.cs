using System.Text.Json;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Organisations;
using JasperFx;
using JasperFx.Events.Projections;
using Marten;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Weasel.Core;

namespace EventSourced.Domain.Common;

/// <summary>
/// The one place that says how events and documents are stored: serialisation (System.Text.Json
/// with NodaTime), the metadata every event carries, the snapshots kept inline, and the append-only
/// guard. The web host, the tests and the benchmarks all call this, so they run the same schema.
/// </summary>
public static class EventStoreConfiguration
{
    /// <summary>
    /// "A current member" (<c>status in ('Probationary', 'Official')</c>) as PostgreSQL prints it back: the
    /// schema check at start compares a partial index's predicate as text, and any other spelling made every
    /// start drop and rebuild the index over all member snapshots.
    /// </summary>
    private const string CurrentMemberPredicate = "(status)::text = ANY (ARRAY[('Probationary'::character varying)::text, ('Official'::character varying)::text])";

    public static void Configure(StoreOptions options, string connectionString, string? schemaName = null)
    {
        options.Connection(connectionString);
        if (schemaName is not null)
        {
            options.DatabaseSchemaName = schemaName;
            options.Events.DatabaseSchemaName = schemaName;
        }

        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, ConfigureJson);
        options.Events.MetadataConfig.EnableAll();
        // EnableAll() in Marten 9.59 leaves the user name column off; the audit trail needs it.
        options.Events.MetadataConfig.UserNameEnabled = true;
        options.Events.UseMandatoryStreamTypeDeclaration = false;

        options.Projections.Snapshot<Organisation>(SnapshotLifecycle.Inline);
        options.Schema.For<Organisation>().Index(x => x.Code);

        options.Projections.Snapshot<Members.Member>(SnapshotLifecycle.Inline);
        // The list filters and sorts on real columns: at 475,000 members a JSON scan per page is too
        // slow, and the Vietnamese sort needs an index in the same ICU collation the query uses.
        options.Schema.For<Members.Member>()
            .Duplicate(x => x.CellId)
            .Duplicate(x => x.Status, pgType: "varchar")
            .Duplicate(x => x.SortName, pgType: "text", configure: index => index.Collation = Members.MemberList.MemberListQuery.CollationName)
            // The search is a substring match on the folded name and numbers: a trigram index finds
            // "nguyen van hung" among 475,000 members without reading them all.
            .Duplicate(x => x.SearchText, pgType: "text", configure: index =>
            {
                index.Method = Weasel.Postgresql.Tables.IndexMethod.gin;
                index.Mask = "lower(?) gin_trgm_ops";
            })
            // The worklists (MemberListQuery): probation over, badge due, citizen ID suspect, each on its
            // few thousand members. Real columns in indexes that carry what the lists filter, count and
            // sort on, so the city's lists are counted and sorted from the indexes alone: read from the
            // wide snapshots instead, they took half a second each at city scale and most of a second under load.
            .Duplicate(x => x.CeremonyDay, pgType: "date", configure: index =>
            {
                index.Name = "mt_doc_member_idx_probation_ceremony";
                index.Predicate = "status = 'Probationary'";
                index.IncludeColumns = ["cell_id", "sort_name", "id"];
            })
            .Duplicate(x => x.NextBadgeDay!, pgType: "date", configure: index =>
            {
                index.Name = "mt_doc_member_idx_next_badge";
                index.Predicate = CurrentMemberPredicate;
                index.IncludeColumns = ["next_badge", "cell_id", "sort_name", "id"];
            })
            // Marten gives every duplicated column an index: this one is the same list within a district,
            // its cells' few hundred candidates found by cell (the mask names the key columns).
            .Duplicate(x => x.NextBadge!, pgType: "integer", configure: index =>
            {
                index.Name = "mt_doc_member_idx_next_badge_by_cell";
                index.Mask = "cell_id, next_badge_reached_on";
                index.Predicate = CurrentMemberPredicate;
                index.IncludeColumns = ["next_badge", "sort_name", "id"];
            })
            // On the cell, so a district's warnings are found among the city's few thousand suspects
            // instead of by reading every member of the district (5.7 s at city scale).
            .Index(x => x.CellId, index =>
            {
                index.Name = "mt_doc_member_idx_citizen_id_suspect";
                index.Predicate = Members.MemberList.MemberListQuery.CitizenIdSuspectSql;
                index.IncludeColumns = ["sort_name", "id"];
            })
            .Index(x => x.Profile.CitizenId)
            .Index(x => x.CardNumber);

        // Exports of personal data, newest first for the auditors (Audit/PersonalDataExportRecord).
        options.Projections.Snapshot<Audit.PersonalDataExportRecord>(SnapshotLifecycle.Inline);
        options.Schema.For<Audit.PersonalDataExportRecord>().Duplicate(x => x.Sequence, pgType: "bigint");

        // Values the register holds once (citizen IDs, card numbers, unit codes): the primary key is the
        // guard against two clerks recording the same value at once (decision 0008).
        options.Schema.For<RegisterKey>();
        options.Schema.For<RegisterKeysCheck>();

        options.Projections.Snapshot<Transfers.Transfer>(SnapshotLifecycle.Inline);
        options.Schema.For<Transfers.Transfer>()
            .Duplicate(x => x.MemberId)
            .Duplicate(x => x.Status, pgType: "varchar");

        options.Schema.For<Notifications.StaffNotification>().Index(x => x.CreatedAt);

        options.Projections.Snapshot<UserAccount>(SnapshotLifecycle.Inline);
        // Data-centre API keys, found by the hash of the secret a call presents.
        options.Projections.Snapshot<Exchange.ApiKey>(SnapshotLifecycle.Inline);
        options.Schema.For<Exchange.ApiKey>().UniqueIndex(x => x.SecretHash);
        options.Schema.For<UserAccount>().UniqueIndex(x => x.Username);

        // The app's reports go to a stream per member; its snapshot is what the figures and the staff
        // forms read, kept inline. A retried report is recognised by its stored id, unique in the event
        // store (decision 0032), not by ids kept in the snapshot: a report no longer rewrites kilobytes.
        options.Projections.Snapshot<Installs.MemberAppUsage>(SnapshotLifecycle.Inline);
        options.Events.EnableUniqueIndexOnEventId = true;

        // The member's confirmations and reported differences, a stream per member beside the record
        // (decision 0024); the worklist reads the reviews with open reports.
        options.Projections.Snapshot<Members.RecordReviews.RecordReview>(SnapshotLifecycle.Inline);
        options.Schema.For<Members.RecordReviews.RecordReview>().Duplicate(x => x.OpenReports, pgType: "integer");

        // A year's declared days off, overlaid on the embedded holiday list whenever a deadline is counted.
        options.Projections.Snapshot<Calendar.HolidayYear>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Installs.RolloutTarget>(SnapshotLifecycle.Inline);
        options.Schema.For<Installs.RolloutTarget>().Duplicate(x => x.UnitId);
        options.Projections.Snapshot<Installs.TrainingClass>(SnapshotLifecycle.Inline);
        options.Schema.For<Installs.TrainingClass>().Duplicate(x => x.UnitId);

        // Content coverage: a unit's content targets and, per issuing body, the documents the library
        // should hold; both few and read whole by the dashboard.
        options.Projections.Snapshot<Content.Coverage.CoverageTarget>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Content.Coverage.ExpectedDocumentList>(SnapshotLifecycle.Inline);

        // Reconciliation: a round per committee's request, a stream per unit's comparison of its roll
        // with the register; the round's page lists the comparisons of its units.
        options.Projections.Snapshot<Reconciliation.ReconciliationRound>(SnapshotLifecycle.Inline);
        options.Schema.For<Reconciliation.ReconciliationRound>().Duplicate(x => x.UnitId);
        options.Projections.Snapshot<Reconciliation.Reconciliation>(SnapshotLifecycle.Inline);
        options.Schema.For<Reconciliation.Reconciliation>()
            .Duplicate(x => x.UnitId)
            .Duplicate(x => x.RoundId);

        // A reconciliation's results: one document per item, read by page in the results' order.
        options.Schema.For<Reconciliation.ReconciliationItem>()
            .Duplicate(x => x.ReconciliationId)
            .Index(x => x.Category);
        options.Schema.For<Reconciliation.ReconciliationRoll>();
        options.Schema.For<Reconciliation.ReconciliationUpload>();

        // The dashboard's counts, computed after the fact by the async daemon so an install report
        // is answered without waiting for them (decision 0006).
        options.Projections.Add(new Installs.Rollout.RolloutSpansProjection(), ProjectionLifecycle.Async);
        // The auditors' log: one searchable row per event, kept by the daemon (Audit/AuditLogProjection).
        options.Projections.Add(new Audit.AuditLogProjection(), ProjectionLifecycle.Async);
        // Every member's cell periods with their standing, for rolls as of any date (Audit/RollAsOf).
        options.Projections.Add(new Audit.MemberRollProjection(), ProjectionLifecycle.Async);
        // Each member's admissions, transfers, ends, disciplines and badges by cell and date, for the period statistics.
        options.Projections.Add(new Statistics.MemberMovementsProjection(), ProjectionLifecycle.Async);

        // Handbook content: boards and posts are inline snapshots; the post's document doubles as the
        // desk's and the library's read model, with columns for its filters and a full-text index on
        // the live revision's folded words (decision 0007).
        options.Projections.Snapshot<Content.EditorialBoard>(SnapshotLifecycle.Inline);
        options.Schema.For<Content.EditorialBoard>().Duplicate(x => x.UnitId);
        options.Projections.Snapshot<Content.Post>(SnapshotLifecycle.Inline);
        options.Schema.For<Content.Post>()
            .Duplicate(x => x.UnitId)
            .Duplicate(x => x.Status, pgType: "varchar")
            .Duplicate(x => x.Kind, pgType: "varchar")
            .Duplicate(x => x.PublishedOrder!, pgType: "bigint");
        options.Projections.Add(new Content.Library.LibraryProjection(), ProjectionLifecycle.Inline);

        options.Storage.ExtendedSchemaObjects.Add(new Weasel.Postgresql.Extension("pg_trgm"));
        // Offline sites (decision 0023): the centre's view of each site, the receipts that make a batch
        // count once, and at a site its installation.
        options.Projections.Snapshot<Sites.Site>(SnapshotLifecycle.Inline);
        options.Schema.For<Sites.Site>().Duplicate(x => x.UnitId);
        options.Schema.For<Sites.SiteBatchReceipt>();
        options.Schema.For<Sites.SiteInstallation>();

        options.Storage.Add(new ExtraSchemaObjects(options));

        // The schema is created and patched by the application at start (and exported to db/ for
        // production); never drop anything automatically.
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
    }

    public static void ConfigureJson(JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        // jsonb stores keys in its own order, so the member's history entries come back with their
        // type name anywhere in the object.
        json.AllowOutOfOrderMetadataProperties = true;
    }
}
