using EventSourced.Web;
using EventSourced.Web.Infrastructure;
using JasperFx;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();

var builder = WebApplication.CreateBuilder(args);
var connectionString = await DatabaseSetup.ResolveConnectionStringAsync(builder);
builder.AddEventSourcedApplication(connectionString);

var app = builder.Build();
app.UseEventSourcedApplication();
return await app.RunJasperFxCommands(args);

/// <summary>The application's entry point, public so that test hosts can start it.</summary>
public partial class Program;
