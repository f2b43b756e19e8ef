using System.Globalization;
using EventSourced.Domain.Accounts;
using EventSourced.Domain.Common;
using EventSourced.Web.Api;
using EventSourced.Web.Demo;
using EventSourced.Web.Infrastructure;
using JasperFx.CodeGeneration;
using Marten;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;
using Serilog;
using Wolverine;
using Wolverine.Marten;

namespace EventSourced.Web;

/// <summary>Marker type for the shared resource files (Resources/SharedResource*.resx).</summary>
#pragma warning disable CA1052 // A type argument for IStringLocalizer<T>, never instantiated.
public sealed class SharedResource;
#pragma warning restore CA1052

/// <summary>Everything the host needs, in one place, shared by Program, the test hosts and the benchmarks.</summary>
public static class ApplicationSetup
{
    public static readonly CultureInfo[] Cultures = [new("vi-VN"), new("en-GB")];

    public static void AddEventSourcedApplication(this WebApplicationBuilder builder, string connectionString)
    {
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();

        // The static logger is left alone (preserveStaticLogger): test runs start several hosts in
        // one process, and a shared bootstrap logger can only be frozen once.
        services.AddSerilog(
            (provider, logger) => logger
                .ReadFrom.Configuration(builder.Configuration)
                .Enrich.FromLogContext()
                .WriteTo.Console(formatProvider: CultureInfo.InvariantCulture),
            preserveStaticLogger: true);

        services.AddSingleton(ShiftedClock.FromConfiguration(builder.Configuration, builder.Environment));
        // Production runs as a role without DDL rights (db/app-role.sql) and sets EventStore:ManageSchema
        // to false; everywhere else the application creates and patches its own schema at start.
        var manageSchema = builder.Configuration.GetValue("EventStore:ManageSchema", true);
        var severalNodes = string.Equals(builder.Configuration["Cluster:Nodes"], "Several", StringComparison.OrdinalIgnoreCase);
        var provinces = Provinces.FromConfiguration(builder.Configuration);
        services.AddSingleton(provinces);
        services.AddSingleton<CurrentProvince>();
        // Hot standbys named beside the primary serve the screens (decision 0028).
        var replicas = ReadReplicas.FromConfiguration(builder.Configuration, connectionString, provinces);
        services.AddSingleton(replicas);
        services.AddScoped<PrimaryReads>();
        connectionString = ReadReplicas.WritesToPrimary(connectionString);
        // Citizen IDs unique across provinces, kept in the main database (decision 0034); off without provinces.
        var national = NationalRegister.For(provinces, connectionString, manageSchema);
        services.AddSingleton(national);
        services.AddHostedService<NationalRegister.Setup>();
        var unitChanges = new UnitChanges();
        services.AddSingleton(unitChanges);
        var marten = services.AddMarten(options =>
            {
                EventStoreConfiguration.Configure(options, connectionString, builder.Configuration["EventStore:Schema"]);
                options.Listeners.Add(unitChanges);
                replicas.Configure(options);
                if (provinces.Enabled)
                {
                    // A database per province (decision 0025): its events, read models, Wolverine envelopes
                    // and scheduled messages; the async daemon runs in each.
                    options.MultiTenantedDatabases(tenancy =>
                    {
                        foreach (var province in provinces.All)
                        {
                            tenancy.AddSingleTenantDatabase(DatabaseSetup.Prepared(ReadReplicas.WritesToPrimary(province.ConnectionString)), province.Code);
                        }
                    });
                }

                if (national.Enabled)
                {
                    options.Listeners.Add(national.Listener);
                }

                if (!manageSchema)
                {
                    options.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
                }
            });
        // Pages and services get sessions on the request's province when provinces are on, and on a
        // standby or the primary as the request allows when there are standbys.
        var sessions = provinces.Enabled || replicas.Enabled ? marten.BuildSessionsWith<RequestSessionFactory>() : marten.UseLightweightSessions();
        sessions
            // One node by default. Several nodes on one database (Cluster:Nodes=Several): the daemon
            // runs on one of them at a time (HotCold, a PostgreSQL advisory lock elects it) and moves
            // to another when that node dies, and Wolverine balances its durable work likewise.
            .AddAsyncDaemon(severalNodes ? JasperFx.Events.Daemon.DaemonMode.HotCold : JasperFx.Events.Daemon.DaemonMode.Solo)
            // With provinces, ConnectionStrings:Marten is Wolverine's main database: its node registry and
            // messages that belong to no province; nothing of a register is kept there.
            .IntegrateWithWolverine(integration => integration.MainDatabaseConnectionString = provinces.Enabled ? connectionString : null);
        if (manageSchema)
        {
            sessions.ApplyAllDatabaseChangesOnStartup();
        }

        builder.Host.UseWolverine(options =>
        {
            options.Discovery.IncludeAssembly(typeof(EventStoreConfiguration).Assembly);
            options.Policies.AutoApplyTransactions();
            // Scheduled checks (overdue transfers, ends of temporary transfers) are local messages
            // kept in PostgreSQL with the data that scheduled them, so they survive restarts.
            options.Policies.UseDurableLocalQueues();
            options.Policies.AddMiddleware(typeof(AuditMetadataMiddleware));
            options.Durability.Mode = severalNodes ? DurabilityMode.Balanced : DurabilityMode.Solo;
            options.AutoBuildMessageStorageOnStartup = manageSchema ? JasperFx.AutoCreate.CreateOrUpdate : JasperFx.AutoCreate.None;
            // Handlers' glue code is generated ahead of time (Internal/Generated) so start-up does not
            // pay for Roslyn; Development may still compile a handler added since the last codegen.
            options.CodeGeneration.TypeLoadMode = development ? TypeLoadMode.Auto : TypeLoadMode.Static;
            options.UseRuntimeCompilation();
        });

        services.AddSingleton(new Domain.Transfers.TransferSettings(
            builder.Configuration.GetValue("Transfers:PresentWithinWorkingDays", Domain.Transfers.TransferRules.PresentWithinWorkingDays)));
        services.AddSingleton(new Domain.Installs.InstallSettings(
            NodaTime.Duration.FromDays(builder.Configuration.GetValue("Installs:ReportWindowDays", (int)Domain.Installs.InstallSettings.DefaultReportWindow.TotalDays))));
        services.AddHttpContextAccessor();
        var siteSettings = SiteSettings.FromConfiguration(builder.Configuration, builder.Environment);
        services.AddSingleton(siteSettings);
        services.AddSingleton<OrganisationDirectory>();
        // Registered after Marten's schema step, so it runs once the key table exists.
        services.AddHostedService<RegisterKeysBackfill>();
        services.AddHostedService<OrganisationDirectory.Warmup>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<CommandSender>();
        services.AddSingleton<Api.InstallReportWriter>();
        services.AddScoped<Pages.Content.Coverage.CoverageView>();
        services.AddScoped<SiteSync>();
        services.AddScoped<PersonalDataExports>();
        services.AddSingleton<FileStore>();
        services.AddSingleton<RolloutFiguresCache>();
        services.AddSingleton<MemberListCache>();
        services.AddSingleton(new Domain.Statistics.StatisticsBands
        {
            AgeBands = builder.Configuration.GetSection("Statistics:AgeBands").Get<int[]>() ?? [.. Domain.Statistics.StatisticsBands.Default.AgeBands],
            PartyAgeBands = builder.Configuration.GetSection("Statistics:PartyAgeBands").Get<int[]>() ?? [.. Domain.Statistics.StatisticsBands.Default.PartyAgeBands],
        });
        services.AddHostedService<RolloutFiguresWarmer>();
        // At an offline site the events are a working copy that an update may bring into line with the
        // centre's record (decision 0023): the chain is kept at the centre, where the site's events are linked on receipt.
        if (!siteSettings.Offline)
        {
            services.AddHostedService<Audit.EventChainKeeper>();
        }

        services.AddSingleton<Audit.ChainVerificationRunner>();
        if (replicas.Enabled)
        {
            services.AddSingleton<StandbyLagWatch>();
            services.AddHostedService(provider => provider.GetRequiredService<StandbyLagWatch>());
        }

        services.AddScoped<PageServices>();
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();

        // Cookies and app tokens are protected with these keys: production keeps them in a directory
        // that survives restarts and is shared by every instance.
        if (builder.Configuration["DataProtection:KeysDirectory"] is { Length: > 0 } keys)
        {
            services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(keys)).SetApplicationName("EventSourced");
        }

        services.AddSingleton<IPasswordHasher<Domain.Members.Member>, PasswordHasher<Domain.Members.Member>>();
        services.AddSingleton(provider => new SignInThrottle(provider.GetRequiredService<IClock>(), SignInThrottlePolicy.Default));
        services.AddSingleton<SignInDevices>();
        var failureFloor = builder.Configuration.GetValue<int?>(SignInPacing.FloorSetting) is { } floor ? TimeSpan.FromMilliseconds(floor) : SignInPacing.DefaultFloor;
        services.AddSingleton(new SignInPacing(failureFloor, failureFloor > TimeSpan.Zero ? SignInPacing.DefaultJitter : TimeSpan.Zero));
        // Client addresses are the real ones (after a trusted proxy's X-Forwarded-For) for the limits below.
        services.AddForwardedHeadersFromSettings(builder.Configuration);
        // The handbook app signs in with a member credential; a few attempts a minute from one address.
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(MobileApi.RateLimitPolicy, context => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions { PermitLimit = MobileApi.TokenRequestsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            options.AddPolicy<string, InstallsRateLimitPolicy>(InstallsRateLimitPolicy.Name);
            options.AddPolicy<string, RecordReviewRateLimitPolicy>(RecordReviewRateLimitPolicy.Name);
            options.AddPolicy<string, ExchangeRateLimitPolicy>(ExchangeRateLimitPolicy.Name);
            options.AddPolicy<string, SiteRateLimitPolicy>(SiteRateLimitPolicy.Name);
        });

        services.AddSingleton(new AppTokenCache(TimeProvider.System));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/login";
                options.LogoutPath = "/logout";
                options.AccessDeniedPath = "/forbidden";
                options.Cookie.Name = "es.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = ReverseProxy.CookiePolicy(builder.Environment);
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                // An API caller gets a status code, not a redirect to a sign-in form.
                options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
                if (provinces.Enabled)
                {
                    ProvinceRouting.BindCookieToProvince(options.Events);
                }

                AccountSessions.EndWithTheAccount(options.Events);
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, MemberAppAuthentication>(MemberAppAuthentication.SchemeName, null)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            // Vietnamese unless the user chose otherwise; the browser's language is not asked.
            options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        // Vietnamese text is written as characters, not as numeric entities: smaller pages, readable source.
        services.AddWebEncoders(options => options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddAntiforgery(options =>
        {
            options.HeaderName = "RequestVerificationToken";
            options.Cookie.SecurePolicy = ReverseProxy.CookiePolicy(builder.Environment);
        });
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(options => options.Cookie.SecurePolicy = ReverseProxy.CookiePolicy(builder.Environment));
        services.AddRazorPages(options =>
        {
            options.Conventions.AllowAnonymousToPage("/Account/Login");
            options.Conventions.AllowAnonymousToPage("/Error");
            options.Conventions.AllowAnonymousToPage("/Culture");
            // The register's screens are for those whose work needs the members: one rule for the folders,
            // so a new page there cannot forget it.
            options.Conventions.AddFolderApplicationModelConvention("/Members", model => model.Filters.Add(new FolderPermissionFilter()));
            options.Conventions.AddFolderApplicationModelConvention("/Transfers", model => model.Filters.Add(new FolderPermissionFilter()));
            options.Conventions.AddFolderApplicationModelConvention("/Audit", model => model.Filters.Add(new FolderPermissionFilter(Permission.ReadAudit)));
        })
            .AddViewLocalization()
            .AddMvcOptions(options => options.ModelBinderProviders.Insert(0, new LocalDateModelBinderProvider()));

        services.ConfigureHttpJsonOptions(options =>
        {
            EventStoreConfiguration.ConfigureJson(options.SerializerOptions);
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        // The app's API contract at /openapi/v1.json: the /api/app endpoints only.
        services.AddOpenApi(AppApiDocument.Describe);
        // The data centre's contract at /openapi/exchange-v1.json: the /api/v1 endpoints only.
        services.AddOpenApi(ExchangeApiDocument.Name, ExchangeApiDocument.Describe);
        services.AddScoped<ExchangeCalls>();

        if (builder.Configuration.GetValue("Demo:LoadOnStart", false))
        {
            services.AddHostedService<DemoDataLoader>();
        }
    }

    public static void UseEventSourcedApplication(this WebApplication app)
    {
        app.UseReverseProxySettings();
        app.UseProvinces();
        app.UseReadYourWrites();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }

        app.UseSecurityHeaders(SecurityHeaders.Policy(app.Environment.IsDevelopment()));
        app.UseSerilogRequestLogging(options => RequestLog.Configure(options, app.Services.GetRequiredService<Serilog.ILogger>()));
        app.UseRequestLocalization();
        // Inside the developer exception page too: an outage answers the same in every environment,
        // in the language the localisation just chose.
        app.UseMiddleware<DatabaseOutage>();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapRazorPages();
        app.MapOrganisationApi();
        app.MapMobileApi();
        app.MapInstallsApi();
        app.MapRecordReviewApi();
        app.MapFiles();
        app.MapHandbookApi();
        app.MapExchangeApi();
        app.MapSiteApi();
        app.MapOpenApi().AllowAnonymous();
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || context.Request.Headers.ContainsKey("HX-Request"))
        {
            context.Response.StatusCode = status;
            if (context.Request.Headers.ContainsKey("HX-Request") && status == StatusCodes.Status401Unauthorized)
            {
                // htmx follows this header with a full navigation to the sign-in page.
                context.Response.Headers["HX-Redirect"] = context.RedirectUri;
            }

            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>The database answers a trivial query.</summary>
public sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Every province's database when there are several: one unreachable province is unhealthy.
            foreach (var database in await store.Storage.AllDatabases())
            {
                await using var connection = database.CreateConnection();
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "select 1";
                await command.ExecuteScalarAsync(cancellationToken);
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("database unreachable", e);
        }
    }
}
