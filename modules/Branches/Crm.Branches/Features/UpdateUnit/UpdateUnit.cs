using System.Text.Json.Serialization;
using Crm.Branches.Features.Shared;
using Crm.Branches.Persistence;
using Crm.BuildingBlocks.Application;
using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Records;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Branches.Features.UpdateUnit;

/// <summary>Rename, recode, set the manager or time zone, or move the unit (with everything below it) under another parent.</summary>
internal sealed record UpdateUnitCommand(string? Name, string? Code, Guid? ParentId, Guid? ManagerId, string? TimeZone, long? Version)
    : IRequest<UnitResponse>, IUnitFields
{
    [JsonIgnore]
    public Guid Id { get; init; }
}

internal sealed class UpdateUnitValidator : AbstractValidator<UpdateUnitCommand>
{
    public UpdateUnitValidator()
    {
        Include(new UnitFieldsValidator());
        RuleFor(c => c.Version).NotNull()
            .WithMessage("Send the version you edited, as the If-Match header (the ETag) or a 'version' field, so a concurrent change is not overwritten.");
    }
}

internal sealed class UpdateUnitHandler(BranchesDbContext db, IStaffDirectory staff, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<UpdateUnitCommand, UnitResponse>
{
    public async Task<UnitResponse> Handle(UpdateUnitCommand command, CancellationToken cancellationToken)
    {
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == command.Id, cancellationToken)
                   ?? throw new NotFoundException($"Unit {command.Id} does not exist.");
        Versioning.EnsureCurrent("unit", unit.Version, command.Version);

        var code = command.Code!.Trim();
        if (await db.Units.AnyAsync(u => u.Code == code && u.Id != unit.Id, cancellationToken))
        {
            throw new ConflictException($"Another unit already has the code '{code}'.");
        }

        await People.EnsureStaffAsync(staff, command.ManagerId, nameof(command.ManagerId), cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (command.ParentId != unit.ParentId)
        {
            if (command.ParentId is not { } parentId)
            {
                throw new BusinessRuleException("Only the top unit has no parent; choose a parent.", nameof(command.ParentId));
            }

            var parent = await db.Units.FirstOrDefaultAsync(u => u.Id == parentId, cancellationToken)
                         ?? throw new BusinessRuleException($"Unit {parentId} does not exist.", nameof(command.ParentId));
            if (unit.Contains(parent))
            {
                throw new BusinessRuleException("A unit cannot move below itself or one of its own units.", nameof(command.ParentId));
            }

            var below = await db.Units.Where(u => u.Path.StartsWith(unit.Path) && u.Id != unit.Id).ToListAsync(cancellationToken);
            unit.MoveUnder(parent, below, user.Id, now);
        }

        unit.Update(command.Name!.Trim(), code, command.ManagerId, command.TimeZone!.Trim(), user.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        return UnitResponse.From(unit);
    }
}

internal static class UpdateUnitEndpoint
{
    internal static RouteHandlerBuilder MapUpdateUnit(this IEndpointRouteBuilder app) =>
        app.MapPut("/units/{id:guid}", async Task<Ok<UnitResponse>> (Guid id, UpdateUnitCommand command, IMediator mediator, HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var unit = await mediator.Send(command with { Id = id, Version = Versioning.ExpectedVersion(request, command.Version) }, cancellationToken);
                return Versioning.Ok(response, unit);
            })
            .WithName("UpdateUnit")
            .WithSummary("Change a unit (name, code, manager, time zone, parent); send If-Match with the ETag; 412 when someone else saved first")
            .RequireAuthorization(CrmPolicies.OrganisationManage)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
}
