using System.Text.Json.Serialization;
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

namespace Crm.Branches.Features.MovePerson;

/// <summary>
/// Makes <see cref="UnitId"/> the person's primary unit from <see cref="From"/> (default: today, UTC). The primary
/// membership running then ends the day before, so history keeps where they were.
/// </summary>
internal sealed record MovePersonCommand(Guid? UnitId, DateOnly? From) : IRequest<IReadOnlyList<MembershipResponse>>
{
    [JsonIgnore]
    public Guid PersonId { get; init; }
}

internal sealed class MovePersonValidator : AbstractValidator<MovePersonCommand>
{
    public MovePersonValidator()
    {
        RuleFor(c => c.UnitId).NotNull().WithMessage("Unit is required.").NotEqual(Guid.Empty).WithMessage("Unit id cannot be the empty id.");
    }
}

internal sealed class MovePersonHandler(BranchesDbContext db, IStaffDirectory staff, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<MovePersonCommand, IReadOnlyList<MembershipResponse>>
{
    public async Task<IReadOnlyList<MembershipResponse>> Handle(MovePersonCommand command, CancellationToken cancellationToken)
    {
        if (await staff.FindAsync(command.PersonId, cancellationToken) is null)
        {
            throw new NotFoundException($"No staff member has the id {command.PersonId}.");
        }

        var unitId = command.UnitId!.Value;
        if (!await db.Units.AnyAsync(u => u.Id == unitId, cancellationToken))
        {
            throw new BusinessRuleException($"Unit {unitId} does not exist.", nameof(command.UnitId));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var from = command.From ?? DateOnly.FromDateTime(now);
        var running = await db.Memberships
            .Where(m => m.PersonId == command.PersonId && m.IsPrimary && (m.To == null || m.To >= from))
            .ToListAsync(cancellationToken);
        if (running.Any(m => m.UnitId == unitId && m.From <= from && m.To is null))
        {
            throw new BusinessRuleException("The person already belongs to this unit.", nameof(command.UnitId));
        }

        foreach (var membership in running)
        {
            membership.EndBefore(from);
        }

        db.Memberships.Add(Membership.Start(command.PersonId, unitId, from, isPrimary: true, user.Id, now));
        await db.SaveChangesAsync(cancellationToken);
        return (await db.Memberships.AsNoTracking().Where(m => m.PersonId == command.PersonId).OrderBy(m => m.From).ToListAsync(cancellationToken))
            .Select(MembershipResponse.Of).ToList();
    }
}

internal static class MovePersonEndpoint
{
    internal static RouteHandlerBuilder MapMovePerson(this IEndpointRouteBuilder app) =>
        app.MapPost("/people/{personId:guid}/unit", async Task<Ok<IReadOnlyList<MembershipResponse>>> (Guid personId, MovePersonCommand command, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(command with { PersonId = personId }, cancellationToken)))
            .WithName("MovePerson")
            .WithSummary("Make a unit the person's primary unit from a date (default today); answers their membership history")
            .RequireAuthorization(CrmPolicies.OrganisationManage)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
}
