using System.Globalization;
using EventSourced.Domain.Common;
using EventSourced.Domain.Content;
using EventSourced.Web.Infrastructure;
using Htmx;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Pages.Documents;

/// <summary>
/// The document library for staff: the same search members have in the app (words with or without
/// diacritics, ranked by relevance; type, issuing body and issue-date filters) over the live, still
/// valid documents of every unit. The results region updates through htmx and the page works without it.
/// </summary>
public sealed class IndexModel(IQuerySession session, IClock clock, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int PageSize = 20;

    /// <summary>The id of the results region, the htmx target of the form and the pager.</summary>
    public const string RowsId = "document-rows";

    [FromQuery(Name = "q")]
    public string? Search { get; set; }

    [FromQuery(Name = "type")]
    public DocumentType? Type { get; set; }

    [FromQuery(Name = "body")]
    public string? IssuingBody { get; set; }

    [FromQuery(Name = "from")]
    public LocalDate? IssuedFrom { get; set; }

    [FromQuery(Name = "to")]
    public LocalDate? IssuedTo { get; set; }

    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Post> Documents { get; private set; } = [];

    public int Total { get; private set; }

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The page shown, and whether the one asked for was past the end.</summary>
    public Paging Paging { get; private set; }

    /// <summary>The issuing bodies of the documents in the library, for the filter's choices.</summary>
    public IReadOnlyList<string> IssuingBodies { get; private set; } = [];

    /// <summary>Resource keys of the filters that could not be read; no search runs while there are any.</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public LocalDate Today { get; private set; }

    public bool Filtered => !string.IsNullOrWhiteSpace(Search) || Type is not null || !string.IsNullOrWhiteSpace(IssuingBody) || IssuedFrom is not null || IssuedTo is not null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Today = VietnamTime.Today(clock);
        var errors = new List<string>();
        if (!ModelState.IsValid)
        {
            // A date typed wrongly or a type that is not one of ours: say so rather than silently
            // searching without that filter.
            errors.AddRange(ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => e.Key is "from" or "to" ? "Date.Invalid" : "Library.InvalidFilter").Distinct());
        }

        if (IssuedFrom is { } from && IssuedTo is { } to && from > to)
        {
            errors.Add("Library.DatesReversed");
        }

        Errors = errors;
        if (Errors.Count == 0)
        {
            var query = new LibraryQuery(Search, Type, IssuingBody, IssuedFrom, IssuedTo, Paging.Clamp(PageNumber), PageSize);
            (Documents, Total) = await PostSearch.LibraryAsync(session, query, Today, ct);
            Paging = Paging.Of(PageNumber, PageSize, Total);
            if (Paging.PastEnd)
            {
                (Documents, Total) = await PostSearch.LibraryAsync(session, query with { Page = Paging.Number }, Today, ct);
            }

            PageNumber = Paging.Number;
        }

        Response.Headers.Vary = "HX-Request";
        if (Request.IsHtmx() && Request.Headers["HX-Target"] == RowsId)
        {
            return Partial("_DocumentRows", this);
        }

        IssuingBodies = await IssuingBodiesAsync(ct);
        return Page();
    }

    /// <summary>The current filters as a query string, with one value replaced (for the pager).</summary>
    public string QueryWith(string key, string? value)
    {
        var values = new Dictionary<string, string?>
        {
            ["q"] = Search,
            ["type"] = Type?.ToString(),
            ["body"] = IssuingBody,
            ["from"] = IssuedFrom is { } from ? LocalDateModelBinder.Iso(from) : null,
            ["to"] = IssuedTo is { } to ? LocalDateModelBinder.Iso(to) : null,
            ["page"] = PageNumber > 1 ? PageNumber.ToString(CultureInfo.InvariantCulture) : null,
        };
        values[key] = value;
        return QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value))).ToString();
    }

    /// <summary>The pager's link to <paramref name="page"/>.</summary>
    public string PageUrl(int page) => "/documents" + QueryWith("page", page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null);

    /// <summary>The document type as printed on screen (the names the editorial pages use too).</summary>
    public string TypeName(DocumentType? type) => type is { } t ? text.Name(t) : string.Empty;

    /// <summary>Whether the document is in force today and until when; the library never lists an expired one.</summary>
    public string Validity(PostContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return content.ValidFrom is { } from && from > Today ? text["Library.ValidFrom", Messages.DisplayDate(from)]
            : content.ValidUntil is { } until ? text["Library.ValidUntil", Messages.DisplayDate(until)]
            : text["Library.InForce"];
    }

    private async Task<IReadOnlyList<string>> IssuingBodiesAsync(CancellationToken ct)
    {
        // The few distinct bodies among 100,000 documents, one index probe each ("loose index scan")
        // instead of reading every row as select distinct would.
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.{Domain.Content.Library.LibraryProjection.TableName}";
        var bodies = await session.AdvancedSql.QueryAsync<string>(
            $"""
            with recursive bodies(body) as (
              (select issuing_body from {table} where issuing_body > '' order by issuing_body limit 1)
              union all
              select (select issuing_body from {table} where issuing_body > bodies.body order by issuing_body limit 1)
              from bodies where bodies.body is not null)
            select body from bodies where body is not null
            """,
            ct);
        var vietnamese = CultureInfo.GetCultureInfo("vi-VN").CompareInfo;
        return [.. bodies.Order(Comparer<string>.Create((a, b) => vietnamese.Compare(a, b, CompareOptions.IgnoreCase)))];
    }
}
