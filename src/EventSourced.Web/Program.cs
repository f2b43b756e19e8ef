using EventSourced.Web;
using EventSourced.Web.Infrastructure;
using JasperFx;

var builder = WebApplication.CreateBuilder(args);
var (connectionString, embedded) = await DatabaseSetup.ResolveAsync(builder);
builder.AddEventSourcedApplication(connectionString);

var app = builder.Build();
app.UseEventSourcedApplication();
var exitCode = await app.RunJasperFxCommands(args);

// Commands such as codegen or db-patch never start the host, so its shutdown never stops the
// embedded cluster: stop it here (a no-op when the host already did).
if (embedded is not null)
{
    await embedded.DisposeAsync();
}

return exitCode;

/// <summary>The application's entry point, public so that test hosts can start it.</summary>
public partial class Program;
