using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace EventSourced.Domain.Common;

/// <summary>
/// The tables Marten does not know as documents: the rollout spans, the stored files and the document
/// library. One feature for all, so the schema export lists them in a fixed order (two features came out in either order,
/// and the export is compared byte for byte).
/// </summary>
public sealed class ProjectionTables : FeatureSchemaBase
{
    private readonly string _schema;

    public ProjectionTables(StoreOptions options)
        : base(nameof(ProjectionTables), options.Advanced.Migrator)
    {
        ArgumentNullException.ThrowIfNull(options);
        _schema = options.DatabaseSchemaName;
    }

    public override Type StorageType => typeof(ProjectionTables);

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        yield return Installs.Rollout.RolloutSpansTable.Define(_schema);
        yield return Content.Files.StoredFilesTable.Define(_schema);
        yield return Content.Library.LibraryProjection.Define(_schema);
    }
}
