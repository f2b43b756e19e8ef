using System.Data.Common;
using System.Text.Json;
using Marten;
using Marten.Services;
using Weasel.Storage;

namespace EventSourced.Domain.Common;

/// <summary>
/// Marten's System.Text.Json serializer, except that documents and events read asynchronously are first
/// copied whole into memory and then deserialised in one synchronous pass, as Marten's synchronous reads
/// already do. System.Text.Json's asynchronous (resumable) path copies its read stack at every nested
/// object: in a city rebuild, where the projections load millions of member snapshots and events, that
/// copying was a quarter of the process's CPU. The JSON, the options and the objects are the same; only
/// the way the bytes reach the parser differs.
/// </summary>
public sealed class BufferedJsonSerializer(JsonSerializerOptions? options) : SystemTextJsonSerializer(options), ISerializer, IStorageSerializer
{
    async ValueTask<T> IStorageSerializer.FromJsonAsync<T>(Stream stream, CancellationToken cancellationToken) =>
        FromJson<T>(await BufferAsync(stream, cancellationToken).ConfigureAwait(false));

    async ValueTask<T> IStorageSerializer.FromJsonAsync<T>(DbDataReader reader, int index, CancellationToken cancellationToken)
    {
        await using var stream = await reader.GetFieldValueAsync<Stream>(index, cancellationToken).ConfigureAwait(false);
        return FromJson<T>(await BufferAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    async ValueTask<object> IStorageSerializer.FromJsonAsync(Type type, Stream stream, CancellationToken cancellationToken) =>
        FromJson(type, await BufferAsync(stream, cancellationToken).ConfigureAwait(false));

    async ValueTask<object> IStorageSerializer.FromJsonAsync(Type type, DbDataReader reader, int index, CancellationToken cancellationToken)
    {
        await using var stream = await reader.GetFieldValueAsync<Stream>(index, cancellationToken).ConfigureAwait(false);
        return FromJson(type, await BufferAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>A stream already in memory is read as it is; any other is copied without blocking a thread.</summary>
    private static async ValueTask<Stream> BufferAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (stream is MemoryStream)
        {
            return stream;
        }

        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        return buffer;
    }
}
