using Crm.Identity.Domain;
using Crm.Identity.Features.Users;
using Crm.Identity.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Identity.Seeding;

/// <summary>
/// At start-up: the demo users (Demo:Seed=true; missing ones only, so it is safe on every start), the first
/// administrator from <c>Identity:Bootstrap</c>, and a clear message when nobody could sign in at all.
/// </summary>
internal sealed class IdentitySeeder(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<IdentitySeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmIdentityDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken) || (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                logger.LogError("The identity database is not migrated, so nobody can sign in. Run `dotnet Crm.Host.dll migrate` (or set Database:MigrateOnStartup=true).");
                return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The identity database cannot be opened, so nobody can sign in.");
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            var created = 0;
            foreach (var person in DemoStaff.All)
            {
                var user = new CrmUser
                {
                    Id = person.Id,
                    UserName = person.UserName,
                    DisplayName = person.DisplayName,
                    Email = person.UserName + "@demo.crm.example",
                    BranchId = person.BranchId,
                    ManagerId = person.ManagerId,
                };
                try
                {
                    created += await UserProvisioning.EnsureAsync(db, users, user, DemoStaff.Password, [person.Role], now, cancellationToken) ? 1 : 0;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Another host of the cluster, starting at the same moment, may have created it first; the failure
                    // then takes many forms (unique key, busy database, an entity it loaded meanwhile), so the test is
                    // whether the user exists now.
                    db.ChangeTracker.Clear();
                    var normalized = users.NormalizeName(person.UserName);
                    if (!await db.Users.AsNoTracking().AnyAsync(u => u.Id == person.Id || u.NormalizedUserName == normalized, cancellationToken))
                    {
                        throw;
                    }

                    logger.LogInformation("Demo user {UserName} was created by another host", person.UserName);
                }
            }

            if (created > 0)
            {
                logger.LogInformation("Seeded {Count} demo users (password {Password}; see README, \"Signing in\")", created, DemoStaff.Password);
            }
        }

        var bootstrapName = configuration["Identity:Bootstrap:UserName"];
        var bootstrapPassword = configuration["Identity:Bootstrap:Password"];
        if (!string.IsNullOrWhiteSpace(bootstrapName) && !string.IsNullOrEmpty(bootstrapPassword))
        {
            var result = await IdentityCommands.CreateAdministratorAsync(scope.ServiceProvider, bootstrapName, bootstrapPassword, null, null, cancellationToken);
            logger.Log(result.Created ? LogLevel.Information : LogLevel.Debug, "Identity:Bootstrap: {Message}", result.Message);
        }

        if (!await db.Users.AnyAsync(u => u.IsActive, cancellationToken))
        {
            logger.LogWarning(
                "No user can sign in yet. Create the first administrator with `dotnet Crm.Host.dll create-admin --user <name> --password <password>` " +
                "(`dotnet run --project src/Crm.Host -- create-admin ...`), or set Identity:Bootstrap:UserName and Identity:Bootstrap:Password " +
                "(e.g. the environment variables Identity__Bootstrap__UserName / Identity__Bootstrap__Password) and restart.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
