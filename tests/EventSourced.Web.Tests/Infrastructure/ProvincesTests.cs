using EventSourced.Web.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>What a province configuration must hold before the application starts (decision 0025), without a database.</summary>
public sealed class ProvincesTests
{
    private static readonly Dictionary<string, string?> TwoProvinces = new()
    {
        ["Provinces:hanoi:ConnectionString"] = "Host=pg-hanoi;Database=eventsourced",
        ["Provinces:hanoi:Hosts"] = "hanoi.example",
        ["Provinces:haiphong:ConnectionString"] = "Host=pg-haiphong;Database=eventsourced",
        ["Provinces:haiphong:Hosts"] = "haiphong.example, hp.example",
    };

    private static Provinces From(Dictionary<string, string?> settings) =>
        Provinces.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Fact]
    public void two_provinces_are_served_by_their_host_names()
    {
        var provinces = From(TwoProvinces);

        provinces.Enabled.ShouldBeTrue();
        provinces.ForHost("HP.example")!.Code.ShouldBe("haiphong");
        provinces.ForHost("other.example").ShouldBeNull();
    }

    [Fact]
    public void no_province_is_the_one_database_application()
    {
        From([]).Enabled.ShouldBeFalse();
    }

    [Fact]
    public void one_province_is_refused()
    {
        var one = TwoProvinces.Where(s => s.Key.Contains("hanoi", StringComparison.Ordinal)).ToDictionary();

        Should.Throw<InvalidOperationException>(() => From(one)).Message.ShouldContain("hanoi");
    }

    [Fact]
    public void a_province_without_host_names_or_a_host_given_twice_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => From(new(TwoProvinces) { ["Provinces:hanoi:Hosts"] = "" })).Message.ShouldContain("hanoi");
        Should.Throw<InvalidOperationException>(() => From(new(TwoProvinces) { ["Provinces:hanoi:Hosts"] = "hp.example" })).Message.ShouldContain("hp.example");
    }

    [Fact]
    public void an_offline_site_with_provinces_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => From(new(TwoProvinces) { ["Site:Mode"] = "Offline" })).Message.ShouldContain("Site:Mode");
    }

    [Fact]
    public void a_tool_that_writes_must_be_told_its_province()
    {
        var provinces = From(TwoProvinces);

        provinces.ForCommand(null, required: true).Error.ShouldNotBeNull();
        provinces.ForCommand(null, required: false).ShouldBe((null, null));
        provinces.ForCommand("HANOI", required: true).Province!.Code.ShouldBe("hanoi");
        provinces.ForCommand("danang", required: false).Error.ShouldNotBeNull();
        Provinces.None.ForCommand("hanoi", required: false).Error.ShouldNotBeNull();
    }
}
