using EventSourced.Domain.Content;
using EventSourced.Domain.Installs;
using EventSourced.Domain.Members;
using EventSourced.Domain.Organisations;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EventSourced.Web.Tests.Accounts;

/// <summary>
/// The other half of the scope matrix: every change route sent by district staff on an object of
/// their own, with every unit, cell or person the form or body names taken from the other district.
/// Whatever is recorded must stay inside the sender's scope: each event lands on a unit inside it, a
/// member or post of a unit inside it, or a transfer with one end inside it (a transfer's other end
/// may lie anywhere: the receiving side acts on its own unit). A split once founded a unit under the
/// city this way.
/// </summary>
public sealed class ScopeReachTests(ScopeReachTests.Fixture app, ITestOutputHelper output) : IClassFixture<ScopeReachTests.Fixture>
{
    public sealed class Fixture : ScopeMatrixFixture;

    [Theory]
    [InlineData("staff")]
    [InlineData("staff2")]
    public async Task a_change_to_ones_own_object_records_nothing_outside_ones_scope(string username)
    {
        var (own, other) = username == "staff" ? (app.BaDinh, app.HoanKiem) : (app.HoanKiem, app.BaDinh);
        var user = await app.SignInAsync(username);
        var token = await user.AntiforgeryTokenAsync("/");
        var holes = new List<string>();

        // Structural changes are sent on a ward and on the district itself (whose parent is the city);
        // ending a membership or closing a unit goes last, so the procedures before it find the object alive.
        var sends = app.Routes
            .Where(r => r.Method == "POST" && !ScopeMatrixTests.NotInMatrix.ContainsKey(r.Pattern))
            .SelectMany(r => r.Pattern.Contains("organisations/{id", StringComparison.Ordinal) ? new[] { (r, own), (r, own with { Unit = own.Committee }) } : [(r, own)])
            .OrderBy(s => s.r.Pattern.EndsWith("/end", StringComparison.Ordinal) || s.r.Pattern.EndsWith("/dissolve", StringComparison.Ordinal) || s.r.Pattern.EndsWith("/merge", StringComparison.Ordinal));
        foreach (var (route, objects) in sends)
        {
            var url = route.Url(objects, other);
            var before = await LastSequenceAsync();
            var response = await app.SendAsync(user, token, route, url, other, route.RouteObject(objects));
            var what = $"{username} POST {url} → {(int)response.StatusCode} {response.Headers.Location}";
            output.WriteLine(what);
            if ((int)response.StatusCode >= 500)
            {
                holes.Add($"{what}: server error");
            }

            foreach (var escaped in await OutsideAsync(before, own.Committee.OrganisationId))
            {
                holes.Add($"{what}: {escaped}");
            }
        }

        holes.ShouldBeEmpty(string.Join(Environment.NewLine, holes));
    }

    private async Task<long> LastSequenceAsync() => (await app.Store.Advanced.FetchEventStoreStatistics()).EventSequenceNumber;

    /// <summary>Every event recorded after <paramref name="after"/> whose stream lies outside the subtree of <paramref name="scope"/>.</summary>
    private async Task<IReadOnlyList<string>> OutsideAsync(long after, Guid scope)
    {
        await using var session = app.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > after).ToListAsync();
        if (events.Count == 0)
        {
            return [];
        }

        var directory = app.Host.Services.GetRequiredService<OrganisationDirectory>();
        directory.Invalidate();
        var tree = await directory.TreeAsync();
        bool Inside(Guid? unit) => unit is { } id && tree.IsWithin(id, scope);
        var outside = new List<string>();
        foreach (var e in events)
        {
            var inside = e.Data switch
            {
                _ when e.Data.GetType().Namespace == typeof(Organisation).Namespace => Inside(e.StreamId),
                _ when await session.LoadAsync<Member>(e.StreamId) is { } member => Inside(member.CellId),
                _ when await session.LoadAsync<Transfer>(e.StreamId) is { } transfer => Inside(transfer.FromCellId) || Inside(transfer.ToCellId),
                _ when await session.LoadAsync<MemberAppUsage>(e.StreamId) is { } usage => Inside((await session.LoadAsync<Member>(usage.MemberId))?.CellId),
                _ when await session.LoadAsync<Post>(e.StreamId) is { } post => Inside(post.UnitId),
                _ when await session.LoadAsync<EditorialBoard>(e.StreamId) is { } board => Inside(board.UnitId),
                _ when await session.LoadAsync<RolloutTarget>(e.StreamId) is { } target => Inside(target.UnitId),
                _ when await session.LoadAsync<TrainingClass>(e.StreamId) is { } training => Inside(training.UnitId),
                _ => false,
            };
            if (!inside)
            {
                outside.Add($"{e.EventTypeName} on stream {e.StreamId} lies outside the sender's scope");
            }
        }

        return outside;
    }
}
