using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.FollowUps;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Leads;

/// <summary>Assigns a lead by hand to a person, or puts it in a queue.</summary>
internal sealed record AssignLeadCommand(Guid? OwnerId, string? Queue, string? Reason, long? Version) : IRequest<LeadResponse>
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class AssignLeadValidator : AbstractValidator<AssignLeadCommand>
{
    public AssignLeadValidator()
    {
        RuleFor(c => c.OwnerId).NotEqual(Guid.Empty).WithMessage("Owner id cannot be the empty id.");
        RuleFor(c => c.Queue).MaximumLength(100);
        RuleFor(c => c).Must(c => c.OwnerId is not null || !string.IsNullOrWhiteSpace(c.Queue)).OverridePropertyName("ownerId")
            .WithMessage("Give an owner or a queue.");
        RuleFor(c => c.Reason).MaximumLength(500);
    }
}

internal sealed class AssignLeadHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock) : IRequestHandler<AssignLeadCommand, LeadResponse>
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    public async Task<LeadResponse> Handle(AssignLeadCommand command, CancellationToken cancellationToken)
    {
        var lead = await db.LoadLeadAsync(command.Id, await visibility.GetScopeAsync(cancellationToken), cancellationToken);
        Versioning.EnsureCurrent("lead", lead.Version, command.Version);
        if (lead.Assign(command.OwnerId, command.Queue, AssignmentStrategy.Manual, command.Reason, null, user.Id, Now) is { } assignment)
        {
            db.LeadAssignments.Add(assignment);
            await db.SaveChangesAsync(cancellationToken);
        }

        return LeadResponse.From(lead);
    }
}

internal static class AssignLeadEndpoint
{
    internal static void MapAssignLead(this IEndpointRouteBuilder app)
    {
        app.MapPost("/leads/{id:guid}/assign", async (Guid id, AssignLeadCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
                Versioning.Ok(response, await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct)))
            .WithName("AssignLead")
            .RequireAuthorization(CrmPolicies.FunnelAssign)
            .WithSummary("Assign a lead by hand to a person (ownerId) or a queue")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
