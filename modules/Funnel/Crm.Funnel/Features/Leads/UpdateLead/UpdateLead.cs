using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.CustomFields;
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
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Leads;

internal sealed record UpdateLeadCommand(
    string? Name,
    string? Company,
    string? JobTitle,
    string? Email,
    string? Phone,
    string? Industry,
    string? Territory,
    string? City,
    string? Notes,
    Guid? BranchId,
    long? Version) : IRequest<LeadResponse>, ILeadFields
{
    [JsonIgnore]
    public Guid Id { get; init; }

    /// <summary>Custom-field values to change, by key; keys left out keep their values (ADR 0121).</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? CustomFields { get; init; }
}

internal sealed class UpdateLeadValidator : AbstractValidator<UpdateLeadCommand>
{
    public UpdateLeadValidator() => Include(new LeadFieldsValidator());
}

internal sealed class UpdateLeadHandler(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock, CustomFieldValues customFields)
    : IRequestHandler<UpdateLeadCommand, LeadResponse>
{
    public async Task<LeadResponse> Handle(UpdateLeadCommand command, CancellationToken cancellationToken)
    {
        var scope = await visibility.GetScopeAsync(cancellationToken);
        var lead = await db.LoadLeadAsync(command.Id, scope, cancellationToken);
        Versioning.EnsureCurrent("lead", lead.Version, command.Version);
        if (await LeadIntake.FindDuplicateAsync(db, command.Email, command.Phone, lead.Id, cancellationToken) is { } duplicate
            && (Normalize.Email(command.Email) != lead.EmailNormalized || Normalize.Phone(command.Phone) != lead.PhoneNormalized))
        {
            throw LeadIntake.Conflict(duplicate, scope, $"An open lead with the same {duplicate.MatchedOn} already exists: '{duplicate.Name}'.");
        }

        lead.UpdateDetails(LeadFields.ToDetails(command), user.Id, clock.GetUtcNow().UtcDateTime);
        await customFields.SetAsync(db, FunnelCustomFields.Lead, lead.Id, command.CustomFields, creating: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return LeadResponse.From(lead) with { CustomFields = await customFields.ReadAsync(db, FunnelCustomFields.Lead, lead.Id, cancellationToken) };
    }
}

internal static class UpdateLeadEndpoint
{
    internal static void MapUpdateLead(this IEndpointRouteBuilder app)
    {
        app.MapPut("/leads/{id:guid}", async (Guid id, UpdateLeadCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var lead = await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct);
                return Versioning.Ok(response, lead);
            })
            .WithName("UpdateLead")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Change a lead's details (If-Match or version guards against overwriting someone else's change)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }
}
