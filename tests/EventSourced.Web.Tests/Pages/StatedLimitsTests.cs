using System.Globalization;
using EventSourced.Domain.Content.Rendering;
using EventSourced.Domain.Installs;
using EventSourced.Domain.Transfers;
using EventSourced.Web.Infrastructure.Rolls;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Pages;

/// <summary>
/// The limits the forms state are the ones enforced: the upload sizes and rows from the constants the
/// checks use, and the days to present a transfer letter from the setting the decision reads (set
/// here to a value no text could hold by chance).
/// </summary>
public sealed class StatedLimitsTests(StatedLimitsTests.Fixture app) : IClassFixture<StatedLimitsTests.Fixture>
{
    public const int PresentWithinWorkingDays = 17;

    public sealed class Fixture : AppFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Transfers:PresentWithinWorkingDays"] = PresentWithinWorkingDays.ToString(CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public async Task the_transfer_form_states_the_configured_days_and_the_temporary_stay_limits()
    {
        var staff = await app.SignInAsync("staff");
        var member = await AdmissionForm.AdmitAsync(staff, "Mạc Văn Hạn", "001090000801");

        var page = await staff.GetTextAsync($"/members/{member}/transfer");

        page.ShouldContain(Texts.Vi("TransferIssue.Rule", PresentWithinWorkingDays, TransferRules.TemporaryAtLeast.Months, TransferRules.TemporaryUnder.Months, TransferRules.TrainingUpTo.Months));
    }

    [Fact]
    public async Task the_upload_forms_state_the_sizes_the_checks_enforce()
    {
        var staff = await app.SignInAsync("staff");
        var editor = await app.SignInAsync("editor");

        var import = await staff.GetTextAsync("/members/import");
        var document = await editor.GetTextAsync("/content/new?kind=Document");
        var news = await editor.GetTextAsync("/content/new?kind=News");

        import.ShouldContain(Texts.Vi("Import.File", RollSchema.MemberImport.MaxBytes / (1024 * 1024), RollSchema.MemberImport.MaxRows));
        document.ShouldContain(Texts.Vi("Content.AttachmentRule", UploadedFileCheck.AttachmentMaxMegabytes));
        news.ShouldContain(Texts.Vi("Content.CoverRule", UploadedFileCheck.CoverImageMaxMegabytes));
    }

    [Fact]
    public async Task the_rollout_dashboard_states_the_days_that_make_a_member_active()
    {
        var staff = await app.SignInAsync("staff");

        var dashboard = await staff.GetTextAsync("/installs");

        dashboard.ShouldContain(Texts.Vi("Installs.Active", MemberAppUsage.ActiveDays));
    }
}
