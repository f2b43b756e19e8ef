using EventSourced.Domain.Members;
using NetArchTest.Rules;

namespace EventSourced.Domain.Tests;

public class ArchitectureTests
{
    [Fact]
    public void the_domain_references_no_asp_net_type()
    {
        var result = Types.InAssembly(typeof(Member).Assembly)
            .ShouldNot().HaveDependencyOn("Microsoft.AspNetCore")
            .GetResult();

        (result.FailingTypeNames ?? []).ShouldBeEmpty();
    }
}
