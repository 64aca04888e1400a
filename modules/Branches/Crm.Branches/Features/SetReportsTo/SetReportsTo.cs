using System.Text.Json.Serialization;
using Crm.Branches.Domain;
using Crm.Branches.Features.Shared;
using Crm.Branches.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.PublicApi;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.Features.SetReportsTo;

/// <summary>Overrides who the person reports to; <see cref="ManagerId"/> null goes back to the unit's manager.</summary>
internal sealed record SetReportsToCommand(Guid? ManagerId) : IRequest<Unit>
{
    [JsonIgnore]
    public Guid PersonId { get; init; }
}

internal sealed class SetReportsToValidator : AbstractValidator<SetReportsToCommand>
{
    public SetReportsToValidator()
    {
        RuleFor(c => c.ManagerId).NotEqual(Guid.Empty).WithMessage("Manager id cannot be the empty id.");
        RuleFor(c => c.ManagerId).Must((c, m) => m != c.PersonId).WithMessage("A person cannot report to themselves.");
    }
}

internal sealed class SetReportsToHandler(BranchesDbContext db, IStaffDirectory staff, IOrganisation organisation, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<SetReportsToCommand, Unit>
{
    public async Task<Unit> Handle(SetReportsToCommand command, CancellationToken cancellationToken)
    {
        if (await staff.FindAsync(command.PersonId, cancellationToken) is null)
        {
            throw new NotFoundException($"No staff member has the id {command.PersonId}.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var line = await db.ReportingLines.FirstOrDefaultAsync(r => r.PersonId == command.PersonId, cancellationToken);
        if (command.ManagerId is not { } managerId)
        {
            if (line is not null)
            {
                db.ReportingLines.Remove(line);
            }
        }
        else
        {
            await People.EnsureStaffAsync(staff, managerId, nameof(command.ManagerId), cancellationToken);
            var chain = await organisation.ManagerChainAsync(managerId, DateOnly.FromDateTime(now), cancellationToken);
            if (chain.Contains(command.PersonId))
            {
                throw new BusinessRuleException("That manager already reports to this person; the line would go round in a circle.", nameof(command.ManagerId));
            }

            if (line is null)
            {
                db.ReportingLines.Add(ReportingLine.Create(command.PersonId, managerId, user.Id, now));
            }
            else
            {
                line.Change(managerId, user.Id, now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

internal static class SetReportsToEndpoint
{
    internal static RouteHandlerBuilder MapSetReportsTo(this IEndpointRouteBuilder app) =>
        app.MapPut("/people/{personId:guid}/reports-to", async Task<NoContent> (Guid personId, SetReportsToCommand command, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(command with { PersonId = personId }, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("SetReportsTo")
            .WithSummary("Set who a person reports to, overriding their unit's manager; managerId null removes the override")
            .RequireAuthorization(CrmPolicies.OrganisationManage)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
}
