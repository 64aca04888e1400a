using System.Security.Claims;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Identity.Authentication;
using Crm.Identity.Auditing;
using Crm.Identity.Domain;
using Crm.Identity.Persistence;
using MediatR;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Identity.Features.SignIn;

internal sealed record LoginRequest(string? UserName, string? Password, bool RememberMe);

internal sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>
/// Sign-in and sign-out for people: the HTML form of the sign-in page (<c>/account/…</c>, antiforgery-checked, answers
/// with redirects) and the same as JSON under <c>/api/auth</c> for scripts and tests.
/// </summary>
internal static class SignInEndpoints
{
    internal static void MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<SignInLimitOptions>();

        // The form posts are page navigations: they answer with redirects, so they stay out of the API description.
        app.MapPost("/account/login", FormLoginAsync)
            .WithName("FormLogin")
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithSignInLimits(limits)
            .ExcludeFromDescription();
        app.MapPost("/account/logout", FormLogoutAsync)
            .WithName("FormLogout")
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();

        var api = app.MapGroup("/api/auth").WithTags("Sign-in");
        api.MapPost("/login", JsonLoginAsync)
            .WithName("Login")
            .WithSummary("Sign in with user name and password; sets the sign-in cookie and returns the profile (401 problem with code 'invalid' or 'locked'; 429 with Retry-After when attempts come too fast)")
            .AllowAnonymous()
            .WithSignInLimits(limits)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/logout", JsonLogoutAsync)
            .WithName("Logout")
            .WithSummary("Sign out (removes the cookie)")
            .AllowAnonymous();
        api.MapGet("/me", MeAsync)
            .WithName("Me")
            .WithSummary("The signed-in user: id, user name, display name, e-mail, roles, branch and manager")
            .RequireAuthorization(CrmPolicies.SignedIn);
        api.MapPost("/password", ChangePasswordAsync)
            .WithName("ChangeOwnPassword")
            .WithSummary("Change your own password (the current one is required)")
            .RequireAuthorization(CrmPolicies.SignedIn)
            .ProducesValidationProblem();
    }

    private static async Task<IResult> FormLoginAsync(HttpContext context, IAntiforgery antiforgery, SignInService signIn, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["form"] = ["Post the sign-in form (application/x-www-form-urlencoded)."] });
        }

        var form = await context.Request.ReadFormAsync(ct);
        var returnUrl = LocalUrl.OrRoot(form["returnUrl"]);
        if (!await IsFormValidAsync(antiforgery, context))
        {
            // The page sat open past its antiforgery cookie (or the post is forged): show the form again.
            return TypedResults.Redirect(LocalUrl.LoginPage("expired", returnUrl));
        }

        var (outcome, user, _) = await signIn.PasswordSignInAsync(form["userName"], form["password"], IsChecked(form["rememberMe"]), "form", ct);
        if (outcome == SignInOutcome.SignedIn)
        {
            await RestoreLanguageAsync(context, user!.Id, ct);
        }

        return outcome switch
        {
            SignInOutcome.SignedIn => TypedResults.Redirect(returnUrl),
            SignInOutcome.Locked => TypedResults.Redirect(LocalUrl.LoginPage("locked", returnUrl)),
            SignInOutcome.Throttled => TypedResults.Redirect(LocalUrl.LoginPage("throttled", returnUrl)),
            _ => TypedResults.Redirect(LocalUrl.LoginPage("invalid", returnUrl)),
        };
    }

    private static async Task<IResult> FormLogoutAsync(HttpContext context, IAntiforgery antiforgery, SignInService signIn, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType || !await IsFormValidAsync(antiforgery, context))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The sign-out form is not valid.",
                detail: "Reload the page and sign out again.");
        }

        await signIn.SignOutAsync(UserId(context.User), context.User.Identity?.Name, "form", ct);
        return TypedResults.Redirect("/login");
    }

    private static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> JsonLoginAsync(
        LoginRequest request, SignInService signIn, SignInLimitOptions limits, IMediator mediator, HttpContext context, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            errors["userName"] = ["User name is required."];
        }
        else if (request.UserName.Length > limits.MaxUserNameLength)
        {
            errors["userName"] = [$"A user name has at most {limits.MaxUserNameLength} characters."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["Password is required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (outcome, user, retryAfter) = await signIn.PasswordSignInAsync(request.UserName, request.Password, request.RememberMe, "api", ct);
        if (outcome == SignInOutcome.SignedIn)
        {
            await RestoreLanguageAsync(context, user!.Id, ct);
            return TypedResults.Ok((await mediator.Send(new GetProfileQuery(user.Id), ct))!);
        }

        if (outcome == SignInOutcome.Throttled)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter!.Value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var throttled = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many sign-in attempts.",
                Detail = "Too many attempts for this user name in a short time; wait a little and try again.",
            };
            throttled.Extensions["code"] = "throttled";
            return TypedResults.Problem(throttled);
        }

        var locked = outcome == SignInOutcome.Locked;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = locked ? "The account is locked." : "Sign-in failed.",
            Detail = locked
                ? "Too many failed attempts. Try again later, or ask an administrator to unlock the account."
                : "The user name or the password is wrong.",
        };
        problem.Extensions["code"] = locked ? "locked" : "invalid";
        return TypedResults.Problem(problem);
    }

    private static async Task<NoContent> JsonLogoutAsync(HttpContext context, SignInService signIn, CancellationToken ct)
    {
        await signIn.SignOutAsync(UserId(context.User), context.User.Identity?.Name, "api", ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ProfileResponse>> MeAsync(ClaimsPrincipal principal, IMediator mediator, CancellationToken ct)
    {
        var userId = UserId(principal) ?? throw new NotFoundException("The signed-in principal has no user id.");
        return TypedResults.Ok(await mediator.Send(new GetProfileQuery(userId), ct) ?? GetProfileHandler.FromClaims(userId, principal));
    }

    private static async Task<Results<NoContent, ValidationProblem>> ChangePasswordAsync(
        ChangePasswordRequest request, HttpContext context, OwnPassword password, CancellationToken ct) =>
        await password.ChangeAsync(context.User, request.CurrentPassword, request.NewPassword, ct) is { } errors
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.NoContent();

    private static async Task<bool> IsFormValidAsync(IAntiforgery antiforgery, HttpContext context)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    /// <summary>An HTML checkbox posts "on" (or the value attribute, "true" in Blazor); a hidden "false" may come along.</summary>
    private static bool IsChecked(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(v, "on", StringComparison.OrdinalIgnoreCase) || v == "1");

    internal static Guid? UserId(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>The language the person chose on another visit or browser becomes this browser's (ADR 0137).</summary>
    private static async Task RestoreLanguageAsync(HttpContext context, Guid userId, CancellationToken ct)
    {
        if (await context.RequestServices.GetRequiredService<IUserLanguage>().ChosenAsync(userId, ct) is { } culture)
        {
            UiLanguageCookie.Write(context.Response, culture);
        }
    }
}
