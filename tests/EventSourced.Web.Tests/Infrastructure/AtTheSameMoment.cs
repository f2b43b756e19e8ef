namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// Sends requests released together: each one is prepared first (its form opened for the antiforgery
/// token), then all are held at one gate and let go at once, so every command reads the store before
/// any of them commits. For anything that checks before it writes: one must win, the others be refused.
/// </summary>
public static class AtTheSameMoment
{
    /// <summary>One form post: who sends it, the form it is read from, where it is posted, its fields.</summary>
    public sealed record Post(WebSession Session, string FormUrl, string PostUrl, IDictionary<string, string> Fields);

    /// <summary>Two posts at once, as <c>var (a, b) = await AtTheSameMoment.PostAsync(...)</c>.</summary>
    public static async Task<(HttpResponseMessage First, HttpResponseMessage Second)> PostAsync(Post first, Post second)
    {
        var responses = await PostAllAsync([first, second]);
        return (responses[0], responses[1]);
    }

    /// <summary>N posts at once, answered in the order given.</summary>
    public static async Task<HttpResponseMessage[]> PostAllAsync(IReadOnlyList<Post> posts)
    {
        var prepared = await Task.WhenAll(posts.Select(p => p.Session.PrepareFormAsync(p.FormUrl, p.PostUrl, p.Fields)));
        return await SendAllAsync(prepared);
    }

    /// <summary>Any requests at once (API calls, uploads): each is started only when all are ready.</summary>
    public static async Task<HttpResponseMessage[]> SendAllAsync(IReadOnlyList<Func<Task<HttpResponseMessage>>> requests)
    {
        using var ready = new CountdownEvent(requests.Count);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = requests.Select(send => Task.Run(async () =>
        {
            ready.Signal();
            await gate.Task;
            return await send();
        })).ToArray();
        ready.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue("the requests did not all reach the gate");
        gate.SetResult();
        return await Task.WhenAll(sent);
    }
}
