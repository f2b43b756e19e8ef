using System.Globalization;
using System.Net;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Members;
using EventSourced.Web.Tests.Infrastructure;
using Marten;
using NodaTime;

namespace EventSourced.Web.Tests.Accounts;

/// <summary>
/// A two-person rule is not met by one person with two accounts: an administrator who opened an account, or reset
/// its password, knows its password, so the two are not counted as two people for a rescission's confirmation.
/// </summary>
public sealed class AccountControlTests(AccountControlTests.Fixture app) : IClassFixture<AccountControlTests.Fixture>
{
    public sealed class Fixture : AppFixture
    {
        protected override string? ClockNow => "2025-08-15T02:00:00Z";
    }

    private const string Password = "mat-khau-thu-hai-2025";

    private async Task<UserAccount> AccountAsync(string username)
    {
        await using var query = app.Store.QuerySession();
        return await query.Query<UserAccount>().SingleAsync(u => u.Username == username);
    }

    private static string Version(UserAccount account) => account.Version.ToString(CultureInfo.InvariantCulture);

    /// <summary>A member recorded dead in error, and a proposal by <paramref name="proposer"/> to rescind the death.</summary>
    private async Task<(Guid Member, Guid Proposal)> ProposedRescissionAsync(WebSession? proposer = null)
    {
        var (staff, id) = await MemberForm.OfficialMemberAsync(app, new LocalDate(2016, 3, 1), AdmissionForm.Cell.Code);
        await MemberForm.RecordAsync(app, staff, id, "end", "Death", new() { ["DateOfDeath"] = "2025-08-01" });
        var proposal = Guid.NewGuid();
        await MemberForm.RecordAsync(app, proposer ?? staff, id, "rescind", null, new()
        {
            ["Entry"] = (await MemberForm.MemberAsync(app, id)).Version.ToString(CultureInfo.InvariantCulture),
            ["ProposalId"] = proposal.ToString(),
            ["DecisionNumber"] = "9-QĐ/ĐU",
            ["DecisionDate"] = "2025-08-14",
            ["Reason"] = "Ghi nhầm người",
        });
        return (id, proposal);
    }

    [Fact]
    public async Task an_account_an_administrator_opened_does_not_confirm_the_administrators_own_proposal()
    {
        var admin = await app.SignInAsync("admin");
        var (member, proposal) = await ProposedRescissionAsync(admin);
        var opened = await admin.PostFormAsync("/users/new", "/users/new", new Dictionary<string, string>
        {
            ["Username"] = "can-bo-thu-hai",
            ["DisplayName"] = "Cán bộ thứ hai",
            ["Password"] = Password,
            ["NewUserId"] = Guid.CreateVersion7().ToString(),
        });
        opened.StatusCode.ShouldBe(HttpStatusCode.Redirect, await opened.Content.ReadAsStringAsync());
        var second = await AccountAsync("can-bo-thu-hai");
        var granted = await admin.PostFormAsync($"/users/{second.Id}", $"/users/{second.Id}?handler=Assign", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = Version(second),
            ["Role"] = nameof(Role.OrganisationStaff),
            ["UnitCode"] = DemoUnits.BaDinh.Code,
        });
        granted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await granted.Content.ReadAsStringAsync());

        var refused = await MemberForm.RefusedAsync(app, await app.SignInAsync("can-bo-thu-hai", Password), member, "rescind", "Confirm", new() { ["ProposalId"] = proposal.ToString() });

        refused.ShouldContain("data-rule=\"Access.AccountsTied\"");
        refused.ShouldContain(Texts.Vi("Access.AccountsTied"));
        var record = await MemberForm.MemberAsync(app, member);
        record.Status.ShouldBe(MembershipStatus.Deceased);
        record.PendingRescissions.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task an_officer_whose_password_an_administrator_reset_does_not_confirm_the_administrators_proposal_and_another_officer_does()
    {
        var admin = await app.SignInAsync("admin");
        var (member, proposal) = await ProposedRescissionAsync(admin);
        var officer = await AccountAsync("staff2");
        var granted = await admin.PostFormAsync($"/users/{officer.Id}", $"/users/{officer.Id}?handler=Assign", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = Version(officer),
            ["Role"] = nameof(Role.OrganisationStaff),
            ["UnitCode"] = DemoUnits.BaDinh.Code,
        });
        granted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await granted.Content.ReadAsStringAsync());
        officer = await AccountAsync("staff2");
        var reset = await admin.PostFormAsync($"/users/{officer.Id}", $"/users/{officer.Id}?handler=ResetPassword", new Dictionary<string, string>
        {
            ["ExpectedVersion"] = Version(officer),
            ["NewPassword"] = Password,
        });
        reset.StatusCode.ShouldBe(HttpStatusCode.Redirect, await reset.Content.ReadAsStringAsync());

        var refused = await MemberForm.RefusedAsync(app, await app.SignInAsync("staff2", Password), member, "rescind", "Confirm", new() { ["ProposalId"] = proposal.ToString() });

        refused.ShouldContain("data-rule=\"Access.AccountsTied\"");
        (await MemberForm.MemberAsync(app, member)).Status.ShouldBe(MembershipStatus.Deceased);

        // A role granted is not a password known: the district's clerk, whose password the administrator never set, confirms.
        await MemberForm.RecordAsync(app, await app.SignInAsync("staff"), member, "rescind", "Confirm", new() { ["ProposalId"] = proposal.ToString() });
        (await MemberForm.MemberAsync(app, member)).Status.ShouldNotBe(MembershipStatus.Deceased);
    }
}
