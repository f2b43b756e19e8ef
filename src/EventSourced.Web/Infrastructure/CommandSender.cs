using System.Diagnostics;
using System.Security.Claims;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using Wolverine;

namespace EventSourced.Web.Infrastructure;

/// <summary>The user holds no role that allows this on that unit; nothing was sent.</summary>
public sealed class AccessDeniedException : Exception
{
    public AccessDeniedException() : base("Access.Denied") { }

    public AccessDeniedException(string message) : base(message) { }

    public AccessDeniedException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Why a change was made and on whose decision, as typed into a form or an API body.</summary>
public sealed record AuditNote(string? Reason, string? DecisionReference)
{
    public static readonly AuditNote None = new(null, null);
}

/// <summary>
/// Sends commands through Wolverine with the acting user's identity, the role and organisation
/// they act in, and the reason and decision reference as envelope headers. Pages and API endpoints
/// both come through here, so every stored event carries the same metadata whichever way it came.
/// </summary>
public sealed class CommandSender(
    IMessageBus bus,
    IHttpContextAccessor http,
    CurrentUser user,
    OrganisationDirectory directory,
    Marten.IQuerySession session,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text,
    SiteSettings site,
    CurrentProvince province,
    NationalRegister national)
{
    /// <summary>
    /// Builds and sends a form's command; null when it was recorded, otherwise why not, in the user's
    /// language: no right to act, a rule that refused it, or (<see cref="Refusal.Stale"/>) the record
    /// in <paramref name="staleStream"/> changed since the form was opened, saying who changed it and when.
    /// </summary>
    public Task<Refusal?> TrySendAsync(Func<object> command, Permission permission, Func<object, IReadOnlyList<Guid>> touches, AuditNote note, Guid staleStream, CancellationToken ct) =>
        TryAsync(
            async () =>
            {
                var message = command();
                await SendAsync(message, permission, touches(message), note, ct);
            },
            staleStream,
            ct);

    /// <summary>
    /// Runs a send and turns whatever refused it into a <see cref="Refusal"/>: the one place where access
    /// denied, rule violations, version conflicts and taken stream ids become what a form shows.
    /// </summary>
    public async Task<Refusal?> TryAsync(Func<Task> send, Guid? staleStream, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(send);
        try
        {
            await send();
            return null;
        }
        catch (AccessDeniedException)
        {
            return Refusal.Of(RefusalKind.Denied, "Access.Denied", text["Access.Denied"]);
        }
        catch (RuleViolation violation)
        {
            return Refusal.Of(RefusalKind.Rule, violation.Code, await text.DescribeAsync(violation, user, ct), FormPage.FieldOf(violation));
        }
        catch (JasperFx.ConcurrencyException)
        {
            return await StaleAsync(staleStream, ct);
        }
        catch (Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            // Two forms that both start a stream (a unit's first board seat), or a form replayed with an
            // id that is taken. The stream may be anyone's, even outside the user's scope, so the answer
            // names nobody: it only says the record exists and the page should be opened again.
            return FormPage.AlreadyRecorded(text);
        }
    }

    /// <summary>"Changed by X at T" about <paramref name="stream"/>, as a stale form's refusal.</summary>
    public async Task<Refusal> StaleAsync(Guid? stream, CancellationToken ct) =>
        stream is { } id
            ? Refusal.Of(RefusalKind.Stale, "Stale.ChangedBy", await text.StaleAsync(session, id, ct))
            : Refusal.Of(RefusalKind.Stale, "Stale.Unknown", text["Stale.Unknown"]);

    /// <summary>
    /// Checks that the user holds <paramref name="permission"/> over every unit the command touches,
    /// then sends it acting in the assignment that covers the first of them.
    /// </summary>
    public async Task<RoleAssignment> SendAsync(object command, Permission permission, IReadOnlyList<Guid> touches, AuditNote note, CancellationToken ct = default)
    {
        // Reading is not a licence to write: a command always needs a permission that changes something.
        if (permission is Permission.View)
        {
            throw new AccessDeniedException();
        }

        RoleAssignment? actingAs = null;
        var siteUnit = await SiteUnitAsync(ct);
        foreach (var unit in touches)
        {
            // An offline site writes only inside its own grassroots organisation, whatever role the
            // user holds there: the rest of its tree is the centre's and arrives with the next package.
            if (siteUnit is { } within && !(await directory.TreeAsync(ct: ct)).Latest.IsWithin(unit, within))
            {
                throw new AccessDeniedException();
            }

            var granted = await user.AuthoriseAsync(permission, unit, ct) ?? throw new AccessDeniedException();
            actingAs ??= granted;
        }

        await SendAsync(command, actingAs ?? throw new AccessDeniedException(), note, ct);
        return actingAs;
    }

    public async Task SendAsync(object command, RoleAssignment actingAs, AuditNote note, CancellationToken ct = default)
    {
        MayRecord(actingAs);
        var options = await OptionsAsync(actingAs, note, ct);
        try
        {
            await national.AroundAsync(() => bus.InvokeAsync(command, options, ct));
        }
        catch (Exception e) when (RegisterKeys.Collision(e) is { } taken)
        {
            // Another clerk recorded the same citizen ID, card number or unit code between this
            // command's check and its commit: the same refusal the check would have given.
            throw taken;
        }
    }

    public async Task<T> SendAsync<T>(object command, RoleAssignment actingAs, AuditNote note, CancellationToken ct = default)
    {
        MayRecord(actingAs);
        var options = await OptionsAsync(actingAs, note, ct);
        try
        {
            return await national.AroundAsync(() => bus.InvokeAsync<T>(command, options, ct));
        }
        catch (Exception e) when (RegisterKeys.Collision(e) is { } taken)
        {
            throw taken;
        }
    }

    private async Task<Guid?> SiteUnitAsync(CancellationToken ct)
    {
        if (!site.Offline)
        {
            return null;
        }

        // A site whose unit is not (yet) in its register records nothing rather than everything.
        var tree = (await directory.TreeAsync(ct: ct)).Latest;
        return (string.IsNullOrEmpty(site.UnitCode) ? null : tree.FindActiveByCode(site.UnitCode))?.Id ?? Guid.Empty;
    }

    /// <summary>For the sign-in page: the user is not signed in yet, so the account itself is the actor.</summary>
    /// <summary>A command the account's owner sends for themselves, holding no role for it (their own password).</summary>
    public Task SendAsAccountAsync(object command, UserAccount account, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var options = Traced();
        Add(options, AuditHeaders.UserId, account.Id.ToString());
        Add(options, AuditHeaders.UserName, account.Username);
        Add(options, AuditHeaders.DisplayName, account.DisplayName);
        return bus.InvokeAsync(command, options, ct);
    }

    public Task<T> SendAsAccountAsync<T>(object command, UserAccount account, CancellationToken ct = default)
    {
        var options = Traced();
        Add(options, AuditHeaders.UserId, account.Id.ToString());
        Add(options, AuditHeaders.UserName, account.Username);
        Add(options, AuditHeaders.DisplayName, account.DisplayName);
        return bus.InvokeAsync<T>(command, options, ct);
    }

    /// <summary>
    /// For the handbook app: a member acts for themselves only, holds no role, and is recorded as
    /// "app:{member id}", so the audit trail tells their reports from staff entries.
    /// </summary>
    public Task<T> SendAsMemberAsync<T>(object command, Guid memberId, CancellationToken ct = default) =>
        bus.InvokeAsync<T>(command, AsMember(memberId), ct);

    /// <summary>
    /// What <see cref="SendAsMemberAsync{T}"/> stores on each event of the member's command, for events
    /// written without the bus in a transaction shared with other members' (decision 0031): the user
    /// name and headers the handler's session would take from the envelope (AuditMetadataMiddleware),
    /// and the correlation and causation Wolverine would give it.
    /// </summary>
    public EventAttribution MemberAttribution(Guid memberId)
    {
        var options = AsMember(memberId);
        return new EventAttribution(options.Headers[AuditHeaders.UserName]!, options.CorrelationId, options.CausationId, options.Headers.Where(h => AuditHeaders.All.Contains(h.Key) && !string.IsNullOrEmpty(h.Value)).ToDictionary(h => h.Key, h => h.Value!));
    }

    /// <summary>The province (Marten tenant) of this request, null when provinces are off.</summary>
    public string? TenantId => province.TenantId;

    private DeliveryOptions AsMember(Guid memberId)
    {
        var options = Traced();
        Add(options, AuditHeaders.UserName, "app:" + memberId.ToString("N", System.Globalization.CultureInfo.InvariantCulture));
        return options;
    }

    /// <summary>
    /// Every command from a signed-in user passes here: acting as an auditor records nothing, whichever
    /// page or endpoint sent it (the handlers check the role header again, Domain/Common/AuditMetadataMiddleware).
    /// </summary>
    private static void MayRecord(RoleAssignment? actingAs)
    {
        if (actingAs is null || !Access.MayRecord(actingAs.Role))
        {
            throw new AccessDeniedException();
        }
    }

    private async Task<DeliveryOptions> OptionsAsync(RoleAssignment? actingAs, AuditNote note, CancellationToken ct)
    {
        var principal = http.HttpContext?.User ?? new ClaimsPrincipal();
        var account = await user.AccountAsync(ct);
        var options = Traced();
        Add(options, AuditHeaders.UserId, account?.Id.ToString() ?? principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Add(options, AuditHeaders.UserName, account?.Username ?? principal.Identity?.Name);
        Add(options, AuditHeaders.DisplayName, account?.DisplayName ?? principal.FindFirstValue(ClaimTypes.GivenName));
        if (actingAs is not null)
        {
            Add(options, AuditHeaders.Role, actingAs.Role.ToString());
            Add(options, AuditHeaders.OrganisationId, actingAs.OrganisationId.ToString());
            Add(options, AuditHeaders.OrganisationName, (await directory.FindAsync(actingAs.OrganisationId, ct))?.Name);
        }

        // Refused over the limit, like the procedures' own texts: a reason cut here would be recorded
        // as if the user had written it (the headers used to keep their first 500 characters).
        Add(options, AuditHeaders.Reason, Input.Optional(note.Reason, TextLimits.Reason, "Audit.Reason"));
        Add(options, AuditHeaders.DecisionReference, Input.Optional(note.DecisionReference, TextLimits.Name, "Audit.DecisionReference"));
        return options;
    }

    private DeliveryOptions Traced()
    {
        var context = http.HttpContext;
        return new DeliveryOptions
        {
            // The trace spans the whole user action; the request is what directly caused the command.
            CorrelationId = Activity.Current?.TraceId.ToString() ?? context?.TraceIdentifier,
            CausationId = context is null ? null : $"{context.Request.Method} {context.Request.Path} {context.TraceIdentifier}",
            // The handler's session, its outbox and anything it schedules go to the request's province
            // (decision 0025); null, the single database, when provinces are off.
            TenantId = province.TenantId,
        };
    }

    private static void Add(DeliveryOptions options, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            options.Headers[key] = value;
        }
    }
}
