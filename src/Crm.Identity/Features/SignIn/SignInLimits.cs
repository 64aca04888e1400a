using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Identity.Features.SignIn;

/// <summary>
/// Limits of the anonymous sign-in routes (<c>Identity:SignIn</c>; ADR 0047): a small request body, and attempts per
/// client address (ASP.NET Core rate limiting, policy <see cref="AddressPolicy"/>) and per user name
/// (<see cref="SignInThrottle"/>) within a window. Lockout stops guessing one account's password; these stop flooding.
/// </summary>
internal sealed class SignInLimitOptions
{
    /// <summary>The largest sign-in request body; a user name and a password fit in far less.</summary>
    public int MaxRequestBytes { get; set; } = 16 * 1024;

    /// <summary>The longest user name looked up (the user store allows 256).</summary>
    public int MaxUserNameLength { get; set; } = 256;

    /// <summary>Attempts per client address per window (an office behind one NAT address shares it).</summary>
    public int PerAddressPermitLimit { get; set; } = 30;

    /// <summary>Attempts per user name per window, from any address.</summary>
    public int PerUserNamePermitLimit { get; set; } = 10;

    public int WindowSeconds { get; set; } = 60;

    public TimeSpan Window => TimeSpan.FromSeconds(Math.Max(1, WindowSeconds));
}

internal static class SignInLimits
{
    public const string AddressPolicy = "sign-in";

    public static IServiceCollection AddSignInLimits(this IServiceCollection services, SignInLimitOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<SignInThrottle>();
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(AddressPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, options.PerAddressPermitLimit), Window = options.Window, QueueLimit = 0 })));
        return services;
    }

    /// <summary>The body cap (413 problem details) and the per-address limit (429 with Retry-After) on a sign-in route.</summary>
    public static RouteHandlerBuilder WithSignInLimits(this RouteHandlerBuilder route, SignInLimitOptions options) =>
        route
            // Kestrel stops reading a longer body, also a chunked one without Content-Length.
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxRequestBytes))
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.Request.ContentLength > options.MaxRequestBytes
                    ? TypedResults.Problem(
                        statusCode: StatusCodes.Status413PayloadTooLarge, title: "The sign-in request is too large.",
                        detail: $"A sign-in request carries a user name and a password: at most {options.MaxRequestBytes} bytes.")
                    : await next(context))
            .RequireRateLimiting(AddressPolicy);
}

/// <summary>
/// Attempts per user name (case-insensitive, trimmed), whichever address they come from: a fixed window per name, as
/// the per-address policy, from System.Threading.RateLimiting. The name is only known once the body is read, which is
/// why this is not an ASP.NET Core rate-limiting policy.
/// </summary>
internal sealed class SignInThrottle(SignInLimitOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(name =>
        RateLimitPartition.GetFixedWindowLimiter(
            name, _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, options.PerUserNamePermitLimit), Window = options.Window, QueueLimit = 0 }));

    /// <summary>True when another attempt for <paramref name="userName"/> may go ahead; otherwise how long to wait.</summary>
    public bool TryAcquire(string userName, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(userName.Trim().ToUpperInvariant());
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Window;
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
