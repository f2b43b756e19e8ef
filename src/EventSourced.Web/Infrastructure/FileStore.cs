using System.Security.Cryptography;
using EventSourced.Domain.Content.Files;
using EventSourced.Domain.Content.Rendering;
using Marten;
using NodaTime;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Keeps the files posts refer to: checked by their real content (never by the name or the type the
/// browser claims), then stored for good, in PostgreSQL with their metadata, or, when
/// <c>Files:Directory</c> is set (production), as a file named by its id in that directory with only
/// the metadata in PostgreSQL. A file is written in full before its row says it exists, so a crash
/// never leaves a row pointing at half a file.
/// </summary>
public sealed class FileStore(IDocumentStore store, IConfiguration configuration, IClock clock, CurrentProvince province)
{
    private readonly string? _directory = configuration["Files:Directory"] is { Length: > 0 } directory ? directory : null;

    private string Table => $"{store.Options.DatabaseSchemaName}.{StoredFilesTable.TableName}";

    /// <summary>Checks and stores an upload; throws <see cref="Domain.Common.RuleViolation"/> for an empty, oversized or disallowed file.</summary>
    public async Task<StoredFile> SaveAsync(IFormFile upload, FileUse use, Guid postId, string uploadedBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var name = Path.GetFileName(upload.FileName);
        var limit = (use == FileUse.CoverImage ? UploadedFileCheck.CoverImageMaxMegabytes : UploadedFileCheck.AttachmentMaxMegabytes) * 1024L * 1024L;
        if (upload.Length > limit)
        {
            // Said before reading a byte of it.
            throw new Domain.Common.RuleViolation("Content.FileTooLarge", limit / 1024 / 1024);
        }

        using var buffer = new MemoryStream((int)upload.Length);
        await upload.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var checkedFile = UploadedFileCheck.Check(name, upload.ContentType, buffer, use);
        var bytes = buffer.ToArray();
        var file = new StoredFile(
            Guid.CreateVersion7(),
            postId,
            name,
            checkedFile.ContentType,
            bytes.LongLength,
            Convert.ToHexStringLower(SHA256.HashData(bytes)),
            checkedFile.ServeAsAttachment,
            clock.GetCurrentInstant().ToDateTimeOffset(),
            uploadedBy);
        if (_directory is not null)
        {
            Directory.CreateDirectory(_directory);
            var path = PathFor(file.Id);
            await File.WriteAllBytesAsync(path + ".part", bytes, ct);
            File.Move(path + ".part", path, overwrite: true);
        }

        await using var connection = (await province.DatabaseAsync(store)).CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"insert into {Table} (id, post_id, file_name, content_type, length, sha256, serve_as_attachment, uploaded_at, uploaded_by, content) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
        foreach (var value in new object?[] { file.Id, file.PostId, file.FileName, file.ContentType, file.Length, file.Sha256, file.ServeAsAttachment, file.UploadedAt, file.UploadedBy, _directory is null ? bytes : DBNull.Value })
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await command.ExecuteNonQueryAsync(ct);
        return file;
    }

    /// <summary>The file's metadata, or null when there is no such file.</summary>
    public async Task<StoredFile?> FindAsync(Guid id, CancellationToken ct) => (await ReadAsync(id, withContent: false, ct))?.File;

    /// <summary>The file and its bytes, or null when there is no such file.</summary>
    public async Task<(StoredFile File, byte[] Content)?> OpenAsync(Guid id, CancellationToken ct) =>
        await ReadAsync(id, withContent: true, ct) is { } found ? (found.File, found.Content!) : null;

    private async Task<(StoredFile File, byte[]? Content)?> ReadAsync(Guid id, bool withContent, CancellationToken ct)
    {
        await using var connection = (await province.DatabaseAsync(store)).CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"select id, post_id, file_name, content_type, length, sha256, serve_as_attachment, uploaded_at, uploaded_by{(withContent ? ", content" : string.Empty)} from {Table} where id = $1";
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var file = new StoredFile(
            reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5),
            reader.GetBoolean(6), reader.GetFieldValue<DateTimeOffset>(7), reader.GetString(8));
        if (!withContent)
        {
            return (file, null);
        }

        var content = !reader.IsDBNull(9) ? reader.GetFieldValue<byte[]>(9)
            : _directory is not null ? await File.ReadAllBytesAsync(PathFor(id), ct)
            : throw new InvalidOperationException($"File {id} has no content in the database and Files:Directory is not set.");
        return (file, content);
    }

    private string PathFor(Guid id) => Path.Combine(_directory!, id.ToString("N"));
}
