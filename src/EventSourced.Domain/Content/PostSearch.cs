using System.Globalization;
using System.Text.RegularExpressions;
using EventSourced.Domain.Common;
using Marten;
using NodaTime;

namespace EventSourced.Domain.Content;

/// <summary>The library's filters: words (with or without diacritics), type, issuing body and issue-date range.</summary>
public sealed record LibraryQuery(
    string? Words = null,
    DocumentType? Type = null,
    string? IssuingBody = null,
    LocalDate? IssuedFrom = null,
    LocalDate? IssuedTo = null,
    int Page = 1,
    int PageSize = 20);

/// <summary>A place in the feed: the publication time and id of the last post already shown.</summary>
public sealed record FeedCursor(long PublishedOrder, Guid PostId)
{
    public string Encode() => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{PublishedOrder}:{PostId:N}")))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The cursor, or null for a value this server never handed out.</summary>
    public static FeedCursor? Decode(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 80)
        {
            return null;
        }

        try
        {
            var padded = value.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var order) && Guid.TryParseExact(parts[1], "N", out var id)
                ? new FeedCursor(order, id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// The reads members and staff make of published content, straight from the post documents: the
/// document library (full-text over the live revision's folded words, ranked by relevance) and a
/// member's feed (newest first, paged by cursor). Both only ever return what is live and, for
/// documents, still valid: what was withdrawn or expired is gone from them at once. "Live" is a
/// publication in force (<c>published_order</c> set), whatever the status: a published post whose next
/// revision is being edited or reviewed stays up with the revision members already read.
/// </summary>
public static partial class PostSearch
{
    /// <summary>The text-search configuration: "simple" (no stemming), as Vietnamese words do not inflect.</summary>
    public const string RegConfig = "simple";

    /// <summary>Folded to the form the library stores: no diacritics, lower case, punctuation as spaces ("05-KH/TU" is three words).</summary>
    public static string Words(string? text) => Punctuation().Replace(VietnameseText.Fold(text), " ").Trim();

    /// <summary>
    /// A prefix query over the words, all required ("nghi quyet 05" finds "Nghị quyết số 05-NQ/TU"). Only
    /// letters and digits reach the query, so no text-search syntax can be injected; null when no word is left.
    /// </summary>
    public static string? TsQuery(string? words)
    {
        var terms = Words(words).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(12).Select(w => w + ":*").ToList();
        return terms.Count == 0 ? null : string.Join(" & ", terms);
    }

    /// <summary>
    /// Live, still valid documents matching the query, from <c>library_documents</c>: every word as a
    /// prefix through the GIN index, ranked by <c>ts_rank</c> on the stored vectors (title and number
    /// weigh more), then newest issue first. The total comes with the page, from the same scan.
    /// </summary>
    public static async Task<(IReadOnlyList<Post> Posts, int Total)> LibraryAsync(IQuerySession session, LibraryQuery query, LocalDate today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(query);
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.{Library.LibraryProjection.TableName}";
        var clauses = new List<string> { "valid_until >= ?" };
        var parameters = new List<object> { today.ToDateOnly() };
        var tsQuery = TsQuery(query.Words);
        if (tsQuery is not null)
        {
            clauses.Add($"vector @@ to_tsquery('{RegConfig}'::regconfig, ?)");
            parameters.Add(tsQuery);
        }

        if (query.Type is { } type)
        {
            clauses.Add("document_type = ?");
            parameters.Add(type.ToString());
        }

        if (!string.IsNullOrWhiteSpace(query.IssuingBody))
        {
            clauses.Add("issuing_body = ?");
            parameters.Add(VietnameseText.Normalise(query.IssuingBody));
        }

        if (query.IssuedFrom is { } from)
        {
            clauses.Add("issued_on >= ?");
            parameters.Add(from.ToDateOnly());
        }

        if (query.IssuedTo is { } to)
        {
            clauses.Add("issued_on <= ?");
            parameters.Add(to.ToDateOnly());
        }

        var where = "where " + string.Join(" and ", clauses);
        var size = Math.Clamp(query.PageSize, 1, 100);
        // Nobody reads page ten thousand; the cap keeps the offset from overflowing.
        var page = Math.Clamp(query.Page, 1, 10_000);
        var rank = tsQuery is null ? string.Empty : $"ts_rank(vector, to_tsquery('{RegConfig}'::regconfig, ?)) desc, ";
        var rows = await session.QueryAsync<LibraryHit>(
            $"select json_build_object('postId', post_id, 'total', count(*) over ()) from {table} {where} order by {rank}issued_on desc, published_order desc, post_id limit {size} offset {(page - 1) * size}",
            ct,
            [.. parameters, .. tsQuery is null ? Array.Empty<object>() : [tsQuery]]);
        var total = rows.Count > 0 ? rows[0].Total : page == 1 ? 0 : (await session.QueryAsync<int>($"select count(*)::int from {table} {where}", ct, [.. parameters])).Single();
        var posts = (await session.LoadManyAsync<Post>(ct, rows.Select(r => r.PostId).ToArray())).ToDictionary(p => p.Id);
        return ([.. rows.Select(r => posts.GetValueOrDefault(r.PostId)).OfType<Post>()], total);
    }

    /// <summary>One row of a library page: the post and how many match in all.</summary>
    private sealed record LibraryHit(Guid PostId, int Total);

    /// <summary>
    /// The live posts a member of <paramref name="cellId"/> reaches (posts of any unit from the city down
    /// to their cell, bulletins of their own cell), newest first, after <paramref name="after"/>.
    /// </summary>
    public static async Task<(IReadOnlyList<Post> Posts, FeedCursor? Next)> FeedAsync(
        IQuerySession session, Guid cellId, IReadOnlyCollection<Guid> chain, FeedCursor? after, int limit, LocalDate today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var table = session.DocumentStore.Options.Schema.For<Post>(qualified: true);
        var size = Math.Clamp(limit, 1, 100);
        var clauses = new List<string>
        {
            "d.published_order is not null",
            "d.unit_id = any(?)",
            "(d.kind <> 'Bulletin' or d.data ->> 'liveCellId' = ?)",
            "(d.data ->> 'liveValidUntil' is null or d.data ->> 'liveValidUntil' >= ?)",
        };
        var parameters = new List<object> { chain.ToArray(), cellId.ToString(), Iso(today) };
        if (after is not null)
        {
            clauses.Add("(d.published_order, d.id) < (?, ?)");
            parameters.Add(after.PublishedOrder);
            parameters.Add(after.PostId);
        }

        var posts = await session.QueryAsync<Post>(
            $"select d.data from {table} as d where {string.Join(" and ", clauses)} order by d.published_order desc, d.id desc limit {size + 1}",
            ct,
            [.. parameters]);
        var page = posts.Take(size).ToList();
        var next = posts.Count > size ? new FeedCursor(page[^1].PublishedOrder!.Value, page[^1].Id) : null;
        return (page, next);
    }

    private static string Iso(LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex Punctuation();
}
