using System.Text.RegularExpressions;
using System.Xml.Linq;
using EventSourced.Domain.Members;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Tests.Infrastructure;

namespace EventSourced.Web.Tests.Pages;

/// <summary>
/// Every text the code asks for exists in Vietnamese and in English, so no screen shows a bare key:
/// keys written out in the source, and keys composed at run time (enum values shown as
/// "TypeName.Value", rule codes a helper builds from a prefix, the ".Named" form of a refusal about
/// another member, the profile fields a correction names). The two files are edited by hand, so they
/// are also held to the same keys, in ordinal order, with the same placeholders.
/// </summary>
public sealed partial class ResourceTests
{
    private static readonly string Source = Path.Combine(AppCommand.RepositoryRoot, "src");

    /// <summary>Enums that are never shown to anyone, so they need no text (by name: some live in page folders).</summary>
    private static readonly HashSet<string> NeverShown =
    [
        "Permission",
        "ApiKeyField",
        "TransferSide",
        "DatePrecision",
        "HomeCard",
        "MemberListOrder",
        "RefusalKind",
        "MatchBand",
        "MoveCause",
        "FileUse",
        "DiffKind",
        "RolloutSort",
        "CoverageSort",
        "RoundSort",
        "DemoSize",
        "SiteFileKind",
        "CentreStreamKind",
        nameof(SignInDoor),
        nameof(Domain.Common.HolderStanding),
        nameof(Domain.Common.NationalClaim),
    ];

    [Fact]
    public void every_key_written_in_the_code_has_both_languages()
    {
        var keys = WrittenKeys().ToHashSet();

        keys.Count.ShouldBeGreaterThan(500, "the scan found too few keys: is the pattern still right?");
        ShouldAllHaveBothLanguages(keys.Where(k => !IsPrefix(k)));
    }

    [Fact]
    public void every_rule_code_composed_from_a_prefix_has_both_languages()
    {
        var composed = ComposedRuleCodes().ToList();

        composed.Count.ShouldBeGreaterThan(20, "no composed rule codes found: did the rule helpers change shape? Update ComposedRuleCodes");
        ShouldAllHaveBothLanguages(composed);
    }

    [Fact]
    public void every_refusal_about_another_member_has_its_named_form_in_both_languages()
    {
        var named = Files()
            .SelectMany(f => AboutPattern().Matches(File.ReadAllText(f)))
            .SelectMany(m => LiteralPattern().Matches(m.Groups["args"].Value).Select(l => l.Groups["key"].Value + ".Named"))
            .ToHashSet();

        named.Count.ShouldBeGreaterThan(2);
        ShouldAllHaveBothLanguages(named);
    }

    [Fact]
    public void every_value_of_every_enum_that_is_shown_has_both_languages()
    {
        var enums = new[] { typeof(Member).Assembly, typeof(SharedResource).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsEnum && t.IsVisible && !NeverShown.Contains(t.Name))
            .ToList();

        enums.Count.ShouldBeGreaterThan(15);
        ShouldAllHaveBothLanguages(enums.SelectMany(e => Enum.GetNames(e).Select(n => $"{e.Name}.{n}")));
    }

    [Fact]
    public void every_profile_field_a_correction_names_has_both_languages()
    {
        ShouldAllHaveBothLanguages(MemberProfileFields.All.Select(f => $"Member.{f}"));
    }

    [Fact]
    public void both_files_hold_the_same_keys_in_ordinal_order_with_the_same_placeholders()
    {
        var vietnamese = Entries("SharedResource.resx").ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var english = Entries("SharedResource.en.resx").ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

        foreach (var file in new[] { "SharedResource.resx", "SharedResource.en.resx" })
        {
            var keys = Entries(file).Select(e => e.Key).ToList();
            keys.Zip(keys.Skip(1)).Where(p => string.CompareOrdinal(p.First, p.Second) >= 0).Select(p => $"{p.First} before {p.Second}")
                .ShouldBeEmpty($"{file} is not in ordinal key order (or repeats a key)");
            Entries(file).Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key).ShouldBeEmpty($"{file} has empty texts");
        }

        vietnamese.Keys.Except(english.Keys).ShouldBeEmpty("only in SharedResource.resx");
        english.Keys.Except(vietnamese.Keys).ShouldBeEmpty("only in SharedResource.en.resx");
        vietnamese.Where(v => english.TryGetValue(v.Key, out var en) && !Placeholders(v.Value).SetEquals(Placeholders(en)))
            .Select(v => v.Key)
            .ShouldBeEmpty("the Vietnamese and English texts of these keys take different arguments");
    }

    /// <summary>
    /// Texts that state a size, a count of attempts or a time limit take it as an argument from the
    /// constant or setting that enforces it, so changing the limit cannot leave the text behind.
    /// Months and years are the Party Charter's, not settings. The listed keys still state theirs and
    /// wait for the input rules to pass their limits along.
    /// </summary>
    [Fact]
    public void no_text_states_a_size_or_time_limit_of_its_own()
    {
        string[] waiting = ["Account.UsernameInvalid", "Member.CardNumberInvalid", "Organisation.NameTooLong"];

        Entries("SharedResource.en.resx")
            .Where(e => StatedLimitPattern().IsMatch(e.Value) && !waiting.Contains(e.Key))
            .Select(e => $"{e.Key}: {e.Value}")
            .ShouldBeEmpty();
    }

    /// <summary>Key-shaped literals ("Area.Code") whose area is one the resource files use, outside doc comments.</summary>
    private static IEnumerable<string> WrittenKeys()
    {
        var areas = Entries("SharedResource.resx").Select(e => e.Key.Split('.')[0]).ToHashSet(StringComparer.Ordinal);
        return Files()
            .SelectMany(f => LiteralPattern().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups["key"].Value)
            .Where(k => areas.Contains(k.Split('.')[0]));
    }

    /// <summary>
    /// Rule codes built by a helper from what its callers pass: "Install.DeviceId" + "Required" (the
    /// prefix is a key-shaped literal that is not a key itself), or $"Content.{field}TooLong" (the
    /// field is a bare word passed to the helper's class). A call that says <c>required: false</c>
    /// never throws the "Required" code.
    /// </summary>
    private static IEnumerable<string> ComposedRuleCodes()
    {
        var sources = Files().ToDictionary(f => f, File.ReadAllText);
        var suffixes = sources.Values.SelectMany(s => PrefixSuffixPattern().Matches(s)).Select(m => m.Groups["suffix"].Value).ToHashSet();
        suffixes.ShouldNotBeEmpty("no rule helper composes a code from a prefix any more: update this test");
        foreach (var (_, text) in sources)
        {
            foreach (Match literal in LiteralPattern().Matches(text))
            {
                var prefix = literal.Groups["key"].Value;
                if (IsPrefix(prefix))
                {
                    var call = text[literal.Index..text.IndexOfAny([')', ';'], literal.Index)];
                    IEnumerable<string> thrown = SuffixesOf(EnclosingCall(text, literal.Index)) ?? (IEnumerable<string>)suffixes;
                    foreach (var suffix in thrown.Where(s => s != "Required" || !call.Contains("required: false", StringComparison.Ordinal)))
                    {
                        yield return prefix + suffix;
                    }
                }
            }
        }

        foreach (var (file, text) in sources)
        {
            foreach (Match site in AreaFieldSuffixPattern().Matches(text))
            {
                // Calls from elsewhere name the helper's class; its own file calls it unqualified.
                var helper = Path.GetFileNameWithoutExtension(file);
                var calls = new Regex(@"\b" + Regex.Escape(helper) + @"\.\w+\((?<args>[^;]*?)\)[;,\s]");
                var inside = new Regex(@"\b\w+\((?<args>[^;]*?)\)[;,\s]");
                foreach (var call in sources.Values.SelectMany(s => calls.Matches(s)).Concat(inside.Matches(text)))
                {
                    var args = call.Groups["args"].Value;
                    if (BareWordPattern().Match(args) is { Success: true } word
                        && (site.Groups["suffix"].Value != "Required" || !args.Contains("required: false", StringComparison.Ordinal)))
                    {
                        yield return $"{site.Groups["area"].Value}.{word.Groups["word"].Value}{site.Groups["suffix"].Value}";
                    }
                }
            }
        }
    }

    /// <summary>
    /// The codes each input rule (Domain/Common/Input.cs) completes a field's prefix with; a helper not
    /// listed is taken to throw any suffix a rule helper composes.
    /// </summary>
    private static string[]? SuffixesOf(string method) => method switch
    {
        "Required" or "Text" => ["Required", "TooLong"],
        "Optional" or "AtMost" => ["TooLong"],
        "NotInFuture" => ["InFuture"],
        _ => null,
    };

    /// <summary>The name of the method whose argument list holds the text at <paramref name="index"/>.</summary>
    private static string EnclosingCall(string text, int index)
    {
        var depth = 0;
        for (var i = index - 1; i >= 0; i--)
        {
            if (text[i] == ')')
            {
                depth++;
            }
            else if (text[i] == '(' && depth-- == 0)
            {
                var end = i;
                var start = end;
                while (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] == '_'))
                {
                    start--;
                }

                return text[start..end];
            }
        }

        return string.Empty;
    }

    /// <summary>A key-shaped literal that is no key but starts some: a prefix a rule helper completes.</summary>
    private static bool IsPrefix(string literal)
    {
        var keys = Entries("SharedResource.resx").Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        return !keys.Contains(literal) && keys.Any(k => k.StartsWith(literal, StringComparison.Ordinal) && k.Length > literal.Length && char.IsUpper(k[literal.Length]));
    }

    private static void ShouldAllHaveBothLanguages(IEnumerable<string> keys)
    {
        var wanted = keys.ToHashSet();
        foreach (var file in new[] { "SharedResource.resx", "SharedResource.en.resx" })
        {
            var present = Entries(file).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
            wanted.Where(k => !present.Contains(k)).Order(StringComparer.Ordinal)
                .ShouldBeEmpty($"missing from {file} (add each to both .resx files at its ordinal place)");
        }
    }

    private static IEnumerable<string> Files() =>
        Directory.GetFiles(Source, "*.cs*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/Generated/", StringComparison.Ordinal));

    private static readonly Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>> Loaded = [];

    private static IReadOnlyList<KeyValuePair<string, string>> Entries(string file)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(file, out var entries))
            {
                entries = [.. XDocument.Load(Path.Combine(Source, "EventSourced.Web", "Resources", file)).Root!.Elements("data")
                    .Select(d => new KeyValuePair<string, string>((string)d.Attribute("name")!, (string?)d.Element("value") ?? string.Empty))];
                Loaded[file] = entries;
            }

            return entries;
        }
    }

    private static HashSet<string> Placeholders(string text) => [.. PlaceholderPattern().Matches(text).Select(m => m.Groups["n"].Value)];

    /// <summary>"Area.Code" in quotes, not inside a doc comment's cref.</summary>
    [GeneratedRegex(@"(?<!cref=)""(?<key>[A-Z][A-Za-z]+(?:\.[A-Z][A-Za-z0-9]*)+)""")]
    private static partial Regex LiteralPattern();

    /// <summary>A helper composing a rule code from a prefix it was given: <c>RuleViolation(rule + "TooLong"</c> or <c>RuleViolation($"{rule}TooLong"</c>.</summary>
    [GeneratedRegex(@"RuleViolation\((?:\w+ \+ ""(?<suffix>[A-Z][A-Za-z]+)""|\$""\{\w+\}(?<suffix>[A-Z][A-Za-z]+)"")")]
    private static partial Regex PrefixSuffixPattern();

    /// <summary>A helper composing a rule code from a field name: <c>RuleViolation($"Content.{field}TooLong"</c>.</summary>
    [GeneratedRegex(@"RuleViolation\(\$""(?<area>[A-Z][A-Za-z]+)\.\{\w+\}(?<suffix>[A-Z][A-Za-z]+)""")]
    private static partial Regex AreaFieldSuffixPattern();

    [GeneratedRegex(@"""(?<word>[A-Z][A-Za-z]+)""")]
    private static partial Regex BareWordPattern();

    /// <summary>A refusal about another register entry: its code (or codes, in a conditional) before <c>{ About =</c>.</summary>
    [GeneratedRegex(@"RuleViolation\((?<args>[^;{]*)\)\s*\{\s*About\s*=")]
    private static partial Regex AboutPattern();

    [GeneratedRegex(@"\b\d[\d,.]*\s*(?:MB|KB|GB|characters?|rows?|attempts?|minutes?|seconds?|(?:working )?days?)\b")]
    private static partial Regex StatedLimitPattern();

    [GeneratedRegex(@"\{(?<n>\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex PlaceholderPattern();
}
