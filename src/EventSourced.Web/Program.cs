using EventSourced.Web;
using EventSourced.Web.Infrastructure;
using EventSourced.Web.Reconciliation;
using JasperFx;

// Matching two files needs neither the database nor the host: answer before either starts.
if (args is [ReconcileCommand.Name, .. var reconcileArguments])
{
    return ReconcileCommand.Run(reconcileArguments, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
(string ConnectionString, EmbeddedPostgres? Embedded) database;
try
{
    database = await DatabaseSetup.ResolveAsync(builder, args);
}
catch (EmbeddedPostgresException e)
{
    // One clear line, not a stack trace: what is missing and what to set instead.
    await Console.Error.WriteLineAsync("Cannot start: " + e.Message);
    return 2;
}

var (connectionString, embedded) = database;
builder.AddEventSourcedApplication(connectionString);

var app = builder.Build();
app.UseEventSourcedApplication();
// Configuration overrides such as --EmbeddedDatabase:DataDirectory=/tmp/x were read by the builder
// above; the command parser would refuse them as unknown flags.
var exitCode = await app.RunJasperFxCommands(args.Where(a => !DatabaseSetup.IsConfigurationArgument(a)).ToArray());

// Commands such as codegen or db-patch never start the host, so its shutdown never stops the
// embedded cluster: stop it here (a no-op when the host already did).
if (embedded is not null)
{
    await embedded.DisposeAsync();
}

return exitCode;

/// <summary>The application's entry point, public so that test hosts can start it.</summary>
public partial class Program;
