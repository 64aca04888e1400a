using System.Security.Cryptography;
using Crm.BuildingBlocks.PublicApi;
using System.Text.Json;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Leads;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Funnel.Features.WebForm;

/// <summary>
/// A lead from the public web form on the company's site. What keeps abuse out (ADR 0033): a per-address rate limit,
/// a body size limit, a honeypot field people never see, a signed form token that must be at least
/// <c>MinimumFillSeconds</c> old (bots submit at once), a cap on links in the message, and field validation. Dropped
/// submissions get the same 202 as accepted ones, so a bot learns nothing; invalid fields get a 400 a person can fix.
/// </summary>
internal sealed record WebFormLeadCommand(
    string? Name,
    string? Company,
    string? JobTitle,
    string? Email,
    string? Phone,
    string? Industry,
    string? City,
    string? Message,
    Guid? CampaignId,
    string? Token,
    string? Website) : IRequest<WebFormOutcome>, ILeadFields
{
    string? ILeadFields.Territory => null;

    string? ILeadFields.Notes => Message;

    Guid? ILeadFields.BranchId => null;
}

internal enum WebFormOutcome
{
    Created,
    Duplicate,
    Dropped,
}

internal sealed record FormTokenResponse(string Token, int MinimumFillSeconds, DateTime ExpiresAt);

internal sealed class WebFormLeadValidator : AbstractValidator<WebFormLeadCommand>
{
    public WebFormLeadValidator()
    {
        Include(new LeadFieldsValidator());
        RuleFor(c => c.Message).MaximumLength(2000);
        RuleFor(c => c.Token).MaximumLength(1000);
    }
}

/// <summary>Issues and checks form tokens: a protected issue time plus a nonce, so a token cannot be forged or back-dated.</summary>
internal sealed class FormTokens(IDataProtectionProvider protection, TimeProvider clock, FunnelOptions options)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Crm.Funnel.WebForm.Token.v1");

    public FormTokenResponse Issue()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var payload = $"{now.Ticks}:{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}";
        return new FormTokenResponse(_protector.Protect(payload), options.WebForm.MinimumFillSeconds, now.AddMinutes(options.WebForm.TokenLifetimeMinutes));
    }

    /// <summary>The token's issue time, or null when it is missing, forged or expired.</summary>
    public DateTime? IssuedAt(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        try
        {
            var ticks = long.Parse(_protector.Unprotect(token).Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
            var issued = new DateTime(ticks, DateTimeKind.Utc);
            var now = clock.GetUtcNow().UtcDateTime;
            return issued <= now.AddSeconds(5) && issued > now.AddMinutes(-options.WebForm.TokenLifetimeMinutes) ? issued : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }
}

internal sealed class WebFormLeadHandler(
    FunnelDbContext db, FormTokens tokens, FunnelOptions options, TimeProvider clock, ILogger<WebFormLeadHandler> logger)
    : IRequestHandler<WebFormLeadCommand, WebFormOutcome>
{
    internal const string SubmittedBy = "web-form";
    private const int MaxLinks = 2;

    public async Task<WebFormOutcome> Handle(WebFormLeadCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!string.IsNullOrEmpty(command.Website))
        {
            logger.LogInformation("Web form submission dropped: the honeypot field was filled");
            return WebFormOutcome.Dropped;
        }

        if (options.WebForm.RequireToken)
        {
            var issued = tokens.IssuedAt(command.Token)
                         ?? throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("token",
                             "The form has expired or is not valid. Reload the page and send it again.")]);
            if (now - issued < TimeSpan.FromSeconds(options.WebForm.MinimumFillSeconds))
            {
                logger.LogInformation("Web form submission dropped: sent {Seconds:0.0} s after the form was loaded", (now - issued).TotalSeconds);
                return WebFormOutcome.Dropped;
            }
        }

        if (CountLinks(command.Message) > MaxLinks || CountLinks(command.Name) > 0 || CountLinks(command.Company) > 0)
        {
            logger.LogInformation("Web form submission dropped: links in the message or name");
            return WebFormOutcome.Dropped;
        }

        if (await LeadIntake.FindDuplicateAsync(db, command.Email, command.Phone, null, cancellationToken) is { } duplicate)
        {
            // The same person again: their message goes on the existing lead instead of a second lead.
            var existing = await db.Leads.FirstAsync(l => l.Id == duplicate.Id, cancellationToken);
            db.FollowUps.Add(existing.RecordInbound($"Sent the web form again: {command.Message ?? "(no message)"}", SubmittedBy, now));
            await db.SaveChangesAsync(cancellationToken);
            return WebFormOutcome.Duplicate;
        }

        var campaignId = command.CampaignId is { } id && await db.Campaigns.AnyAsync(c => c.Id == id, cancellationToken) ? id : (Guid?)null;
        db.Leads.Add(Lead.Create(LeadFields.ToDetails(command), SourceChannelCodes.Website, LeadCapture.WebForm, campaignId, null, SubmittedBy, now));
        await db.SaveChangesAsync(cancellationToken);
        return WebFormOutcome.Created;
    }

    private static int CountLinks(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var count = 0;
        foreach (var marker in new[] { "http://", "https://", "www." })
        {
            for (var i = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(marker, i + marker.Length, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }
}

internal static class PublicLeadFormEndpoints
{
    internal const string SubmitPolicy = "funnel-web-form";
    internal const string TokenPolicy = "funnel-web-form-token";

    internal static void MapPublicLeadForm(this IEndpointRouteBuilder app)
    {
        app.MapGet("/leads/form-token", (FormTokens tokens) => TypedResults.Ok(tokens.Issue()))
            .WithName("IssueWebFormToken")
            .WithSummary("A token for the public lead form: load it with the page and send it with the form (it must be a few seconds old)")
            .AllowAnonymous()
            .RequireRateLimiting(TokenPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        app.MapPost("/leads", Submit)
            .WithName("SubmitWebFormLead")
            .WithSummary("The public lead form (JSON or form fields: name, company, email, phone, message, campaignId, token). 202 when received; 400 with field errors; 429 when flooded")
            .AllowAnonymous()
            .RequireRateLimiting(SubmitPolicy)
            .DisableAntiforgery()
            .Accepts<WebFormLeadCommand>("application/json", "application/x-www-form-urlencoded")
            .Produces<WebFormReceived>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<IResult> Submit(HttpRequest request, IMediator mediator, FunnelOptions options, CancellationToken cancellationToken)
    {
        if (!options.WebForm.Enabled)
        {
            return TypedResults.NotFound();
        }

        var limit = options.WebForm.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            return TypedResults.Problem($"The form is larger than {limit / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        WebFormLeadCommand? command;
        try
        {
            command = request.HasFormContentType ? await ReadFormAsync(request, limit, cancellationToken) : await ReadJsonAsync(request, limit, cancellationToken);
        }
        catch (JsonException)
        {
            return TypedResults.Problem("The form could not be read: send JSON or form fields.", statusCode: StatusCodes.Status400BadRequest);
        }
        catch (InvalidDataException)
        {
            return TypedResults.Problem($"The form is larger than {limit / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (command is null)
        {
            return TypedResults.Problem("The form is empty.", statusCode: StatusCodes.Status400BadRequest);
        }

        await mediator.Send(command, cancellationToken);
        return TypedResults.Accepted((string?)null, new WebFormReceived(true));
    }

    private static async Task<WebFormLeadCommand?> ReadJsonAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var body = await ReadBoundedAsync(request.Body, limit, cancellationToken);
        return body.Length == 0 ? null : JsonSerializer.Deserialize<WebFormLeadCommand>(body, JsonSerializerOptions.Web);
    }

    private static async Task<WebFormLeadCommand> ReadFormAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = limit, MultipartBodyLengthLimit = limit, ValueCountLimit = 30 }, cancellationToken);
        string? Field(string name) => form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;
        return new WebFormLeadCommand(
            Field("name"), Field("company"), Field("jobTitle"), Field("email"), Field("phone"), Field("industry"), Field("city"), Field("message"),
            Guid.TryParse(Field("campaignId"), out var campaignId) ? campaignId : null, Field("token"), Field("website"));
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes: a chunked body without Content-Length cannot sneak past the size limit.</summary>
    private static async Task<byte[]> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new InvalidDataException("Body too large.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>The public form's answer: received (the lead is created, or the submission silently dropped as a bot's).</summary>
internal sealed record WebFormReceived(bool Received);
