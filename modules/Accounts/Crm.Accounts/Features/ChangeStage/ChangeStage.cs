using System.Text.Json.Serialization;
using Crm.Accounts.Domain;
using Crm.Accounts.Features.Shared;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Accounts.Features.ChangeStage;

internal sealed record ChangeStageCommand(string? Stage, string? Reason, long? Version) : IRequest<AccountResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class ChangeStageValidator : AbstractValidator<ChangeStageCommand>
{
    public ChangeStageValidator()
    {
        RuleFor(c => c.Stage).NotEmpty().WithMessage("Stage is required.")
            .Must(AccountFields.IsEnumOrEmpty<LifecycleStage>).WithMessage($"Stage must be one of {AccountFields.Names<LifecycleStage>()}.");
        RuleFor(c => c.Reason).MaximumLength(500);
    }
}

internal sealed class ChangeStageHandler(AccountsDbContext db, IRecordVisibility visibility, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<ChangeStageCommand, AccountResponse>
{
    public async Task<AccountResponse> Handle(ChangeStageCommand command, CancellationToken cancellationToken)
    {
        var account = await db.LoadAsync(command.Id, visibility, cancellationToken);
        Versioning.EnsureCurrent("account", account.Version, command.Version);
        var change = account.ChangeStage(Enum.Parse<LifecycleStage>(command.Stage!, ignoreCase: true), command.Reason, user.Id, clock.GetUtcNow().UtcDateTime);
        db.StageChanges.Add(change);
        await db.SaveChangesAsync(cancellationToken);
        return AccountResponse.From(account);
    }
}

internal static class ChangeStageEndpoint
{
    internal static RouteHandlerBuilder MapChangeStage(this IEndpointRouteBuilder app) =>
        app.MapPost("/{id:guid}/stage", async Task<Ok<AccountResponse>> (Guid id, ChangeStageCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
        {
            var updated = await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, cancellationToken);
            return Versioning.Ok(response, updated);
        })
            .WithName("ChangeAccountStage")
            .WithSummary("Move an account along its lifecycle; the change is kept in the stage history")
            .RequireAuthorization(CrmPolicies.AccountsWrite)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
