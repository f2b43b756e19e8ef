using EventSourced.Domain.Organisations;
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
    IStringLocalizer<SharedResource> Text)
{
    /// <summary>
    /// The unit active today under the code typed in <paramref name="field"/>; when none, its error is
    /// added to <paramref name="invalid"/> (beside the field) and the result is null.
    /// </summary>
    public async Task<OrganisationNode?> ActiveUnitAsync(string? code, string field, List<FormError> invalid, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        var tree = await Directory.TreeAsync(ct: ct);
        var unit = string.IsNullOrWhiteSpace(code) ? null : tree.FindActiveByCode(code);
        if (unit is null)
        {
            invalid.Add(Text.Error("Organisation.CodeNotFound", field, code ?? string.Empty));
        }

        return unit;
    }
}
