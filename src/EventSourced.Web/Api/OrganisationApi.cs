using System.Globalization;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Infrastructure;
using JasperFx;
using Marten;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Api;

/// <summary>A unit on a date, as the API returns it.</summary>
public sealed record OrganisationDto(Guid Id, string Code, string Name, OrganisationKind Kind, Guid? ParentId, OrganisationStatus Status, OrganisationFlags Flags, int Version, int ActiveChildren);

/// <summary>A unit with its parent chain and its history.</summary>
public sealed record OrganisationDetailDto(OrganisationDto Unit, IReadOnlyList<OrganisationDto> Ancestors, IReadOnlyList<OrganisationDto> Children, IReadOnlyList<HistoryEntryDto> History);

/// <summary>One event of a unit's history with who recorded it and on what authority.</summary>
public sealed record HistoryEntryDto(long Version, string Event, LocalDate? EffectiveDate, Instant RecordedAt, Actor RecordedBy, string? Reason, string? DecisionReference, object Data);

/// <summary>What every change request carries besides its own fields.</summary>
public abstract record ChangeRequest
{
    public LocalDate EffectiveDate { get; init; }

    public string? Reason { get; init; }

    public string? DecisionReference { get; init; }

    public AuditNote Note => new(Reason, DecisionReference);
}

/// <summary>The unit a change was recorded on (a split's new unit) and its version now.</summary>
public sealed record OrganisationChanged(Guid Id, int? Version);

public sealed record CreateOrganisationRequest(string Code, string Name, OrganisationKind Kind, Guid ParentId, bool Pilot = false, bool CommuneLevel = false, bool OfflineSite = false) : ChangeRequest;

public sealed record RenameOrganisationRequest(int ExpectedVersion, string Code, string Name) : ChangeRequest;

public sealed record MoveOrganisationRequest(int ExpectedVersion, Guid NewParentId) : ChangeRequest;

public sealed record ChangeFlagsRequest(int ExpectedVersion, bool Pilot, bool CommuneLevel, bool OfflineSite) : ChangeRequest;

public sealed record MergeOrganisationRequest(int ExpectedVersion, Guid TargetId) : ChangeRequest;

public sealed record SplitOrganisationRequest(int ExpectedVersion, string NewCode, string NewName, IReadOnlyList<Guid> MovedChildIds) : ChangeRequest;

public sealed record DissolveOrganisationRequest(int ExpectedVersion, Guid? MembersTransferredToId) : ChangeRequest;

/// <summary>
/// The organisation tree over HTTP for integrations and the staff tools: read the tree in the
/// caller's scope on any date, and send the same structural commands the screens send.
/// </summary>
public static class OrganisationApi
{
    public static void MapOrganisationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/organisations").RequireAuthorization().WithTags("Organisations");
        api.MapGet("/", ListAsync)
            .WithSummary("Units in the caller's scope on a date")
            .WithDescription(string.Create(CultureInfo.InvariantCulture, $"The caller's scope roots, the children of parentId, or the units matching q; asOf is a date (yyyy-MM-dd or dd/MM/yyyy), today when left out. At most {MaxListed} units."))
            .Produces<IReadOnlyList<OrganisationDto>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);
        api.MapGet("/{id:guid}", DetailAsync)
            .WithSummary("A unit on a date, with its parents, children and history")
            .Produces<OrganisationDetailDto>()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound);
        Change(api.MapPost("/", (CreateOrganisationRequest r, [AsParameters] Services s, CancellationToken ct) =>
            SendAsync(s, new CreateOrganisation(Guid.CreateVersion7(), r.Code, r.Name, r.Kind, r.ParentId, new OrganisationFlags(r.Pilot, r.CommuneLevel, r.OfflineSite), r.EffectiveDate), r.Note, ct)), "Create a unit");
        Change(api.MapPost("/{id:guid}/rename", (Guid id, RenameOrganisationRequest r, [AsParameters] Services s, CancellationToken ct) =>
            SendAsync(s, new RenameOrganisation(id, r.ExpectedVersion, r.Code, r.Name, r.EffectiveDate), r.Note, ct)), "Rename a unit or change its code");
        Change(api.MapPost("/{id:guid}/move", (Guid id, MoveOrganisationRequest r, [AsParameters] Services s, CancellationToken ct) =>
            SendAsync(s, new MoveOrganisation(id, r.ExpectedVersion, r.NewParentId, r.EffectiveDate), r.Note, ct)), "Move a unit under another parent");
        Change(api.MapPost("/{id:guid}/flags", (Guid id, ChangeFlagsRequest r, [AsParameters] Services s, CancellationToken ct) =>
            SendAsync(s, new ChangeOrganisationFlags(id, r.ExpectedVersion, new OrganisationFlags(r.Pilot, r.CommuneLevel, r.OfflineSite), r.EffectiveDate), r.Note, ct)), "Change a unit's flags");
        Change(api.MapPost("/{id:guid}/merge", (Guid id, MergeOrganisationRequest r, [AsParameters] Services s, CancellationToken ct) =>
            SendAsync(s, new MergeOrganisation(id, r.ExpectedVersion, r.TargetId, r.EffectiveDate), r.Note, ct)), "Merge a unit into another");
        Change(api.MapPost("/{id:guid}/split", (Guid id, SplitOrganisationRequest r, [AsParameters] Services s, CancellationToken ct) =>
            SendAsync(s, new SplitOrganisation(id, r.ExpectedVersion, Guid.CreateVersion7(), r.NewCode, r.NewName, r.MovedChildIds ?? [], r.EffectiveDate), r.Note, ct)), "Split a new unit off a unit");
        Change(api.MapPost("/{id:guid}/dissolve", (Guid id, DissolveOrganisationRequest r, [AsParameters] Services s, CancellationToken ct) =>
            SendAsync(s, new DissolveOrganisation(id, r.ExpectedVersion, r.MembersTransferredToId, r.EffectiveDate), r.Note, ct)), "Dissolve a unit");
    }

    /// <summary>Units one list answer holds at most.</summary>
    public const int MaxListed = 500;

    /// <summary>Every structural change answers the same way, whichever command it sends.</summary>
    private static void Change(RouteHandlerBuilder endpoint, string summary) => endpoint
        .WithSummary(summary)
        .WithDescription("Sent as the same command the screens send, with effectiveDate, reason and decisionReference recorded on the event. "
            + "403 outside the caller's scope, 409 when expectedVersion is stale (the answer says who changed the unit and when), 422 with the rule's code when a rule refuses it.")
        .Produces<OrganisationChanged>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .Produces(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>The services every endpoint here needs, bound in one parameter.</summary>
    public sealed record Services(CurrentUser User, CommandSender Sender, OrganisationDirectory Directory, IQuerySession Session, IStringLocalizer<SharedResource> Text);

    private static async Task<IResult> ListAsync([AsParameters] ListQuery query, CurrentUser user, OrganisationDirectory directory, CancellationToken ct)
    {
        var asOf = LocalDateModelBinder.TryParse(query.AsOf);
        if (query.AsOf is not null && asOf is null)
        {
            return Results.Problem(statusCode: 400, title: "asOf must be a date (yyyy-MM-dd or dd/MM/yyyy)");
        }

        var tree = await directory.TreeAsync(asOf, ct);
        var assignments = await user.AssignmentsAsync(ct);
        var today = await directory.TreeAsync(ct: ct);
        IEnumerable<OrganisationNode> nodes;
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            nodes = tree.Search(query.Q, query.IncludeClosed);
        }
        else if (query.ParentId is { } parentId)
        {
            if (!Access.CanSee(assignments, parentId, today))
            {
                return Results.Forbid();
            }

            nodes = tree.Children(parentId, query.IncludeClosed);
        }
        else
        {
            nodes = Access.ScopeRoots(assignments, today).Select(tree.Find).OfType<OrganisationNode>();
        }

        var visible = nodes.Where(n => Access.CanSee(assignments, n.Id, today)).Take(MaxListed).Select(n => Dto(tree, n)).ToList();
        return Results.Ok(visible);
    }

    public sealed record ListQuery(string? AsOf, Guid? ParentId, string? Q, bool IncludeClosed = false);

    private static async Task<IResult> DetailAsync(Guid id, string? asOf, [AsParameters] Services s, CancellationToken ct)
    {
        if (!await s.User.CanSeeAsync(id, ct))
        {
            return Results.Forbid();
        }

        var tree = await s.Directory.TreeAsync(LocalDateModelBinder.TryParse(asOf), ct);
        if (tree.Find(id) is not { } node)
        {
            return Results.NotFound();
        }

        var events = await s.Session.Events.FetchStreamAsync(id, token: ct);
        var history = events.Select(AuditEntry.From)
            .Select(e => new HistoryEntryDto(e.Version, e.EventName, e.EffectiveDate, e.RecordedAt, e.RecordedBy, e.Reason, e.DecisionReference, e.Data))
            .ToList();
        return Results.Ok(new OrganisationDetailDto(
            Dto(tree, node),
            tree.Ancestors(id).Select(a => Dto(tree, a)).ToList(),
            tree.Children(id).Select(c => Dto(tree, c)).ToList(),
            history));
    }

    private static async Task<IResult> SendAsync(Services s, IOrganisationCommand command, AuditNote note, CancellationToken ct)
    {
        try
        {
            // As on the forms: judge the units touched on the tree as it is now, not a cached one.
            s.Directory.Invalidate();
            var onDate = await s.Directory.TreeAsync(command.EffectiveDate, ct);
            await s.Sender.SendAsync(command, Permission.ChangeOrganisation, CommandScope.Touches(command, onDate), note, ct);
            var id = command is SplitOrganisation split ? split.NewOrganisationId : command.OrganisationId;
            var unit = await s.Session.LoadAsync<Organisation>(id, ct);
            return Results.Ok(new OrganisationChanged(id, unit?.Version));
        }
        catch (AccessDeniedException)
        {
            return Results.Problem(statusCode: 403, title: s.Text["Access.Denied"]);
        }
        catch (RuleViolation violation)
        {
            return Results.Problem(statusCode: 422, title: s.Text.Describe(violation), extensions: new Dictionary<string, object?> { ["code"] = violation.Code });
        }
        catch (ConcurrencyException)
        {
            return Results.Problem(statusCode: 409, title: await s.Text.StaleAsync(s.Session, command.OrganisationId, ct));
        }
    }

    private static OrganisationDto Dto(OrganisationTree tree, OrganisationNode n) =>
        new(n.Id, n.Code, n.Name, n.Kind, n.ParentId, n.Status, n.Flags, n.Version, tree.Children(n.Id).Count);
}
