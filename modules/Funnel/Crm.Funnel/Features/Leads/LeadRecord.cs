using System.Text.Json.Serialization;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Domain;
using Crm.Funnel.Features.Shared;
using Crm.Funnel.Persistence;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Funnel.Features.Leads;

internal sealed record GetLeadQuery(Guid Id) : IRequest<LeadResponse>;

/// <summary>The assignment history of a lead: who had it, from when, by which strategy.</summary>
internal sealed record LeadHistoryQuery(Guid Id) : IRequest<IReadOnlyList<AssignmentResponse>>;

internal sealed record AssignmentResponse(
    Guid Id, Guid? FromOwnerId, Guid? ToOwnerId, string? Queue, AssignmentStrategy Strategy, string? Reason, string AssignedBy, DateTime AssignedAt);

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
}

/// <summary>Asks whether an e-mail or phone already belongs to an open lead (the form checks before saving).</summary>
internal sealed record FindLeadDuplicateQuery(string? Email, string? Phone) : IRequest<LeadDuplicate?>;

internal sealed class UpdateLeadValidator : AbstractValidator<UpdateLeadCommand>
{
    public UpdateLeadValidator() => Include(new LeadFieldsValidator());
}

internal sealed class LeadRecordHandlers(FunnelDbContext db, ICurrentUser user, IRecordVisibility visibility, TimeProvider clock)
    : IRequestHandler<GetLeadQuery, LeadResponse>,
        IRequestHandler<LeadHistoryQuery, IReadOnlyList<AssignmentResponse>>,
        IRequestHandler<UpdateLeadCommand, LeadResponse>,
        IRequestHandler<FindLeadDuplicateQuery, LeadDuplicate?>
{
    public async Task<LeadResponse> Handle(GetLeadQuery query, CancellationToken cancellationToken) =>
        LeadResponse.From(await db.Leads.AsNoTracking().VisibleTo(await visibility.GetScopeAsync(cancellationToken)).FirstOrDefaultAsync(l => l.Id == query.Id, cancellationToken)
                          ?? throw new NotFoundException($"Lead {query.Id} does not exist."));

    public async Task<IReadOnlyList<AssignmentResponse>> Handle(LeadHistoryQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Leads.VisibleTo(await visibility.GetScopeAsync(cancellationToken)).AnyAsync(l => l.Id == query.Id, cancellationToken))
        {
            throw new NotFoundException($"Lead {query.Id} does not exist.");
        }

        return await db.LeadAssignments.AsNoTracking()
            .Where(a => a.LeadId == query.Id)
            .OrderBy(a => a.AssignedAtUtc)
            .Select(a => new AssignmentResponse(a.Id, a.FromOwnerId, a.ToOwnerId, a.Queue, a.Strategy, a.Reason, a.AssignedBy, a.AssignedAtUtc))
            .ToListAsync(cancellationToken);
    }

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
        await db.SaveChangesAsync(cancellationToken);
        return LeadResponse.From(lead);
    }

    public async Task<LeadDuplicate?> Handle(FindLeadDuplicateQuery query, CancellationToken cancellationToken)
    {
        var duplicate = await LeadIntake.FindDuplicateAsync(db, query.Email, query.Phone, null, cancellationToken);
        var scope = await visibility.GetScopeAsync(cancellationToken);
        // Someone else's lead is reported without its details: that it exists is what the user needs to know.
        return duplicate is null || LeadIntake.Visible(duplicate, scope) ? duplicate : duplicate with { Name = "(a colleague's lead)", Email = null, Phone = null, Company = null };
    }
}

internal static class LeadRecordEndpoints
{
    internal static void MapLeadRecord(this IEndpointRouteBuilder app)
    {
        app.MapGet("/leads/{id:guid}", async (Guid id, IMediator mediator, HttpResponse response, CancellationToken ct) =>
            {
                var lead = await mediator.Send(new GetLeadQuery(id), ct);
                Versioning.SetETag(response, lead.Version);
                return TypedResults.Ok(lead);
            })
            .WithName("GetLead")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("One lead")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/leads/{id:guid}/assignments", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new LeadHistoryQuery(id), ct)))
            .WithName("ListLeadAssignments")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("Who the lead was assigned to, when and how (round robin, least loaded, rule, queue, by hand)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPut("/leads/{id:guid}", async (Guid id, UpdateLeadCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken ct) =>
            {
                var lead = await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, ct);
                Versioning.SetETag(response, lead.Version);
                return TypedResults.Ok(lead);
            })
            .WithName("UpdateLead")
            .RequireAuthorization(CrmPolicies.FunnelWrite)
            .WithSummary("Change a lead's details (If-Match or version guards against overwriting someone else's change)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        app.MapGet("/leads/duplicates", async (string? email, string? phone, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new FindLeadDuplicateQuery(email, phone), ct) is { } duplicate ? Results.Ok(duplicate) : Results.NoContent())
            .WithName("FindLeadDuplicate")
            .RequireAuthorization(CrmPolicies.FunnelRead)
            .WithSummary("The open lead with this e-mail or phone (200), or 204 when there is none")
            .Produces<LeadDuplicate>()
            .Produces(StatusCodes.Status204NoContent);
    }
}
