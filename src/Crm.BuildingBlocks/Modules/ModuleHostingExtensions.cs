using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Diagnostics;
using Crm.BuildingBlocks.Hosting;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.Pricing;
using Crm.BuildingBlocks.Scheduling;
using Crm.BuildingBlocks.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Crm.BuildingBlocks.Modules;

public static class ModuleHostingExtensions
{
    /// <summary>
    /// Selects the enabled modules from <paramref name="catalog"/> (failing fast on a missing <c>Requires</c>), registers
    /// the shared building blocks and each enabled module's services.
    /// </summary>
    public static ModuleSelection AddCrmModules(this IServiceCollection services, IConfiguration configuration, IEnumerable<IModule> catalog)
    {
        var selection = ModuleSelection.Resolve(catalog, configuration);
        services.AddSingleton(selection);
        services.AddScoped<ModuleStatusReader>();
        services.AddCrmMoney(configuration);
        services.AddScoped(typeof(IOptionalModule<>), typeof(OptionalModule<>));

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<Identity.IRecordVisibility, Identity.RecordVisibility>();
        // The organisation from staff profiles; the Branches module, when enabled, replaces it with its tree (ADR 0100).
        services.AddScoped<Organisation.StaffProfileOrganisation>();
        services.AddScoped<PublicApi.IOrganisation>(sp => sp.GetRequiredService<Organisation.StaffProfileOrganisation>());
        // Routing and escalation through the organisation, and the company calendar, for every module (ADRs 0102, 0103).
        services.AddScoped<PublicApi.IWorkRouting, Organisation.WorkRouting>();
        services.AddOptions<Calendars.BusinessCalendarOptions>().Bind(configuration.GetSection(Calendars.BusinessCalendarOptions.Section))
            .Validate(o => o.TryBuildWeek(out _, out _, out _), "BusinessCalendar: the time zone must be an IANA id and Hours periods such as 09:00-18:00.")
            .ValidateOnStart();
        services.AddSingleton<Calendars.CompanyBusinessCalendar>();
        services.AddScoped<PublicApi.IBusinessCalendar>(sp => sp.GetRequiredService<Calendars.CompanyBusinessCalendar>());
        // China's administrative divisions, embedded at build and read on first use (ADR 0136).
        services.AddSingleton<PublicApi.IAdministrativeDivisions>(_ => Regions.AdministrativeDivisions.Instance);
        services.AddOptions<Identity.DataPermissionOptions>().Bind(configuration.GetSection(Identity.DataPermissionOptions.Section));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // Every environment, not only Development: an unreadable body or route value reaches the handler above and
        // answers with the field in error in the reader's language, instead of a bare 400 (UnreadableRequest).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        // One check per dependency (database per storage, scheduler, SMTP); details for administrators (ADR 0080).
        services.AddCrmHealthChecks();
        // Module models, the first queries and the sign-in path are warm before the host listens (ADR 0077).
        services.AddCrmWarmUp();
        // Modules add named policies for their public endpoints (services.Configure<RateLimiterOptions>); a limited
        // request gets 429 with problem details and a Retry-After.
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await TypedResults.Problem("Too many requests from this address; wait a little and try again.", statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests").ExecuteAsync(context.HttpContext);
            };
        });

        // One scheduler for the whole host, on Quartz's persistent store, clustered (ADR 0017); modules add jobs to it.
        services.AddCrmScheduler(configuration);

        // The custom-field administration answers (with an empty list) even when no enabled module registers fields.
        services.TryAddScoped<CustomFields.CustomFieldAdministration>();
        foreach (var module in selection.Enabled)
        {
            module.RegisterServices(services, configuration);
        }

        return selection;
    }

    /// <summary>Registers the demo data of the enabled modules, in the order given (ADR 0068).</summary>
    public static void AddDemoData(this IServiceCollection services, ModuleSelection modules, IEnumerable<IDemoData> demoData)
    {
        var enabled = modules.Enabled.Select(m => m.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var demo in demoData.Where(d => enabled.Contains(d.Module)))
        {
            demo.RegisterServices(services);
        }
    }

    /// <summary>
    /// Maps <c>/api/modules</c> (<see cref="CrmPolicies.SystemSetup"/>), <c>/health</c> (anonymous), <c>/health/details</c> (<see cref="CrmPolicies.SystemSetup"/>) and each enabled
    /// module's endpoints under <c>/api/&lt;name&gt;</c> (signed-in at least, plus the module's own policies).
    /// </summary>
    public static IEndpointRouteBuilder MapCrmModules(this IEndpointRouteBuilder endpoints)
    {
        var selection = endpoints.ServiceProvider.GetRequiredService<ModuleSelection>();
        endpoints.MapGet("/api/modules", ListModulesAsync)
            .WithName("ListModules")
            .WithSummary("Modules of this host (and host-level storage such as Workflows): enabled state, requirements and migration state")
            .WithTags("Modules")
            .RequireAuthorization(CrmPolicies.SystemSetup);

        endpoints.MapCrmHealth();
        Regions.RegionEndpoints.MapRegions(endpoints);
        // One administration of custom fields for every module's records (ADR 0121).
        CustomFields.CustomFieldEndpoints.MapCustomFields(endpoints);

        foreach (var module in selection.Enabled)
        {
            // Every module route needs a signed-in caller at least; the module adds its own policies per route.
            var group = endpoints.MapGroup($"/api/{module.Name.ToLowerInvariant()}").WithTags(module.Name).RequireAuthorization(CrmPolicies.SignedIn);
            module.MapEndpoints(group);
        }

        // Anonymous endpoints of all modules share one prefix (ADR 0032).
        var publicGroup = endpoints.MapGroup("/api/public").WithTags("Public");
        foreach (var module in selection.Enabled)
        {
            module.MapPublicEndpoints(publicGroup);
        }

        return endpoints;
    }

    /// <summary>Applies pending migrations of every enabled module (start-up, or the <c>migrate</c> verb).</summary>
    public static async Task MigrateEnabledModulesAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Crm.Migrations");
        foreach (var database in services.GetServices<IModuleDatabase>())
        {
            var state = await database.GetStateAsync(cancellationToken);
            if (state.Pending.Count > 0)
            {
                logger.LogInformation("Migrating {Module} ({Provider}): {Pending}", database.ModuleName, database.Provider, string.Join(", ", state.Pending));
            }

            await database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>Applies pending migrations of one module's (or service's) storage, e.g. "Identity" before creating a user.</summary>
    public static async Task MigrateModuleAsync(this IServiceProvider services, string moduleName, CancellationToken cancellationToken = default)
    {
        var database = services.GetServices<IModuleDatabase>().SingleOrDefault(d => string.Equals(d.ModuleName, moduleName, StringComparison.OrdinalIgnoreCase))
                       ?? throw new InvalidOperationException($"No storage named '{moduleName}' is registered.");
        await database.MigrateAsync(cancellationToken);
    }

    private static async Task<Ok<IReadOnlyList<ModuleStatus>>> ListModulesAsync(ModuleStatusReader reader, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reader.ReadAsync(cancellationToken));
}
