using Crm.Branches.Domain;
using Crm.Branches.Features.Shared;
using Crm.Branches.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.Features.CreateUnit;

internal sealed record CreateUnitCommand(string? Name, string? Code, Guid? ParentId, Guid? ManagerId, string? TimeZone)
    : IRequest<UnitResponse>, IUnitFields;

internal sealed class CreateUnitValidator : AbstractValidator<CreateUnitCommand>
{
    public CreateUnitValidator() => Include(new UnitFieldsValidator());
}

internal sealed class CreateUnitHandler(BranchesDbContext db, IStaffDirectory staff, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<CreateUnitCommand, UnitResponse>
{
    public async Task<UnitResponse> Handle(CreateUnitCommand command, CancellationToken cancellationToken)
    {
        OrgUnit? parent = null;
        if (command.ParentId is { } parentId)
        {
            parent = await db.Units.FirstOrDefaultAsync(u => u.Id == parentId, cancellationToken)
                     ?? throw new BusinessRuleException($"Unit {parentId} does not exist.", nameof(command.ParentId));
        }
        else if (await db.Units.AnyAsync(u => u.ParentId == null, cancellationToken))
        {
            // One company, one top: every other unit hangs below it, so "everything" is the root's subtree.
            throw new BusinessRuleException("The organisation already has its top unit; choose a parent.", nameof(command.ParentId));
        }

        var code = command.Code!.Trim();
        if (await db.Units.AnyAsync(u => u.Code == code, cancellationToken))
        {
            throw new ConflictException($"Another unit already has the code '{code}'.");
        }

        await People.EnsureStaffAsync(staff, command.ManagerId, nameof(command.ManagerId), cancellationToken);
        var unit = OrgUnit.Create(Guid.NewGuid(), parent, command.Name!.Trim(), code, command.ManagerId, command.TimeZone!.Trim(), user.Id,
            clock.GetUtcNow().UtcDateTime);
        db.Units.Add(unit);
        await db.SaveChangesAsync(cancellationToken);
        return UnitResponse.From(unit);
    }
}

internal static class CreateUnitEndpoint
{
    internal static RouteHandlerBuilder MapCreateUnit(this IEndpointRouteBuilder app) =>
        app.MapPost("/units", async Task<Created<UnitResponse>> (CreateUnitCommand command, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var unit = await mediator.Send(command, cancellationToken);
                return TypedResults.Created($"/api/branches/units/{unit.Id}", unit);
            })
            .WithName("CreateUnit")
            .WithSummary("Add a unit below a parent (the first unit is the top of the organisation)")
            .RequireAuthorization(CrmPolicies.OrganisationManage)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
}
