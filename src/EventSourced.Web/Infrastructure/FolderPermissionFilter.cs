using EventSourced.Domain.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace EventSourced.Web.Infrastructure;

/// <summary>
/// Refuses a whole folder of pages to users holding no role that grants <paramref name="permission"/>
/// anywhere (editors and approvers on the member register's screens). Each page still checks the unit
/// it shows; this only makes sure no page of the folder can forget the role.
/// </summary>
public sealed class FolderPermissionFilter(Permission permission = Permission.ViewMembers) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var user = context.HttpContext.RequestServices.GetRequiredService<CurrentUser>();
        if (!await user.HasAnyAsync(permission, context.HttpContext.RequestAborted))
        {
            context.Result = new ForbidResult();
            return;
        }

        await next();
    }
}
