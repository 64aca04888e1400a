using System.Reflection;
using Crm.BuildingBlocks.Localization;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.BuildingBlocks.Application;

public static class MediatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers MediatR 5 (the last Apache-licensed line that restores here; docs/adr/0006) with the validation and
    /// logging behaviours, plus the handlers and FluentValidation validators of <paramref name="assembly"/>.
    /// </summary>
    public static IServiceCollection AddModuleMediator(this IServiceCollection services, Assembly assembly)
    {
        ServerText.Register(assembly);
        ValidatorLanguage.Install();
        services.TryAddScoped<ServiceFactory>(sp => sp.GetService!);
        services.TryAddScoped<IMediator, Mediator>();
        if (!services.Any(d => d.ServiceType == typeof(IPipelineBehavior<,>)))
        {
            // Order matters: logging wraps validation, so rejected requests are logged too.
            services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
            services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        }

        services.Scan(scan => scan.FromAssemblies(assembly)
            .AddClasses(c => c.AssignableTo(typeof(IRequestHandler<,>)), publicOnly: false).AsImplementedInterfaces().WithScopedLifetime()
            .AddClasses(c => c.AssignableTo(typeof(INotificationHandler<>)), publicOnly: false).AsImplementedInterfaces().WithScopedLifetime());
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Scoped, includeInternalTypes: true);
        return services;
    }
}
