using Marten;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace EventSourced.Web.Infrastructure;

/// <summary>The services the change pages (organisations, members, transfers) use, injected as one.</summary>
public sealed record PageServices(
    CurrentUser User,
    CommandSender Sender,
    OrganisationDirectory Directory,
    IQuerySession Session,
    IClock Clock,
    IStringLocalizer<SharedResource> Text);
