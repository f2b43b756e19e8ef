using System.Reflection;
using Xunit.Sdk;

namespace EventSourced.Browser.Tests.Infrastructure;

/// <summary>
/// Fails a browser test when any page it opened wrote an error to the console (a refused inline
/// style or script under the content security policy, a failed resource, a script error) or threw.
/// On the collection definition, so no test has to remember to check.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NoConsoleErrorsAttribute : BeforeAfterTestAttribute
{
    // Whatever an earlier test left behind is not this test's fault.
    public override void Before(MethodInfo methodUnderTest) => AppProcess.Current?.TakeConsoleErrors();

    public override void After(MethodInfo methodUnderTest)
    {
        if (AppProcess.Current?.TakeConsoleErrors() is { Count: > 0 } errors)
        {
            throw new XunitException($"{methodUnderTest.Name}: the browser reported {errors.Count} console error(s):\n{string.Join('\n', errors)}");
        }
    }
}
