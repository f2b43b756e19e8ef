using EventSourced.Web.Infrastructure;
using NetArchTest.Rules;

namespace EventSourced.Web.Tests;

/// <summary>
/// Pages and the API share through Infrastructure or the domain, never through each other, so a
/// change to one cannot break the other unseen.
/// </summary>
public class ArchitectureTests
{
    private const string Pages = "EventSourced.Web.Pages";
    private const string Api = "EventSourced.Web.Api";

    [Fact]
    public void pages_do_not_depend_on_the_api()
    {
        // A view compiled without a @namespace lands in AspNetCoreGeneratedDocument, named after its path (Pages_...).
        var result = Types.InAssembly(typeof(CurrentUser).Assembly)
            .That().ResideInNamespace(Pages)
            .Or().HaveNameStartingWith("Pages_")
            .ShouldNot().HaveDependencyOn(Api)
            .GetResult();

        (result.FailingTypeNames ?? []).ShouldBeEmpty();
    }

    [Fact]
    public void the_api_does_not_depend_on_pages()
    {
        var result = Types.InAssembly(typeof(CurrentUser).Assembly)
            .That().ResideInNamespace(Api)
            .ShouldNot().HaveDependencyOn(Pages)
            .GetResult();

        (result.FailingTypeNames ?? []).ShouldBeEmpty();
    }
}
