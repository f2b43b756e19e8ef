namespace EventSourced.Web.Infrastructure;

/// <summary>Addresses of stored files, shared by the app's API and the back office's pages.</summary>
public static class FileLinks
{
    /// <summary>
    /// A file's address. The name is left out of it: <c>/files/{id}</c> sends the stored name in the
    /// download header anyway, and looking every name up would cost a query per item.
    /// </summary>
    public static string? Url(Guid? fileId) => fileId is { } id ? $"/files/{id:D}" : null;
}
