using Crm.BuildingBlocks.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.BuildingBlocks.CustomFields;

/// <summary>An entity type that takes custom fields, and the module storage that keeps its definitions and values.</summary>
public sealed record CustomFieldEntity(string EntityType, string Module, Type ContextType);

public static class CustomFieldServiceCollectionExtensions
{
    /// <summary>
    /// The one registration line of a module whose records take custom fields, e.g.
    /// <c>services.AddCustomFields&lt;AccountsDbContext&gt;(ModuleName, "account", "contact")</c>. The context stores the
    /// definitions and values in its own database (<see cref="ModuleDbContext.StoresCustomFields"/>), so values commit in
    /// the same transaction as the record; the administration API and page list the entity types (ADR 0121).
    /// </summary>
    public static IServiceCollection AddCustomFields<TContext>(this IServiceCollection services, string module, params string[] entityTypes)
        where TContext : ModuleDbContext
    {
        foreach (var entityType in entityTypes)
        {
            services.AddSingleton(new CustomFieldEntity(entityType, module, typeof(TContext)));
        }

        services.TryAddScoped<CustomFieldValues>();
        services.TryAddScoped<CustomFieldAdministration>();
        return services;
    }
}
