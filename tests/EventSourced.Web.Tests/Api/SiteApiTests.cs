using System.Net;
using System.Text;
using EventSourced.Domain.Common;
using EventSourced.Domain.Members;
using EventSourced.Domain.Sites;
using EventSourced.Web.Api;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;
using NodaTime;

namespace EventSourced.Web.Tests.Api;

/// <summary>
/// Network sync (decision 0023): the site's machine pushes its batch and pulls its update from the centre
/// host with no staff sign-in, its signature being its credential; what is not signed by an offline
/// site's key is refused and stores nothing.
/// </summary>
public sealed class SiteApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task a_site_pushes_its_batch_and_pulls_its_update_over_the_network_without_a_staff_sign_in()
    {
        var (staff, site, members) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Mạng", "Trần Văn Mạng");
        await site.RecordAsync(members[0], new MemberExempted(new Decision("51-NQ/CB", new LocalDate(2025, 3, 1)), "Tuổi cao", new LocalDate(2025, 3, 1)));
        using var centre = app.Host.Server.CreateClient();

        var pushed = await SiteNetwork.PushAsync(centre, site.Store, site.Key, site.Clock, CancellationToken.None);

        pushed.Receipts.ShouldHaveSingleItem().AppendedEvents.ShouldBe(1);
        (await MemberForm.MemberAsync(app, members[0])).Exempt.ShouldBeTrue();

        await MemberForm.RecordAsync(app, staff, members[1], "exemption", "Exempt", new() { ["DecisionNumber"] = "52-NQ/CB", ["DecisionDate"] = "2025-03-03", ["EffectiveDate"] = "2025-03-03", ["Reason"] = "Ốm" });
        var report = await SiteNetwork.PullAsync(centre, site.Store, site.Key, SystemClock.Instance, CancellationToken.None);

        report.EventsAppended.ShouldBe(1);
        (await site.EventsAsync(members[1]))[^1].Data.ShouldBeOfType<MemberExempted>().Decision.Number.ShouldBe("52-NQ/CB");
    }

    [Fact]
    public async Task a_batch_pushed_again_after_its_answer_was_lost_is_received_once()
    {
        var (_, site, members) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Mất");
        await site.RecordAsync(members[0], new MemberExempted(new Decision("53-NQ/CB", new LocalDate(2025, 3, 1)), "Tuổi cao", new LocalDate(2025, 3, 1)));
        var batch = await site.ExportBatchAsync();
        using var centre = app.Host.Server.CreateClient();

        var pushed = await SiteNetwork.PushAsync(centre, site.Store, site.Key, site.Clock, CancellationToken.None);

        pushed.Receipts.Count.ShouldBe(2, "the batch with no answer first, then the new one");
        pushed.Receipts[0].AppendedEvents.ShouldBe(1);
        (await Post(centre, "/api/sites/batches", batch)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await MemberForm.EventsAsync(app, members[0])).Count(e => e.Data is MemberExempted).ShouldBe(1);
    }

    [Fact]
    public async Task a_batch_pushed_twice_at_the_same_moment_is_appended_once()
    {
        var (_, site, members) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Kép");
        await site.RecordAsync(members[0], new MemberExempted(new Decision("56-NQ/CB", new LocalDate(2025, 3, 1)), "Tuổi cao", new LocalDate(2025, 3, 1)));
        var batch = await site.ExportBatchAsync();
        using var centre = app.Host.Server.CreateClient();
        var before = (await MemberForm.MemberAsync(app, members[0])).Version;

        var answers = await AtTheSameMoment.SendAllAsync([() => Post(centre, "/api/sites/batches", batch), () => Post(centre, "/api/sites/batches", batch)]);

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK);
        (await MemberForm.MemberAsync(app, members[0])).Version.ShouldBe(before + 1);
    }

    [Fact]
    public async Task a_tampered_or_unsigned_batch_pushed_over_the_network_is_refused_and_stores_nothing()
    {
        var (_, site, members) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Giả");
        await site.RecordAsync(members[0], new MemberExempted(new Decision("54-NQ/CB", new LocalDate(2025, 3, 1)), "Tuổi cao", new LocalDate(2025, 3, 1)));
        var batch = await site.ExportBatchAsync();
        using var centre = app.Host.Server.CreateClient();
        var events = await app.EventCountAsync();

        var tampered = await Post(centre, "/api/sites/batches", batch.Replace("54-NQ/CB", "55-NQ/CB", StringComparison.Ordinal));
        var unsigned = await Post(centre, "/api/sites/batches", SiteSigning.Write(SiteSigning.Read(batch)! with { Signature = string.Empty }));
        var garbage = await Post(centre, "/api/sites/batches", "{\"not\":\"a site file\"}");

        tampered.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await tampered.Content.ReadAsStringAsync()).ShouldContain(SiteFileRefusals.SignatureInvalid);
        unsigned.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        garbage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task an_update_request_not_signed_by_the_site_or_played_again_later_is_refused()
    {
        var (_, site, _) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Hỏi");
        using var centre = app.Host.Server.CreateClient();
        var unit = site.Unit.OrganisationId;
        var stale = SiteSigning.Sign(SiteFileKind.UpdateRequest, unit, new SiteUpdateRequest(unit, SystemClock.Instance.GetCurrentInstant() - Duration.FromHours(1)), site.Key);
        var forged = SiteSigning.Sign(SiteFileKind.UpdateRequest, unit, new SiteUpdateRequest(unit, SystemClock.Instance.GetCurrentInstant()), new byte[32]);
        var events = await app.EventCountAsync();

        var late = await Post(centre, "/api/sites/updates", SiteSigning.Write(stale));
        var foreign = await Post(centre, "/api/sites/updates", SiteSigning.Write(forged));

        late.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await late.Content.ReadAsStringAsync()).ShouldContain(SiteFileRefusals.RequestExpired);
        foreign.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await foreign.Content.ReadAsStringAsync()).ShouldContain(SiteFileRefusals.SignatureInvalid);
        (await app.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task a_batch_signed_with_a_sites_key_admitting_into_another_districts_cell_starts_no_member_and_claims_no_citizen_id()
    {
        var (_, site, _) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Biên");
        var stranger = Guid.NewGuid();
        var citizenId = "001090" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var elsewhere = DemoUnits.CellUnder(DemoUnits.GrassrootsUnder(DemoUnits.HoanKiem)).OrganisationId;
        var admitted = new MemberAdmitted(stranger, new MemberProfile("LÊ VĂN NGOÀI", Sex.Male, new LocalDate(1990, 1, 1), CitizenId: citizenId), elsewhere, new Decision("1-QĐ/ĐU", new LocalDate(2025, 3, 1)), new LocalDate(2025, 3, 1));
        var died = Guid.NewGuid();
        using var centre = app.Host.Server.CreateClient();

        var answer = await Post(centre, "/api/sites/batches", await SignedBatchAsync(site, (stranger, 0, [admitted]), (died, 0, [new MemberDied(new LocalDate(2025, 3, 1))])));

        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(stranger)).ShouldBeNull("a site key signs for the site's own units only");
        (await session.Events.FetchStreamStateAsync(died)).ShouldBeNull("a new record starts with an admission or an arrival");
        (await session.LoadAsync<RegisterKey>(RegisterKeys.CitizenId(citizenId)!)).ShouldBeNull();
        var conflicts = (await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId)).Conflicts;
        conflicts.Single(c => c.StreamId == stranger).Reason.ShouldBe(SiteConflictReasons.OutsideSite);
        conflicts.Single(c => c.StreamId == died).Reason.ShouldBe(SiteConflictReasons.OutsideSite);
    }

    [Fact]
    public async Task a_signed_batch_that_is_malformed_is_refused_with_its_reason_and_stores_nothing()
    {
        var (_, site, members) = await OfflineSite.SetUpAsync(app, "Nguyễn Văn Hỏng");
        var member = members[0];
        var version = (await MemberForm.MemberAsync(app, member)).Version;
        var exempted = new MemberExempted(new Decision("57-NQ/CB", new LocalDate(2025, 3, 1)), "Tuổi cao", new LocalDate(2025, 3, 1));
        var package = (await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId)).PackageId!.Value;
        string Signed(params SiteStreamChange[] changes) =>
            SiteSigning.Write(SiteSigning.Sign(SiteFileKind.Batch, site.Unit.OrganisationId, new SyncBatch(Guid.NewGuid(), site.Unit.OrganisationId, package, SystemClock.Instance.GetCurrentInstant(), changes), site.Key));
        var once = new SiteStreamChange(member, version, [Portable(exempted, version + 1)]);
        var wrongShape = new SiteStreamChange(member, version, [Portable(exempted, version + 1) with { Data = System.Text.Json.JsonSerializer.SerializeToElement(new { decision = "not a decision", effectiveDate = "yesterday" }) }]);
        var aggregate = new SiteStreamChange(member, version, [Portable(exempted, version + 1) with { Type = PortableEvents.TypeName(typeof(Member)) }]);
        // The site's own unit: a stream the centre holds, but no member's.
        var onAUnit = new SiteStreamChange(site.Unit.OrganisationId, 0, [Portable(new MemberAdmitted(site.Unit.OrganisationId, new MemberProfile("LÊ VĂN ĐƠN VỊ", Sex.Male, new LocalDate(1990, 1, 1)), DemoUnits.CellUnder(site.Unit).OrganisationId, new Decision("2-QĐ", new LocalDate(2025, 3, 1)), new LocalDate(2025, 3, 1)), 1)]);
        using var centre = app.Host.Server.CreateClient();
        var events = await app.EventCountAsync();
        var batches = (await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId)).BatchesReceived;

        var twice = await Post(centre, "/api/sites/batches", Signed(once, once));
        var shape = await Post(centre, "/api/sites/batches", Signed(wrongShape));
        var notAnEvent = await Post(centre, "/api/sites/batches", Signed(aggregate));
        var unit = await Post(centre, "/api/sites/batches", Signed(onAUnit));

        foreach (var (answer, code) in new[] { (twice, SiteFileRefusals.Malformed), (shape, SiteFileRefusals.Malformed), (notAnEvent, SiteFileRefusals.EventNotAllowed), (unit, SiteFileRefusals.EventNotAllowed) })
        {
            var body = await answer.Content.ReadAsStringAsync();
            answer.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity, body);
            body.ShouldContain($"\"code\":\"{code}\"");
        }

        (await app.EventCountAsync()).ShouldBe(events);
        (await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId)).BatchesReceived.ShouldBe(batches);
    }

    [Fact]
    public async Task a_body_over_the_limit_is_refused_with_413_before_it_is_read_declared_or_not()
    {
        using var centre = app.Host.Server.CreateClient();
        var events = await app.EventCountAsync();
        var declared = new ByteArrayContent(new byte[SiteApi.MaxBatchBytes + 1]);
        declared.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        // No length declared (chunked): refused as soon as the body passes the limit.
        var chunked = new StreamContent(new UnboundedStream());
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var large = await centre.PostAsync(new Uri("/api/sites/batches", UriKind.Relative), declared);
        var endless = await centre.PostAsync(new Uri("/api/sites/batches", UriKind.Relative), chunked);
        var request = await centre.PostAsync(new Uri("/api/sites/updates", UriKind.Relative), new StringContent(new string(' ', (int)SiteApi.MaxUpdateRequestBytes + 1), Encoding.UTF8, "application/json"));

        large.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await large.Content.ReadAsStringAsync()).ShouldContain("Site.TooLarge");
        endless.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        request.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await app.EventCountAsync()).ShouldBe(events);
    }

    /// <summary>A body that never ends, of spaces, with no length: the server must stop reading it.</summary>
    private sealed class UnboundedStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)' ', offset, count);
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A batch built by hand and signed with the site's key, standing on the site's package: what a stolen key can send.</summary>
    private async Task<string> SignedBatchAsync(OfflineSite site, params (Guid Stream, long BaseVersion, object[] Events)[] streams)
    {
        var package = (await OfflineSite.AtCentreAsync(app, site.Unit.OrganisationId)).PackageId!.Value;
        var changes = streams.Select(s => new SiteStreamChange(s.Stream, s.BaseVersion, [.. s.Events.Select((e, i) => Portable(e, s.BaseVersion + 1 + i))])).ToList();
        var batch = new SyncBatch(Guid.NewGuid(), site.Unit.OrganisationId, package, SystemClock.Instance.GetCurrentInstant(), changes);
        return SiteSigning.Write(SiteSigning.Sign(SiteFileKind.Batch, site.Unit.OrganisationId, batch, site.Key));
    }

    private static PortableEvent Portable(object e, long version) =>
        new(PortableEvents.TypeName(e.GetType()), System.Text.Json.JsonSerializer.SerializeToElement(e, e.GetType(), PortableEvents.Json), version, SystemClock.Instance.GetCurrentInstant(), "site-clerk", new Dictionary<string, string>());

    private static Task<HttpResponseMessage> Post(HttpClient centre, string url, string body) =>
        centre.PostAsync(new Uri(url, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
}
