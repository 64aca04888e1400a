using Crm.BuildingBlocks.Identity;
using Crm.BuildingBlocks.Modules;
using Crm.BuildingBlocks.Records;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Branches.Tests.Permissions;

/// <summary>
/// Broken sample for <see cref="PermissionSweep"/>: a module whose owned "gadgets" are registered with the kit like any
/// other kind, whose single read obeys the caller's scope but whose list forgets <c>VisibleTo</c>. The sweep must
/// report the list and nothing else.
/// </summary>
public sealed class ForgetfulModule : IModule
{
    public string Name => "Forgetful";

    public void RegisterServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<GadgetStore>();
        services.AddOwnedRecordKind<Gadget>(Name, "gadgets", "/api/forgetful/gadgets", k => k with { SearchParameter = null, Updatable = false });
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/gadgets", (GadgetInput input, GadgetStore store) =>
        {
            var gadget = new Gadget(Guid.NewGuid(), input.Name, input.OwnerId, input.BranchId);
            store.Gadgets.Add(gadget);
            return Results.Created($"/api/forgetful/gadgets/{gadget.Id}", gadget);
        });

        // Broken: every gadget, whoever asks.
        endpoints.MapGet("/gadgets", (GadgetStore store) => Results.Ok(new { items = store.Gadgets.ToList() }));

        endpoints.MapGet("/gadgets/{id:guid}", async (Guid id, GadgetStore store, IRecordVisibility visibility) =>
        {
            var scope = await visibility.GetScopeAsync();
            return store.Gadgets.SingleOrDefault(g => g.Id == id) is { } gadget && scope.Allows(gadget.OwnerId, gadget.BranchId)
                ? Results.Ok(gadget)
                : Results.NotFound();
        });
    }
}

public sealed record Gadget(Guid Id, string Name, Guid? OwnerId, Guid? BranchId) : IOwnedRecord;

public sealed record GadgetInput(string Name, Guid? OwnerId, Guid? BranchId);

public sealed class GadgetStore
{
    public System.Collections.Concurrent.ConcurrentBag<Gadget> Gadgets { get; } = [];
}
