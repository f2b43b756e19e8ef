namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// The checked-in artifacts generated from the code must match what the code generates today:
/// Wolverine's handler code (loaded statically so start-up skips Roslyn) and the production schema
/// exported with Marten's db-patch. A failure says which command regenerates them.
/// </summary>
public sealed class GeneratedArtifactsTests
{
    [Fact]
    public async Task the_checked_in_wolverine_handler_code_is_what_codegen_writes_today()
    {
        var contentRoot = Directory.CreateTempSubdirectory("es-codegen-").FullName;
        try
        {
            var (exit, output) = await AppCommand.RunAsync(["codegen", "write"], new Dictionary<string, string>
            {
                ["ASPNETCORE_CONTENTROOT"] = contentRoot,
                ["ConnectionStrings__Marten"] = await TestCluster.NewDatabaseAsync("codegen"),
            });
            exit.ShouldBe(0, output);

            var expected = Path.Combine(AppCommand.RepositoryRoot, "src", "EventSourced.Web", "Internal", "Generated");
            var actual = Path.Combine(contentRoot, "Internal", "Generated");
            Files(actual).Keys.ShouldBe(Files(expected).Keys, ignoreOrder: true,
                "stale generated code: run `dotnet run --project src/EventSourced.Web -- codegen delete` then `codegen write`, and commit");
            foreach (var (name, text) in Files(actual))
            {
                text.ShouldBe(Files(expected)[name], $"{name} is stale: run `dotnet run --project src/EventSourced.Web -- codegen write` and commit");
            }
        }
        finally
        {
            Directory.Delete(contentRoot, recursive: true);
        }
    }

    [Theory]
    [InlineData("marten://store/", "schema.sql")]
    [InlineData("wolverine://messages/main", "wolverine.sql")]
    public async Task the_checked_in_schema_is_what_db_patch_writes_for_an_empty_database(string database, string file)
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("es-schema-").FullName, file);
        var (exit, log) = await AppCommand.RunAsync(["db-patch", output, "-d", database], new Dictionary<string, string>
        {
            ["ConnectionStrings__Marten"] = await TestCluster.NewDatabaseAsync("schema"),
        });

        exit.ShouldBe(0, log);
        var expected = await File.ReadAllTextAsync(Path.Combine(AppCommand.RepositoryRoot, "db", file));
        // The export runs against a database named "eventsourced"; only that name may differ here.
        (await File.ReadAllTextAsync(output)).ShouldBe(expected, $"db/{file} is stale: run db/export-schema.sh and commit");
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.Exists(root)
            ? Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(root, f), f => File.ReadAllText(f).ReplaceLineEndings())
            : [];
}
