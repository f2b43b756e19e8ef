using System.Text.RegularExpressions;
using System.Xml.Linq;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Organisations;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Pages;

/// <summary>Every text the code asks for exists in Vietnamese and in English, so no screen shows a bare key.</summary>
public sealed partial class ResourceTests
{
    [Fact]
    public void every_key_used_in_the_code_and_every_enum_value_shown_has_both_languages()
    {
        var source = Path.Combine(AppCommand.RepositoryRoot, "src");
        var used = Directory.GetFiles(source, "*.cs*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Concat(Enum.GetNames<OrganisationKind>().Select(n => $"OrganisationKind.{n}"))
            .Concat(Enum.GetNames<OrganisationStatus>().Select(n => $"OrganisationStatus.{n}"))
            .Concat(Enum.GetNames<Role>().Select(n => $"Role.{n}"))
            .ToHashSet();

        used.Count.ShouldBeGreaterThan(150, "the scan found too few keys: is the pattern still right?");
        foreach (var file in new[] { "SharedResource.resx", "SharedResource.en.resx" })
        {
            var keys = XDocument.Load(Path.Combine(source, "EventSourced.Web", "Resources", file))
                .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
            used.Where(k => !keys.Contains(k)).ShouldBeEmpty($"missing from {file} (add them to Resources/strings.py and run it)");
        }
    }

    [GeneratedRegex(@"(?:\bT|[Tt]ext)\[""(?<key>[A-Z][A-Za-z]+\.[A-Za-z]+)""|RuleViolation\(""(?<key>[A-Z][A-Za-z]+\.[A-Za-z]+)""|ErrorMessage = ""(?<key>[A-Z][A-Za-z]+\.[A-Za-z]+)""")]
    private static partial Regex KeyPattern();
}
