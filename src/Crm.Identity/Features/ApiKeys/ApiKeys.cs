using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.Identity.Domain;
using Crm.Identity.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Identity.Features.ApiKeys;

/// <summary>An API key as listed: never the secret.</summary>
internal sealed record ApiKeyResponse(
    Guid Id, Guid UserId, string Name, string Prefix, DateTime CreatedAt, string CreatedBy, DateTime? ExpiresAt, DateTime? RevokedAt,
    string? RevokedBy, DateTime? LastUsedAt, bool IsActive)
{
    public static ApiKeyResponse From(ApiKey k, DateTime nowUtc) => new(
        k.Id, k.UserId, k.Name, k.Prefix, k.CreatedAtUtc, k.CreatedBy, k.ExpiresAtUtc, k.RevokedAtUtc, k.RevokedBy, k.LastUsedAtUtc, k.IsUsable(nowUtc));
}

/// <summary>The answer to creating a key: the only time <see cref="Key"/> is shown; store it in the integration's secrets.</summary>
internal sealed record CreatedApiKeyResponse(ApiKeyResponse ApiKey, string Key);

internal sealed record ListApiKeysQuery(Guid UserId) : IRequest<IReadOnlyList<ApiKeyResponse>>;

internal sealed record CreateApiKeyCommand(string? Name, DateTime? ExpiresAt) : IRequest<CreatedApiKeyResponse>
{
    [JsonIgnore]
    public Guid UserId { get; init; }
}

internal sealed record RevokeApiKeyCommand(Guid UserId, Guid KeyId) : IRequest<ApiKeyResponse>;

internal sealed class CreateApiKeyValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyValidator(TimeProvider clock)
    {
        RuleFor(c => c.Name).SingleLine().NotEmpty().WithMessage("Name the key after the integration that uses it.").MaximumLength(100);
        RuleFor(c => c.ExpiresAt).Must(e => e is null || ToUtc(e.Value) > clock.GetUtcNow().UtcDateTime)
            .WithMessage("The expiry must be in the future (or leave it out for a key that does not expire).");
    }

    internal static DateTime ToUtc(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();
}

internal sealed class ApiKeyHandlers(CrmIdentityDbContext db, ICurrentUser current, TimeProvider clock)
    : IRequestHandler<ListApiKeysQuery, IReadOnlyList<ApiKeyResponse>>,
      IRequestHandler<CreateApiKeyCommand, CreatedApiKeyResponse>,
      IRequestHandler<RevokeApiKeyCommand, ApiKeyResponse>
{
    public async Task<IReadOnlyList<ApiKeyResponse>> Handle(ListApiKeysQuery query, CancellationToken cancellationToken)
    {
        await EnsureUserAsync(query.UserId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.UserId == query.UserId).OrderByDescending(k => k.CreatedAtUtc).ToListAsync(cancellationToken);
        return keys.Select(k => ApiKeyResponse.From(k, now)).ToList();
    }

    public async Task<CreatedApiKeyResponse> Handle(CreateApiKeyCommand command, CancellationToken cancellationToken)
    {
        var active = await EnsureUserAsync(command.UserId, cancellationToken);
        if (!active)
        {
            throw new BusinessRuleException("The user is inactive: activate it before issuing an API key.", "userId");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var (key, secret) = ApiKey.Issue(command.UserId, command.Name!, command.ExpiresAt is { } e ? CreateApiKeyValidator.ToUtc(e) : null, current.Id, now);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKeyResponse(ApiKeyResponse.From(key, now), secret);
    }

    public async Task<ApiKeyResponse> Handle(RevokeApiKeyCommand command, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == command.KeyId && k.UserId == command.UserId, cancellationToken)
                  ?? throw new NotFoundException($"API key {command.KeyId} of user {command.UserId} does not exist.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (key.Revoke(current.Id, now))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return ApiKeyResponse.From(key, now);
    }

    /// <summary>404 for an unknown user; returns whether the user is active.</summary>
    private async Task<bool> EnsureUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.IsActive }).FirstOrDefaultAsync(cancellationToken);
        return user?.IsActive ?? throw new NotFoundException($"User {userId} does not exist.");
    }
}
