using Crm.BuildingBlocks.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Accounts.Demo;

/// <summary>Registers the Accounts demo seeder (Demo:Seed=true only; ADR 0068).</summary>
public sealed class AccountsDemoData : IDemoData
{
    public string Module => AccountsModule.ModuleName;

    public void RegisterServices(IServiceCollection services) => services.AddHostedService<AccountsDemoSeeder>();
}
