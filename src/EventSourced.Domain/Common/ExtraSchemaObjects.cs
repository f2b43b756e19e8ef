using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace EventSourced.Domain.Common;

/// <summary>
/// What the store needs beyond Marten's own objects: the tables of the rollout spans, the stored files
/// and the document library, and the triggers that keep <c>mt_events</c> append-only. One feature for
/// all of them, in a fixed order: registered as separate features they came out of the schema export in
/// either order, and the export is compared byte for byte.
/// </summary>
public sealed class ExtraSchemaObjects : FeatureSchemaBase
{
    private readonly string _schema;
    private readonly string _eventsSchema;

    public ExtraSchemaObjects(StoreOptions options)
        : base(nameof(ExtraSchemaObjects), options.Advanced.Migrator)
    {
        ArgumentNullException.ThrowIfNull(options);
        _schema = options.DatabaseSchemaName;
        _eventsSchema = options.Events.DatabaseSchemaName;
    }

    public override Type StorageType => typeof(ExtraSchemaObjects);

    /// <summary>The change counters' triggers are on the member and unit snapshots' tables: created after them.</summary>
    public override IEnumerable<Type> DependentTypes() => [typeof(Members.Member), typeof(Organisations.Organisation)];

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        foreach (var rollout in Installs.Rollout.RolloutSpansTable.SchemaObjects(_schema))
        {
            yield return rollout;
        }

        foreach (var register in Members.MemberList.MemberRegisterChanges.SchemaObjects(_schema))
        {
            yield return register;
        }

        foreach (var units in Organisations.HeldUnits.Changes.SchemaObjects(_schema))
        {
            yield return units;
        }

        yield return Content.Files.StoredFilesTable.Define(_schema);
        yield return Content.Library.LibraryProjection.Define(_schema);
        yield return Audit.AuditLogProjection.Define(_eventsSchema);
        yield return Audit.MemberRollProjection.Define(_schema);
        yield return Statistics.MemberMovementsProjection.Define(_schema);
        foreach (var guard in AppendOnlyEvents.SchemaObjects(_eventsSchema))
        {
            yield return guard;
        }
    }
}
