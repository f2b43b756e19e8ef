using System.Net;
using System.Net.Sockets;
using EventSourced.Web.Infrastructure;
using Marten.Events;
using Npgsql;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>The application on a database link a test can cut, as a network outage or a database restart would.</summary>
public sealed class OutageFixture : AppFixture
{
    private CuttableLink? _link;

    public CuttableLink Link => _link ??= new CuttableLink(ConnectionString);

    protected override string HostConnectionString => Link.ConnectionString;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_link is not null)
        {
            await _link.DisposeAsync();
        }
    }
}

/// <summary>
/// The database unreachable for a while: pages answer a calm "try again" page (503, no stack trace),
/// commands are refused with nothing half-applied, and the application recovers by itself once the
/// database answers again, with no restart.
/// </summary>
public sealed class DatabaseOutageTests(OutageFixture app) : IClassFixture<OutageFixture>
{
    [Fact]
    public async Task a_page_asked_for_while_the_database_is_cut_answers_try_again_and_the_same_page_works_once_it_is_back()
    {
        var staff = await app.SignInAsync("staff");
        (await staff.GetAsync("/members")).StatusCode.ShouldBe(HttpStatusCode.OK);

        HttpResponseMessage during;
        try
        {
            app.Link.Cut();
            during = await staff.GetAsync("/members");
        }
        finally
        {
            app.Link.Mend();
        }

        during.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        during.Headers.RetryAfter.ShouldNotBeNull();
        var body = await during.Content.ReadAsStringAsync();
        body.ShouldContain("data-testid=\"outage\"");
        body.ShouldNotContain("Exception");
        body.ShouldNotContain("Npgsql");
        body.ShouldNotContain(" at ");

        (await staff.GetAsync("/members")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_command_sent_while_the_database_is_cut_is_refused_stores_nothing_and_goes_through_once_it_is_back()
    {
        var staff = await app.SignInAsync("staff");
        var fields = AdmissionForm.Fields("Đỗ Thị Mất Mạng", AdmissionForm.Cell.Code, new NodaTime.LocalDate(2024, 6, 5));
        var send = await staff.PrepareFormAsync("/members/admit", "/members/admit", fields);
        var before = await app.EventCountAsync();

        HttpResponseMessage refused;
        try
        {
            app.Link.Cut();
            refused = await send();
            // Long enough for the projection daemon and the durable messaging to fail their polls too.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            app.Link.Mend();
        }

        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"outage\"");
        (await app.EventCountAsync()).ShouldBe(before);

        var admitted = await AdmissionForm.AdmitAsync(staff, fields);
        admitted.ShouldBe(Guid.Parse(fields["NewMemberId"]));
        // The background work came back by itself: the asynchronous projections catch up with the admission.
        await app.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task the_api_and_htmx_requests_get_their_own_kind_of_answer_during_an_outage()
    {
        var staff = await app.SignInAsync("staff");
        (await staff.GetAsync("/api/organisations")).StatusCode.ShouldBe(HttpStatusCode.OK);

        HttpResponseMessage api, fragment;
        try
        {
            app.Link.Cut();
            api = await staff.GetAsync("/api/organisations");
            fragment = await staff.GetAsync("/members?q=nguyen", htmx: true);
        }
        finally
        {
            app.Link.Mend();
        }

        api.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        api.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.Content.ReadAsStringAsync()).ShouldContain("database-unavailable");
        fragment.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        fragment.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");

        (await staff.GetAsync("/api/organisations")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void only_failures_to_reach_the_database_count_as_an_outage()
    {
        DatabaseOutage.IsOutage(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))).ShouldBeTrue();
        DatabaseOutage.IsOutage(new InvalidOperationException("wrapped", new NpgsqlException("Exception while reading from stream", new IOException("closed")))).ShouldBeTrue();
        DatabaseOutage.IsOutage(new PostgresException("the database system is shutting down", "FATAL", "FATAL", "57P03")).ShouldBeTrue();
        DatabaseOutage.IsOutage(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")).ShouldBeFalse();
        DatabaseOutage.IsOutage(new InvalidOperationException("a bug")).ShouldBeFalse();
    }
}
