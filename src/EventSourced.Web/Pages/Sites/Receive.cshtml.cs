using EventSourced.Domain.Sites;
using EventSourced.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EventSourced.Web.Pages.Sites;

/// <summary>
/// Staff above a site hand in the batch file brought from it (USB). A tampered or foreign file is
/// refused with its reason and stores nothing; a batch handed in again changes nothing and says so.
/// </summary>
[RequestSizeLimit(ReceiveModel.MaxBatchBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ReceiveModel.MaxBatchBytes)]
public sealed class ReceiveModel(PageServices services, SiteSync sync) : PageModel
{
    public const long MaxBatchBytes = 200L * 1024 * 1024;

    public SyncReceipt? Receipt { get; private set; }

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync(IFormFile? batch, CancellationToken ct)
    {
        if (batch is null || batch.Length == 0)
        {
            return this.Refuse(services.Text.Invalid("Site.NoFile", nameof(batch)));
        }

        string text;
        using (var reader = new StreamReader(batch.OpenReadStream()))
        {
            text = await reader.ReadToEndAsync(ct);
        }

        if (SiteSigning.Read(text) is not { } file)
        {
            return this.Refuse(services.Text.Invalid(SiteFileRefusals.Malformed, nameof(batch)));
        }

        var refusal = await services.Sender.TryAsync(async () => Receipt = await sync.ReceiveAsync(file, ct), null, ct);
        return refusal is null ? Page() : await this.RefuseAsync(refusal, services.Text);
    }
}
