using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace EventSourced.Domain.Content.Library;

/// <summary>
/// Keeps <c>library_documents</c>: one row per live document with its filters and a stored text-search
/// vector (title and number weighted above the rest), so a search ranks thousands of matches without
/// parsing their text again. Inline: a document is findable the moment it is published and gone the
/// moment it is withdrawn. The post's state after the events is the committed snapshot with this
/// batch's events folded on by the aggregate's own Apply methods, so it never depends on the order in
/// which Marten updates the snapshot itself.
/// </summary>
public sealed class LibraryProjection : ProjectionBase, IProjection
{
    public const string TableName = "library_documents";

    /// <summary>Stands for "no end of validity" in <c>valid_until</c>, so the filter needs no null check.</summary>
    public static readonly DateOnly NoEnd = new(9999, 12, 31);

    private static readonly HashSet<Type> LiveChanges = [typeof(PostPublished), typeof(PostWithdrawn), typeof(PostArchived)];

    /// <summary>
    /// In a rebuild the daemon fetches only the post's events (the fold below applies nothing else),
    /// not the whole store: reading and deserialising every member's and every install report's event
    /// for a few hundred posts made this the third-longest projection of a city rebuild.
    /// </summary>
    public LibraryProjection()
    {
        foreach (var type in Common.HandledEvents.Of(typeof(Post)))
        {
            IncludeType(type);
        }
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(events);
        var touched = events.Where(e => LiveChanges.Contains(e.EventType)).Select(e => e.StreamId).ToHashSet();
        if (touched.Count == 0)
        {
            return;
        }

        var ids = touched.ToArray();
        var posts = (await operations.LoadManyAsync<Post>(cancellation, ids)).ToDictionary(p => p.Id);
        foreach (var e in events.Where(e => touched.Contains(e.StreamId)))
        {
            posts[e.StreamId] = Fold(posts.GetValueOrDefault(e.StreamId), e.Data);
        }

        var rows = posts.Values.Where(p => p is { IsLive: true, Kind: PostKind.Document }).Select(Row).ToList();
        var table = $"{operations.DocumentStore.Options.DatabaseSchemaName}.{TableName}";
        operations.QueueSqlCommand($"delete from {table} where post_id = any(?)", ids);
        if (rows.Count > 0)
        {
            operations.QueueSqlCommand(
                $"""
                insert into {table} (post_id, unit_id, document_type, issuing_body, issued_on, valid_until, published_order, vector)
                select p, u, t, b, i, v, o, setweight(to_tsvector('{PostSearch.RegConfig}', h), 'A') || to_tsvector('{PostSearch.RegConfig}', r)
                from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::date[], ?::date[], ?::bigint[], ?::text[], ?::text[]) as x(p, u, t, b, i, v, o, h, r)
                """,
                rows.Select(r => r.PostId).ToArray(),
                rows.Select(r => r.UnitId).ToArray(),
                rows.Select(r => r.Type).ToArray(),
                rows.Select(r => r.IssuingBody).ToArray(),
                rows.Select(r => r.IssuedOn).ToArray(),
                rows.Select(r => r.ValidUntil).ToArray(),
                rows.Select(r => r.PublishedOrder).ToArray(),
                rows.Select(r => r.Heading).ToArray(),
                rows.Select(r => r.Rest).ToArray());
        }
    }

    /// <summary>The table, created and patched with the rest of the schema (<see cref="Common.ExtraSchemaObjects"/>).</summary>
    public static Table Define(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("post_id").AsPrimaryKey();
        table.AddColumn<Guid>("unit_id").NotNull();
        table.AddColumn("document_type", "text").NotNull();
        table.AddColumn("issuing_body", "text").NotNull();
        table.AddColumn("issued_on", "date").NotNull();
        table.AddColumn("valid_until", "date").NotNull();
        table.AddColumn("published_order", "bigint").NotNull();
        table.AddColumn("vector", "tsvector").NotNull();
        table.Indexes.Add(new IndexDefinition("ix_library_documents_vector") { Columns = ["vector"], Method = IndexMethod.gin });
        table.Indexes.Add(new IndexDefinition("ix_library_documents_issued") { Columns = ["issued_on"] });
        table.Indexes.Add(new IndexDefinition("ix_library_documents_type") { Columns = ["document_type"] });
        table.Indexes.Add(new IndexDefinition("ix_library_documents_body") { Columns = ["issuing_body"] });
        return table;
    }

    // The aggregate's own rules, applied as Marten applies them to the snapshot.
    private static Post Fold(Post? post, object data)
    {
        if (data is PostDrafted drafted)
        {
            return Post.Create(drafted);
        }

        ArgumentNullException.ThrowIfNull(post);
        typeof(Post).GetMethod(nameof(Post.Apply), [data.GetType()])?.Invoke(post, [data]);
        post.Version++;
        return post;
    }

    private static LibraryRow Row(Post post)
    {
        var live = post.LiveContent!;
        return new LibraryRow(
            post.Id,
            post.UnitId,
            (live.DocumentType ?? DocumentType.Other).ToString(),
            live.IssuingBody ?? string.Empty,
            (live.IssuedOn ?? default).ToDateOnly(),
            live.ValidUntil?.ToDateOnly() ?? NoEnd,
            post.PublishedOrder ?? 0,
            PostSearch.Words(string.Join(' ', live.Title, live.DocumentNumber)),
            PostSearch.Words(string.Join(' ', live.IssuingBody, live.Summary, Rendering.SafeMarkdown.ToPlainText(live.Body))));
    }

    private sealed record LibraryRow(Guid PostId, Guid UnitId, string Type, string IssuingBody, DateOnly IssuedOn, DateOnly ValidUntil, long PublishedOrder, string Heading, string Rest);
}
