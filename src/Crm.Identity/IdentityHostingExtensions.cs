using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Persistence;
using Crm.Identity.Auditing;
using Crm.Identity.Authentication;
using Crm.Identity.Domain;
using Crm.Identity.Dictionaries;
using Crm.Identity.Features;
using Crm.Identity.Features.Dictionaries;
using Crm.BuildingBlocks.PublicApi;
using Crm.Identity.Features.SignIn;
using Crm.Identity.Persistence;
using Crm.Identity.Seeding;
using Crm.Identity.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Identity;

/// <summary>
/// How the host gets users and sign-in: the user store (<c>crm.identity.db</c>), cookie sign-in for people, API keys
/// for integrations, the product's authorisation policies, the sign-in/administration endpoints and the staff
/// directory. Always on: every route of the product has a policy (docs/security.md).
/// </summary>
public static class IdentityHostingExtensions
{
    public static IServiceCollection AddCrmIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDbContext<CrmIdentityDbContext, IdentitySqliteDbContext, IdentitySqlServerDbContext, IdentityPostgreSqlDbContext>(configuration, CrmIdentityDbContext.ModuleName);
        services.AddModuleMediator(typeof(IdentityHostingExtensions).Assembly);

        services.AddIdentityCore<CrmUser>(o =>
            {
                // Defaults; Identity:Password:* and Identity:Lockout:* override them (IdentityOptions property names).
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                configuration.GetSection("Identity:Password").Bind(o.Password);
                configuration.GetSection("Identity:Lockout").Bind(o.Lockout);

                // "Confirmed" means active (ActiveUserConfirmation): fixed, not configurable, or deactivation would be.
                o.SignIn.RequireConfirmedAccount = true;
            })
            .AddRoles<CrmRole>()
            .AddEntityFrameworkStores<CrmIdentityDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<CrmClaimsPrincipalFactory>();
        services.AddScoped<IUserConfirmation<CrmUser>, ActiveUserConfirmation>();

        // Each cookie is re-checked against the user's security stamp every minute (and its roles re-read): a
        // deactivated user, a reset password or a removed role ends old sessions within that minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.Configure<SignInCookieOptions>(configuration.GetSection("Identity:Cookie"));
        var cookieOptions = configuration.GetSection("Identity:Cookie").Get<SignInCookieOptions>() ?? new SignInCookieOptions();

        services.AddAuthentication(CrmAuthenticationSchemes.Default)
            .AddPolicyScheme(CrmAuthenticationSchemes.Default, "Sign-in cookie or API key", o =>
                o.ForwardDefaultSelector = context => CrmAuthenticationSchemes.PresentedApiKey(context.Request) is null
                    ? CrmAuthenticationSchemes.Cookie
                    : CrmAuthenticationSchemes.ApiKey)
            .AddCookie(CrmAuthenticationSchemes.Cookie, o =>
            {
                o.Cookie.Name = CrmAuthenticationSchemes.CookieName;
                o.Cookie.HttpOnly = true;
                // Lax: the cookie is not sent on cross-site POSTs, which (with JSON-only APIs and the antiforgery
                // token on forms) keeps other sites from acting as the signed-in user.
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/access-denied";
                o.ReturnUrlParameter = "returnUrl";
                o.ExpireTimeSpan = cookieOptions.IdleTimeout;
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync;
                o.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
            })
            // Never issued (no two-factor sign-in yet), but the security stamp validator signs it out when it rejects a
            // cookie, and that fails if the scheme is unknown.
            .AddCookie(IdentityConstants.TwoFactorRememberMeScheme, o => o.Cookie.Name = "crm.2fa")
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(CrmAuthenticationSchemes.ApiKey, "API key", null);

        services.AddAuthorization(o => o.AddCrmPolicies());
        services.AddAntiforgery();
        AddDataProtectionKeys(services, configuration);

        services.AddScoped<SignInService>();
        services.AddSignInLimits(configuration.GetSection("Identity:SignIn").Get<SignInLimitOptions>() ?? new SignInLimitOptions());
        services.AddSingleton<Crm.BuildingBlocks.Hosting.IWarmUp, SignInWarmUp>();
        services.AddScoped<OwnPassword>();
        services.AddScoped<IdentityAudit>();
        services.AddScoped<IStaffDirectory, StaffDirectory>();
        services.AddScoped<IUserLanguage, UserLanguage>();

        // The dictionaries are platform configuration: every module reads them whichever modules are enabled (ADR 0125).
        services.AddMemoryCache();
        services.AddSingleton<CachedDictionaries>();
        services.AddSingleton<IDictionaries>(sp => sp.GetRequiredService<CachedDictionaries>());
        services.AddHostedService<IdentitySeeder>();

        // The user administration pages (Pages/), in the web UI's Administration menu.
        services.AddSingleton<IModuleUi, Pages.IdentityUi>();
        return services;
    }

    /// <summary>
    /// The cross-site write guard of the APIs (<see cref="CrossSiteRequestGuard"/>), then authentication, authorisation
    /// and antiforgery, in that order; call before anything that needs the user.
    /// </summary>
    public static IApplicationBuilder UseCrmAuthentication(this IApplicationBuilder app) =>
        app.UseMiddleware<CrossSiteRequestGuard>().UseAuthentication().UseAuthorization().UseAntiforgery();

    /// <summary>
    /// Sign-in (<c>/account/login</c>, <c>/account/logout</c>, <c>/api/auth/*</c>) and administration
    /// (<c>/api/users</c>, <c>/api/roles</c>, <c>/api/identity/audit</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapCrmIdentity(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSignInEndpoints();
        endpoints.MapAdministrationEndpoints();
        endpoints.MapDictionaryEndpoints();
        return endpoints;
    }

    private static Task RedirectOrStatus(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (CrmAuthenticationSchemes.IsApiRequest(context.Request))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The keys that encrypt sign-in cookies and antiforgery tokens. By default ASP.NET Core keeps them in the user
    /// profile; <c>DataProtection:KeysDirectory</c> puts them in a folder that survives container restarts and that
    /// several host instances can share (they must, or a cookie from one is rejected by the other).
    /// </summary>
    private static void AddDataProtectionKeys(IServiceCollection services, IConfiguration configuration)
    {
        // One application name for every instance: by default it is the content root path, which differs between hosts.
        services.AddDataProtection().SetApplicationName("Crm.Modular");
        var directory = configuration["DataProtection:KeysDirectory"];
        if (string.IsNullOrWhiteSpace(directory))
        {
            return;
        }

        services.AddOptions<KeyManagementOptions>().Configure<IHostEnvironment, ILoggerFactory>((o, environment, loggers) =>
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.GetFullPath(directory, environment.ContentRootPath)), loggers));
    }
}
