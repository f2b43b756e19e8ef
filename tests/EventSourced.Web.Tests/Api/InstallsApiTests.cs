using System.Net;
using System.Net.Http.Json;
using System.Text;
using EventSourced.Domain.Installs;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourced.Web.Tests.Api;

/// <summary>
/// The app reports install events over HTTP: one or a batch, retries counted once, malformed or
/// refused payloads answered 400 with nothing stored, and never on the member's own stream. Reports
/// older than the window are refused one by one, a member's requests are limited per minute, and the
/// member's usage record stays bounded. The clock starts at 2 March 2025, five requests a minute.
/// </summary>
public sealed class InstallsApiTests(InstallsApiTests.Fixture app) : IClassFixture<InstallsApiTests.Fixture>
{
    public const int RequestsPerMinute = 5;

    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-03-02T00:00:00Z";

        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Installs:RequestsPerMinute"] = RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public async Task one_event_or_a_batch_is_stored_and_a_retry_is_counted_once()
    {
        var member = await AppMember.CreateAsync(app, "Vũ Thị Cài", "001190000201");
        using var client = member.Client(app);
        var installed = Event("Installed", "2025-03-01T08:00:00Z");
        var activated = Event("Activated", "2025-03-01T08:05:00Z");

        var single = await client.PostAsJsonAsync("/api/app/installs", installed, WebSession.Json);
        var batch = await client.PostAsJsonAsync("/api/app/installs", new[] { installed, activated, activated }, WebSession.Json);
        var retry = await client.PostAsJsonAsync("/api/app/installs", new[] { installed, activated }, WebSession.Json);

        (await single.Content.ReadAsStringAsync()).ShouldContain("\"stored\":1");
        (await batch.Content.ReadAsStringAsync()).ShouldContain("\"stored\":1");
        (await retry.Content.ReadAsStringAsync()).ShouldContain("\"stored\":0");
        await using var session = app.Store.QuerySession();
        var stream = await session.Events.FetchStreamAsync(MemberAppUsage.StreamIdFor(member.Id));
        stream.Select(e => ((AppInstallReported)e.Data).Kind).ShouldBe([AppInstallEventKind.Installed, AppInstallEventKind.Activated]);
        // The member's own stream is untouched: staff forms on the member do not go stale.
        (await session.Events.FetchStreamStateAsync(member.Id))!.Version.ShouldBe(2);
    }

    [Fact]
    public async Task an_uninstall_on_one_device_leaves_the_member_installed_while_another_device_has_the_app()
    {
        var member = await AppMember.CreateAsync(app, "Lò Văn Hai", "001090000231", signInThroughApi: false);
        using var client = member.Client(app);
        var batch = new[]
        {
            Event("Activated", "2025-03-01T01:00:00Z", device: "phone"),
            Event("Activated", "2025-03-01T02:00:00Z", device: "tablet"),
            Event("Uninstalled", "2025-03-01T03:00:00Z", device: "phone"),
        };

        (await client.PostAsJsonAsync("/api/app/installs", batch, WebSession.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var page = await (await app.SignInAsync("staff")).GetTextAsync($"/members/{member.Id}/app-usage");
        page.ShouldContain($"data-testid=\"installed-now\">{Texts.Vi("Common.Yes")}<");
        await using var session = app.Store.QuerySession();
        (await session.LoadAsync<MemberAppUsage>(MemberAppUsage.StreamIdFor(member.Id)))!.Reports.Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b11\",\"kind\":\"Exploded\",\"deviceId\":\"d\",\"platform\":\"android\",\"appVersion\":\"1.0\",\"occurredAt\":\"2025-03-01T08:00:00Z\"}]")]
    [InlineData("[{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b12\",\"kind\":\"Activated\",\"platform\":\"android\",\"appVersion\":\"1.0\",\"occurredAt\":\"2025-03-01T08:00:00Z\"}]")]
    [InlineData("[{\"eventId\":\"6f1c1b6e-9c4e-4f0e-8a53-2d3c9b2f0b13\",\"kind\":\"Activated\",\"deviceId\":\"d\",\"platform\":\"android\",\"appVersion\":\"1.0\",\"occurredAt\":\"2099-01-01T00:00:00Z\"}]")]
    [InlineData("[]")]
    [InlineData("42")]
    public async Task malformed_or_refused_payloads_get_400_and_nothing_is_stored(string body)
    {
        var member = await AppMember.CreateAsync(app, "Lý Văn Lỗi", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"001090000{Interlocked.Increment(ref _serial):D3}"));
        using var client = member.Client(app);

        var response = await client.PostAsync(new Uri("/api/app/installs", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(MemberAppUsage.StreamIdFor(member.Id))).ShouldBeNull();
    }

    private static int _serial = 300;

    [Fact]
    public async Task reports_without_a_member_token_are_refused()
    {
        var anonymous = await new WebSession(app.Host).PostJsonAsync("/api/app/installs", Event("Activated", "2025-03-01T08:00:00Z"));
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_report_from_before_the_window_is_refused_with_its_reason_and_the_rest_of_the_batch_is_stored()
    {
        var member = await AppMember.CreateAsync(app, "Đỗ Văn Cũ", "001090000221", signInThroughApi: false);
        using var client = member.Client(app);
        var lastYearId = Guid.NewGuid();
        var lastYear = Event("Activated", "2024-03-01T08:00:00Z", lastYearId);
        var yesterday = Event("SignedIn", "2025-03-01T08:00:00Z");

        var response = await client.PostAsJsonAsync("/api/app/installs", new[] { lastYear, yesterday }, WebSession.Json);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        using var answer = System.Text.Json.JsonDocument.Parse(body);
        answer.RootElement.GetProperty("stored").GetInt32().ShouldBe(1);
        var refused = answer.RootElement.GetProperty("refused").EnumerateArray().ShouldHaveSingleItem();
        refused.GetProperty("eventId").GetGuid().ShouldBe(lastYearId);
        refused.GetProperty("code").GetString().ShouldBe("Install.OccurredTooLongAgo");
        refused.GetProperty("reason").GetString().ShouldNotBeNullOrWhiteSpace();
        await using var session = app.Store.QuerySession();
        var stream = await session.Events.FetchStreamAsync(MemberAppUsage.StreamIdFor(member.Id));
        stream.Select(e => ((AppInstallReported)e.Data).Kind).ShouldBe([AppInstallEventKind.SignedIn]);
    }

    [Fact]
    public async Task reports_from_made_up_devices_past_a_members_devices_are_refused_on_their_own_and_the_record_stays_small()
    {
        var member = await AppMember.CreateAsync(app, "Lâm Văn Máy", "001090000291", signInThroughApi: false);
        using var client = member.Client(app);
        var batch = Enumerable.Range(0, 200).Select(i => Event("Activated", "2025-03-01T08:00:00Z", device: $"fake-{i}")).ToArray();

        var response = await client.PostAsJsonAsync("/api/app/installs", batch, WebSession.Json);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        using var answer = System.Text.Json.JsonDocument.Parse(body);
        answer.RootElement.GetProperty("stored").GetInt32().ShouldBe(ReportAppInstallEventsHandler.MaxDevices);
        var refused = answer.RootElement.GetProperty("refused").EnumerateArray().ToList();
        refused.Count.ShouldBe(200 - ReportAppInstallEventsHandler.MaxDevices);
        refused.ShouldAllBe(r => r.GetProperty("code").GetString() == ReportAppInstallEventsHandler.TooManyDevices);
        await using var session = app.Store.QuerySession();
        (await session.LoadAsync<MemberAppUsage>(MemberAppUsage.StreamIdFor(member.Id)))!.Reports.Count.ShouldBe(ReportAppInstallEventsHandler.MaxDevices);
    }

    [Fact]
    public async Task two_batches_of_new_devices_sent_at_once_stay_within_a_members_devices()
    {
        var member = await AppMember.CreateAsync(app, "Lâm Thị Hai Máy", "001190000292", signInThroughApi: false);
        using var one = member.Client(app);
        using var two = member.Client(app);
        object[] Batch(string prefix) => [.. Enumerable.Range(0, 8).Select(i => Event("Activated", "2025-03-01T08:00:00Z", device: $"{prefix}-{i}"))];

        var answers = await Task.WhenAll(
            one.PostAsJsonAsync("/api/app/installs", Batch("a"), WebSession.Json),
            two.PostAsJsonAsync("/api/app/installs", Batch("b"), WebSession.Json));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK);
        await using var session = app.Store.QuerySession();
        var usage = (await session.LoadAsync<MemberAppUsage>(MemberAppUsage.StreamIdFor(member.Id)))!;
        usage.Reports.Select(r => r.DeviceId).Distinct().Count().ShouldBe(ReportAppInstallEventsHandler.MaxDevices);
    }

    [Fact]
    public async Task a_member_over_the_requests_a_minute_gets_429_with_retry_after_and_other_members_do_not()
    {
        var busy = await AppMember.CreateAsync(app, "Phan Văn Vội", "001090000222", signInThroughApi: false);
        var calm = await AppMember.CreateAsync(app, "Phan Thị Thong", "001190000223", signInThroughApi: false);
        using var busyClient = busy.Client(app);
        using var calmClient = calm.Client(app);

        // Twice the limit and one: even if a minute's window turns over midway, one request is over it.
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < (2 * RequestsPerMinute) + 1; i++)
        {
            answers.Add(await busyClient.PostAsJsonAsync("/api/app/installs", Event("SignedIn", "2025-03-01T08:00:00Z"), WebSession.Json));
        }

        answers.Take(RequestsPerMinute).ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        var limited = answers.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        (await calmClient.PostAsJsonAsync("/api/app/installs", Event("SignedIn", "2025-03-01T08:00:00Z"), WebSession.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_retry_after_thousands_of_reports_is_counted_once_and_the_usage_record_stays_small()
    {
        var member = await AppMember.CreateAsync(app, "Hà Văn Nhiều", "001090000224", signInThroughApi: false);
        using var client = member.Client(app);
        var start = new DateTimeOffset(2025, 2, 20, 0, 0, 0, TimeSpan.Zero);
        var batches = Enumerable.Range(0, 4)
            .Select(b => Enumerable.Range(0, ReportAppInstallEventsHandler.MaxBatch)
                .Select(i => Event(i % 2 == 0 ? "SignedIn" : "Installed", start.AddMinutes((b * ReportAppInstallEventsHandler.MaxBatch) + i).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)))
                .ToArray())
            .ToList();

        foreach (var batch in batches)
        {
            var response = await client.PostAsJsonAsync("/api/app/installs", batch, WebSession.Json);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        // The first batch, 3,000 reports back: a record keeping the latest 2,000 ids had forgotten it.
        var retry = await client.PostAsJsonAsync("/api/app/installs", batches[0], WebSession.Json);

        (await retry.Content.ReadAsStringAsync()).ShouldContain("\"stored\":0");
        await using var session = app.Store.QuerySession();
        var usage = (await session.LoadAsync<MemberAppUsage>(MemberAppUsage.StreamIdFor(member.Id)))!;
        // 4,000 reports over four days in Hanoi: one sign-in and one install a day are what the figures read.
        usage.Reports.Count.ShouldBeLessThanOrEqualTo(8);
        (await session.Events.FetchStreamStateAsync(MemberAppUsage.StreamIdFor(member.Id)))!.Version.ShouldBe(4 * ReportAppInstallEventsHandler.MaxBatch);
        // Eight reports and no ids: the record keeping the latest 2,000 ids was over 100 KB here.
        var size = await session.QueryAsync<int>("select octet_length(data::text) from mt_doc_memberappusage where id = ?", MemberAppUsage.StreamIdFor(member.Id));
        size.ShouldHaveSingleItem().ShouldBeLessThan(4_000);
    }

    [Fact]
    public async Task a_second_copy_of_a_stored_report_is_refused_by_the_event_store_even_past_the_check()
    {
        // What a second node writing the same report at the same moment would do, its check having found nothing.
        var member = await AppMember.CreateAsync(app, "Hà Văn Chép", "001090000227", signInThroughApi: false);
        using var client = member.Client(app);
        var activated = Event("Activated", "2025-03-01T07:00:00Z");
        (await (await client.PostAsJsonAsync("/api/app/installs", activated, WebSession.Json)).Content.ReadAsStringAsync()).ShouldContain("\"stored\":1");
        await using var read = app.Store.QuerySession();
        var stored = (await read.Events.FetchStreamAsync(MemberAppUsage.StreamIdFor(member.Id))).ShouldHaveSingleItem();
        stored.Id.ShouldBe(AppInstallReported.StoredIdFor(member.Id, ((AppInstallReported)stored.Data).EventId));

        await using var session = app.Store.LightweightSession();
        var copy = session.Events.Append(MemberAppUsage.StreamIdFor(member.Id), stored.Data);
        foreach (var e in copy.Events)
        {
            e.Id = stored.Id;
        }

        var refused = await Should.ThrowAsync<Exception>(() => session.SaveChangesAsync());
        ReportAppInstallEventsHandler.IsSecondCopy(refused).ShouldBeTrue(refused.ToString());
        (await read.Events.FetchStreamAsync(MemberAppUsage.StreamIdFor(member.Id))).Count.ShouldBe(1);
    }

    [Fact]
    public async Task the_same_batch_sent_twice_at_the_same_moment_is_stored_once()
    {
        var member = await AppMember.CreateAsync(app, "Tạ Văn Đôi", "001090000225", signInThroughApi: false);
        using var first = member.Client(app);
        using var second = member.Client(app);
        var batch = new[] { Event("Activated", "2025-03-01T08:00:00Z"), Event("SignedIn", "2025-03-01T09:00:00Z") };

        var answers = await Task.WhenAll(
            first.PostAsJsonAsync("/api/app/installs", batch, WebSession.Json),
            second.PostAsJsonAsync("/api/app/installs", batch, WebSession.Json));

        foreach (var answer in answers)
        {
            ((int)answer.StatusCode).ShouldBeLessThan(500, await answer.Content.ReadAsStringAsync());
        }

        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(MemberAppUsage.StreamIdFor(member.Id))).Count.ShouldBe(2);
    }

    [Fact]
    public async Task one_event_sent_twice_at_the_same_moment_after_earlier_reports_is_stored_once()
    {
        // The usage stream exists already, so the two requests race on its version rather than its creation.
        var member = await AppMember.CreateAsync(app, "Tạ Văn Một", "001090000226", signInThroughApi: false);
        using var first = member.Client(app);
        using var second = member.Client(app);
        (await first.PostAsJsonAsync("/api/app/installs", Event("Activated", "2025-03-01T07:00:00Z"), WebSession.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = Event("SignedIn", "2025-03-01T08:00:00Z");

        var answers = await Task.WhenAll(
            first.PostAsJsonAsync("/api/app/installs", again, WebSession.Json),
            second.PostAsJsonAsync("/api/app/installs", again, WebSession.Json));

        var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK);
        bodies.Count(b => b.Contains("\"stored\":1", StringComparison.Ordinal)).ShouldBe(1);
        bodies.Count(b => b.Contains("\"stored\":0", StringComparison.Ordinal)).ShouldBe(1);
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(MemberAppUsage.StreamIdFor(member.Id))).Count.ShouldBe(2);
    }

    [Fact]
    public async Task reports_of_several_members_sent_at_once_are_stored_together_each_with_its_own_reporter()
    {
        var members = await MembersAsync(8, "Nhóm");
        // The same member's record review goes through the bus, as every report did before group commit:
        // its events must carry the same user name and headers as the grouped install report.
        await members[0].ReportAsync(app, Domain.Members.RecordReviews.RecordField.Phone, "0987 000 240");

        var grouped = await UntilGroupedAsync(async round =>
        {
            var answers = await AtOnceAsync(members.Select(m => (m, Event("SignedIn", $"2025-03-01T0{round}:00:00Z"))).ToList());
            answers.ShouldAllBe(a => a.Status == HttpStatusCode.OK && a.Body.Contains("\"stored\":1", StringComparison.Ordinal));
        });

        grouped.ShouldBeTrue("eight reports sent at once were never written in one transaction");
        await using var session = app.Store.QuerySession();
        foreach (var member in members)
        {
            var user = "app:" + member.Id.ToString("N");
            foreach (var e in await session.Events.FetchStreamAsync(MemberAppUsage.StreamIdFor(member.Id)))
            {
                e.UserName.ShouldBe(user);
                Domain.Common.AuditEntry.From(e).RecordedBy.UserName.ShouldBe(user);
                e.CorrelationId.ShouldNotBeNullOrEmpty();
                e.CausationId.ShouldNotBeNull().ShouldStartWith("POST /api/app/installs ");
            }
        }

        var byBus = await session.Events.QueryAllRawEvents().Where(e => e.UserName == "app:" + members[0].Id.ToString("N")).ToListAsync();
        var review = byBus.First(e => e.Data is not AppInstallReported);
        var install = byBus.First(e => e.Data is AppInstallReported);
        Headers(install).ShouldBe(Headers(review));
        review.CausationId.ShouldNotBeNull().ShouldStartWith("POST /api/app/me/reports ");
        install.CorrelationId.ShouldNotBe(review.CorrelationId);
    }

    [Fact]
    public async Task a_retry_in_a_group_is_answered_as_already_stored_and_stored_once()
    {
        var members = await MembersAsync(6, "Lặp");
        var retried = Event("Activated", "2025-03-01T07:00:00Z");
        (await AtOnceAsync([(members[0], retried)])).ShouldHaveSingleItem().Body.ShouldContain("\"stored\":1");

        var grouped = await UntilGroupedAsync(async round =>
        {
            var answers = await AtOnceAsync(members.Select((m, i) => (m, i == 0 ? retried : Event("SignedIn", $"2025-03-01T0{round}:00:00Z"))).ToList());
            answers.ShouldAllBe(a => a.Status == HttpStatusCode.OK);
            answers[0].Body.ShouldContain("\"stored\":0");
            answers.Skip(1).ShouldAllBe(a => a.Body.Contains("\"stored\":1", StringComparison.Ordinal));
        });

        grouped.ShouldBeTrue();
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(MemberAppUsage.StreamIdFor(members[0].Id))).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_report_refused_in_a_group_does_not_lose_the_others()
    {
        var members = await MembersAsync(6, "Hỏng");

        var grouped = await UntilGroupedAsync(async round =>
        {
            var answers = await AtOnceAsync(members.Select((m, i) => (m, Event("SignedIn", i == 0 ? "2099-01-01T00:00:00Z" : $"2025-03-01T0{round}:00:00Z"))).ToList());
            answers[0].Status.ShouldBe(HttpStatusCode.BadRequest);
            answers[0].Body.ShouldContain("Install.OccurredInFuture");
            answers.Skip(1).ShouldAllBe(a => a.Status == HttpStatusCode.OK && a.Body.Contains("\"stored\":1", StringComparison.Ordinal));
        });

        grouped.ShouldBeTrue();
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(MemberAppUsage.StreamIdFor(members[0].Id))).ShouldBeNull();
        foreach (var member in members.Skip(1))
        {
            (await session.Events.FetchStreamAsync(MemberAppUsage.StreamIdFor(member.Id))).Count.ShouldBeGreaterThanOrEqualTo(1);
        }
    }

    [Fact]
    public async Task a_revoked_credential_is_answered_401_and_stores_nothing_alone_or_in_a_group()
    {
        var members = await MembersAsync(6, "Thu Hồi");
        await RevokeAsync(members[0]);

        using (var client = members[0].Client(app))
        {
            (await client.PostAsJsonAsync("/api/app/installs", Event("Installed", "2025-03-01T08:00:00Z"), WebSession.Json)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        // The credential is checked in the group's own transaction (decision 0039): the revoked member's
        // report is refused there alone, and the others of the group are written.
        var grouped = await UntilGroupedAsync(async round =>
        {
            var answers = await AtOnceAsync(members.Select(m => (m, Event("SignedIn", $"2025-03-01T0{round}:00:00Z"))).ToList());
            answers[0].Status.ShouldBe(HttpStatusCode.Unauthorized);
            answers[0].Body.ShouldBeEmpty();
            answers.Skip(1).ShouldAllBe(a => a.Status == HttpStatusCode.OK && a.Body.Contains("\"stored\":1", StringComparison.Ordinal));
        });

        grouped.ShouldBeTrue();
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamStateAsync(MemberAppUsage.StreamIdFor(members[0].Id))).ShouldBeNull();
    }

    [Fact]
    public async Task a_report_sent_at_the_same_moment_as_its_credential_is_revoked_is_answered_as_it_was_stored()
    {
        var member = (await MembersAsync(1, "Cùng Lúc"))[0];

        // The report's group reads the credential in its own transaction: whichever commits first, the
        // answer says what the store holds (200 and the event, or 401 and nothing), never a server error.
        var report = AtOnceAsync([(member, Event("Installed", "2025-03-01T08:00:00Z"))]);
        await Task.WhenAll(report, RevokeAsync(member));

        var answer = (await report).ShouldHaveSingleItem();
        await using var session = app.Store.QuerySession();
        var stored = await session.Events.FetchStreamStateAsync(MemberAppUsage.StreamIdFor(member.Id));
        if (answer.Status == HttpStatusCode.OK)
        {
            answer.Body.ShouldContain("\"stored\":1");
            stored.ShouldNotBeNull().Version.ShouldBe(1);
        }
        else
        {
            answer.Status.ShouldBe(HttpStatusCode.Unauthorized);
            stored.ShouldBeNull();
        }

        // Once the revocation is stored, the next report is refused whichever way the first one went.
        (await AtOnceAsync([(member, Event("SignedIn", "2025-03-01T09:00:00Z"))])).ShouldHaveSingleItem().Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_token_of_a_credential_replaced_by_a_new_one_is_answered_401_and_the_new_one_reports()
    {
        var member = (await MembersAsync(1, "Cấp Lại"))[0];
        var staff = await app.SignInAsync("staff");
        var accessId = Guid.NewGuid();
        var granted = await staff.PostFormAsync($"/members/{member.Id}/app", $"/members/{member.Id}/app?handler=Grant", new Dictionary<string, string> { ["ExpectedVersion"] = "2", ["AccessId"] = accessId.ToString() });
        granted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var protection = app.Host.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>();
        var renewed = member with { Token = EventSourced.Web.Api.MemberAppAuthentication.IssueToken(protection, member.Id, accessId, DateTimeOffset.UtcNow.AddMinutes(5)) };

        var old = await AtOnceAsync([(member, Event("Installed", "2025-03-01T08:00:00Z"))]);
        var now = await AtOnceAsync([(renewed, Event("Installed", "2025-03-01T08:00:00Z"))]);

        old.ShouldHaveSingleItem().Status.ShouldBe(HttpStatusCode.Unauthorized);
        now.ShouldHaveSingleItem().Body.ShouldContain("\"stored\":1");
        await using var session = app.Store.QuerySession();
        (await session.Events.FetchStreamAsync(MemberAppUsage.StreamIdFor(member.Id))).Count.ShouldBe(1);
    }

    [Fact]
    public void the_report_endpoint_checks_the_credential_where_it_writes_and_logs_its_successes_quietly()
    {
        var endpoints = app.Host.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints.OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>();
        var installs = endpoints.Single(e => e.RoutePattern.RawText == "/api/app/installs");
        var me = endpoints.Single(e => e.RoutePattern.RawText == "/api/app/me");

        installs.Metadata.GetMetadata<EventSourced.Web.Api.MemberAppAuthentication.CredentialCheckedOnWrite>().ShouldNotBeNull();
        installs.Metadata.GetMetadata<EventSourced.Web.Infrastructure.RequestLog.Frequent>().ShouldNotBeNull();
        // Every other app endpoint is refused at authentication when the credential is not active.
        me.Metadata.GetMetadata<EventSourced.Web.Api.MemberAppAuthentication.CredentialCheckedOnWrite>().ShouldBeNull();
    }

    [Fact]
    public async Task a_groups_reads_in_one_batch_answer_as_the_queries_alone_do()
    {
        // The group reads its members' usage, the reports already stored and the credentials in one round
        // trip (decision 0044): the batched reads must answer exactly as the queries on their own.
        var members = await MembersAsync(3, "Một Lượt");
        await RevokeAsync(members[1]);
        var storedId = Guid.NewGuid();
        using (var client = members[0].Client(app))
        {
            (await client.PostAsJsonAsync("/api/app/installs", Event("Installed", "2025-03-01T08:00:00Z", storedId), WebSession.Json)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var notOnRegister = Guid.NewGuid();
        var reported = new AppInstallEventReport(storedId, AppInstallEventKind.Installed, "device-1", "android", "2.3.0", NodaTime.Instant.FromUtc(2025, 3, 1, 8, 0));
        var fresh = reported with { EventId = Guid.NewGuid() };
        List<ReportAppInstallEvents> commands =
        [
            new(members[0].Id, [reported, fresh]),
            new(members[1].Id, [reported]),
            new(members[2].Id, [fresh]),
            new(notOnRegister, [reported]),
        ];
        List<Guid> ids = [.. commands.Select(c => c.MemberId)];

        await using var session = app.Store.QuerySession();
        var stored = await ReportAppInstallEventsHandler.AlreadyStoredAsync(session, commands, default);
        var credentials = await Domain.Members.AppAccessHandler.ActiveCredentialsAsync(session, ids, default);
        var batch = session.CreateBatchQuery();
        var storedRead = ReportAppInstallEventsHandler.AlreadyStoredAsync(batch, session, commands);
        var credentialsRead = Domain.Members.AppAccessHandler.ActiveCredentialsAsync(batch, session, ids);
        var emptyRead = ReportAppInstallEventsHandler.AlreadyStoredAsync(batch, session, []);
        await batch.Execute();

        // Only the first member's report is stored, under its own member: the same app id of another member is not.
        stored.Keys.ShouldBe([members[0].Id]);
        stored[members[0].Id].ShouldBe([storedId]);
        (await storedRead).SelectMany(p => p.Value.Select(id => (p.Key, id))).Order().ShouldBe(stored.SelectMany(p => p.Value.Select(id => (p.Key, id))).Order());
        (await emptyRead).ShouldBeEmpty();

        // A member not on the register is left out; the revoked one has no active credential.
        credentials.Keys.Order().ShouldBe(members.Select(m => m.Id).Order());
        credentials[members[0].Id].ShouldNotBeNull();
        credentials[members[1].Id].ShouldBeNull();
        (await credentialsRead).OrderBy(p => p.Key).ShouldBe(credentials.OrderBy(p => p.Key));
    }

    /// <summary>Staff revoke the member's active credential through the member's app page.</summary>
    private async Task RevokeAsync(AppMember member)
    {
        var staff = await app.SignInAsync("staff");
        await using var query = app.Store.QuerySession();
        var record = (await query.LoadAsync<Domain.Members.Member>(member.Id))!;
        var revoked = await staff.PostFormAsync($"/members/{member.Id}/app", $"/members/{member.Id}/app?handler=Revoke", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = record.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AccessId"] = record.ActiveAppAccess!.Id.ToString(),
        });
        revoked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    private async Task<List<AppMember>> MembersAsync(int count, string name)
    {
        var members = new List<AppMember>();
        for (var i = 0; i < count; i++)
        {
            var citizenId = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"001090000{Interlocked.Increment(ref _serial):D3}");
            members.Add(await AppMember.CreateAsync(app, $"Lê Văn {name} {i + 1}", citizenId, signInThroughApi: false));
        }

        return members;
    }

    /// <summary>Every member's report sent at the same moment, each from its own client; the answers in the same order.</summary>
    private async Task<IReadOnlyList<(HttpStatusCode Status, string Body)>> AtOnceAsync(IReadOnlyList<(AppMember Member, object Body)> reports)
    {
        var clients = reports.Select(r => r.Member.Client(app)).ToList();
        try
        {
            var answers = await Task.WhenAll(reports.Select((r, i) => clients[i].PostAsJsonAsync("/api/app/installs", r.Body, WebSession.Json)));
            return await Task.WhenAll(answers.Select(async a => (a.StatusCode, await a.Content.ReadAsStringAsync())));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// Runs a round of reports sent at once, up to three times (the members' limit is five requests a
    /// minute), until one transaction held more than one report: whether requests sent together meet in
    /// the writer depends on the scheduler, and each round's assertions hold whichever way they met.
    /// </summary>
    private async Task<bool> UntilGroupedAsync(Func<int, Task> round)
    {
        var writer = app.Host.Services.GetRequiredService<EventSourced.Web.Api.InstallReportWriter>();
        for (var i = 1; i <= 3; i++)
        {
            var before = writer.Counts;
            await round(i);
            var after = writer.Counts;
            if (after.Reports - before.Reports > after.Groups - before.Groups)
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<string, string?> Headers(JasperFx.Events.IEvent e) =>
        (e.Headers ?? []).ToDictionary(h => h.Key, h => h.Value?.ToString());

    private static object Event(string kind, string at, Guid? eventId = null, string device = "device-1") => new
    {
        eventId = eventId ?? Guid.NewGuid(),
        kind,
        deviceId = device,
        platform = "android",
        appVersion = "2.3.0",
        occurredAt = at,
    };
}
