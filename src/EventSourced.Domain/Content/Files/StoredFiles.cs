using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace EventSourced.Domain.Content.Files;

/// <summary>
/// A file uploaded for a post (a cover image or an attachment), checked and stored before the post's
/// revision refers to it by <see cref="Id"/>; <see cref="PostId"/> is the post it was uploaded for, whose
/// read rule the file follows. Files are never changed: a new version is a new file, so
/// every revision keeps pointing at exactly what its reviewers saw.
/// </summary>
public sealed record StoredFile(Guid Id, Guid? PostId, string FileName, string ContentType, long Length, string Sha256, bool ServeAsAttachment, DateTimeOffset UploadedAt, string UploadedBy);

/// <summary>
/// The table behind the file store: the metadata of every file, and its bytes unless the deployment
/// keeps them in a directory (<c>Files:Directory</c>), in which case <c>content</c> is null.
/// </summary>
public static class StoredFilesTable
{
    public const string TableName = "content_files";

    public static Table Define(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<Guid>("post_id").AllowNulls();
        table.AddColumn("file_name", "text").NotNull();
        table.AddColumn("content_type", "text").NotNull();
        table.AddColumn("length", "bigint").NotNull();
        table.AddColumn("sha256", "text").NotNull();
        table.AddColumn<bool>("serve_as_attachment").NotNull();
        table.AddColumn("uploaded_at", "timestamptz").NotNull();
        table.AddColumn("uploaded_by", "text").NotNull();
        table.AddColumn("content", "bytea").AllowNulls();
        return table;
    }
}
